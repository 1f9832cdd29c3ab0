package main

// Speed budgets of the window over a stored folder of 100,000 cases (DC, REQUIREMENTS «Performance»): the first
// page of the queue in under 500 ms, a filter or search in under 50 ms, a countdown tick in under 5 ms and 1 MiB.
// The folder is set up with the real binary and filled through domain.Desk.Ingest (proofs/fixture), so the cases
// are read back from bbolt as the window reads them. docs/performance.md has the figures and the commands.

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
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

// firstPageSize is the window's first page (ui/view.go firstPageSize): the most urgent cases, read through the
// due index before the whole list.
const firstPageSize = 60

// firstPage is what the window does when the coordinator logs in: the most urgent cases through the due index,
// the model, the «в работе» filter, and the 30 rows on screen with their countdowns.
func firstPage(desk *domain.Desk, now time.Time) (*queue.Model, []string, error) {
	urgent, err := desk.UrgentCases("koordinator", firstPageSize)
	if err != nil {
		return nil, nil, err
	}
	m := queue.New(urgent)
	m.Apply(queue.Filter{Status: queue.Open}, now, desk.Policy().Location)
	var rows []string
	for i := 0; i < 30 && i < m.Len(); i++ {
		e := m.At(i)
		_, kind, left, _ := desk.Remaining(e.Case, now)
		rows = append(rows, fmt.Sprintf("%s %s %s %s", e.Case.ID, e.Excerpt, kind, domain.FormatDuration(left)))
	}
	return m, rows, nil
}

// openStatuses are the states the queue reads unless the coordinator asks for closed cases (ui/view.go).
func openStatuses() []domain.Status {
	var out []domain.Status
	for _, s := range domain.Statuses {
		if s.Open() {
			out = append(out, s)
		}
	}
	return out
}

// wholeList is what follows the first page, and every reload after a sync: every open case read from the store,
// sorted, and the model built with the filter applied.
func wholeList(desk *domain.Desk, now time.Time) (m *queue.Model, read, build time.Duration, err error) {
	start := time.Now()
	cases, err := desk.Cases("koordinator", openStatuses()...)
	if err != nil {
		return nil, 0, 0, err
	}
	read = time.Since(start)
	m = queue.New(cases)
	m.Apply(queue.Filter{Status: queue.Open}, now, desk.Policy().Location)
	return m, read, time.Since(start) - read, nil
}

