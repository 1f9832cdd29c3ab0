package worktime

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// The «xmlcalendar» format (xmlcalendar.ru, github.com/xmlcalendar/data ru/YYYY/calendar.xml):
//
//	<calendar year="2027" lang="ru" date="2026.09.02">
//	  <holidays><holiday id="1" title="Новогодние каникулы"/>...</holidays>
//	  <days>
//	    <day d="01.01" t="1" h="1"/>   d: MM.DD; t=1 day off, t=2 shortened working day (any day of the week),
//	    <day d="02.20" t="2"/>         t=3 working Saturday/Sunday; h: the holiday's id;
//	    <day d="02.22" t="1" f="02.20"/>  f: the date the day off was moved from
//	  </days>
//	</calendar>
//
// Saturdays and Sundays are days off unless listed with t=2 or t=3.
type xmlCalendar struct {
	XMLName  xml.Name     `xml:"calendar"`
	Year     string       `xml:"year,attr"`
	Lang     string       `xml:"lang,attr"`
	Date     string       `xml:"date,attr"`
	Holidays []xmlHoliday `xml:"holidays>holiday"`
	Days     []xmlDay     `xml:"days>day"`
}

type xmlHoliday struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
}

type xmlDay struct {
	D string `xml:"d,attr"`
	T string `xml:"t,attr"`
	H string `xml:"h,attr"`
	F string `xml:"f,attr"`
}

// xmlcalendar day types.
const (
	xmlDayOff         = "1"
	xmlShortened      = "2"
	xmlWorkingWeekend = "3"
)

// ParseXMLCalendar reads one year in the «xmlcalendar» format and returns it with its year number. The file does
// not say how sure it is, so the year gets Confidence "high": the administrator vouches for it by importing it
// (the file's own date is kept in Source).
func ParseXMLCalendar(data []byte) (*Year, int, error) {
	var doc xmlCalendar
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = func(charset string, input io.Reader) (io.Reader, error) {
		if strings.EqualFold(charset, "utf-8") || strings.EqualFold(charset, "us-ascii") {
			return input, nil
		}
		return nil, fmt.Errorf("кодировка %q не поддерживается (нужна UTF-8)", charset)
	}
	if err := dec.Decode(&doc); err != nil {
		return nil, 0, fmt.Errorf("календарь xmlcalendar: неверный XML: %w", err)
	}
	y, err := strconv.Atoi(strings.TrimSpace(doc.Year))
	if err != nil || y < MinYear || y > MaxYear {
		return nil, 0, fmt.Errorf("календарь xmlcalendar: неверный год %q", doc.Year)
	}
	titles := make(map[string]string, len(doc.Holidays))
	for _, h := range doc.Holidays {
		titles[strings.TrimSpace(h.ID)] = h.Title
	}
	yr := &Year{
		Source:     fmt.Sprintf("xmlcalendar: calendar.xml (year=%d, date=%s)", y, doc.Date),
		Confidence: "high",
		Note:       "импортирован из файла формата xmlcalendar",
	}
	seen := make(map[Date]bool, len(doc.Days))
	for _, day := range doc.Days {
		d, err := parseXMLDay(y, day.D)
		if err != nil {
			return nil, 0, err
		}
		if seen[d] {
			return nil, 0, fmt.Errorf("календарь xmlcalendar %d: день %s описан дважды", y, d)
		}
		seen[d] = true
		weekend := isWeekend(d.Weekday())
		switch strings.TrimSpace(day.T) {
		case xmlDayOff:
			yr.Holidays = append(yr.Holidays, d)
			if !weekend {
				yr.NonworkingWeekdays = append(yr.NonworkingWeekdays, d)
			}
		case xmlShortened:
			yr.Shortened = append(yr.Shortened, d)
			if weekend {
				yr.WorkingWeekends = append(yr.WorkingWeekends, d)
			}
		case xmlWorkingWeekend:
			// On a weekday t=3 says nothing new: the day works anyway.
			if weekend {
				yr.WorkingWeekends = append(yr.WorkingWeekends, d)
			}
		default:
			return nil, 0, fmt.Errorf("календарь xmlcalendar %d: у дня %s неизвестный тип t=%q", y, d, day.T)
		}
		if h := strings.TrimSpace(day.H); h != "" {
			title, ok := titles[h]
			if !ok {
				return nil, 0, fmt.Errorf("календарь xmlcalendar %d: у дня %s ссылка на неописанный праздник h=%q", y, d, h)
			}
			if yr.HolidayNames == nil {
				yr.HolidayNames = make(map[Date]string)
			}
			yr.HolidayNames[d] = title
		}
		if f := strings.TrimSpace(day.F); f != "" {
			from, err := parseXMLDay(y, f)
			if err != nil {
				return nil, 0, err
			}
			yr.Transfers = append(yr.Transfers, Transfer{From: from, To: d})
		}
	}
	if err := validateYear(y, yr); err != nil {
		return nil, 0, err
	}
	yr.Provisional = !isHighConfidence(yr.Confidence)
	return yr, y, nil
}

// parseXMLDay reads "MM.DD" of year y; "YYYY.MM.DD" is accepted too, for a transfer from another year.
func parseXMLDay(y int, s string) (Date, error) {
	s = strings.TrimSpace(s)
	parts := strings.Split(s, ".")
	if len(parts) == 3 {
		yy, err := strconv.Atoi(parts[0])
		if err != nil || len(parts[0]) != 4 || !allDigits(parts[0]) {
			return Date{}, fmt.Errorf("календарь xmlcalendar %d: неверная дата %q", y, s)
		}
		y, parts = yy, parts[1:]
	}
	if len(parts) != 2 || len(parts[0]) != 2 || len(parts[1]) != 2 || !allDigits(parts[0]+parts[1]) {
		return Date{}, fmt.Errorf("календарь xmlcalendar %d: неверная дата %q (ожидается ММ.ДД)", y, s)
	}
	m, errM := strconv.Atoi(parts[0])
	d, errD := strconv.Atoi(parts[1])
	date := Date{Year: y, Month: time.Month(m), Day: d}
	if errM != nil || errD != nil || !date.Valid() {
		return Date{}, fmt.Errorf("календарь xmlcalendar %d: неверная дата %q", y, s)
	}
	return date, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
