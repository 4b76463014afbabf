package kpi

import (
	"math"
	"strings"
	"testing"
)

// TestCompactNumber checks the shortened forms against hand-written text:
// three significant digits, the scale moving up when rounding reaches a
// thousand, the locale's marks and words, negatives.
func TestCompactNumber(t *testing.T) {
	tests := []struct {
		v       float64
		display Display
		locale  string
		want    string
	}{
		{5350000, DisplayAuto, "en-US", "5.35M"},
		{1200, DisplayAuto, "en-US", "1.2k"},
		{1000, DisplayAuto, "en-US", "1.0k"},
		{1234, DisplayAuto, "en-US", "1.23k"},
		{1235, DisplayAuto, "en-US", "1.24k"}, // half away from zero, on the decimal digits
		{12345, DisplayAuto, "en-US", "12.3k"},
		{123456, DisplayAuto, "en-US", "123k"},
		{999499, DisplayAuto, "en-US", "999k"},
		{999500, DisplayAuto, "en-US", "1.0M"},
		{999950, DisplayAuto, "en-US", "1.0M"},
		{9995000, DisplayAuto, "en-US", "10M"},
		{1393464, DisplayAuto, "en-US", "1.39M"},
		{-1393464, DisplayAuto, "en-US", "-1.39M"},
		{2500000000, DisplayAuto, "en-US", "2.5B"},
		{4321000000000, DisplayAuto, "en-US", "4,321B"},
		{5350000, DisplayAuto, "de-DE", "5,35\u00a0Mio."},
		{1200, DisplayAuto, "de-DE", "1,2\u00a0Tsd."},
		{-2500000000, DisplayAuto, "de-DE", "-2,5\u00a0Mrd."},
		{5350000, DisplayAuto, "fr-FR", "5,35\u202fM"},
		{1200, DisplayAuto, "fr-FR", "1,2\u202fk"},
		{2500000000, DisplayAuto, "fr-FR", "2,5\u202fMd"},
		{5350000, DisplayAuto, "ja-JP", "5.35M"},
		{5350000, DisplayAuto, "xx-YY", "5.35M"},
		{1393464, DisplayThousands, "en-US", "1,393k"},
		{1393464, DisplayThousands, "fr-FR", "1\u202f393\u202fk"},
		{1393464, DisplayMillions, "en-US", "1.39M"},
		{450000, DisplayMillions, "en-US", "0.45M"},
		{1393464, DisplayBillions, "en-US", "0.0B"},
		{-0.4, DisplayThousands, "en-US", "0.0k"},
	}
	for _, tt := range tests {
		got, ok := CompactNumber(tt.v, tt.display, tt.locale)
		if !ok || got != tt.want {
			t.Errorf("CompactNumber(%v, %s, %s) = %q, %v; want %q", tt.v, tt.display, tt.locale, got, ok, tt.want)
		}
	}
	for _, tt := range []struct {
		v       float64
		display Display
	}{{999, DisplayAuto}, {-999.4, DisplayAuto}, {5350000, DisplayUnits}} {
		if got, ok := CompactNumber(tt.v, tt.display, "en-US"); ok {
			t.Errorf("CompactNumber(%v, %s) = %q, want no shortening", tt.v, tt.display, got)
		}
	}
}

func TestFormatShort(t *testing.T) {
	money := &KPI{Unit: UnitCurrency, Decimals: 0, Display: DisplayAuto}
	count := &KPI{Unit: UnitCount, Decimals: 0, Display: DisplayAuto}
	exact := &KPI{Unit: UnitCurrency, Decimals: 0, Display: DisplayUnits}
	pct := &KPI{Unit: UnitPercent, Decimals: 1, Display: DisplayMillions}
	tests := []struct {
		k      *KPI
		v      float64
		locale string
		want   string
	}{
		{money, 5350000, "en-US", "$5.35M"},
		{money, -1393464, "en-US", "-$1.39M"},
		{money, 5350000, "de-DE", "5,35\u00a0Mio.\u00a0€"},
		{money, 5350000, "fr-FR", "5,35\u202fM\u00a0€"},
		{money, 950, "en-US", "$950"},
		{count, 1200, "en-US", "1.2k"},
		{count, 142, "en-US", "142"},
		{exact, 5350000, "en-US", "$5,350,000"},
		{pct, 99.71, "en-US", "99.7%"},
	}
	for _, tt := range tests {
		cur := "USD"
		if tt.locale != "en-US" {
			cur = "EUR"
		}
		if got := tt.k.FormatShort(tt.v, tt.locale, cur); got != tt.want {
			t.Errorf("%s FormatShort(%v, %s) = %q, want %q", tt.k.Unit, tt.v, tt.locale, got, tt.want)
		}
	}
}

