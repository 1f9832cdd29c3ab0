package demo

import (
	"encoding/base64"
	"strings"
)

func encodeStd(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func wrap76(s string) string {
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	b.WriteString(s)
	return b.String()
}
