package main

import (
	"context"
	"io"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

// runWindow opens the coordinator's window on the data folder until it is closed.
func (ap *app) runWindow(ctx context.Context, stderr io.Writer) int {
	fa := fyneapp.NewWithID("ru.otklik.desk")
	w := fa.NewWindow("Отклик")
	w.SetContent(widget.NewLabel("Очередь сообщений пуста"))
	w.Resize(fyne.NewSize(1280, 760))
	go func() {
		<-ctx.Done()
		fyne.Do(func() { fa.Quit() })
	}()
	w.ShowAndRun()
	return exitOK
}

func runDemo(a args, stdout, stderr io.Writer) int {
	io.WriteString(stderr, "otklik demo пока недоступен: запустите otklik --data ПАПКА\n")
	return exitFailed
}
