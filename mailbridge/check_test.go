package mailbridge

import (
	"context"
	"strings"
	"testing"
	"time"

	"otklik/mailbridge/loopback"
)

// Настройки «проверить подключение»: a real login; a wrong password gives the server's refusal.
func TestInboxCheck(t *testing.T) {
	srv, err := loopback.StartIMAP("user@example.ru", "right-pass-1", loopback.IMAPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	host, port := splitTestAddr(t, srv.Addr)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ok := NewInbox(IMAPConfig{Host: host, Port: port, Security: SecurityNone, Username: "user@example.ru", Password: "right-pass-1"}, nil, nil, t.Logf)
	if err := ok.Check(ctx); err != nil {
		t.Fatalf("right password: %v", err)
	}
	bad := NewInbox(IMAPConfig{Host: host, Port: port, Security: SecurityNone, Username: "user@example.ru", Password: "wrong"}, nil, nil, t.Logf)
	err = bad.Check(ctx)
	t.Logf("wrong password: %v", err)
	if err == nil || !strings.Contains(err.Error(), "AUTHENTICATIONFAILED") {
		t.Fatalf("wrong password: %v", err)
	}
}

func splitTestAddr(t *testing.T, addr string) (string, int) {
	i := strings.LastIndex(addr, ":")
	var port int
	for _, r := range addr[i+1:] {
		port = port*10 + int(r-'0')
	}
	return addr[:i], port
}
