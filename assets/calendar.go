package assets

import _ "embed" // the production calendar and the working-hours presets ship inside the binary

// CalendarJSON is the Russian production calendar (calendar/ru-calendar.json, the format of
// worktime.ParseCalendarJSON). Years imported by the administrator are stored apart and merged over it.
//
//go:embed calendar/ru-calendar.json
var CalendarJSON []byte

// WorkingHoursPresetsJSON are the named working weeks (calendar/working-hours-presets.json, read by
// worktime.ParsePresets).
//
//go:embed calendar/working-hours-presets.json
var WorkingHoursPresetsJSON []byte