// DC: with 100,000 cases stored, the queue's first page is on screen in under 500 ms, and each filter or search
// keystroke over the whole list is answered in under 50 ms.
func TestProofQueue100kStored(t *testing.T) {
	f := seededFolder(t)
	best := time.Hour
	var rows []string
	for range 3 { // best of three: the machine is shared; the question is what the code costs
		start := time.Now()
		_, r, err := firstPage(f.Desk, speedNow)
		if err != nil {
			t.Fatal(err)
		}
		best, rows = min(best, time.Since(start)), r
	}
	t.Logf("first page (%d most urgent of %d stored cases, 30 rows): %v", firstPageSize, storedCases, best)
	if len(rows) != 30 {
		t.Fatalf("%d rows on the first page", len(rows))
	}
	if best >= 500*time.Millisecond {
		t.Errorf("first page took %v, budget 500 ms", best)
	}
	whole, read, build := time.Hour, time.Duration(0), time.Duration(0)
	var m *queue.Model
	for range 2 {
		start := time.Now()
		var r, b time.Duration
		var err error
		if m, r, b, err = wholeList(f.Desk, speedNow); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d < whole {
			whole, read, build = d, r, b
		}
	}
	t.Logf("the whole list after it: %v (read and sort %v, model and filter %v)", whole, read, build)
	if m.Total() != storedCases || m.Len() != storedCases {
		t.Fatalf("model of %d cases, %d shown", m.Total(), m.Len())
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
		t.Logf("filter quick=%d status=%q query=%q: %d of %d in %v", flt.Quick, flt.Status, flt.Query, m.Len(), m.Total(), took)
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

// timedDesk is the desk with the moments the view got its data: Fyne's test driver runs fyne.Do on the calling
// goroutine, so the test may not walk the widget tree while the view's goroutines update it; it watches the desk
// instead.
type timedDesk struct {
	*domain.Desk
	loggedIn, firstPage, wholeList atomic.Int64 // UnixNano when the call returned
}

func (d *timedDesk) Login(login, password string) (*domain.Session, error) {
	s, err := d.Desk.Login(login, password)
	d.loggedIn.CompareAndSwap(0, time.Now().UnixNano())
	return s, err
}

func (d *timedDesk) UrgentCases(login string, n int) ([]*domain.Case, error) {
	cs, err := d.Desk.UrgentCases(login, n)
	d.firstPage.CompareAndSwap(0, time.Now().UnixNano())
	return cs, err
}

func (d *timedDesk) Cases(login string, statuses ...domain.Status) ([]*domain.Case, error) {
	cs, err := d.Desk.Cases(login, statuses...)
	if len(cs) == storedCases {
		d.wholeList.CompareAndSwap(0, time.Now().UnixNano())
	}
	return cs, err
}

// DC: in the real view over 100,000 stored cases the first page is read within 500 ms of the login, and the
// one-second countdown tick costs under 5 ms of CPU and allocates under 1 MiB. Measured from outside the ui
// package on the real view (ui.Create, Fyne's test driver): the whole process's CPU time (getrusage) and
// allocations per second while the view ticks are an upper bound of a tick's own cost (the same with the view
// hidden, ticks paused, is logged beside it).
func TestProofCountdownTick(t *testing.T) {
	f := seededFolder(t)
	a := test.NewTempApp(t)
	w := a.NewWindow("Отклик")
	w.Resize(fyne.NewSize(1366, 768))
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	desk := &timedDesk{Desk: f.Desk}
	// The window ticks once a minute; here once a second, so that each measured window holds ticks to measure.
	// Every tick asks for the workers' status: that call counts them.
	var ticks atomic.Int64
	status := func() ui.StatusInfo { ticks.Add(1); return ui.StatusInfo{MailConnected: true} }
	v := ui.Create(a, w, ui.Deps{Desk: desk, Context: ctx, Status: status, TickEvery: time.Second})
	defer v.Stop()
	// Before the login nothing but this test touches the widgets (the ticker waits for a user).
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
	tapped := time.Now().UnixNano()
	test.Tap(submit)
	deadline := time.Now().Add(60 * time.Second)
	for desk.wholeList.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if desk.wholeList.Load() == 0 || desk.firstPage.Load() == 0 {
		t.Fatal("the view never read the first page and the whole list")
	}
	since := func(from, to int64) time.Duration { return time.Duration(to - from) }
	login, first, whole := desk.loggedIn.Load(), desk.firstPage.Load(), desk.wholeList.Load()
	t.Logf("real view, from the tap on «Войти»: logged in after %v (argon2id), the first page read %v later, the whole list of %d %v later",
		since(tapped, login), since(login, first), storedCases, since(login, whole))
	if since(login, first) >= 500*time.Millisecond {
		t.Errorf("the first page came %v after the login, budget 500 ms", since(login, first))
	}
	// The model of the whole list is built after the read; then, with the ticks paused, the tree is quiet enough
	// to look at.
	time.Sleep(3 * time.Second)
	v.SetVisible(false)
	time.Sleep(1500 * time.Millisecond)
	list, _ := find(w.Content(), func(o fyne.CanvasObject) bool { _, ok := o.(*widget.List); return ok }).(*widget.List)
	if list == nil || list.Length() != storedCases {
		t.Fatalf("the queue does not show the %d cases", storedCases)
	}
	if !strings.Contains(w.Title(), "Бирюкова") {
		t.Errorf("window title %q: not logged in", w.Title())
	}
	v.SetVisible(true)
	time.Sleep(2 * time.Second) // the view ticks again
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
	// Shown, the view ticks once a second (TickEvery): the whole process's cost per second is an upper bound of a
	// tick's. Hidden
	// (SetVisible), the ticks stop: what remains is the rest of the process, for comparison. Three rounds of each,
	// interleaved; the cheapest shown round counts (as the timing tests take the best run: a neighbour's load on the
	// shared machine is not the view's cost).
	perSecond := func(d time.Duration, wall time.Duration) time.Duration {
		return time.Duration(float64(d) / wall.Seconds())
	}
	tickCPU, hiddenCPU := time.Hour, time.Hour
	tickAlloc, hiddenAlloc := math.MaxFloat64, math.MaxFloat64
	var gcs uint32
	var shownTicks, hiddenTicks int64
	for range 3 {
		v.SetVisible(false)
		time.Sleep(100 * time.Millisecond) // a tick in flight lands
		t0 := ticks.Load()
		c, al, _, wall := idle(3 * time.Second)
		hiddenTicks += ticks.Load() - t0
		hiddenCPU, hiddenAlloc = min(hiddenCPU, perSecond(c, wall)), min(hiddenAlloc, float64(al)/wall.Seconds())
		v.SetVisible(true)
		t0 = ticks.Load()
		c, al, g, wall := idle(3 * time.Second)
		shownTicks += ticks.Load() - t0
		tickCPU, tickAlloc, gcs = min(tickCPU, perSecond(c, wall)), min(tickAlloc, float64(al)/wall.Seconds()), gcs+g
	}
	// Without ticks in the shown windows the figures below would measure nothing.
	if shownTicks < 6 || hiddenTicks > 0 {
		t.Fatalf("%d ticks in 9 s shown, %d in 9 s hidden: want one a second shown, none hidden", shownTicks, hiddenTicks)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("view over %d cases, shown (%d ticks in 9 s): %v CPU and %.1f KiB allocated per second, %d GCs; hidden (no ticks): %v CPU and %.1f KiB per second; heap in use %.0f MiB",
		storedCases, shownTicks, tickCPU, tickAlloc/1024, gcs, hiddenCPU, hiddenAlloc/1024, float64(ms.HeapInuse)/(1<<20))
	if tickCPU >= 5*time.Millisecond {
		t.Errorf("a second of ticking costs %v of CPU, budget 5 ms per tick", tickCPU)
	}
	if tickAlloc >= 1<<20 {
		t.Errorf("a second of ticking allocates %.0f KiB, budget 1 MiB per tick", tickAlloc/1024)
	}
}
