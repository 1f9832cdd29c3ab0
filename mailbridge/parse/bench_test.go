package parse

import (
	"os"
	"strings"
	"testing"
	"time"
)

func benchRead(b *testing.B, raw string) {
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		Read(strings.NewReader(raw), Limits{})
	}
}

func BenchmarkReadSampleQP(b *testing.B) {
	raw, err := os.ReadFile("testdata/samples/01-vk-doroga-kozhevnikovo-qp.eml")
	if err != nil {
		b.Fatal(err)
	}
	benchRead(b, string(raw))
}

func BenchmarkReadSampleHTML(b *testing.B) {
	raw, err := os.ReadFile("testdata/samples/04-vk-osveshchenie-novopokrovka-html-only.eml")
	if err != nil {
		b.Fatal(err)
	}
	benchRead(b, string(raw))
}

func BenchmarkRejectDepth40(b *testing.B)   { benchRead(b, nested(40)) }
func BenchmarkReject5000Parts(b *testing.B) { benchRead(b, manyParts(5000)) }
func BenchmarkRejectHeaderLine(b *testing.B) {
	benchRead(b, "Subject: x\r\nX-Junk: "+strings.Repeat("a", 1<<20)+"\r\n\r\nbody")
}

func BenchmarkNoticeDigest(b *testing.B) {
	m := readFile(b, "testdata/notices/n03-digest3-plain.eml")
	loc := time.FixedZone("Asia/Tomsk", 7*3600)
	for b.Loop() {
		Notice(m, loc, testSettlements)
	}
}
