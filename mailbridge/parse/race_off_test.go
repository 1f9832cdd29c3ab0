//go:build !race

package parse

const raceScale = 1
