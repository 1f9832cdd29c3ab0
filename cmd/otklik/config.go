package main

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"otklik/domain"
	"otklik/settings"
)

// onlyChangedExecutors keeps the executor cards the new file adds or changes against the file applied before: the
// cards the coordinator edited in the window («Исполнители») survive a settings file that did not touch them.
func (ap *app) onlyChangedExecutors(req *domain.SetupRequest, f *settings.File) {
	if !ap.configured {
		return
	}
	before := map[string]settings.Executor{}
	for _, e := range ap.settings().Executors {
		before[e.Login] = e
	}
	var keep []domain.Executor
	for i, e := range f.Executors {
		if old, ok := before[e.Login]; ok && reflect.DeepEqual(old, e) {
			continue
		}
		keep = append(keep, req.Executors[i])
	}
	req.Executors = keep
}

// parseTime reads TIME of CLI.md: RFC 3339 or YYYY-MM-DDTHH:MM in the organisation's zone.
func parseTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("время %q: ожидается RFC 3339 или ГГГГ-ММ-ДДTЧЧ:ММ", s)
}
