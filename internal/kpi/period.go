package kpi

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/opsreport/opsreport/internal/sheet"
)

// Period is one calendar month. The zero Period is "no month".
type Period struct{ Year, Month int }

// IsZero reports whether p is the zero Period.
func (p Period) IsZero() bool { return p == Period{} }

// String is the ISO form "2026-10", the form figures.csv and URLs use.
func (p Period) String() string { return fmt.Sprintf("%04d-%02d", p.Year, p.Month) }

// Label is the form readers see: "Oct 2026".
func (p Period) Label() string {
	return fmt.Sprintf("%s %d", time.Month(p.Month).String()[:3], p.Year)
}

// Long is the form titles use: "October 2026".
func (p Period) Long() string { return fmt.Sprintf("%s %d", time.Month(p.Month), p.Year) }

// Index numbers months consecutively (Year*12 + Month - 1), so month
// arithmetic is integer arithmetic.
func (p Period) Index() int { return p.Year*12 + p.Month - 1 }

// periodOfIndex is the inverse of Index.
func periodOfIndex(i int) Period {
	y := i / 12
	if i < 0 && i%12 != 0 {
		y-- // floor division, so months before year 0 stay 1..12
	}
	return Period{Year: y, Month: i - y*12 + 1}
}

// Add moves p by months (negative goes back).
func (p Period) Add(months int) Period { return periodOfIndex(p.Index() + months) }

// Before reports whether p is an earlier month than q.
func (p Period) Before(q Period) bool { return p.Index() < q.Index() }

// FiscalYear names the fiscal year containing p by the calendar year in which
// that fiscal year ends (SPEC 4): with start 4, April 2026 to March 2027 is
// FY2027. start outside 1..12 is treated as 1 (calendar years).
func FiscalYear(p Period, start int) int {
	start = normStart(start)
	if start == 1 || p.Month < start {
		return p.Year
	}
	return p.Year + 1
}

// FiscalQuarter is the fiscal year and quarter (1..4) containing p: with start
// 4, April–June 2026 is FY2027 Q1.
func FiscalQuarter(p Period, start int) (fy, q int) {
	start = normStart(start)
	return FiscalYear(p, start), fiscalMonth(p, start)/3 + 1
}

// fiscalMonth is p's 0-based month within its fiscal year.
func fiscalMonth(p Period, start int) int { return (p.Month - start + 12) % 12 }

// QuarterStart is the first month of the fiscal quarter containing p.
func QuarterStart(p Period, start int) Period {
	start = normStart(start)
	return p.Add(-(fiscalMonth(p, start) % 3))
}

// YearStart is the first month of the fiscal year containing p.
func YearStart(p Period, start int) Period {
	start = normStart(start)
	return p.Add(-fiscalMonth(p, start))
}

func normStart(start int) int {
	if start < 1 || start > 12 {
		return 1
	}
	return start
}

// ParsePeriod reads a month written as any of:
//
//	2026-10   2026/10   2026-10-01   2026-10-01T00:00:00(Z|±hh:mm)   2026-10-01 00:00:00
//	Oct 2026   October 2026   Sept 2026   Oct-26   Oct-2026   Oct. 2026   2026 Oct
//	10/2026   10-2026   10/1/2026   1/10/2026 (see below)
//
// Month names are English, any case; a two-digit year is 20yy. Years run from
// 1000 to 9999. A full date must be a real day (2026-02-30 is not).
//
// Slash dates a/b/yyyy are ambiguous between the US (month first) and most
// other places (day first). A period column holds first-of-month dates, so
// the reading whose day is 1 wins: 10/1/2026 and 1/10/2026 are both October
// 2026. Where neither part is 1 (or one is above 12 the other reading wins
// outright), an impossible reading is dropped, and two possible readings
// with different months are refused rather than guessed.
func ParsePeriod(s string) (Period, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 40 {
		return Period{}, false
	}
	if p, ok := parseISOPeriod(s); ok {
		return p, true
	}
	if p, ok := parseNamedPeriod(s); ok {
		return p, true
	}
	return parseNumericPeriod(s)
}

// parseISOPeriod reads yyyy-mm, yyyy/mm, yyyy-mm-dd and ISO date-times.
func parseISOPeriod(s string) (Period, bool) {
	if len(s) < 7 || !allDigits(s[:4]) || (s[4] != '-' && s[4] != '/') {
		return Period{}, false
	}
	if len(s) == 7 {
		return makePeriod(s[:4], s[5:7])
	}
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return Period{}, false
	}
	t, ok := parseISODate(s)
	if !ok {
		return Period{}, false
	}
	return Period{Year: t.Year(), Month: int(t.Month())}, true
}

// isoLayouts are the date and date-time spellings spreadsheets and JSON
// exports produce. Parsing keeps the written date; no zone is converted.
var isoLayouts = []string{
	"2006-01-02",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
}

func parseISODate(s string) (time.Time, bool) {
	for _, layout := range isoLayouts {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 1000 {
			return t, true
		}
	}
	return time.Time{}, false
}

// monthNames maps English month names and their common abbreviations.
var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
	"october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

