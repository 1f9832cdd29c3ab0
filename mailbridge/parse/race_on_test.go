//go:build race

package parse

// raceScale widens time budgets under the race detector, which slows this code several times over; the budgets
// themselves are proven by the ordinary build (make proofs runs it).
const raceScale = 5
