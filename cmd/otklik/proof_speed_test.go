package main

// Speed budgets of the window over a stored folder of 100,000 cases (DC, REQUIREMENTS «Performance»): the first
// page of the queue in under 500 ms, a filter or search in under 50 ms, a countdown tick in under 5 ms and 1 MiB.
// The folder is set up with the real binary and filled through domain.Desk.Ingest (proofs/fixture), so the cases
// are read back from bbolt as the window reads them. docs/performance.md has the figures and the commands.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
	"otklik/proofs/fixture"
	"otklik/ui"
	"otklik/ui/queue"
)

const storedCases = 100_000

// speedNow is "now" for the seeded folder: an hour after the last of the 100,000 receipts (every 9 minutes from
// 2025-01-09 09:00).
var speedNow = time.Date(2025, 1, 9, 9, 0, 0, 0, proofTomsk).Add((storedCases-1)*9*time.Minute + time.Hour)

var (
	seededOnce   sync.Once
	seeded       *fixture.Folder
	seededErr    error
	seededFigure string
)

// seededFolder is a data folder set up by `otklik setup` and filled with 100,000 open cases, made once per test
// process (about 15 s) and shared by the speed proofs.
func seededFolder(t *testing.T) *fixture.Folder {
	t.Helper()
	seededOnce.Do(func() {
		dir, err := os.MkdirTemp(filepath.Dir(bin), "proof-100k-") // removed with the binary by TestMain
		if err != nil {
			seededErr = err
			return
		}
		out, err := exec.Command(bin, "setup", "--config", filepath.Join("..", "..", "proofs", "idle-settings.toml"), "--data", dir).CombinedOutput()
		if err != nil {
			seededErr = fmt.Errorf("setup: %v %s", err, out)
			return
		}
		f, err := fixture.Open(dir, func() time.Time { return speedNow })
		if err != nil {
			seededErr = err
			return
		}
		start := time.Now()
		if err := f.Seed(fixture.SeedOptions{N: storedCases}, nil); err != nil {
			seededErr = err
			return
		}
		st, _ := f.DB.Stats()
		seededFigure = fmt.Sprintf("seeded %d cases through Desk.Ingest in %v (batches of 1000); the file is %.0f MiB",
			storedCases, time.Since(start).Round(100*time.Millisecond), float64(st.FileBytes)/(1<<20))
		seeded = f
	})
	if seededErr != nil {
		t.Fatal(seededErr)
	}
	t.Log(seededFigure)
	return seeded
}

// firstPage is what the window does when the coordinator logs in or a sync ends: read every case from the
// store, sort, build the model, apply the filter and fill the rows on screen (about 30) with their countdowns.
func firstPage(desk *domain.Desk, now time.Time) (m *queue.Model, rows []string, read, build time.Duration, err error) {
	start := time.Now()
	cases, err := desk.Cases("koordinator")
	if err != nil {
		return nil, nil, 0, 0, err
	}
	read = time.Since(start)
	m = queue.New(cases)
	m.Apply(queue.Filter{Status: queue.Open}, now, desk.Policy().Location)
	for i := 0; i < 30 && i < m.Len(); i++ {
		e := m.At(i)
		_, kind, left, _ := desk.Remaining(e.Case, now)
		rows = append(rows, fmt.Sprintf("%s %s %s %s", e.Case.ID, e.Excerpt, kind, domain.FormatDuration(left)))
	}
	return m, rows, read, time.Since(start) - read, nil
}

// DC: with 100,000 cases stored, the queue's first page is on screen in under 500 ms, and each filter or search
// keystroke is answered in under 50 ms.
func TestProofQueue100kStored(t *testing.T) {
	f := seededFolder(t)
	best, bestRead, bestBuild := time.Hour, time.Duration(0), time.Duration(0)
	var m *queue.Model
	var rows []string
	for range 3 { // best of three: the machine is shared; the question is what the code costs
		var read, build time.Duration
		var err error
		start := time.Now()
		m, rows, read, build, err = firstPage(f.Desk, speedNow)
		if err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d < best {
			best, bestRead, bestBuild = d, read, build
		}
	}
	t.Logf("first page over %d stored cases: %v (read and sort %v, model, filter and 30 rows %v)", m.Total(), best, bestRead, bestBuild)
	if m.Total() != storedCases || m.Len() != storedCases || len(rows) != 30 {
		t.Fatalf("model of %d cases, %d shown, %d rows", m.Total(), m.Len(), len(rows))
	}
	if best >= 500*time.Millisecond {
		t.Errorf("first page took %v, budget 500 ms", best)
	}
	loc := f.Desk.Policy().Location
	for _, flt := range []queue.Filter{
		{Status: queue.Open, Query: "октябрьской колонке"},
		{Query: "80099999"},
		{Query: "отк-2025"},
		{Quick: queue.Overdue, Status: queue.Open},
		{Quick: queue.Significant, Query: "холодно"},
	} {
		took := time.Hour
		for range 5 {
			start := time.Now()
			m.Apply(flt, speedNow, loc)
			took = min(took, time.Since(start))
		}
		t.Logf("filter %+v: %d of %d in %v", flt, m.Len(), m.Total(), took)
		if took >= 50*time.Millisecond {
			t.Errorf("filter %+v took %v, budget 50 ms", flt, took)
		}
		if m.Len() == 0 {
			t.Errorf("filter %+v found nothing: the search was not exercised", flt)
		}
	}
}

