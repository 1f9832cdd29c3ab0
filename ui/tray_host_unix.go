//go:build (linux && !android) || freebsd || openbsd || netbsd

package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/godbus/dbus/v5"
)

// probeDesktop asks the session bus whether a notification server and a tray (a StatusNotifierItem watcher) are
// there. With no session bus at all — a bare Xvfb, a service account — the answer is no without trying: the D-Bus
// library would otherwise launch a bus of its own (dbus-launch) just to find nothing on it.
func probeDesktop() hostProbe {
	if os.Getenv("FLATPAK_ID") != "" {
		return hostProbe{notifications: true} // Fyne sends through the notification portal there
	}
	if !sessionBusConfigured() {
		return hostProbe{}
	}
	conn, err := dbus.SessionBus() // shared with Fyne's own notifications: never closed
	if err != nil {
		return hostProbe{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	bus := conn.BusObject()
	var activatable []string
	_ = bus.CallWithContext(ctx, "org.freedesktop.DBus.ListActivatableNames", 0).Store(&activatable)
	has := func(name string) bool {
		var owned bool
		if err := bus.CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, name).Store(&owned); err == nil && owned {
			return true
		}
		return slices.Contains(activatable, name) // started on demand, like many notification daemons
	}
	return hostProbe{notifications: has("org.freedesktop.Notifications"), tray: has("org.kde.StatusNotifierWatcher")}
}

func sessionBusConfigured() bool {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		return true
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "bus")); err == nil {
			return true
		}
	}
	return false
}
