package kpi

import (
	"math"
	"reflect"
	"testing"

	"github.com/opsreport/opsreport/internal/diag"
)

// codecStore is a store with every kind of field set: points with and
// without each series, a comment, a formula's computed series, a records
// KPI's span, a month before year 0's index turns negative, NaN and -0
// bits, risks and actions with positions, and an open action's zero
// Closed period.
func codecStore() *Store {
	c := NewCatalog(&KPI{ID: "arr", Name: "arr"}, &KPI{ID: "churn", Name: "churn"}, &KPI{ID: "nps", Name: "nps"})
	span := &Span{QTD: Some(1.5), TTM: Some(-2), QTDFrom: Period{2026, 7}, YTDFrom: Period{2026, 4}}
	return &Store{
		Catalog: c,
		points: map[string][]Point{
			"arr": {
				{Period: Period{2026, 9}, Actual: Some(10), Target: Some(math.Copysign(0, -1)), Comment: "Ahead, as planned ✓"},
				{Period: Period{2026, 10}, Actual: Some(math.NaN()), Budget: Some(1e300), Forecast: Some(-3.25), computed: computedBudget | computedForecast},
			},
			"churn": {
				{Period: Period{0, 1}, Target: Some(0.1)},
				{Period: Period{2026, 10}, Actual: Some(7), Span: span},
			},
		},
		months: []Period{{0, 1}, {2026, 9}, {2026, 10}},
		Risks: []Risk{{ID: "R-01", Title: "Supplier", Owner: "Maya", Likelihood: 4, Impact: 5, Status: "open",
			Mitigation: "Second source", Due: "2026-12-31", Opened: "2026-02-01", Pos: diag.Pos{File: "data/risks.xlsx", Sheet: "Risks", Cell: "B7"}}},
		Actions: []Action{
			{ID: "A-1", Title: "Hire", Owner: "Ola", Due: "2026-11-30", Status: "done", Raised: Period{2026, 8}, Closed: Period{2026, 10}, Pos: diag.Pos{File: "data/actions.csv", Line: 3, Col: 1}},
			{ID: "A-2", Title: "Renew", Status: "open", Raised: Period{2026, 9}},
		},
	}
}

// TestStoreRoundTrips: a store encoded and decoded is the same store,
// down to each float's bits.
func TestStoreRoundTrips(t *testing.T) {
	s := codecStore()
	b := AppendStore(nil, s)
	got, err := DecodeStore(b, s.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	// reflect.DeepEqual takes NaN for unequal to itself: compare the bits.
	nan := func(s *Store) uint64 { return math.Float64bits(s.points["arr"][1].Actual.V) }
	if nan(got) != nan(s) {
		t.Errorf("NaN's bits %x, want %x", nan(got), nan(s))
	}
	got.points["arr"][1].Actual.V, s.points["arr"][1].Actual.V = 0, 0
	if !math.Signbit(got.points["arr"][0].Target.V) {
		t.Error("-0 lost its sign")
	}
	if !reflect.DeepEqual(got, s) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, s)
	}
}

// TestADamagedStoreIsNoStore: every cut of an encoded store, one more
// byte, or a KPI the catalog no longer has is an error, and any byte
// changed is an error or some store, never a panic (the values cache's
// CRC-32C, not the decoder, tells a changed store from the one written).
func TestADamagedStoreIsNoStore(t *testing.T) {
	s := codecStore()
	b := AppendStore(nil, s)
	for n := range len(b) {
		if _, err := DecodeStore(b[:n], s.Catalog); err == nil {
			t.Fatalf("a store cut to %d of its %d bytes decoded", n, len(b))
		}
	}
	if _, err := DecodeStore(append(b[:len(b):len(b)], 0), s.Catalog); err == nil {
		t.Error("a store with a byte more decoded")
	}
	if _, err := DecodeStore(b, NewCatalog(&KPI{ID: "arr", Name: "arr"})); err == nil {
		t.Error("a store whose KPI churn the catalog no longer has decoded")
	}
	// Any byte changed: an error or some store, never a panic.
	for i := range b {
		c := append([]byte(nil), b...)
		c[i] ^= 0xff
		DecodeStore(c, s.Catalog)
	}
}

// FuzzDecodeStore: whatever the bytes, DecodeStore returns an error or a
// store, never panics; a store it returns encodes to bytes it decodes
// again.
func FuzzDecodeStore(f *testing.F) {
	s := codecStore()
	b := AppendStore(nil, s)
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Add([]byte(storeMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := DecodeStore(b, s.Catalog)
		if err != nil {
			return
		}
		if _, err := DecodeStore(AppendStore(nil, got), s.Catalog); err != nil {
			t.Errorf("a decoded store encodes to bytes that do not decode: %v", err)
		}
	})
}
