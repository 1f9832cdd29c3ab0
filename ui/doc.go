// Package ui owns the coordinator's window: the login screen, the queue of messages with live countdowns, the
// case panel (message, executors, answer, history), the dialogs that send mail, and the status bar.
//
// It talks to the service only through the small Desk interface declared here (the real *domain.Desk satisfies
// it) and never imports mail libraries, bbolt or otklik/storage. Workers never touch widgets: slow calls run in a
// goroutine and report back through View.onUI (fyne.Do); one ticker refreshes only the countdowns of the rows on
// screen.
// Visible words are Russian by default and go through lang.L (translations/ru.json, translations/en.json).
package ui
