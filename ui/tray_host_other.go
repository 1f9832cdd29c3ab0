//go:build !((linux && !android) || freebsd || openbsd || netbsd)

package ui

// probeDesktop: Windows and macOS always have a notification centre and a tray (the menu bar's extras); on mobile
// desktopHostFor finds no tray in the app and notifications go through the system.
func probeDesktop() hostProbe { return hostProbe{notifications: true, tray: true} }
