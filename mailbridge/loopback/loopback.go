// Package loopback runs real IMAP and SMTP servers in-process on 127.0.0.1,
// for the tests of mailbridge and for `otklik demo`: the same code serves both,
// so the demo exercises exactly what the tests prove.
//
// IMAP is go-imap's imapserver over imapmemserver; SMTP is a go-smtp backend
// that keeps what it receives. Both can speak plain text, STARTTLS or implicit
// TLS with a self-signed certificate made at run time (TestCertificate), and
// both can be made to misbehave on purpose (dropped connections, refused
// messages, a changed UIDVALIDITY) so that fault handling is tested against a
// real protocol exchange.
//
// The package is part of mailbridge (it may import go-imap, go-message and
// go-smtp) and must never import domain, storage or ui: it knows nothing about
// cases or tasks, only about mail.
package loopback

import (
	"crypto/tls"
	"net"
	"sync"
)

// TLSMode says how a loopback server protects its connections.
type TLSMode int

const (
	// PlainText accepts clear-text connections only (no STARTTLS offered).
	PlainText TLSMode = iota
	// STARTTLS accepts clear-text connections and offers STARTTLS with TestCertificate.
	STARTTLS
	// ImplicitTLS speaks TLS from the first byte (IMAPS, SMTPS) with TestCertificate.
	ImplicitTLS
)

func (m TLSMode) String() string {
	switch m {
	case PlainText:
		return "plain"
	case STARTTLS:
		return "starttls"
	case ImplicitTLS:
		return "implicit-tls"
	}
	return "unknown"
}

// serverTLSConfig returns the server side of TestCertificate.
func serverTLSConfig() (*tls.Config, error) {
	cert, _, err := TestCertificate()
	if err != nil {
		return nil, err
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

// clientTLSConfig trusts TestCertificate only; the servers' own helpers use it
// to talk to themselves.
func clientTLSConfig() (*tls.Config, error) {
	_, pool, err := TestCertificate()
	if err != nil {
		return nil, err
	}
	return &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}, nil
}

// listen opens a tracked listener on 127.0.0.1:0, wrapped in TLS for ImplicitTLS.
// The returned net.Listener is what the protocol server serves; the tracker
// stays underneath TLS so that dropping a connection closes the TCP socket.
func listen(mode TLSMode, tlsConfig *tls.Config) (*tracker, net.Listener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	t := &tracker{Listener: ln, conns: make(map[*trackedConn]struct{})}
	if mode == ImplicitTLS {
		return t, tls.NewListener(t, tlsConfig), nil
	}
	return t, t, nil
}

// tracker is a listener that remembers every accepted connection, so that a
// test can cut them all (DropConnections) while the server keeps listening.
type tracker struct {
	net.Listener

	mu       sync.Mutex
	conns    map[*trackedConn]struct{}
	accepted int
}

func (t *tracker) Accept() (net.Conn, error) {
	c, err := t.Listener.Accept()
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	t.accepted++
	tc := &trackedConn{Conn: c, owner: t, id: t.accepted}
	t.conns[tc] = struct{}{}
	t.mu.Unlock()
	return tc, nil
}

// dropAll closes every open connection; the listener stays open.
func (t *tracker) dropAll() {
	t.mu.Lock()
	open := make([]*trackedConn, 0, len(t.conns))
	for c := range t.conns {
		open = append(open, c)
	}
	t.mu.Unlock()
	for _, c := range open {
		_ = c.Close()
	}
}

func (t *tracker) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.accepted
}

type trackedConn struct {
	net.Conn
	owner *tracker
	id    int
	once  sync.Once
}

func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.owner.mu.Lock()
		delete(c.owner.conns, c)
		c.owner.mu.Unlock()
	})
	return c.Conn.Close()
}

// connID returns the accept number of the TCP connection under c (1 for the
// first connection the server accepted), or 0 if c did not come from a tracker.
func connID(c net.Conn) int {
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	if tc, ok := c.(*trackedConn); ok {
		return tc.id
	}
	return 0
}