// MonthName reads a month's name alone, as the column headers of a years ×
// months table give it: "Jan", "January", "Sept.", "M01" (the statistics
// offices' code). Case does not matter.
func MonthName(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), "."))
	if m, ok := monthNames[s]; ok {
		return m, true
	}
	if len(s) == 3 && s[0] == 'm' && allDigits(s[1:]) {
		if m := int(s[1]-'0')*10 + int(s[2]-'0'); m >= 1 && m <= 12 {
			return m, true
		}
	}
	return 0, false
}

// parseNamedPeriod reads "Oct 2026", "October-26", "Oct. 2026", "2026 Oct".
func parseNamedPeriod(s string) (Period, bool) {
	fields := splitPeriodWords(s)
	if len(fields) != 2 {
		return Period{}, false
	}
	name, year := strings.ToLower(fields[0]), fields[1]
	if allDigits(name) {
		name, year = strings.ToLower(fields[1]), fields[0]
		if len(year) != 4 { // "26 Oct" reads as a day, not a year
			return Period{}, false
		}
	}
	m, ok := monthNames[name]
	if !ok || !allDigits(year) {
		return Period{}, false
	}
	return yearMonth(year, m)
}

// splitPeriodWords splits on a single separator run of spaces, '-', '/',
// '.', ',' or an apostrophe, so "Oct. 2026" and "Oct '26" both give two words.
func splitPeriodWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '-' || r == '/' || r == '.' || r == ',' || r == '\'' || r == '\u00a0'
	})
}

// parseNumericPeriod reads mm/yyyy, mm-yyyy and a/b/yyyy dates.
func parseNumericPeriod(s string) (Period, bool) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if strings.Count(s, "/")+strings.Count(s, "-")+strings.Count(s, ".") != len(parts)-1 {
		return Period{}, false // empty parts: "10//2026"
	}
	switch len(parts) {
	case 2:
		if len(parts[1]) != 4 || len(parts[0]) > 2 {
			return Period{}, false
		}
		return makePeriod(parts[1], parts[0])
	case 3:
		return slashDate(parts[0], parts[1], parts[2])
	}
	return Period{}, false
}

// slashDate resolves a/b/yyyy as explained on ParsePeriod.
func slashDate(a, b, year string) (Period, bool) {
	if len(year) != 4 || len(a) > 2 || len(b) > 2 || !allDigits(a+b+year) || a == "" || b == "" {
		return Period{}, false
	}
	x, _ := strconv.Atoi(a)
	y, _ := strconv.Atoi(b)
	yr, _ := strconv.Atoi(year)
	us, usOK := dayExists(yr, x, y) // month first
	eu, euOK := dayExists(yr, y, x) // day first
	switch {
	case usOK && euOK && us != eu:
		if y == 1 && x != 1 {
			return us, true
		}
		if x == 1 && y != 1 {
			return eu, true
		}
		return Period{}, false
	case usOK:
		return us, true
	case euOK:
		return eu, true
	}
	return Period{}, false
}

// dayExists reports whether day is a real day of month in year.
func dayExists(year, month, day int) (Period, bool) {
	if month < 1 || month > 12 || day < 1 || year < 1000 {
		return Period{}, false
	}
	last := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return Period{Year: year, Month: month}, day <= last
}

func makePeriod(year, month string) (Period, bool) {
	if !allDigits(month) || len(month) == 0 || len(month) > 2 {
		return Period{}, false
	}
	m, _ := strconv.Atoi(month)
	return yearMonth(year, m)
}

// yearMonth builds a period from a 2- or 4-digit year and a month number.
func yearMonth(year string, m int) (Period, bool) {
	if m < 1 || m > 12 || !allDigits(year) {
		return Period{}, false
	}
	y, _ := strconv.Atoi(year)
	switch len(year) {
	case 2:
		y += 2000
	case 4:
		if y < 1000 {
			return Period{}, false
		}
	default:
		return Period{}, false
	}
	return Period{Year: y, Month: m}, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// PeriodOfCell reads a period cell: a date cell gives its month; a text cell
// is read by ParsePeriod; a number cell is read only when it is a whole
// number spelling yyyymm (202610), which is what a "2026-10" header becomes
// when a tool strips the dash. Any other number is refused: a bare Excel
// serial (46296) without a date format is more likely a mistake than a
// date, and guessing would shift a series silently.
func PeriodOfCell(c sheet.Cell) (Period, bool) {
	switch c.Kind {
	case sheet.Date:
		if c.Time.Year() < 1000 || c.Time.Year() > 9999 {
			return Period{}, false
		}
		return Period{Year: c.Time.Year(), Month: int(c.Time.Month())}, true
	case sheet.Text:
		return ParsePeriod(c.Text)
	case sheet.Number:
		return periodOfNumber(c.Num)
	}
	return Period{}, false
}

func periodOfNumber(v float64) (Period, bool) {
	if v != float64(int64(v)) || v < 100001 || v > 999912 {
		return Period{}, false
	}
	n := int(v)
	p := Period{Year: n / 100, Month: n % 100}
	if p.Year < 1000 || p.Month < 1 || p.Month > 12 {
		return Period{}, false
	}
	return p, true
}