func TestFormatNewUnits(t *testing.T) {
	tests := []struct {
		k    *KPI
		v    float64
		want string
	}{
		{&KPI{Unit: UnitMonths, Decimals: 1}, 17.5, "17.5\u00a0months"},
		{&KPI{Unit: UnitMonths, Decimals: 0}, 1, "1\u00a0month"},
		{&KPI{Unit: UnitMultiple, Decimals: 1}, 3.24, "3.2×"},
		{&KPI{Unit: UnitBasisPts, Decimals: 0}, 45, "45\u00a0bp"},
	}
	for _, tt := range tests {
		if got := tt.k.Format(tt.v, "en-US", "USD"); got != tt.want {
			t.Errorf("%s Format(%v) = %q, want %q", tt.k.Unit, tt.v, got, tt.want)
		}
	}
	if got := (&KPI{Unit: UnitMultiple, Decimals: 1}).FormatDelta(-0.26, false, "de-DE", "EUR"); got != "-0,3×" {
		t.Errorf("multiple delta %q", got)
	}
	if got := (&KPI{Unit: UnitBasisPts, Decimals: 0}).FormatDelta(12, false, "en-US", "USD"); got != "+12\u00a0bp" {
		t.Errorf("basis points delta %q", got)
	}
}

// TestCompactNumberEveryLocale: every locale a site may name shortens with
// its own decimal mark and a scale word.
func TestCompactNumberEveryLocale(t *testing.T) {
	for _, loc := range Locales() {
		got, ok := CompactNumber(1250000, DisplayAuto, loc)
		words, sep := CompactWords(loc)
		if want := FormatNumber(1.25, 2, loc) + sep + words[1]; !ok || got != want {
			t.Errorf("%s: %q, want %q", loc, got, want)
		}
	}
}

// TestDisplayTableInREADME: the README's table of display forms.
func TestDisplayTableInREADME(t *testing.T) {
	money := func(d Display) *KPI { return &KPI{Unit: UnitCurrency, Display: d} }
	count := func(d Display) *KPI { return &KPI{Unit: UnitCount, Display: d} }
	rows := map[Display][3]string{
		DisplayAuto:      {"$5.35M", "1.2k", "950"},
		DisplayUnits:     {"$5,352,000", "1,200", "950"},
		DisplayThousands: {"$5,352k", "1.2k", "0.95k"},
		DisplayMillions:  {"$5.35M", "0.0M", "0.0M"},
		DisplayBillions:  {"$0.01B", "0.0B", "0.0B"},
	}
	for d, want := range rows {
		got := [3]string{money(d).FormatShort(5352000, "en-US", "USD"), count(d).FormatShort(1200, "en-US", ""), count(d).FormatShort(950, "en-US", "")}
		if got != want {
			t.Errorf("%s: %q, want %q", d, got, want)
		}
	}
}

// TestCompactNumberStaysClose: over many magnitudes, the shortened form
// read back is within half a unit of its last digit of the value, and
// never shows four digits before the mark below billions.
func TestCompactNumberStaysClose(t *testing.T) {
	scales := map[string]float64{"k": 1e3, "M": 1e6, "B": 1e9}
	for _, base := range []float64{1000, 1234.5, 9994.9, 9995, 99949, 99950, 999499, 999500, 1e6 - 1, 12345678, 999949999, 999950000, 2.5e12} {
		for _, v := range []float64{base, -base, base * 1.0001} {
			got, ok := CompactNumber(v, DisplayAuto, "en-US")
			if !ok {
				t.Fatalf("%v not shortened", v)
			}
			word := got[len(got)-1:]
			num, _, _ := ParseNumber(got[:len(got)-1])
			intPart, frac, _ := strings.Cut(strings.TrimPrefix(got[:len(got)-1], "-"), ".")
			unit := math.Pow(10, -float64(len(frac))) * scales[word]
			if math.Abs(num*scales[word]-v) > unit/2+1e-6*math.Abs(v) {
				t.Errorf("%v shortened to %q, more than half a unit off", v, got)
			}
			if len(strings.ReplaceAll(intPart, ",", "")) > 3 && word != "B" {
				t.Errorf("%v shortened to %q: four digits below billions", v, got)
			}
		}
	}
}
