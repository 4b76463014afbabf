package kpi

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestParseNumberSpellings(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		pct  bool
	}{
		{"1234.5", 1234.5, false},
		{"1,234.5", 1234.5, false},
		{"1,234", 1234, false},
		{"1,234,567", 1234567, false},
		{"$1,234", 1234, false},
		{"$ 1,234.50", 1234.5, false},
		{"-$1,234", -1234, false},
		{"$-1,234", -1234, false},
		{"($1,234)", -1234, false},
		{"(22.41)", -22.41, false},
		{"-5", -5, false},
		{"−5", -5, false}, // U+2212 minus sign
		{"+5", 5, false},
		{"97.5%", 97.5, true},
		{"97.5 %", 97.5, true},
		{"-2.5%", -2.5, true},
		{"(3%)", -3, true},
		{"€ 1.200", 1.2, false}, // a lone '.' is always a decimal point
		{"€ 1.200,50", 1200.5, false},
		{"1.234,5 €", 1234.5, false},
		{"1.234.567", 1234567, false},
		{"97,5", 97.5, false},
		{"0,125", 0.125, false},
		{"0.125", 0.125, false},
		{"12,3456", 12.3456, false},
		{"1 234,5", 1234.5, false},
		{"1\u00a0234,5", 1234.5, false},
		{"1\u202f234,5", 1234.5, false},
		{"1'234.5", 1234.5, false},
		{"1’234.5", 1234.5, false},
		{"£42", 42, false},
		{"42 €", 42, false},
		{".5", 0.5, false},
		{"1e6", 1e6, false},
		{"1.5E-3", 0.0015, false},
		{"-2.5e+2", -250, false},
		{"  7  ", 7, false},
		{"-0", 0, false},
		{"007", 7, false},
	}
	for _, tt := range tests {
		v, ok, pct := ParseNumber(tt.in)
		if !ok || v != tt.want || pct != tt.pct {
			t.Errorf("ParseNumber(%q) = %v, %v, %v; want %v, true, %v", tt.in, v, ok, pct, tt.want, tt.pct)
		}
	}
	if v, _, _ := ParseNumber("-0"); math.Signbit(v) {
		t.Errorf("ParseNumber(-0) kept the negative zero")
	}
}

func TestParseNumberRefuses(t *testing.T) {
	for _, in := range []string{
		"", "n/a", "-", "—", "$", "%", ".", "1,23,4", "1.234,5.6", "1,2,3", "12 34",
		"1,234 567", "--5", "-(5)", "5-", "NaN", "Inf", "0x10", "1_000", "1e", "e5",
		"1.2.3,4", "(5", "5)", "$$5", "1 ,5", "1e400", "TRUE", "2026-10",
		strings.Repeat("9", 65),
	} {
		if v, ok, _ := ParseNumber(in); ok {
			t.Errorf("ParseNumber(%q) = %v, want refused", in, v)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1,234.5", "(22.41)", "97.5%", "€ 1.200,50", "1 234,5", "-$1,234", "1e6", "0,125"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok, pct := ParseNumber(s)
		if !ok {
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || (v == 0 && math.Signbit(v)) {
			t.Fatalf("ParseNumber(%q) = %v", s, v)
		}
		// The plain spelling figures.csv writes reads back exactly.
		plain := strconv.FormatFloat(v, 'f', -1, 64)
		if len(plain) <= maxNumberLen {
			if w, ok, p := ParseNumber(plain); !ok || w != v || p {
				t.Fatalf("ParseNumber(%q) = %v; %q reads %v %v %v", s, v, plain, w, ok, p)
			}
		}
		// So does the en-US display spelling at full precision, with '%'.
		if pct && math.Abs(v) < 1e15 {
			shown := FormatNumber(v, 6, "en-US") + "%"
			w, ok, p := ParseNumber(shown)
			if !ok || !p || math.Abs(w-v) > 1e-6 {
				t.Fatalf("ParseNumber(%q) = %v; %q reads %v %v %v", s, v, shown, w, ok, p)
			}
		}
	})
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		v        float64
		decimals int
		locale   string
		want     string
	}{
		{1234.5, 1, "en-US", "1,234.5"},
		{1234.5, 1, "en-GB", "1,234.5"},
		{1234.5, 1, "de-DE", "1.234,5"},
		{1234.5, 1, "fr-FR", "1\u202f234,5"},
		{1234.5, 1, "de-CH", "1’234.5"},
		{1234.5, 1, "sv-SE", "1\u00a0234,5"},
		{1234.5, 1, "de_AT", "1\u00a0234,5"},
		{1234.5, 1, "de-LU", "1.234,5"}, // unknown region: the language's default
		{1234.5, 1, "xx-YY", "1,234.5"}, // unknown language: en-US
		{1234567.891, 2, "en-US", "1,234,567.89"},
		{-1234567, 0, "en-US", "-1,234,567"},
		{999.5, 0, "en-US", "1,000"}, // carry into a new group
		{2.5, 0, "en-US", "3"},       // half away from zero, not to even
		{-2.5, 0, "en-US", "-3"},
		{1.005, 2, "en-US", "1.01"}, // the written 1.005, not its binary 1.00499…
		{0.1 + 0.2, 2, "en-US", "0.30"},
		{-0.004, 2, "en-US", "0.00"}, // no minus on a shown zero
		{12, 3, "en-US", "12.000"},
		{12.3456, -1, "en-US", "12"}, // negative decimals read as 0
		{100, 0, "en-US", "100"},
		{123456, 0, "en-US", "123,456"},
		{1e21, 0, "en-US", "1,000,000,000,000,000,000,000"},
	}
	for _, tt := range tests {
		if got := FormatNumber(tt.v, tt.decimals, tt.locale); got != tt.want {
			t.Errorf("FormatNumber(%v, %d, %s) = %q, want %q", tt.v, tt.decimals, tt.locale, got, tt.want)
		}
	}
	if !KnownLocale("de-DE") || KnownLocale("de-LU") {
		t.Errorf("KnownLocale")
	}
}

