// Package errtext says in Russian what the errors of Go's standard library mean. The messages of the service, the
// settings and the verbs are Russian already, but the causes they carry are English ("open x: no such file or
// directory"); the window and the command both show them to people who read Russian.
package errtext

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strings"
	"syscall"
	"time"
)

// Russian is err's message with the common causes from the standard library said again in Russian, in place,
// keeping the rest of the message. A cause not known here stays as it is: a message half in English is better
// than a lost one.
func Russian(err error) string {
	msg := err.Error()
	replace := func(cause error, russian string) {
		msg = strings.Replace(msg, cause.Error(), russian, 1)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		replace(pe, "файл "+pe.Path+": "+PathReason(pe.Err))
	}
	var le *os.LinkError // os.Rename
	if errors.As(err, &le) {
		replace(le, "перенос "+le.Old+" в "+le.New+": "+PathReason(le.Err))
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		replace(syn, fmt.Sprintf("ошибка синтаксиса JSON на символе %d", syn.Offset))
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		replace(typ, fmt.Sprintf("значение неверного типа в поле %q (ожидается %s)", typ.Field, typ.Type))
	}
	var tp *time.ParseError
	if errors.As(err, &tp) {
		replace(tp, fmt.Sprintf("%q: неверная дата или время", tp.Value))
	}
	var op *net.OpError
	if errors.As(err, &op) {
		with := ""
		if op.Addr != nil {
			with = " с " + op.Addr.String()
		}
		switch {
		case op.Timeout():
			replace(op, "нет ответа за отведённое время")
		case errors.Is(op, syscall.ECONNREFUSED):
			replace(op, "соединение"+with+" отклонено")
		case errors.Is(op, syscall.ECONNRESET), errors.Is(op, syscall.EPIPE):
			replace(op, "соединение"+with+" разорвано")
		}
	}
	return msg
}

// PathReason says why a file operation failed.
func PathReason(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "не найден"
	case errors.Is(err, fs.ErrPermission):
		return "нет прав доступа"
	case errors.Is(err, syscall.EISDIR):
		return "это папка, а не файл"
	case errors.Is(err, syscall.ENOTDIR):
		return "часть пути — не папка"
	case errors.Is(err, syscall.ENOSPC):
		return "на диске нет места"
	case errors.Is(err, syscall.EROFS):
		return "диск доступен только для чтения"
	}
	return err.Error()
}
