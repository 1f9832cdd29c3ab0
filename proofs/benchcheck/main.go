// Command benchcheck reads `go test -bench` output and holds the figures to the speed budgets of
// docs/performance.md. It prints one line per budget and exits 1 when one is broken:
//
//	go test -run '^$' -bench . -count 3 ./mailbridge/ ./domain/worktime/ | go run ./proofs/benchcheck
//
// Budgets: deadline arithmetic ≥ 1,000,000 deadlines/s (BenchmarkDeadlines); sending 1,000 e-mails within 2× of
// go-mail's DialAndSend loop (BenchmarkSendBatch1000 against BenchmarkDialAndSendLoop1000); the intake of 10,000
// notices within 3× of the raw fetch of the same mailbox (BenchmarkIntake10k against BenchmarkRawFetch10k), its
// peak heap within 64 MiB plus the largest message (3 KB in that mailbox). Each figure is the median of the runs
// (-count).
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// result holds every value of every unit a benchmark reported, per run.
type result map[string][]float64

var nameRE = regexp.MustCompile(`^(Benchmark[^\s-]+)(-\d+)?$`)

func parse(r io.Reader, out map[string]result) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 {
			continue
		}
		m := nameRE.FindStringSubmatch(f[0])
		if m == nil {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue
		}
		res := out[m[1]]
		if res == nil {
			res = result{}
			out[m[1]] = res
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				break
			}
			res[f[i+1]] = append(res[f[i+1]], v)
		}
	}
	return sc.Err()
}

func median(vs []float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	s := append([]float64(nil), vs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func main() {
	all := map[string]result{}
	if len(os.Args) > 1 {
		for _, name := range os.Args[1:] {
			f, err := os.Open(name)
			if err != nil {
				fmt.Fprintln(os.Stderr, "benchcheck:", err)
				os.Exit(2)
			}
			err = parse(f, all)
			f.Close()
			if err != nil {
				fmt.Fprintln(os.Stderr, "benchcheck:", err)
				os.Exit(2)
			}
		}
	} else if err := parse(os.Stdin, all); err != nil {
		fmt.Fprintln(os.Stderr, "benchcheck:", err)
		os.Exit(2)
	}
	get := func(bench, unit string) (float64, bool) {
		r, ok := all[bench]
		if !ok || len(r[unit]) == 0 {
			return 0, false
		}
		return median(r[unit]), true
	}
	failed, checked := false, 0
	verdict := func(ok bool) string {
		if ok {
			return "ok"
		}
		failed = true
		return "OVER BUDGET"
	}
	if d, ok := get("BenchmarkDeadlines", "deadlines/s"); ok {
		checked++
		fmt.Printf("deadline arithmetic: %.0f deadlines/s (%.0f ns each), budget ≥ 1,000,000/s: %s\n", d, 1e9/d, verdict(d >= 1e6))
	}
	batch, ok1 := get("BenchmarkSendBatch1000", "ns/op")
	loop, ok2 := get("BenchmarkDialAndSendLoop1000", "ns/op")
	if ok1 && ok2 {
		checked++
		fmt.Printf("sending 1,000 e-mails: SendBatch %.0f ms, go-mail DialAndSend loop %.0f ms, ratio %.2f, budget ≤ 2: %s\n",
			batch/1e6, loop/1e6, batch/loop, verdict(batch <= 2*loop))
	}
	intake, ok1 := get("BenchmarkIntake10k", "ns/op")
	raw, ok2 := get("BenchmarkRawFetch10k", "ns/op")
	if ok1 && ok2 {
		checked++
		rate, _ := get("BenchmarkIntake10k", "msg/s")
		fmt.Printf("intake of 10,000 notices: %.2f s (%.0f msg/s); raw fetch %.2f s; intake/raw %.1f×, budget ≤ 3: %s\n",
			intake/1e9, rate, raw/1e9, intake/raw, verdict(intake <= 3*raw))
	}
	if peak, ok := get("BenchmarkIntake10k", "peak-heap-MiB"); ok {
		checked++
		fmt.Printf("intake's peak heap: %.1f MiB, budget ≤ 64 MiB + the largest message: %s\n", peak, verdict(peak <= 64.01))
	}
	if checked == 0 {
		fmt.Fprintln(os.Stderr, "benchcheck: no budgeted benchmark in the input")
		os.Exit(2)
	}
	if failed {
		os.Exit(1)
	}
}
