package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"otklik/deskconfig"
	"otklik/mailbridge/demo"
	"otklik/settings"
	"otklik/storage"
)

// Demo accounts, printed at start and shown on the login screen.
var demoUsers = []struct{ login, name, position, role, password string }{
	{"koordinator", "Бирюкова Ирина Александровна", "Специалист по организации деятельности и взаимодействию с сельскими поселениями", "coordinator", "demo-koord-2026"},
	{"maslova", "Маслова Елена Андреевна", "Специалист-юрист правовой и кадровой работы", "substitute", "demo-zamena-2026"},
	{"upravdel", "Гарагуля Виктор Алексеевич", "Управляющий делами", "supervisor", "demo-upravdel-2026"},
	{"admin", "Отдел информатизации", "Системный администратор", "admin", "demo-admin-2026"},
}

// demoSettings is a settings file for the demo world's loopback servers.
func demoSettings(w *demo.World) string {
	ih, ip := splitHostPort(w.IMAP.Addr)
	sh, sp := splitHostPort(w.SMTP.Addr)
	var b strings.Builder
	fmt.Fprintf(&b, `[organization]
name = "Администрация Кожевниковского района (демонстрация)"
short_tag = "ОТК"
timezone = "Asia/Tomsk"
settlements = ["Кожевниково", "Уртам", "Вороново", "Новопокровка", "Песочнодубровка", "Малиновка", "Чилино", "Старая Ювала", "Базой"]

[mailbox]
host = "%s"
port = %s
security = "none"
username = %q
password = %q

[smtp]
host = "%s"
port = %s
security = "none"
username = %q
password = %q
from_name = "Координатор по работе с сообщениями из открытых источников"
from_address = %q

[department]
addresses = ["@dip.tomsk.example"]

[head]
name = "Глава Кожевниковского района"
address = "glava@kozhevnikovo.example"
`, ih, ip, demo.Mailbox, demo.MailboxPass, sh, sp, demo.SMTPUser, demo.SMTPPass, demo.Mailbox)
	for _, e := range demo.Executors {
		fmt.Fprintf(&b, "\n[[executors]]\nlogin = %q\nname = %q\nposition = %q\nunit = %q\nemail = %q\nsettlements = [%s]\ncategories = [%s]\n",
			e.Login, e.Name, e.Position, e.Unit, e.Email, quoteList(e.Settlements), quoteList(e.Categories))
	}
	for _, u := range demoUsers {
		fmt.Fprintf(&b, "\n[[users]]\nlogin = %q\nname = %q\nposition = %q\nemail = %q\nrole = %q\npassword = %q\n",
			u.login, u.name, u.position, u.login+"@kozhevnikovo.example", u.role, u.password)
	}
	return b.String()
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func splitHostPort(addr string) (string, string) {
	i := strings.LastIndex(addr, ":")
	return addr[:i], addr[i+1:]
}

// runDemo is `otklik demo`: a fresh temporary data folder, the built-in mail servers, a simulated Department and
// executors, and the window. Closing the window removes the folder unless --keep.
func runDemo(a args, stdout, stderr io.Writer) int {
	dir, err := os.MkdirTemp("", "otklik-demo-")
	if err != nil {
		fmt.Fprintln(stderr, "otklik:", err)
		return exitFailed
	}
	if !a.bool("keep") {
		defer os.RemoveAll(dir)
	}
	ctx, stop := signalContext()
	defer stop()
	world, err := demo.Start(ctx, demo.Options{Now: now, Logf: func(f string, args ...any) { fmt.Fprintf(stdout, "демо: "+f+"\n", args...) }})
	if err != nil {
		fmt.Fprintln(stderr, "otklik: демо:", err)
		return exitFailed
	}
	f, err := settings.Parse([]byte(demoSettings(world)))
	if err != nil {
		fmt.Fprintln(stderr, "otklik: демо-настройки:", err)
		return exitFailed
	}
	db, err := storage.Open(dir, time.Second)
	if err != nil {
		fmt.Fprintln(stderr, "otklik:", err)
		return exitFailed
	}
	defer db.Close()
	ap, err := openApp(dir, db)
	if err != nil {
		fmt.Fprintln(stderr, "otklik:", err)
		return exitFailed
	}
	req, err := deskconfig.SetupRequest(f)
	if err == nil {
		err = ap.desk.Setup(nil, req)
	}
	if err == nil {
		err = ap.reload()
	}
	if err != nil {
		fmt.Fprintln(stderr, "otklik: демо:", err)
		return exitFailed
	}
	closeSocket, err := serve(ctx, dir, ownerInfo{PID: os.Getpid(), Role: "демонстрация Отклика", Started: time.Now()}, ap.serveRequest)
	if err == nil {
		defer closeSocket()
	}
	var logins strings.Builder
	for _, u := range demoUsers {
		fmt.Fprintf(&logins, "%s / %s (%s)\n", u.login, u.password, roleRu(u.role))
	}
	fmt.Fprintf(stdout, "Отклик — демонстрация. Папка данных: %s\nВход:\n%s", dir, logins.String())
	if a.bool("keep") {
		fmt.Fprintf(stdout, "Папка сохранится после закрытия окна (--keep): otklik --data %s\n", dir)
	}
	wr := &windowRun{ap: ap, demoLogins: strings.TrimSpace(logins.String()), logw: stderr}
	return wr.run(ctx)
}

func roleRu(r string) string {
	return map[string]string{"coordinator": "координатор", "substitute": "заместитель", "supervisor": "управляющий делами", "admin": "администратор"}[r]
}
