package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Colour names of the urgency bar (UI.md: green on time, amber due soon, red overdue, grey paused or closed).
const (
	colorOnTime  fyne.ThemeColorName = "otklikOnTime"
	colorSoon    fyne.ThemeColorName = "otklikDueSoon"
	colorOverdue fyne.ThemeColorName = "otklikOverdue"
	colorPaused  fyne.ThemeColorName = "otklikPaused"
)

// Theme is the window's theme: the base theme (light or dark as the user set it) plus the urgency colours.
type Theme struct {
	fyne.Theme
}

// NewTheme wraps base (theme.DefaultTheme() when nil).
func NewTheme(base fyne.Theme) *Theme {
	if base == nil {
		base = theme.DefaultTheme()
	}
	return &Theme{Theme: base}
}

// Color adds the urgency colours, chosen to read on both variants and for red–green colour blindness by
// brightness as well as hue.
func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case colorOnTime:
		return color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff}
	case colorSoon:
		return color.NRGBA{R: 0xf9, G: 0xa8, B: 0x25, A: 0xff}
	case colorOverdue:
		return color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
	case colorPaused:
		if v == theme.VariantDark {
			return color.NRGBA{R: 0x75, G: 0x75, B: 0x75, A: 0xff}
		}
		return color.NRGBA{R: 0xb0, G: 0xb0, B: 0xb0, A: 0xff}
	}
	return t.Theme.Color(n, v)
}

// compactTheme tightens the padding inside queue rows so that a 768-pixel-high office screen shows more of the
// queue; only the rows use it (container.NewThemeOverride).
type compactTheme struct {
	fyne.Theme
}

func (t compactTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameInnerPadding:
		return 2
	case theme.SizeNamePadding:
		return 2
	case theme.SizeNameLineSpacing:
		return 2
	}
	return t.Theme.Size(n)
}

func urgencyColor(u urgency) fyne.ThemeColorName {
	switch u {
	case urgencyOnTime:
		return colorOnTime
	case urgencySoon:
		return colorSoon
	case urgencyOverdue:
		return colorOverdue
	}
	return colorPaused
}
