// Command otklik is the coordinator's workstation: with no verb it opens the window; the verbs of CLI.md script
// the same service. main only wires: it opens the data folder, builds the service and runs a verb or the window.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/term"

	"otklik/errtext"
	"otklik/storage"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// Exit codes of CLI.md.
const (
	exitOK      = 0
	exitFailed  = 1
	exitUsage   = 2
	exitRefused = 3
	exitOwned   = 4
)

// envNames are passed along when a verb is forwarded to the folder's owner.
var envNames = []string{"OTKLIK_PASSWORD", "OTKLIK_NEW_PASSWORD", "OTKLIK_NOW"}

// fileFlags name files; they are made absolute before forwarding, since the owner runs elsewhere.
var fileFlags = []string{"config", "out", "text-file", "attach"}

func dataDir(a args) string {
	if d := a.str("data"); d != "" {
		return d
	}
	if d := os.Getenv("OTKLIK_DATA"); d != "" {
		return d
	}
	base, err := os.UserConfigDir()
	if err != nil {
		base = "."
	}
	return filepath.Join(base, "otklik")
}

// needsUser lists the verbs that need the password of --user when it is given (CLI.md). setup needs a user only
// on a configured folder, but one named on the command line is asked for, as the other verbs do.
func needsUser(verb, sub string) bool {
	switch verb {
	case "", "demo", "check", "help":
		return false
	case "calendar":
		return sub == "import"
	}
	return true
}

