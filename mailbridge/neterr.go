package mailbridge

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"syscall"
)

// connError is a failed connection told in Russian for the window's status bar and the log; the network error
// stays underneath for errors.Is and for IsTemporary.
type connError struct {
	msg string
	err error
}

func (e *connError) Error() string { return e.msg }
func (e *connError) Unwrap() error { return e.err }

// connFailed wraps a dial failure: what (e.g. «нет связи с почтовым сервером 10.0.0.5:993») and why, in words a
// coordinator can pass on to the administrator, instead of «dial tcp …: connect: connection refused».
func connFailed(what string, err error) error {
	return &connError{msg: what + ": " + netReason(err), err: err}
}

// netReason says why a connection failed; an error it does not know is given as it is.
func netReason(err error) string {
	var dns *net.DNSError
	var unknownCA x509.UnknownAuthorityError
	var wrongHost x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	var netErr net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "сервер не принимает соединения (неверный порт или сервер не запущен)"
	case errors.Is(err, syscall.ECONNRESET):
		return "сервер разорвал соединение"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "сервер недоступен по сети"
	case errors.As(err, &dns):
		return "имя сервера не найдено (" + dns.Name + ")"
	case errors.As(err, &unknownCA):
		return "сертификат сервера выдан неизвестным центром сертификации"
	case errors.As(err, &wrongHost):
		return "сертификат сервера выдан на другое имя"
	case errors.As(err, &invalid):
		return "сертификат сервера недействителен (истёк или ещё не действует)"
	case errors.As(err, &verify):
		return "сертификат сервера не прошёл проверку"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return "сервер не отвечает"
	}
	return err.Error()
}
