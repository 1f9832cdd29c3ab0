package main

import (
	"errors"
	"strings"
	"testing"
	"time"

	"otklik/deskconfig"
	"otklik/settings"
	"otklik/storage"
)

// Настройки: the file in force is shown without passwords, edited, and applied again keeping them; a misspelt
// key comes back as the loader's own error with its line.
func TestSettingsRoomRoundTrip(t *testing.T) {
	db, err := storage.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ap, err := openApp(t.TempDir(), db)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := settings.Parse(settings.Example())
	req, _ := deskconfig.SetupRequest(f)
	if err := ap.desk.Setup(nil, req); err != nil {
		t.Fatal(err)
	}
	if err := ap.reload(); err != nil {
		t.Fatal(err)
	}
	s, err := ap.desk.Login("admin", "Kozh-2026-ab!Admin")
	if err != nil {
		t.Fatal(err)
	}
	text, err := ap.settingsTOML()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, "Kozh-2026") || strings.Contains(text, "password") {
		t.Fatalf("passwords shown:\n%s", text)
	}
	edited := strings.Replace(text, "surge_cases = 3", "surge_cases = 5", 1)
	if edited == text {
		t.Fatalf("no surge_cases line:\n%s", text)
	}
	if err := ap.applySettingsTOML(s, edited); err != nil {
		t.Fatal(err)
	}
	if got := ap.desk.Policy().SurgeCases; got != 5 {
		t.Fatalf("surge cases %d after applying", got)
	}
	if sec, err := ap.desk.Secrets(s); err != nil || sec.IMAPPassword != "..." {
		t.Fatalf("mail password not kept: %+v %v", sec, err)
	}
	bad := strings.Replace(edited, "surge_cases = 5", "surge_casez = 5", 1)
	err = ap.applySettingsTOML(s, bad)
	var problems settings.Errors
	if !errors.As(err, &problems) || !strings.Contains(err.Error(), "surge_casez") {
		t.Fatalf("misspelt key: %v", err)
	}
	coord, _ := ap.desk.Login("koordinator", "Kozh-2026-ab!Coord")
	if err := ap.applySettingsTOML(coord, edited); err == nil {
		t.Fatal("the coordinator changed the settings")
	}
}
