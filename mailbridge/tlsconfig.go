// Package mailbridge is the only part of Otklik that speaks IMAP and SMTP: it
// reads the coordinator's mailbox, turns e-mails into what domain needs, and
// sends the outbox. It is the only importer of go-imap, go-message and go-mail
// (go-smtp only in the built-in servers of mailbridge/loopback). It may import
// domain, and must never import storage, ui or Fyne: mail types stop here.
//
// Connections are verified TLS by default (TLS 1.2 or later, the server name
// checked against the configured host); clear text is allowed only to a
// server on this computer, and only when the settings say so.
package mailbridge

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
)

// ErrPlaintextToRemote refuses an unencrypted connection to a host that is not
// this computer: the password and the citizens' messages would cross the
// network in clear text.
var ErrPlaintextToRemote = errors.New("без шифрования можно подключаться только к серверу на этом компьютере (127.0.0.1, ::1, localhost)")

// tlsClientConfig is the one TLS client configuration of mailbridge: the
// system roots unless roots is given, the server name checked against host.
func tlsClientConfig(host string, roots *x509.CertPool) *tls.Config {
	return &tls.Config{
		ServerName: host,
		RootCAs:    roots,
		MinVersion: tls.VersionTLS12,
	}
}

// hostIsLoopback reports whether host names this computer: localhost or a
// loopback address (127.0.0.0/8, ::1). Other names that happen to resolve to
// a loopback address do not count: the setting must say it plainly.
func hostIsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkPlaintextAllowed returns ErrPlaintextToRemote (wrapped, naming host)
// unless host is a loopback host.
func checkPlaintextAllowed(host string) error {
	if hostIsLoopback(host) {
		return nil
	}
	return fmt.Errorf("%w; для %s выберите tls или starttls", ErrPlaintextToRemote, host)
}

// verifyLoopbackConn checks after connecting that an unencrypted connection
// really ended on this computer ("localhost" could be pointed elsewhere in
// the hosts file).
func verifyLoopbackConn(conn net.Conn) error {
	addr, ok := conn.RemoteAddr().(*net.TCPAddr)
	if !ok || !addr.IP.IsLoopback() {
		return fmt.Errorf("%w: соединение ушло на %v", ErrPlaintextToRemote, conn.RemoteAddr())
	}
	return nil
}
