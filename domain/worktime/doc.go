// Package worktime owns working-time arithmetic: the Russian production calendar (holidays, transferred days,
// shortened pre-holiday days), the administration's weekly schedule, and the deadlines of П.7, П.8 and П.10
// counted over them ("start + 7 working hours", "2 working hours before", "end of the 7th working day after").
//
// Everything is computed in the schedule's time zone and is exact to the nanosecond the caller passes in; the
// tests prove it at minute precision. A Calc is immutable after New and safe for concurrent use: it precomputes
// every working interval of the covered years with running sums, so a deadline is two binary searches.
//
// A computation that needs a day of a year the calendar does not have returns *MissingYearError: the package
// never guesses a year's holidays.
//
// The package imports the standard library only (no other module, no other package of this project): the
// embedded data files live in package assets and are handed in as bytes by the caller.
package worktime
