package chart

import (
	"math"
	"testing"
)

func TestFormatValue(t *testing.T) {
	tests := []struct {
		f    Format
		v    float64
		want string
	}{
		{Format{}, 1234567.891, "1,234,568"},
		{Format{Decimals: 2, Prefix: "$"}, 1234567.891, "$1,234,567.89"},
		{Format{Decimals: 1, Prefix: "$"}, -1234.56, "-$1,234.6"},
		{Format{Decimals: 1, Suffix: "%"}, 97.5, "97.5%"},
		{Format{Decimals: 1}, -0.04, "0.0"}, // no "-0.0"
		{Format{}, 2.5, "3"},                // half away from zero
		{Format{}, -2.5, "-3"},
		{Format{Decimals: 2, Suffix: " d"}, 0, "0.00 d"},
		{Format{Decimals: 1, Locale: "de-DE"}, 1234.5, "1.234,5"},
		// CLDR's French grouping is a narrow no-break space, as kpi's.
		{Format{Decimals: 1, Locale: "fr-FR", Suffix: "%"}, -1234.5, "-1\u202f234,5%"},
		{Format{Decimals: 2}, 1.005, "1.01"}, // rounded as the tables round
		{Format{Decimals: 1, Locale: "not a locale!"}, 1234.5, "1,234.5"},
		{Format{Decimals: -3}, 12.7, "13"},
		{Format{Prefix: "$"}, math.NaN(), "–"},
		{Format{}, math.Inf(-1), "-Inf"},
	}
	for _, tt := range tests {
		if got := tt.f.Value(tt.v); got != tt.want {
			t.Errorf("%+v.Value(%v) = %q, want %q", tt.f, tt.v, got, tt.want)
		}
	}
}
