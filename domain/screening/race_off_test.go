//go:build !race

package screening

// raceSlowdown: without the race detector the speed test holds Check to its plain bound.
const raceSlowdown = 1
