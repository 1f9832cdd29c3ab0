// Command barewindow is the yardstick of proofs/idle-cpu.sh: a Fyne window of the same size as Otklik's showing a
// static list and nothing else (no ticker, no workers, no data), so that what the real window costs beyond it is
// Otklik's own.
package main

import (
	"flag"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

func main() {
	// -entry adds a focused text entry above the list: its blinking cursor repaints the window twice a second, which
	// tells the cost of a repaint apart from the cost of Otklik's own work.
	entry := flag.Bool("entry", false, "add a focused text entry (a blinking cursor)")
	flag.Parse()
	a := app.NewWithID("ru.kozhevnikovo.otklik.barewindow")
	w := a.NewWindow("Bare Fyne window")
	rows := make([]string, 1000)
	for i := range rows {
		rows[i] = fmt.Sprintf("ОТК-2026-%04d  ВК  Кожевниково  Когда почистят дорогу на улице Октябрьской?", i+1)
	}
	list := widget.NewList(
		func() int { return len(rows) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(rows[id]) },
	)
	if *entry {
		e := widget.NewEntry()
		w.SetContent(container.NewBorder(e, nil, nil, nil, list))
		w.Canvas().Focus(e)
	} else {
		w.SetContent(list)
	}
	w.Resize(fyne.NewSize(1366, 768))
	w.ShowAndRun()
}
