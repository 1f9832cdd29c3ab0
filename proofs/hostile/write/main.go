// Command write saves the hostile mail corpus (package otklik/proofs/hostile) as .eml files, for delivering it to
// a real server (Dovecot's LMTP, a Maildir) by hand:
//
//	go run ./proofs/hostile/write -out /tmp/hostile
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"otklik/proofs/hostile"
)

func main() {
	out := flag.String("out", "hostile-corpus", "folder to write the .eml files to")
	from := flag.String("from", "a.vetrova@dip.tomsk.example", "the Department's address the corpus pretends to come from")
	to := flag.String("to", "koordinator@example.ru", "the coordinator's mailbox")
	remote := flag.String("remote", "http://127.0.0.1:9", "where the HTML message's remote images point")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "write:", err)
		os.Exit(1)
	}
	corpus := hostile.Corpus(hostile.Options{From: *from, To: *to, RemoteBase: *remote, FirstIncident: 7_400_000,
		Date: time.Date(2026, 1, 13, 10, 0, 0, 0, time.FixedZone("+07", 7*3600))})
	for i, m := range corpus {
		path := filepath.Join(*out, fmt.Sprintf("%02d-%s.eml", i+1, m.Name))
		if err := os.WriteFile(path, m.Raw, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "write:", err)
			os.Exit(1)
		}
		fmt.Printf("%s\t%d bytes\n", path, len(m.Raw))
	}
}