func run(argv []string, stdout, stderr io.Writer) int {
	a, err := parseArgs(argv)
	if err != nil {
		fmt.Fprintln(stderr, "otklik:", err)
		return exitUsage
	}
	verb, sub := "", ""
	if len(a.pos) > 0 {
		verb = a.pos[0]
	}
	if len(a.pos) > 1 {
		sub = a.pos[1]
	}
	if verb == "help" || a.bool("help") || a.bool("h") {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	if _, ok := verbs[verb]; !ok && verb != "" && verb != "demo" {
		fmt.Fprintf(stderr, "otklik: неизвестная команда %q (otklik --help)\n", verb)
		return exitUsage
	}
	if verb == "demo" {
		return runDemo(a, stdout, stderr)
	}
	env := map[string]string{}
	for _, n := range envNames {
		if v, ok := os.LookupEnv(n); ok {
			env[n] = v
		}
	}
	if a.str("user") != "" && env["OTKLIK_PASSWORD"] == "" && needsUser(verb, sub) {
		pw, err := askPassword(stderr, "Пароль для "+a.str("user")+": ")
		if err != nil {
			fmt.Fprintln(stderr, "otklik: нужен пароль: задайте OTKLIK_PASSWORD или запустите в терминале")
			return exitRefused
		}
		env["OTKLIK_PASSWORD"] = pw
	}
	if target := newPasswordFor(verb, sub, a); target != "" && env["OTKLIK_NEW_PASSWORD"] == "" {
		// Without a terminal the verb itself says that OTKLIK_NEW_PASSWORD is needed.
		if pw, err := askNewPassword(stderr, target); err == nil {
			env["OTKLIK_NEW_PASSWORD"] = pw
		} else if !errors.Is(err, errNoTerminal) {
			fmt.Fprintln(stderr, "otklik:", errtext.Russian(err))
			return exitFailed
		}
	}
	fwd := absolutize(argv, a)
	dir := dataDir(a)
	longRunning := verb == "" || (verb == "sync" && !a.bool("once"))

	deadline := time.Now().Add(ownerTimeout)
	var db *storage.DB
	for {
		if longRunning {
			if owner, ok := askOwner(dir); ok {
				fmt.Fprintf(stderr, "otklik: папка данных %s уже открыта: %s\n", dir, owner)
				return exitOwned
			}
		} else {
			resp, ok, err := forward(dir, request{Args: fwd, Env: env})
			if ok {
				if err != nil {
					fmt.Fprintf(stderr, "otklik: папка данных %s открыта другим процессом, но он не ответил: %s\n", dir, errtext.Russian(err))
					return exitOwned
				}
				io.WriteString(stdout, resp.Stdout)
				io.WriteString(stderr, resp.Stderr)
				return resp.Code
			}
		}
		db, err = storage.Open(dir, 300*time.Millisecond)
		if errors.Is(err, storage.ErrLocked) {
			if time.Now().After(deadline) {
				fmt.Fprintf(stderr, "otklik: папка данных %s занята другим процессом, который не отвечает\n", dir)
				return exitOwned
			}
			time.Sleep(100 * time.Millisecond)
			continue
		}
		if err != nil {
			fmt.Fprintln(stderr, "otklik:", errtext.Russian(err))
			return exitFailed
		}
		break
	}
	defer db.Close()
	ap, err := openApp(dir, db)
	if err != nil {
		fmt.Fprintln(stderr, "otklik:", errtext.Russian(err))
		return exitFailed
	}
	role := "команда " + verb
	switch {
	case verb == "":
		role = "окно Отклика"
	case longRunning:
		role = "синхронизация (otklik sync)"
	}
	ctx, stop := signalContext()
	defer stop()
	closeSocket, err := serve(ctx, dir, ownerInfo{PID: os.Getpid(), Role: role, Started: time.Now()}, ap.serveRequest)
	if err != nil {
		fmt.Fprintln(stderr, "otklik: управляющий сокет:", errtext.Russian(err))
		return exitFailed
	}
	defer closeSocket()
	if verb == "" {
		return ap.runWindow(ctx, stderr)
	}
	return ap.exec(ctx, request{Args: fwd, Env: env}, stdout, stderr)
}

// absolutize makes file arguments absolute so the owner finds them.
func absolutize(argv []string, a args) []string {
	out := append([]string{}, argv...)
	isFile := map[string]bool{}
	for _, f := range fileFlags {
		isFile["--"+f] = true
		isFile["-"+f] = true
	}
	for i := 0; i < len(out); i++ {
		if isFile[out[i]] && i+1 < len(out) {
			out[i+1] = absPath(out[i+1])
			i++
			continue
		}
		for f := range isFile {
			if strings.HasPrefix(out[i], f+"=") {
				out[i] = f + "=" + absPath(strings.TrimPrefix(out[i], f+"="))
			}
		}
	}
	// Positional file arguments: restore FILE, calendar import FILE.
	if len(a.pos) >= 2 && (a.pos[0] == "restore" || (a.pos[0] == "calendar" && a.pos[1] == "import")) {
		target := a.pos[len(a.pos)-1]
		for i, s := range out {
			if s == target {
				out[i] = absPath(s)
			}
		}
	}
	return out
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// newPasswordFor is the login whose new password the verb sets (users add --login L, users passwd L), else "".
func newPasswordFor(verb, sub string, a args) string {
	switch {
	case verb == "users" && sub == "add":
		return a.str("login")
	case verb == "users" && sub == "passwd" && len(a.pos) > 2:
		return a.pos[2]
	}
	return ""
}

var errNoTerminal = errors.New("нет терминала")

// askNewPassword asks for a new password twice (CLI.md: "from env OTKLIK_NEW_PASSWORD or asked").
func askNewPassword(w io.Writer, login string) (string, error) {
	pw, err := askPassword(w, "Новый пароль для "+login+": ")
	if err != nil {
		return "", err
	}
	again, err := askPassword(w, "Повторите новый пароль: ")
	if err != nil {
		return "", err
	}
	if pw != again {
		return "", errors.New("пароли не совпадают")
	}
	return pw, nil
}

func askPassword(w io.Writer, prompt string) (string, error) {
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", errNoTerminal
	}
	fmt.Fprint(w, prompt)
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(w)
	return string(b), err
}
