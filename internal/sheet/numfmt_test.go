package sheet

import (
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestClassifyCode(t *testing.T) {
	tests := map[string]fmtClass{
		"General":                    fmtGeneral,
		"GENERAL":                    fmtGeneral,
		"0.00":                       fmtGeneral,
		"#,##0":                      fmtGeneral,
		`"$"#,##0.00`:                fmtGeneral,
		`#,##0.00\ "р."`:             fmtGeneral,
		`_("$"* #,##0.00_)`:          fmtGeneral,
		`[$$-409]#,##0.00`:           fmtGeneral,
		"0.00E+00":                   fmtGeneral,
		`0.0" days"`:                 fmtGeneral, // the d is quoted
		`0\d`:                        fmtGeneral, // the d is escaped
		"0.00%":                      fmtPercent,
		"00.000%":                    fmtPercent,
		`0.0" %"`:                    fmtGeneral, // the % is quoted
		`0%;[Red]-0%`:                fmtPercent,
		"yyyy-mm-dd":                 fmtDate,
		`yyyy\-mm\-dd;@`:             fmtDate,
		`yyyy"-"mm"-"dd`:             fmtDate,
		`mmmm" "yyyy`:                fmtDate,
		"M/d/yyyy H:mm:ss":           fmtDate,
		"DD.MM.YY":                   fmtDate,
		`[$-409]mmm\ yyyy`:           fmtDate,
		`[$-411]ggge"年"m"月"d"日"`:     fmtDate,
		"h:mm AM/PM":                 fmtDate,
		"[hh]:mm:ss":                 fmtDuration,
		"[h]:mm":                     fmtDuration,
		"[mm]:ss":                    fmtDuration,
		`[Red]0.00`:                  fmtGeneral,
		`[DBNum1][$-804]General`:     fmtGeneral,
		`#,##0.00;[Red]\(#,##0.00\)`: fmtGeneral,
		`0.00;"d"0.00`:               fmtGeneral, // only the first section counts
		`"unterminated`:              fmtGeneral,
		`[unterminated`:              fmtGeneral,
	}
	for code, want := range tests {
		if got := classifyCode(code); got != want {
			t.Errorf("classifyCode(%q) = %d, want %d", code, got, want)
		}
	}
}

func TestClassifyBuiltin(t *testing.T) {
	want := map[int]fmtClass{0: fmtGeneral, 2: fmtGeneral, 9: fmtPercent, 10: fmtPercent, 14: fmtDate, 18: fmtDate,
		22: fmtDate, 37: fmtGeneral, 45: fmtDate, 46: fmtDuration, 47: fmtDate, 49: fmtGeneral, 57: fmtDate}
	for id, w := range want {
		if got := classifyBuiltin(id); got != w {
			t.Errorf("classifyBuiltin(%d) = %d, want %d", id, got, w)
		}
	}
}

func TestSerialToTime(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		serial float64
		date04 bool
		want   time.Time
	}{
		{1, false, day(1900, 1, 1)},
		{59, false, day(1900, 2, 28)},
		{60, false, day(1900, 3, 1)}, // Excel's 29 February 1900, which never was
		{61, false, day(1900, 3, 1)},
		{44197, false, day(2021, 1, 1)},
		{44197.5, false, day(2021, 1, 1).Add(12 * time.Hour)},
		{0, true, day(1904, 1, 1)},
		{1, true, day(1904, 1, 2)},
		{42735, true, day(2021, 1, 1)},
		{2958465, false, day(9999, 12, 31)},
	}
	for _, tt := range tests {
		got, ok := serialToTime(tt.serial, tt.date04)
		if !ok || !got.Equal(tt.want) {
			t.Errorf("serialToTime(%v, %v) = %v, %v; want %v", tt.serial, tt.date04, got, ok, tt.want)
		}
		if back := timeToSerial(got, tt.date04); tt.serial != 60 && back != tt.serial {
			t.Errorf("timeToSerial(%v) = %v, want %v", got, back, tt.serial)
		}
	}
	for _, bad := range []float64{-1, 2958466} {
		if _, ok := serialToTime(bad, false); ok {
			t.Errorf("serialToTime(%v) accepted", bad)
		}
	}
}

// TestSerialToTimeAgreesWithExcelize: where excelize v2.11.0's
// ExcelDateToTime is right (1900 serials from 61, all 1904 serials), ours
// gives the same instant.
func TestSerialToTimeAgreesWithExcelize(t *testing.T) {
	for _, serial := range []float64{61, 367.25, 25569, 44197, 44197.423726851855, 46296.999988425923, 2958465} {
		for _, date04 := range []bool{false, true} {
			want, err := excelize.ExcelDateToTime(serial, date04)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := serialToTime(serial, date04)
			if d := got.Sub(want); d < -time.Millisecond || d > time.Millisecond {
				t.Errorf("serial %v (1904 %v): got %v, excelize %v", serial, date04, got, want)
			}
		}
	}
}
