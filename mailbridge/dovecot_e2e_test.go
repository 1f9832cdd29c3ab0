package mailbridge_test

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"otklik/domain"
	"otklik/internal/testdesk"
	"otklik/mailbridge"
	"otklik/mailbridge/loopback"
	"otklik/mailbridge/parse"
)

// dovecot is a private Dovecot instance (TESTING.md): its own config, users file and ports on loopback.
type dovecot struct {
	dir                string
	imapPort, lmtpPort int
	pool               *x509.CertPool
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func startDovecot(t *testing.T) *dovecot {
	t.Helper()
	bin, err := exec.LookPath("dovecot")
	if err != nil {
		bin = "/usr/sbin/dovecot"
		if _, err := os.Stat(bin); err != nil {
			t.Fatal("Dovecot is not installed: apt-get install dovecot-imapd dovecot-lmtpd (make deps-test does it)")
		}
	}
	w, err := os.MkdirTemp("", "otklik-dovecot-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(w, 0o755)
	cert, pool, err := loopback.TestCertificate()
	if err != nil {
		t.Fatal(err)
	}
	key, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(w, "cert.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Leaf.Raw}), 0o644)
	os.WriteFile(filepath.Join(w, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: key}), 0o600)
	os.MkdirAll(filepath.Join(w, "mail"), 0o755)
	os.Chown(filepath.Join(w, "mail"), 65534, 65534)
	os.WriteFile(filepath.Join(w, "users"), []byte(fmt.Sprintf("koordinator:{PLAIN}imap-pass-123:65534:65534::%s/mail/koordinator::\n", w)), 0o644)
	d := &dovecot{dir: w, imapPort: freePort(t), lmtpPort: freePort(t), pool: pool}
	conf := fmt.Sprintf(`protocols = imap lmtp
listen = 127.0.0.1
base_dir = %[1]s/run
state_dir = %[1]s/state
log_path = %[1]s/dovecot.log
ssl = yes
ssl_cert = <%[1]s/cert.pem
ssl_key = <%[1]s/key.pem
ssl_dh = </usr/share/dovecot/dh.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
first_valid_uid = 100
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%%u %[1]s/users
}
userdb {
  driver = passwd-file
  args = username_format=%%u %[1]s/users
}
service imap-login {
  inet_listener imap {
    port = %[2]d
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = %[3]d
  }
}
`, w, d.imapPort, d.lmtpPort)
	os.WriteFile(filepath.Join(w, "dovecot.conf"), []byte(conf), 0o644)
	// The daemon keeps its output descriptors: a pipe would never close, so its start-up output goes to a file.
	startLog, _ := os.Create(filepath.Join(w, "start.log"))
	start := exec.Command(bin, "-c", filepath.Join(w, "dovecot.conf"))
	start.Stdout, start.Stderr = startLog, startLog
	err = start.Run()
	startLog.Close()
	if err != nil {
		out, _ := os.ReadFile(filepath.Join(w, "start.log"))
		t.Fatalf("dovecot: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		if pid, err := os.ReadFile(filepath.Join(w, "run", "master.pid")); err == nil {
			exec.Command("kill", strings.TrimSpace(string(pid))).Run()
		}
		time.Sleep(200 * time.Millisecond)
		os.RemoveAll(w)
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", d.imapPort))
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(w, "dovecot.log"))
			t.Fatalf("dovecot did not listen: %s", log)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return d
}

// deliver hands a message to Dovecot over LMTP, as a real mail server would.
func (d *dovecot) deliver(t *testing.T, raw []byte) {
	t.Helper()
	conn, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", d.lmtpPort))
	if err != nil {
		t.Fatal(err)
	}
	c := smtp.NewClientLMTP(conn)
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		t.Fatal(err)
	}
	if err := c.SendMail("monitoring@dip.tomsk.example", []string{"koordinator"}, strings.NewReader(string(raw))); err != nil {
		t.Fatal(err)
	}
}

// An end-to-end run against a real Dovecot: notices delivered over LMTP, pulled over STARTTLS with the
// certificate verified, KOI8-R and windows-1251 headers decoded (the pitfall the in-process server hides), mail
// marked with the keyword and never \Seen; a second round changes nothing.
func TestDovecotEndToEnd(t *testing.T) {
	d := startDovecot(t)
	samples, _ := filepath.Glob("parse/testdata/samples/*.eml")
	legacy := []string{"parse/testdata/notices/n01-cp1251.eml", "parse/testdata/notices/n02-koi8r.eml"}
	for _, f := range append(samples, legacy...) {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d.deliver(t, raw)
	}
	db := testdesk.Store(t)
	loc, _ := time.LoadLocation("Asia/Tomsk")
	policy := testdesk.Policy(loc)
	policy.Settlements = []string{"Кожевниково", "Уртам", "Вороново", "Новопокровка", "Песочнодубровка", "Малиновка", "Чилино"}
	policy.MailboxAddress = "koordinator@kozhevnikovo.example"
	desk := testdesk.New(t, db, domain.ClockFunc(time.Now), policy)
	err := desk.Setup(nil, domain.SetupRequest{Users: []domain.NewUser{{User: domain.User{Login: "koordinator", Name: "Координатор", Role: domain.RoleCoordinator}, Password: "Kozh-2026-ab!Coord"}}, SettingsDoc: []byte("{}")})
	if err != nil {
		t.Fatal(err)
	}
	in := mailbridge.NewInbox(mailbridge.IMAPConfig{Host: "127.0.0.1", Port: d.imapPort, Security: "starttls",
		Username: "koordinator", Password: "imap-pass-123", RootCAs: d.pool, Limits: parse.Limits{}}, desk, db, t.Logf)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	rep, err := in.Once(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := len(samples) + len(legacy)
	if rep.Fetched != want || rep.NewCases != want || rep.Triaged != 0 {
		t.Fatalf("report %+v, want %d new cases", rep, want)
	}
	cases, err := desk.Cases("koordinator")
	if err != nil {
		t.Fatal(err)
	}
	var subjects []string
	for _, c := range cases {
		subjects = append(subjects, c.NoticeSubject)
	}
	all := strings.Join(subjects, " | ")
	if strings.Contains(all, "=?") || !strings.Contains(all, "Вороново — ямы на дороге, инц. 4700001") ||
		!strings.Contains(all, "Мусор в Уртаме - инц. 4700002") {
		t.Fatalf("windows-1251 / KOI8-R subjects not decoded: %s", all)
	}
	rep, err = in.Once(ctx)
	if err != nil || rep.Fetched != 0 || rep.NewCases != 0 {
		t.Fatalf("second round: %+v %v", rep, err)
	}
	// Wrong certificate: an unverified server is refused (TLS verified by default).
	bad := mailbridge.NewInbox(mailbridge.IMAPConfig{Host: "127.0.0.1", Port: d.imapPort, Security: "starttls",
		Username: "koordinator", Password: "imap-pass-123", Limits: parse.Limits{}}, desk, db, t.Logf)
	if _, err := bad.Once(ctx); err == nil {
		t.Fatal("a certificate outside the trusted roots was accepted")
	}
}
