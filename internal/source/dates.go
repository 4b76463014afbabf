package source

import (
	"strings"
	"time"

	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/sheet"
)

// recordMonth places a record by its date cell: a date cell's month; text
// in ISO 8601 (a date-time with a zone offset by its UTC date) or any
// period spelling of SPEC 3.
func recordMonth(c sheet.Cell) (kpi.Period, bool) {
	switch c.Kind {
	case sheet.Date:
		return kpi.PeriodOfCell(c)
	case sheet.Text:
		t := strings.TrimSpace(c.Text)
		if p, ok := isoMonth(t); ok {
			return p, true
		}
		if tm, ok := zoned(t); ok {
			u := tm.UTC()
			return kpi.Period{Year: u.Year(), Month: int(u.Month())}, true
		}
		return kpi.ParsePeriod(t)
	}
	return kpi.Period{}, false
}

// isoMonth places the commonest export spellings without time.Parse:
// 2026-01-31, 2026-01-31T23:30:00 (with optional fraction) and the same
// with Z or a ±hh:mm offset, by the UTC date. Anything else is left to the
// general path (ok false).
func isoMonth(s string) (kpi.Period, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return kpi.Period{}, false
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) || y < 1000 {
		return kpi.Period{}, false
	}
	p := kpi.Period{Year: y, Month: m}
	if len(s) == 10 {
		return p, true
	}
	if len(s) < 19 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':' {
		return kpi.Period{}, false
	}
	h, ok1 := digits(s[11:13])
	mi, ok2 := digits(s[14:16])
	if sec, ok3 := digits(s[17:19]); !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || sec > 59 {
		return kpi.Period{}, false
	}
	zone := s[19:]
	if strings.HasPrefix(zone, ".") {
		i := 1
		for i < len(zone) && zone[i] >= '0' && zone[i] <= '9' {
			i++
		}
		if i == 1 {
			return kpi.Period{}, false
		}
		zone = zone[i:]
	}
	switch {
	case zone == "" || zone == "Z":
		return p, true
	case len(zone) == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':':
		zh, ok1 := digits(zone[1:3])
		zm, ok2 := digits(zone[4:6])
		if !ok1 || !ok2 || zh > 23 || zm > 59 || y == 1000 && m == 1 && d == 1 {
			return kpi.Period{}, false
		}
		off := zh*60 + zm
		if zone[0] == '-' {
			off = -off
		}
		switch minute := h*60 + mi - off; {
		case minute < 0 && d == 1:
			return p.Add(-1), true
		case minute >= 24*60 && d == daysIn(y, m):
			return p.Add(1), true
		}
		return p, true
	}
	return kpi.Period{}, false
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// daysIn is the number of days of month m of year y (Gregorian).
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// zonedLayouts are date-times with a zone offset, as exports write them
// (PostgreSQL's text form included).
var zonedLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05Z07",
	"2006-01-02 15:04:05.999999999Z07",
	"2006-01-02T15:04Z07:00",
}

func zoned(s string) (time.Time, bool) {
	if len(s) < 16 || len(s) > 40 {
		return time.Time{}, false
	}
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
