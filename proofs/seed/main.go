// Command seed fills a data folder with synthetic cases through domain.Desk.Ingest (package otklik/proofs/fixture),
// for the idle-CPU and memory measurements of proofs/idle-cpu.sh. The folder must have been set up first:
//
//	otklik setup --config settings.toml --data DIR
//	go run ./proofs/seed -data DIR -n 100000 [-closed]
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"otklik/proofs/fixture"
)

func main() {
	dir := flag.String("data", "", "the data folder (set up with otklik setup)")
	n := flag.Int("n", 100_000, "how many notices (cases) to ingest")
	batch := flag.Int("batch", 1000, "notices per transaction")
	closed := flag.Bool("closed", false, "close every case after ingest (answered or rejected)")
	flag.Parse()
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "seed: -data DIR is required")
		os.Exit(2)
	}
	f, err := fixture.Open(*dir, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "seed:", err)
		os.Exit(1)
	}
	defer f.Close()
	start := time.Now()
	err = f.Seed(fixture.SeedOptions{N: *n, Batch: *batch, Closed: *closed}, func(done int) {
		if done%10_000 == 0 || done == *n {
			fmt.Fprintf(os.Stderr, "seed: %d of %d cases (%v)\n", done, *n, time.Since(start).Round(time.Second))
		}
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "seed:", err)
		os.Exit(1)
	}
	st, err := f.DB.Stats()
	if err == nil {
		fmt.Printf("seeded %d cases in %v; the database file is %.1f MiB\n", *n, time.Since(start).Round(time.Millisecond),
			float64(st.FileBytes)/(1<<20))
	}
}
