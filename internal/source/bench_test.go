package source

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/sheet"
)

// The benchmark workbooks hold the same cells two ways: 30 year sheets of
// 400 series × 12 months (180,000 cells, 0.6 MB), months across (a title block, a code and a label
// column, a TOTAL column) or months down (a period column, a column per
// series). Reading the first must cost no more than 1.3× the second.
const (
	benchSheets = 30
	benchSeries = 400
)

func benchCatalog() (*kpi.Catalog, string) {
	var kpis []*kpi.KPI
	var src strings.Builder
	src.WriteString("  series:\n")
	for i := range benchSeries {
		id := fmt.Sprintf("s%03d", i)
		kpis = append(kpis, &kpi.KPI{ID: id, Name: id, Unit: kpi.UnitCurrency})
		fmt.Fprintf(&src, "    %s: Kind of business number %d, total\n", id, i)
	}
	return kpi.NewCatalog(kpis...), src.String()
}

func acrossBook(b *testing.B) []byte {
	var sheets []wsheet
	for y := range benchSheets {
		year := 1993 + y
		header := []any{"NAICS Code", "Kind of Business"}
		for m := 1; m <= 12; m++ {
			header = append(header, fmt.Sprintf("%s. %d", monthAbbr[m-1], year))
		}
		rows := [][]any{{fmt.Sprintf("Estimated Monthly Sales: %d", year)}, {"[millions of dollars]"}, {}, append(header, "TOTAL")}
		for s := range benchSeries {
			r := []any{fmt.Sprintf("44%d", s), fmt.Sprintf("Kind of business number %d, total", s)}
			for m := range 12 {
				r = append(r, float64(100000+s*1000+m)+0.5)
			}
			rows = append(rows, append(r, 1234567.0))
		}
		sheets = append(sheets, wsheet{name: fmt.Sprint(year), rows: rows})
	}
	return workbook(b, sheets...)
}

func downBook(b *testing.B) []byte {
	var sheets []wsheet
	for y := range benchSheets {
		year := 1993 + y
		header := []any{"Month"}
		for s := range benchSeries {
			header = append(header, fmt.Sprintf("Kind of business number %d, total", s))
		}
		rows := [][]any{header}
		for m := range 12 {
			r := []any{fmt.Sprintf("%s. %d", monthAbbr[m], year)}
			for s := range benchSeries {
				r = append(r, float64(100000+s*1000+m)+0.5)
			}
			rows = append(rows, r)
		}
		sheets = append(sheets, wsheet{name: fmt.Sprint(year), rows: rows})
	}
	return workbook(b, sheets...)
}

var monthAbbr = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

func benchRead(b *testing.B, data []byte, layout string) {
	cat, series := benchCatalog()
	d := &diag.List{}
	srcs := Parse([]byte("- file: book.xlsx\n  layout: "+layout+"\n"+series), cat, nil, d)
	if d.HasErrors() {
		b.Fatal(d.Items())
	}
	fsys := fstest.MapFS{"data/book.xlsx": {Data: data}}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		bk, err := sheet.Open(fsys, "data/book.xlsx")
		if err != nil {
			b.Fatal(err)
		}
		l := kpi.NewLoader(cat, d)
		Read(srcs[0], []*sheet.Book{bk}, l, cat, 1, d)
		if st := l.Store(); len(st.Months()) != benchSheets*12 || d.HasErrors() {
			b.Fatalf("%d months, %v", len(st.Months()), d.Items())
		}
		bk.Close()
	}
}

func BenchmarkReadMonthsAcross(b *testing.B) { benchRead(b, acrossBook(b), "months-across") }
func BenchmarkReadMonthsDown(b *testing.B)   { benchRead(b, downBook(b), "months-down") }
