package settings

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// working-hours-presets.json is a verbatim copy of the project's data/working-hours-presets.json: the presets
// live in one place and the loader cannot drift from them.
//
//go:embed working-hours-presets.json
var presetsJSON []byte

type presetFile struct {
	DefaultPreset               string `json:"default_preset"`
	PreholidayShorteningMinutes int    `json:"preholiday_shortening_minutes"`
	Presets                     map[string]struct {
		Title string              `json:"title"`
		Days  map[string][]string `json:"days"`
	} `json:"presets"`
}

var loadPresets = sync.OnceValue(func() presetFile {
	var p presetFile
	if err := json.Unmarshal(presetsJSON, &p); err != nil {
		// The file is embedded at build time and TestPresetsEmbedded reads it: this cannot happen in a release.
		panic(fmt.Sprintf("settings: embedded working-hours-presets.json: %v", err))
	}
	return p
})

// Presets returns the names of the working-hours presets, sorted.
func Presets() []string {
	names := make([]string, 0, len(loadPresets().Presets))
	for name := range loadPresets().Presets {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// PresetTitle returns the Russian description of a preset ("" if there is none).
func PresetTitle(name string) string { return loadPresets().Presets[name].Title }

func presetDays(name string) map[string][]string { return loadPresets().Presets[name].Days }

// weekdays are the day keys of [schedule.days], Monday first.
var weekdays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// period is a working period in minutes from midnight, half-open [start, end).
type period struct{ start, end int }

// parsePeriod reads "HH:MM-HH:MM"; the end may be 24:00.
func parsePeriod(s string) (period, bool) {
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		return period{}, false
	}
	start, okStart := parseClock(strings.TrimSpace(from))
	end, okEnd := parseClock(strings.TrimSpace(to))
	if !okStart || !okEnd || start >= 24*60 || start >= end {
		return period{}, false
	}
	return period{start, end}, true
}

func parseClock(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	h, errH := strconv.Atoi(s[:2])
	m, errM := strconv.Atoi(s[3:])
	if errH != nil || errM != nil || s[0] == '+' || s[3] == '+' || s[0] == '-' || s[3] == '-' {
		return 0, false
	}
	if h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, false
	}
	return h*60 + m, true
}
