package assets

import _ "embed"

// Icon is the application icon (256×256 PNG): the window, the tray and the Linux package use it.
//
//go:embed otklik.png
var Icon []byte
