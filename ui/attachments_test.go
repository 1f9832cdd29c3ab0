package ui

import (
	"os"
	"path/filepath"
	"testing"
)

// Hostile attachment names never leave the chosen folder (os.Root), and an existing file is never overwritten.
func TestSaveIntoStaysInsideTheFolder(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(filepath.Dir(dir), "escaped.txt")
	for _, name := range []string{"../escaped.txt", "/etc/escaped.txt", "..\\..\\escaped.txt", "", ".", "фото.jpg", "фото.jpg"} {
		path, err := saveInto(dir, name, []byte("x"))
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		if filepath.Dir(path) != dir {
			t.Fatalf("%q written to %s", name, path)
		}
	}
	if _, err := os.Stat(outside); err == nil {
		t.Fatal("a file escaped the folder")
	}
	if _, err := os.Stat(filepath.Join(dir, "фото (2).jpg")); err != nil {
		t.Fatalf("second фото.jpg: %v", err)
	}
}
