package ui

import (
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"otklik/domain"
	"otklik/ui/queue"
)

// narrowing is the second row of the queue's filters: network, settlement, executor, repeats. Its choices come
// from the cases loaded, so only values that occur are offered.
type narrowing struct {
	v                       *View
	network, place, execSel *widget.Select
	repeats                 *widget.Check
	execByName              map[string]string // shown name → login
	netByName               map[string]string // shown name → code
	content                 fyne.CanvasObject
}

func newNarrowing(v *View) *narrowing {
	n := &narrowing{v: v, execByName: map[string]string{}, netByName: map[string]string{}}
	n.network = widget.NewSelect(nil, func(s string) { v.filter.Network = n.netByName[s]; v.applyFilter() })
	n.place = widget.NewSelect(nil, func(s string) {
		v.filter.Settlement = s
		if s == lang.L("все населённые пункты") {
			v.filter.Settlement = ""
		}
		v.applyFilter()
	})
	n.execSel = widget.NewSelect(nil, func(s string) { v.filter.Executor = n.execByName[s]; v.applyFilter() })
	n.repeats = widget.NewCheck(lang.L("повторные"), func(on bool) { v.filter.Repeats = on; v.applyFilter() })
	n.content = container.NewHBox(n.network, n.place, n.execSel, n.repeats)
	n.update(queue.New(nil))
	return n
}

// update offers the values of the loaded model, keeping the current choice when it still occurs.
func (n *narrowing) update(m *queue.Model) {
	networks, places, execs := m.Choices()
	all := lang.L("все соцсети")
	n.netByName = map[string]string{all: ""}
	opts := []string{all}
	for _, code := range networks {
		name := domain.NetworkNames[code]
		if name == "" {
			name = code
		}
		n.netByName[name] = code
		opts = append(opts, name)
	}
	n.network.Options = opts
	n.place.Options = append([]string{lang.L("все населённые пункты")}, places...)
	n.execByName = map[string]string{lang.L("все исполнители"): ""}
	names := []string{}
	for login, name := range execs {
		if name == "" {
			name = login
		}
		n.execByName[name] = login
		names = append(names, name)
	}
	sort.Strings(names)
	n.execSel.Options = append([]string{lang.L("все исполнители")}, names...)
	for _, s := range []*widget.Select{n.network, n.place, n.execSel} {
		if s.Selected == "" {
			s.Selected = s.Options[0]
		}
		s.Refresh()
	}
}
