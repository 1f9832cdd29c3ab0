// Package domain holds Otklik's entities, the regulation's rules and the service (Desk) whose methods are the
// use cases the window and the CLI call.
//
// It imports the standard library and its own sub-packages only: no Fyne, no bbolt, no IMAP or SMTP types. Time
// comes from a Clock passed in, storage from the Store port, password hashing from the Hasher port. Every use case
// checks the actor's rights and the case state, then changes state, appends audit events and queues outgoing
// mail in one storage transaction.
package domain