func TestKPIFormat(t *testing.T) {
	money := &KPI{Unit: UnitCurrency, Decimals: 0}
	pct := &KPI{Unit: UnitPercent, Decimals: 1}
	days := &KPI{Unit: UnitDays, Decimals: 1}
	mins := &KPI{Unit: UnitMinutes, Decimals: 0}
	count := &KPI{Unit: UnitCount, Decimals: 0}
	ratio := &KPI{Unit: UnitRatio, Decimals: 2}
	tests := []struct {
		k                *KPI
		v                float64
		locale, currency string
		want             string
	}{
		{money, 4200000, "en-US", "USD", "$4,200,000"},
		{money, 4200000, "en-US", "", "$4,200,000"},
		{money, -1200, "en-US", "USD", "-$1,200"},
		{money, 4200000, "de-DE", "EUR", "4.200.000\u00a0€"},
		{money, -1200, "de-DE", "EUR", "-1.200\u00a0€"},
		{money, 1234, "en-GB", "gbp", "£1,234"},
		{money, 1234, "de-CH", "CHF", "CHF\u00a01’234"},
		{money, 1234, "en-US", "NOK", "NOK\u00a01,234"},
		{pct, 97.5, "en-US", "", "97.5%"},
		{pct, 97.5, "de-DE", "", "97,5\u00a0%"},
		{pct, 99.95, "en-US", "", "100.0%"},
		{days, 3.46, "en-US", "", "3.5\u00a0days"},
		{&KPI{Unit: UnitDays}, 1, "en-US", "", "1\u00a0day"},
		{days, 1, "en-US", "", "1.0\u00a0days"},
		{mins, 42, "en-US", "", "42\u00a0minutes"},
		{&KPI{Unit: UnitHours, Decimals: 1}, 4.25, "en-US", "", "4.3\u00a0hours"},
		{count, 1234, "fr-FR", "", "1\u202f234"},
		{ratio, 3.2, "en-US", "", "3.20"},
	}
	for _, tt := range tests {
		if got := tt.k.Format(tt.v, tt.locale, tt.currency); got != tt.want {
			t.Errorf("%s %v %s %s: %q, want %q", tt.k.Unit, tt.v, tt.locale, tt.currency, got, tt.want)
		}
	}
}

func TestKPIFormatDelta(t *testing.T) {
	money := &KPI{Unit: UnitCurrency, Decimals: 0}
	pct := &KPI{Unit: UnitPercent, Decimals: 1}
	days := &KPI{Unit: UnitDays, Decimals: 1}
	tests := []struct {
		k        *KPI
		v        float64
		asPct    bool
		locale   string
		currency string
		want     string
	}{
		{pct, 1.2, false, "en-US", "", "+1.2\u00a0pts"},
		{pct, -0.35, false, "en-US", "", "-0.4\u00a0pts"},
		{pct, 0.04, false, "en-US", "", "0.0\u00a0pts"},
		{money, 1200, false, "en-US", "USD", "+$1,200"},
		{money, -1200, false, "en-US", "USD", "-$1,200"},
		{money, -1200, false, "de-DE", "EUR", "-1.200\u00a0€"},
		{money, 5.3, true, "en-US", "USD", "+5.3%"},
		{money, -12.345, true, "de-DE", "EUR", "-12,3\u00a0%"},
		{days, 2, false, "en-US", "", "+2.0\u00a0days"},
		{days, 0, true, "en-US", "", "0.0%"},
	}
	for _, tt := range tests {
		if got := tt.k.FormatDelta(tt.v, tt.asPct, tt.locale, tt.currency); got != tt.want {
			t.Errorf("%s %v pct=%v %s: %q, want %q", tt.k.Unit, tt.v, tt.asPct, tt.locale, got, tt.want)
		}
	}
}

// TestLocalesAreTheFormattedOnes checks that the list a configuration is
// checked against is the formatter's own.
func TestLocalesAreTheFormattedOnes(t *testing.T) {
	got := Locales()
	if len(got) != len(locales) || !slices.IsSorted(got) {
		t.Fatalf("Locales() = %v", got)
	}
	for _, l := range got {
		if !KnownLocale(l) {
			t.Errorf("%s is listed but not formatted", l)
		}
	}
}
