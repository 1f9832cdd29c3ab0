//go:build race

package queue

// raceSlowdown widens time budgets under the race detector, which instruments every memory access of Go code
// (the Go documentation gives 2–20× CPU); the budget itself is set for the shipped build.
const raceSlowdown = 5
