package main

// Helpers shared by the proof tests (proof_*_test.go): generated Department notices and executor replies, the
// outcome of a killed process, and a read of the data folder's store once no process holds it.

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"otklik/domain"
	"otklik/mailbridge/loopback"
	"otklik/storage"
)

// proofLong is set by `make proofs`: the long forms (hundreds of kills) run instead of the short ones.
var proofLong = os.Getenv("OTKLIK_PROOF_LONG") == "1"

// proofNotice is a Department notice with its own incident number and Message-ID, in the samples' plain
// «Метка: значение» layout. No link: the proofs count cases, not repeat suggestions.
func proofNotice(number int, detected time.Time) []byte {
	villages := []string{"Кожевниково", "Уртам", "Вороново", "Новопокровка", "Чилино"}
	village := villages[number%len(villages)]
	var b bytes.Buffer
	b.WriteString("From: =?utf-8?b?" + proofB64("Ветрова Анна") + "?= <a.vetrova@dip.tomsk.example>\r\n")
	b.WriteString("To: koordinator@example.ru\r\n")
	fmt.Fprintf(&b, "Subject: =?utf-8?b?%s?=\r\n", proofB64(fmt.Sprintf("Сообщение из открытых источников № %d — %s", number, village)))
	fmt.Fprintf(&b, "Date: %s\r\n", detected.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <proof-%d@dip.tomsk.example>\r\n", number)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	body := fmt.Sprintf(`Уважаемые коллеги!

Направляем для отработки сообщение из открытых источников.

Номер инцидента: %d
Дата и время выявления: %s
Социальная сеть: ВКонтакте
Источник: сообщество «Подслушано %s»
Автор: Житель села
Категория: Дороги / содержание в зимний период
Территория: Кожевниковский район, с. %s

Текст сообщения:
Когда уже почистят нашу улицу? Неделю ждём грейдер, машины садятся на брюхо.

--
С уважением,
Ветрова Анна Сергеевна
`, number, detected.In(proofTomsk).Format("02.01.2006 15:04"), village, village)
	b.WriteString(strings.ReplaceAll(body, "\n", "\r\n"))
	return b.Bytes()
}

// proofReply is an executor's answer in the thread of our task e-mail (In-Reply-To its Message-ID).
func proofReply(taskMessageID, from string, n int, at time.Time) []byte {
	id := "<" + strings.Trim(taskMessageID, "<> ") + ">"
	return []byte(fmt.Sprintf("From: %s\r\nTo: koordinator@example.ru\r\nSubject: Re: поручение\r\n"+
		"Message-ID: <proof-reply-%d@example.ru>\r\nIn-Reply-To: %s\r\nReferences: %s\r\nDate: %s\r\n"+
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nПроект ответа № %d: дорогу почистят завтра.\r\n",
		from, n, id, id, at.Format(time.RFC1123Z), n))
}

func proofB64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

var proofTomsk = func() *time.Location {
	l, err := time.LoadLocation("Asia/Tomsk")
	if err != nil {
		panic(err)
	}
	return l
}()

// proofKilled reports whether a finished command died of SIGKILL (what a crash point does).
func proofKilled(err error) bool {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// proofMessageID is the Message-ID of a received e-mail, without angle brackets.
func proofMessageID(e loopback.Envelope) string {
	return strings.Trim(headerValue(string(e.Data), "Message-Id"), "<> ")
}

// proofReceivedByID counts the e-mails the loopback SMTP server accepted, by Message-ID.
func proofReceivedByID(sm *loopback.SMTP) map[string]int {
	out := map[string]int{}
	for _, e := range sm.Received() {
		out[proofMessageID(e)]++
	}
	return out
}

// proofFolderState is what the store of a data folder holds, read directly once no otklik process owns it.
type proofFolderState struct {
	cases     []*domain.Case
	outbox    []domain.OutboxItem
	triage    []domain.TriageItem
	byNumber  map[string]int // incident number → how many cases carry it
	incidents map[string]*domain.Case
}

func proofReadFolder(t *testing.T, dir string) proofFolderState {
	t.Helper()
	db, err := storage.Open(dir, 2*time.Second)
	if err != nil {
		t.Fatalf("open the store of %s: %v", dir, err)
	}
	defer db.Close()
	st := proofFolderState{byNumber: map[string]int{}, incidents: map[string]*domain.Case{}}
	err = db.View(func(tx domain.Tx) error {
		if err := tx.Cases(func(c *domain.Case) error {
			st.cases = append(st.cases, c)
			for _, n := range c.IncidentIDs {
				st.byNumber[n]++
				st.incidents[n] = c
			}
			return nil
		}); err != nil {
			return err
		}
		if err := tx.OutboxItems(func(o *domain.OutboxItem) error { st.outbox = append(st.outbox, *o); return nil }); err != nil {
			return err
		}
		return tx.TriageItems(func(it *domain.TriageItem) error { st.triage = append(st.triage, *it); return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// proofCheckOutbox is the sending invariant after a crash and a clean restart: every e-mail of the outbox
// reached the server exactly once, or is shown as "may have been sent" (uncertain) and reached it at most once.
// Nothing is left in flight, queued or failed. It returns how many e-mails are uncertain and how many of those the
// server did receive.
func proofCheckOutbox(t *testing.T, st proofFolderState, got map[string]int, label string) (uncertain, uncertainReceived int) {
	t.Helper()
	for _, o := range st.outbox {
		n := got[o.MessageID]
		switch o.State {
		case domain.OutSent:
			if n != 1 {
				t.Errorf("%s: e-mail %s (%s) is sent but the server received it %d times", label, o.ID, o.Kind, n)
			}
		case domain.OutUncertain:
			uncertain++
			if n > 1 {
				t.Errorf("%s: uncertain e-mail %s (%s) was received %d times", label, o.ID, o.Kind, n)
			}
			if n == 1 {
				uncertainReceived++
			}
		default:
			t.Errorf("%s: e-mail %s (%s) is %s after a clean round (received %d times): %s", label, o.ID, o.Kind, o.State, n, o.LastError)
		}
	}
	return uncertain, uncertainReceived
}

// proofCheck runs `otklik check` (database pages and the audit hash chain) and fails unless it exits 0.
func proofCheck(t *testing.T, dir, label string) {
	t.Helper()
	if r := otklik(t, nil, "check", "--data", dir); r.code != 0 {
		t.Errorf("%s: check exits %d: %s %s", label, r.code, r.stdout, r.stderr)
	}
}