// cpuTime is the process's user + system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// find returns the first object of the window's tree that match accepts.
func find(o fyne.CanvasObject, match func(fyne.CanvasObject) bool) fyne.CanvasObject {
	if match(o) {
		return o
	}
	var kids []fyne.CanvasObject
	switch w := o.(type) {
	case *fyne.Container:
		kids = w.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(w).Objects()
	}
	for _, k := range kids {
		if f := find(k, match); f != nil {
			return f
		}
	}
	return nil
}

// DC: the one-second countdown tick of a window showing 100,000 cases costs under 5 ms of CPU and allocates
// under 1 MiB. Measured from outside the ui package on the real view (ui.Create, Fyne's test driver): the whole
// process's CPU time (getrusage) and allocations per second while the view ticks: an upper bound of a tick's own
// cost (the same with the view hidden, ticks paused, is logged beside it).
func TestProofCountdownTick(t *testing.T) {
	f := seededFolder(t)
	a := test.NewTempApp(t)
	w := a.NewWindow("Отклик")
	w.Resize(fyne.NewSize(1366, 768))
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	v := ui.Create(a, w, ui.Deps{Desk: f.Desk, Context: ctx})
	defer v.Stop()
	entries := []*widget.Entry{}
	find(w.Content(), func(o fyne.CanvasObject) bool {
		if e, ok := o.(*widget.Entry); ok {
			entries = append(entries, e)
		}
		return false
	})
	submit, _ := find(w.Content(), func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		return ok && b.Text == "Войти"
	}).(*widget.Button)
	if len(entries) < 2 || submit == nil {
		t.Fatalf("login screen: %d entries, button %v", len(entries), submit != nil)
	}
	test.Type(entries[0], "koordinator")
	test.Type(entries[1], "Kozh-2026-ab!Coord")
	test.Tap(submit)
	var list *widget.List
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		var content fyne.CanvasObject
		fyne.DoAndWait(func() { content = w.Content() })
		if l, ok := find(content, func(o fyne.CanvasObject) bool { _, ok := o.(*widget.List); return ok }).(*widget.List); ok && l.Length() == storedCases {
			list = l
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if list == nil {
		t.Fatal("the queue never showed the 100,000 cases")
	}
	time.Sleep(2 * time.Second) // let the load settle
	// idle measures the whole process over a few seconds: CPU time and bytes allocated.
	idle := func(d time.Duration) (cpu time.Duration, alloc uint64, gcs uint32, wall time.Duration) {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		cpu0, wall0 := cpuTime(), time.Now()
		time.Sleep(d)
		cpu, wall = cpuTime()-cpu0, time.Since(wall0)
		runtime.ReadMemStats(&after)
		return cpu, after.TotalAlloc - before.TotalAlloc, after.NumGC - before.NumGC, wall
	}
	// Shown, the view ticks once a second: the whole process's cost per second is an upper bound of a tick's. Hidden
	// (SetVisible), the ticks stop: what remains is the rest of the process, for comparison. Two rounds of each,
	// interleaved, so that leftover work of the load falls on both sides.
	var shownCPU, hiddenCPU, shownWall, hiddenWall time.Duration
	var shownAlloc, hiddenAlloc uint64
	var gcs uint32
	for range 2 {
		v.SetVisible(false)
		c, a, _, w := idle(4 * time.Second)
		hiddenCPU, hiddenAlloc, hiddenWall = hiddenCPU+c, hiddenAlloc+a, hiddenWall+w
		v.SetVisible(true)
		c, a, g, w := idle(4 * time.Second)
		shownCPU, shownAlloc, shownWall, gcs = shownCPU+c, shownAlloc+a, shownWall+w, gcs+g
	}
	ticks := shownWall.Seconds()
	perSecond := func(d time.Duration, wall time.Duration) time.Duration {
		return time.Duration(float64(d) / wall.Seconds())
	}
	tickCPU := perSecond(shownCPU, shownWall)
	tickAlloc := float64(shownAlloc) / ticks
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("view over %d cases, shown (ticking): %v CPU and %.1f KiB allocated per second, %d GCs; hidden (no ticks): %v CPU and %.1f KiB per second; heap in use %.0f MiB",
		storedCases, tickCPU, tickAlloc/1024, gcs, perSecond(hiddenCPU, hiddenWall),
		float64(hiddenAlloc)/hiddenWall.Seconds()/1024, float64(ms.HeapInuse)/(1<<20))
	if tickCPU >= 5*time.Millisecond {
		t.Errorf("a second of ticking costs %v of CPU, budget 5 ms per tick", tickCPU)
	}
	if tickAlloc >= 1<<20 {
		t.Errorf("a second of ticking allocates %.0f KiB, budget 1 MiB per tick", tickAlloc/1024)
	}
	if !strings.Contains(w.Title(), "Бирюкова") {
		t.Errorf("window title %q: not logged in", w.Title())
	}
}
