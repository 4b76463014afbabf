package source

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/sheet"
)

// A test workbook is sheets of rows of Go values: string a text cell ("" no
// cell), float64 or int a number, date a date cell formatted mmm-yy, merge
// a text cell merged across n columns, errorCell a formula whose cached
// value is that error (as Excel saves =NA()), nil no cell.
type (
	wsheet struct {
		name string
		rows [][]any
	}
	date  time.Time
	merge struct {
		text string
		n    int
	}
	errorCell string
)

// errorCodes are the errors an errorCell may hold, by the placeholder
// formula written for them: excelize writes no cached error, so the
// placeholder is replaced in the sheet's XML.
var errorCodes = map[string]errorCell{"OPSREPORTNA()": "#N/A", "OPSREPORTDIV()": "#DIV/0!"}

func month(y, m int) date { return date(time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)) }

// workbook writes the sheets as an .xlsx file.
func workbook(t testing.TB, sheets ...wsheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("mmm-yy")})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			for c, v := range row {
				writeCell(t, f, s.name, r+1, c+1, v, dateStyle)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return withErrorCells(t, buf.Bytes())
}

// withErrorCells rewrites each placeholder formula cell as a cell whose
// cached value is the error, t="e", as Excel writes it.
func withErrorCells(t testing.TB, xlsx []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, e := range zr.File {
		b := readZipEntry(t, e)
		if strings.HasPrefix(e.Name, "xl/worksheets/") {
			for f, code := range errorCodes {
				b = regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"([^>]*) t="str"><f>`+regexp.QuoteMeta(f)+`</f></c>`).
					ReplaceAll(b, []byte(`<c r="$1"$2 t="e"><f>NA()</f><v>`+string(code)+`</v></c>`))
			}
		}
		w, err := zw.Create(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func readZipEntry(t testing.TB, e *zip.File) []byte {
	r, err := e.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeCell(t testing.TB, f *excelize.File, sh string, r, c int, v any, dateStyle int) {
	cell, _ := excelize.CoordinatesToCellName(c, r)
	var err error
	switch v := v.(type) {
	case nil:
		return
	case string:
		if v == "" {
			return
		}
		err = f.SetCellStr(sh, cell, v)
	case int:
		err = f.SetCellInt(sh, cell, int64(v))
	case float64:
		err = f.SetCellFloat(sh, cell, v, -1, 64)
	case date:
		if err = f.SetCellValue(sh, cell, time.Time(v)); err == nil {
			err = f.SetCellStyle(sh, cell, cell, dateStyle)
		}
	case errorCell:
		for formula, code := range errorCodes {
			if code == v {
				err = f.SetCellFormula(sh, cell, formula)
			}
		}
	case merge:
		end, _ := excelize.CoordinatesToCellName(c+v.n-1, r)
		if err = f.SetCellStr(sh, cell, v.text); err == nil {
			err = f.MergeCell(sh, cell, end)
		}
	default:
		t.Fatalf("cell %v: unsupported %T", cell, v)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

// testCatalog has the KPIs the tests read.
func testCatalog() *kpi.Catalog {
	return kpi.NewCatalog(
		&kpi.KPI{ID: "retail_total", Name: "Retail and food services", Unit: kpi.UnitCurrency, Pos: diag.Pos{File: "data/kpis.yaml", Line: 1}},
		&kpi.KPI{ID: "ecommerce", Name: "E-commerce sales", Unit: kpi.UnitCurrency, Pos: diag.Pos{File: "data/kpis.yaml", Line: 5}},
		&kpi.KPI{ID: "gafo", Name: "GAFO", Unit: kpi.UnitCurrency, Pos: diag.Pos{File: "data/kpis.yaml", Line: 9}},
		&kpi.KPI{ID: "revenue", Name: "Revenue", Unit: kpi.UnitCurrency, Pos: diag.Pos{File: "data/kpis.yaml", Line: 13}},
		&kpi.KPI{ID: "uptime", Name: "Uptime", Unit: kpi.UnitPercent, Pos: diag.Pos{File: "data/kpis.yaml", Line: 17}},
		&kpi.KPI{ID: "tickets", Name: "Tickets", Unit: kpi.UnitCount, Aggregate: kpi.Sum},
		&kpi.KPI{ID: "customers", Name: "Customers raising tickets", Unit: kpi.UnitCount, Aggregate: kpi.Sum},
		&kpi.KPI{ID: "res_p90", Name: "Resolution p90", Unit: kpi.UnitHours, Aggregate: kpi.Avg},
		&kpi.KPI{ID: "res_avg", Name: "Resolution mean", Unit: kpi.UnitHours, Aggregate: kpi.Avg},
		&kpi.KPI{ID: "p1", Name: "P1 tickets", Unit: kpi.UnitCount, Aggregate: kpi.Sum},
		&kpi.KPI{ID: "slow", Name: "Slow tickets", Unit: kpi.UnitCount, Aggregate: kpi.Sum},
		&kpi.KPI{ID: "temp", Name: "Temperature anomaly", Unit: kpi.UnitNumber, Aggregate: kpi.Avg},
		&kpi.KPI{ID: "cpi", Name: "Consumer prices", Unit: kpi.UnitNumber, Aggregate: kpi.Last},
	)
}

// load reads a data folder of files (names under data/) through
// sources.yaml, as a build does, and returns the store and diagnostics.
func load(t testing.TB, sourcesYAML string, files map[string][]byte) (*kpi.Store, *diag.List) {
	t.Helper()
	return loadFY(t, 1, sourcesYAML, files)
}

// loadFY is load with a fiscal year starting in month fiscalStart.
func loadFY(t testing.TB, fiscalStart int, sourcesYAML string, files map[string][]byte) (*kpi.Store, *diag.List) {
	t.Helper()
	fsys := fstest.MapFS{}
	var names []string
	for name, data := range files {
		fsys["data/"+name] = &fstest.MapFile{Data: data}
		names = append(names, "data/"+name)
	}
	slices.Sort(names)
	d := &diag.List{}
	cat := testCatalog()
	srcs := Parse([]byte(sourcesYAML), cat, []string{"warehouse"}, d)
	claimed := Match(srcs, names, d)
	l := kpi.NewLoader(cat, d)
	books := map[string]*sheet.Book{}
	for _, n := range names {
		b, err := sheet.Open(fsys, n)
		if err != nil {
			t.Fatalf("open %s: %v", n, err)
		}
		defer b.Close()
		books[n] = b
	}
	for _, s := range srcs {
		var bs []*sheet.Book
		for _, f := range claimed[s] {
			bs = append(bs, books[f])
		}
		if len(bs) > 0 {
			Read(s, bs, l, cat, fiscalStart, d)
		}
	}
	return l.Store(), d
}

// series renders a KPI's points as "2022-01 a=1 b=2; ...", series named by
// their first letter (actual, target, budget, forecast).
func series(st *kpi.Store, id string) string {
	var parts []string
	for _, p := range st.Points(id) {
		s := p.Period.String()
		for _, v := range []struct {
			name string
			o    kpi.Opt
		}{{"a", p.Actual}, {"t", p.Target}, {"b", p.Budget}, {"f", p.Forecast}} {
			if v.o.OK {
				s += fmt.Sprintf(" %s=%v", v.name, v.o.V)
			}
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// diagLines is the diagnostics, one a string.
func diagLines(d *diag.List) []string {
	var out []string
	for _, it := range d.Items() {
		out = append(out, it.String())
	}
	return out
}

func wantDiags(t *testing.T, d *diag.List, want ...string) {
	t.Helper()
	got := diagLines(d)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n got  %s\n want %s", strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
}
