package demo

import (
	"context"
	"net/smtp"
	"strings"
	"testing"
	"time"
)

// The demo's world delivers notices and answers tasks the way the issue asks: drafts with a photo, a bounce and an
// out-of-office reply — all through the real loopback servers.
func TestWorld(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w, err := Start(ctx, Options{NoticeEvery: 10 * time.Millisecond, ReplyAfter: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		msgs, _ := w.IMAP.Messages("INBOX")
		if len(msgs) == 11 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d notices delivered, want 11", len(msgs))
		}
		time.Sleep(20 * time.Millisecond)
	}
	send := func(to, subject string) {
		msg := "From: " + Mailbox + "\r\nTo: " + to + "\r\nSubject: " + encodeWord(subject) + "\r\nMessage-ID: <task-" + to + "@x>\r\n\r\nтекст\r\n"
		auth := smtp.PlainAuth("", SMTPUser, SMTPPass, "127.0.0.1")
		if err := smtp.SendMail(w.SMTP.Addr, auth, Mailbox, []string{to}, []byte(msg)); err != nil {
			t.Fatal(err)
		}
	}
	send("zhkh@kozhevnikovo.example", "[ОТК-2026-0001] Поручение: сообщение")
	send("transport@old-domain.example", "[ОТК-2026-0002] Поручение: сообщение")
	send("edu@kozhevnikovo.example", "[ОТК-2026-0003] Поручение: сообщение")
	send("glava@kozhevnikovo.example", "Доклад Главе района")
	deadline = time.Now().Add(10 * time.Second)
	for {
		msgs, _ := w.IMAP.Messages("INBOX")
		if len(msgs) == 14 {
			var all string
			for _, m := range msgs[11:] {
				all += string(m.Raw) + "\n===\n"
			}
			for _, want := range []string{"In-Reply-To: <task-zhkh@kozhevnikovo.example@x>", "image/png", "multipart/report",
				"Message-ID: <task-transport@old-domain.example@x>", "Auto-Submitted: auto-replied"} {
				if !strings.Contains(all, want) {
					t.Errorf("replies lack %q", want)
				}
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d messages, want 14 (11 notices + draft, bounce, auto-reply)", len(msgs))
		}
		time.Sleep(20 * time.Millisecond)
	}
	if log := strings.Join(w.Log(), "\n"); !strings.Contains(log, "glava@kozhevnikovo.example") {
		t.Errorf("the sent-mail log misses the report to the Head:\n%s", log)
	}
}
