//go:build race

package screening

// raceSlowdown: the race detector makes Check several times slower; the speed test allows for it.
const raceSlowdown = 10
