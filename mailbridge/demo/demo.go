// Package demo is the world `otklik demo` runs in: the built-in loopback IMAP and SMTP servers (the same code the
// tests use), a simulated Department that delivers realistic notices over the first minutes, and simulated
// executors who answer their tasks by e-mail — one address bounces, one is on leave and answers with an
// out-of-office reply. It speaks mail, so it lives in mailbridge; it never touches storage or the window.
package demo

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime"
	"net/mail"
	"sort"
	"strings"
	"sync"
	"time"

	"otklik/mailbridge/loopback"
)

//go:embed notices/*.eml
var noticeFS embed.FS

// Mailbox credentials of the demo coordinator (loopback only).
const (
	Mailbox     = "koordinator@kozhevnikovo.example"
	MailboxPass = "demo-imap-2026"
	SMTPUser    = "koordinator@kozhevnikovo.example"
	SMTPPass    = "demo-smtp-2026"
)

// Executor is a simulated official.
type Executor struct {
	Login, Name, Position, Unit, Email string
	Settlements, Categories            []string
	Behaviour                          string // answers | bounces | away
}

// Executors are the demo's directory.
var Executors = []Executor{
	{Login: "zam-zhkh", Name: "Иванов Пётр Сергеевич", Position: "Заместитель Главы района по ЖКХ", Unit: "Отдел ЖКХ, строительства и транспорта",
		Email: "zhkh@kozhevnikovo.example", Settlements: []string{"Кожевниково", "Уртам"}, Categories: []string{"Дороги", "ЖКХ"}, Behaviour: "answers"},
	{Login: "glava-urtam", Name: "Петрова Анна Викторовна", Position: "Глава Уртамского сельского поселения", Unit: "Уртамское сельское поселение",
		Email: "urtam@kozhevnikovo.example", Settlements: []string{"Уртам"}, Categories: []string{"ЖКХ / водоснабжение"}, Behaviour: "answers"},
	{Login: "obrazovanie", Name: "Сидоров Олег Николаевич", Position: "Начальник управления образования", Unit: "Управление образования",
		Email: "edu@kozhevnikovo.example", Categories: []string{"Образование / теплоснабжение"}, Behaviour: "away"},
	{Login: "transport", Name: "Кузнецов Игорь Павлович", Position: "Начальник отдела транспорта", Unit: "Отдел ЖКХ, строительства и транспорта",
		Email: "transport@old-domain.example", Categories: []string{"Транспорт"}, Behaviour: "bounces"},
	{Login: "energo", Name: "Морозова Светлана Юрьевна", Position: "Главный специалист по энергетике", Unit: "Отдел ЖКХ, строительства и транспорта",
		Email: "energo@kozhevnikovo.example", Settlements: []string{"Чилино", "Новопокровка"}, Categories: []string{"Энергоснабжение", "Уличное освещение"}, Behaviour: "answers"},
}

// Options tune the pace of the simulation.
type Options struct {
	// NoticeEvery is the pause between notices after the first three; ReplyAfter is how long an executor takes.
	NoticeEvery, ReplyAfter time.Duration
	Logf                    func(format string, args ...any)
	// Now is the clock of receipt times (INTERNALDATE); the app's own clock, so a test clock moves both.
	Now func() time.Time
}

// World is the running simulation.
type World struct {
	IMAP *loopback.IMAP
	SMTP *loopback.SMTP
	opt  Options

	mu  sync.Mutex
	log []string
}

