//go:build !race

package queue

// raceSlowdown is 1 in an ordinary build: the budgets hold as written.
const raceSlowdown = 1
