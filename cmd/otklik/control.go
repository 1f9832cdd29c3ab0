package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net"
	"os"
	"runtime"
	"strings"
)

// The control channel of a data folder: a Unix socket (mode 0600) where the system has them; on Windows a
// loopback TCP port whose address and a random token are written to a file in the (per-user) data folder,
// since Wine and older Windows have no AF_UNIX and a named pipe needs a library this project does without.

// tcpControl is true on Windows; tests switch it on elsewhere to prove the path.
var tcpControl = runtime.GOOS == "windows"

func listenControl(dir string) (ln net.Listener, token string, cleanup func(), err error) {
	path := socketPath(dir)
	// We hold the database lock, so a socket or address file left here belongs to a dead process.
	os.Remove(path)
	if !tcpControl {
		ln, err = net.Listen("unix", path)
		if err != nil {
			return nil, "", nil, err
		}
		if err := os.Chmod(path, 0o600); err != nil {
			ln.Close()
			return nil, "", nil, err
		}
		return ln, "", func() { os.Remove(path) }, nil
	}
	ln, err = net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", nil, err
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	token = hex.EncodeToString(b[:])
	if err := os.WriteFile(path, []byte("tcp "+ln.Addr().String()+" "+token+"\n"), 0o600); err != nil {
		ln.Close()
		return nil, "", nil, err
	}
	return ln, token, func() { os.Remove(path) }, nil
}

func dialControl(dir string) (net.Conn, string, error) {
	path := socketPath(dir)
	if !tcpControl {
		c, err := net.DialTimeout("unix", path, ownerTimeout)
		return c, "", err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	f := strings.Fields(string(b))
	if len(f) != 3 || f[0] != "tcp" {
		return nil, "", errors.New("control file: unknown format")
	}
	c, err := net.DialTimeout("tcp", f[1], ownerTimeout)
	return c, f[2], err
}