// Start brings up the servers and the simulated people; they stop with ctx.
func Start(ctx context.Context, opt Options) (*World, error) {
	if opt.NoticeEvery == 0 {
		opt.NoticeEvery = 40 * time.Second
	}
	if opt.ReplyAfter == 0 {
		opt.ReplyAfter = 30 * time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logf == nil {
		opt.Logf = func(string, ...any) {}
	}
	im, err := loopback.StartIMAP(Mailbox, MailboxPass, loopback.IMAPOptions{})
	if err != nil {
		return nil, err
	}
	sm, err := loopback.StartSMTP(loopback.SMTPOptions{Username: SMTPUser, Password: SMTPPass})
	if err != nil {
		im.Close()
		return nil, err
	}
	w := &World{IMAP: im, SMTP: sm, opt: opt}
	sm.OnMessage(func(env loopback.Envelope) { go w.onSent(ctx, env) })
	go w.department(ctx)
	go func() {
		<-ctx.Done()
		sm.Close()
		im.Close()
	}()
	return w, nil
}

// Log is what happened in the simulated world, newest last: the demo's "sent mail" view.
func (w *World) Log() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.log...)
}

func (w *World) note(format string, args ...any) {
	line := w.opt.Now().Format("15:04:05") + " " + fmt.Sprintf(format, args...)
	w.mu.Lock()
	w.log = append(w.log, line)
	w.mu.Unlock()
	w.opt.Logf("%s", line)
}

// department delivers the notices: three at once, then one at a time, the repeat after its original.
func (w *World) department(ctx context.Context) {
	entries, _ := noticeFS.ReadDir("notices")
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	type notice struct {
		name string
		make func(time.Time) []byte
	}
	var order []notice
	for i, name := range names {
		raw, _ := noticeFS.ReadFile("notices/" + name)
		order = append(order, notice{name, func(time.Time) []byte { return raw }})
		if i >= 1 && i-1 < len(generated) {
			order = append(order, notice{fmt.Sprintf("новое уведомление %d", i), generated[i-1]})
		}
	}
	for i, n := range order {
		if i >= 3 {
			select {
			case <-ctx.Done():
				return
			case <-time.After(w.opt.NoticeEvery):
			}
		}
		name := n.name
		raw := n.make(w.opt.Now())
		if err := w.IMAP.Deliver(raw, w.opt.Now()); err != nil {
			w.note("ДИП: не удалось доставить %s: %v", name, err)
			continue
		}
		w.note("ДИП прислал уведомление (%s)", name)
	}
}

// onSent plays the recipients of each e-mail Otklik sends.
func (w *World) onSent(ctx context.Context, env loopback.Envelope) {
	msg, err := mail.ReadMessage(bytes.NewReader(env.Data))
	if err != nil {
		return
	}
	dec := new(mime.WordDecoder)
	subject, _ := dec.DecodeHeader(msg.Header.Get("Subject"))
	msgID := msg.Header.Get("Message-Id")
	for _, rcpt := range env.To {
		w.note("Отправлено письмо → %s: %s", rcpt, subject)
		ex := executorByEmail(rcpt)
		if ex == nil {
			continue
		}
		isTask := strings.Contains(subject, "Поручение") || strings.Contains(subject, "доработку") || strings.Contains(subject, "окончательный проект")
		if !isTask {
			continue
		}
		delay := w.opt.ReplyAfter
		if ex.Behaviour != "answers" {
			delay = 3 * time.Second
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
		var raw []byte
		switch ex.Behaviour {
		case "bounces":
			raw = bounce(rcpt, msgID, subject)
			w.note("Почтовый сервер вернул письмо для %s: адрес не существует", rcpt)
		case "away":
			raw = outOfOffice(*ex, msgID, subject)
			w.note("%s: автоответ «в отпуске»", ex.Name)
		default:
			raw = draftReply(*ex, msgID, subject)
			w.note("%s прислал проект ответа с фотографией", ex.Name)
		}
		w.IMAP.Deliver(raw, w.opt.Now())
	}
}

func executorByEmail(addr string) *Executor {
	for i := range Executors {
		if strings.EqualFold(Executors[i].Email, addr) {
			return &Executors[i]
		}
	}
	return nil
}

func encodeWord(s string) string { return mime.BEncoding.Encode("utf-8", s) }

func header(from, subject, inReplyTo string, extra ...string) string {
	h := fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <demo.%d@kozhevnikovo.example>\r\n",
		from, Mailbox, encodeWord(subject), time.Now().Format(time.RFC1123Z), time.Now().UnixNano())
	if inReplyTo != "" {
		h += "In-Reply-To: " + inReplyTo + "\r\nReferences: " + inReplyTo + "\r\n"
	}
	for _, e := range extra {
		h += e + "\r\n"
	}
	return h + "MIME-Version: 1.0\r\n"
}

