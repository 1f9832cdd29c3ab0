package errtext

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Each common cause is said in Russian in place, and what the message says around it is kept.
func TestRussian(t *testing.T) {
	dir := t.TempDir()
	_, missing := os.Open(filepath.Join(dir, "нет.xml"))
	_, isDir := os.ReadFile(dir)
	var syntax any
	badJSON := json.Unmarshal([]byte("garbage"), &syntax)
	_, badTime := time.Parse("2006-01-02", "01.01.2026")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, refused := net.DialTimeout("tcp", addr, time.Second)
	cases := []struct {
		err        error
		says, kept string
	}{
		{fmt.Errorf("импорт календаря: %w", missing), "нет.xml: не найден", "импорт календаря: файл "},
		{isDir, "это папка, а не файл", "файл " + dir},
		{fmt.Errorf("календарь: неверный JSON: %w", badJSON), "ошибка синтаксиса JSON на символе 1", "календарь: неверный JSON"},
		{badTime, `"01.01.2026": неверная дата или время`, ""},
		{fmt.Errorf("почта: %w", refused), "соединение с " + addr + " отклонено", "почта: "},
		{fmt.Errorf("что-то своё"), "что-то своё", ""},
	}
	for _, c := range cases {
		got := Russian(c.err)
		if !strings.Contains(got, c.says) || !strings.Contains(got, c.kept) {
			t.Errorf("%q → %q: want it to say %q and keep %q", c.err, got, c.says, c.kept)
		}
		if strings.Contains(got, "no such file") || strings.Contains(got, "invalid character") || strings.Contains(got, "connection refused") {
			t.Errorf("%q → %q: still English", c.err, got)
		}
	}
}
