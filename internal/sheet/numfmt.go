package sheet

import (
	"math"
	"strings"
	"time"
)

// fmtClass is what a cell's number format says about its number: a plain
// number, a date (or time of day), a percentage, or an elapsed duration.
// The format decides; display strings are never parsed.
type fmtClass uint8

const (
	fmtGeneral fmtClass = iota
	fmtDate
	fmtPercent
	fmtDuration
)

// classifyBuiltin classifies a built-in number format id (ECMA-376
// 18.8.30). Ids 27–36 and 50–58 are the East Asian locale dates.
func classifyBuiltin(id int) fmtClass {
	switch {
	case id == 9 || id == 10:
		return fmtPercent
	case id == 46: // [h]:mm:ss counts hours past 24: a duration
		return fmtDuration
	case id >= 14 && id <= 22, id == 45, id == 47, id >= 27 && id <= 36, id >= 50 && id <= 58:
		return fmtDate
	}
	return fmtGeneral
}

// classifyCode classifies a custom format code such as `yyyy"-"mm"-"dd`,
// `[$-409]mmmm yyyy`, `[hh]:mm:ss` or `0.00%`. Only the first section
// (positive numbers) counts; quoted literals, escaped characters, padding
// (_x), fills (*x) and bracketed tags are skipped so that a literal "d" or
// a [$-409] locale does not make a number a date.
func classifyCode(code string) fmtClass {
	var datePart, percent, elapsed bool
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case ';':
			i = len(code)
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*':
			i++ // the next character is a literal, a padding width or a fill
		case '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				i = len(code)
				break
			}
			elapsed = elapsed || isElapsedTag(code[i+1:i+1+j])
			i += j + 1
		case '%':
			percent = true
		default:
			datePart = datePart || strings.IndexByte("yYmMdDhHsS", c) >= 0
		}
	}
	switch {
	case elapsed:
		return fmtDuration
	case datePart:
		return fmtDate
	case percent:
		return fmtPercent
	}
	return fmtGeneral
}

// isElapsedTag reports an elapsed-time tag: [h], [hh], [mm], [ss].
func isElapsedTag(tag string) bool {
	if tag == "" {
		return false
	}
	for i := 0; i < len(tag); i++ {
		if tag[i] != tag[0] || strings.IndexByte("hHmMsS", tag[i]) < 0 {
			return false
		}
	}
	return true
}

// maxSerial is 9999-12-31, the last date Excel shows.
const maxSerial = 2958465

// serialToTime converts an Excel serial date to a time in UTC, rounded to
// the millisecond (Excel's own precision). In the 1900 system serials
// below 60 count from 1899-12-31 because Excel believes 1900 was a leap
// year (serial 60 is its invented 29 February, shown here as 1 March);
// excelize v2.11.0's ExcelDateToTime is a day early there. The 1904 system
// counts from 1904-01-01. It reports false for serials no date can have.
func serialToTime(serial float64, date1904 bool) (time.Time, bool) {
	if serial < 0 || serial >= maxSerial+1 || math.IsNaN(serial) {
		return time.Time{}, false
	}
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	switch {
	case date1904:
		epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case serial < 60:
		epoch = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	case serial < 61:
		serial = 61 + (serial - 60)
	}
	days := math.Floor(serial)
	ms := math.Round((serial - days) * 86400e3)
	return epoch.AddDate(0, 0, int(days)).Add(time.Duration(ms) * time.Millisecond), true
}

// timeToSerial is the inverse of serialToTime, so ISO date cells carry a
// serial like other dates.
func timeToSerial(t time.Time, date1904 bool) float64 {
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	switch {
	case date1904:
		epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case t.Before(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)):
		epoch = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	return float64(t.UnixMilli()-epoch.UnixMilli()) / 86400e3 // Sub would overflow past 2262
}

// isoLayouts are the forms t="d" cells take in the wild.
var isoLayouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02",
	"2006-01-02 15:04:05.999999999",
	"15:04:05.999999999",
}

// parseISO parses the ISO 8601 text of a t="d" cell, as UTC wall time.
func parseISO(s string) (time.Time, bool) {
	for _, layout := range isoLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Location() != time.UTC {
				t = t.UTC()
			}
			if t.Year() == 0 { // a bare time of day: Excel's day zero
				t = t.AddDate(1899, 11, 30)
			}
			return t, true
		}
	}
	return time.Time{}, false
}
