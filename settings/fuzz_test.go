package settings

import (
	"errors"
	"testing"
)

// FuzzParse: no input makes Parse panic; every outcome is a File or Errors with located, non-empty messages; and
// on every valid TOML document the line scanner agrees with the parser about which keys exist.
func FuzzParse(f *testing.F) {
	f.Add(Example())
	f.Add([]byte(minimal))
	f.Add([]byte(""))
	f.Add([]byte("a = \"\"\"\nb\"\"\"\"\n[[x]]\n[x.y]\nz = [{a.b = 1}, [2, {c = '''\n'''}]]\n"))
	for _, doc := range trickyTOML {
		f.Add([]byte(doc))
	}
	for _, b := range brokenFiles {
		if b.from == "" {
			f.Add([]byte(b.prepend + minimal + b.to + b.append))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		keyLines(string(data)) // also on text the parser refuses: it must end, and not panic
		checkLinesCoverTree(t, string(data))
		file, err := Parse(data)
		if err == nil {
			if file == nil {
				t.Fatal("no File and no error")
			}
			return
		}
		var problems Errors
		if !errors.As(err, &problems) || len(problems) == 0 {
			t.Fatalf("error %v is not a non-empty Errors", err)
		}
		for _, e := range problems {
			if e.Message == "" || e.Line < 0 {
				t.Fatalf("bad Error %+v", e)
			}
		}
	})
}