var drafts = []string{
	"Добрый день. По сообщению: выезд специалистов организован, работы будут выполнены в течение двух рабочих дней. Фото с места прилагаю.",
	"Информирую: обращение рассмотрено, подрядчику выдано предписание. Срок устранения — до конца недели. Фотография текущего состояния во вложении.",
	"Проект ответа: «Здравствуйте! Спасибо за обращение. Специалисты администрации выехали на место, работы начаты. О результатах сообщим дополнительно.»",
}

func draftReply(ex Executor, inReplyTo, subject string) []byte {
	var b strings.Builder
	b.WriteString(header(encodeWord(ex.Name)+" <"+ex.Email+">", "Re: "+subject, inReplyTo))
	b.WriteString("Content-Type: multipart/mixed; boundary=\"demo-boundary\"\r\n\r\n--demo-boundary\r\n")
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(drafts[int(time.Now().UnixNano()/1000)%len(drafts)])
	b.WriteString("\r\n\r\n--\r\n" + ex.Name + "\r\n" + ex.Position + "\r\n\r\n")
	b.WriteString(time.Now().Format("02.01.2006, 15:04") + ", \"Координатор\" <" + Mailbox + ">:\r\n> " + subject + "\r\n> Прошу подготовить проект ответа.\r\n")
	b.WriteString("\r\n--demo-boundary\r\nContent-Type: image/png; name=\"foto.png\"\r\nContent-Disposition: attachment; filename=\"foto.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	b.WriteString(photoBase64())
	b.WriteString("\r\n--demo-boundary--\r\n")
	return []byte(b.String())
}

func outOfOffice(ex Executor, inReplyTo, subject string) []byte {
	return []byte(header(encodeWord(ex.Name)+" <"+ex.Email+">", "Автоответ: "+subject, inReplyTo, "Auto-Submitted: auto-replied") +
		"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		"Здравствуйте! Я в отпуске до " + time.Now().AddDate(0, 0, 10).Format("02.01.2006") + ". По срочным вопросам обращайтесь в приёмную.\r\n")
}

func bounce(rcpt, msgID, subject string) []byte {
	return []byte(header("Mail Delivery System <MAILER-DAEMON@kozhevnikovo.example>", "Undelivered Mail Returned to Sender", "") +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"dsn\"\r\n\r\n" +
		"--dsn\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThis is the mail system. Your message could not be delivered to " + rcpt + ": user unknown.\r\n" +
		"--dsn\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.old-domain.example\r\n\r\nFinal-Recipient: rfc822; " + rcpt +
		"\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\r\n" +
		"--dsn\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: " + msgID + "\r\nSubject: " + encodeWord(subject) + "\r\n" +
		"--dsn--\r\n")
}

var photoOnce sync.Once
var photo string

// photoBase64 draws a small picture (a road with a snow bank) so the demo's drafts carry a real image.
func photoBase64() string {
	photoOnce.Do(func() {
		img := image.NewRGBA(image.Rect(0, 0, 160, 100))
		for y := 0; y < 100; y++ {
			for x := 0; x < 160; x++ {
				c := color.RGBA{170, 200, 235, 255}
				switch {
				case y > 60:
					c = color.RGBA{90, 90, 95, 255}
				case y > 45 && x < 70:
					c = color.RGBA{245, 245, 250, 255}
				}
				img.Set(x, y, c)
			}
		}
		var buf bytes.Buffer
		png.Encode(&buf, img)
		photo = wrap76(encodeStd(buf.Bytes()))
	})
	return photo
}
