package source

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/sheet"
)

// FuzzAcrossHeader feeds rows of text cells ("|" between cells, "\n"
// between rows) to the months-across header detection and the reading
// under it: no panic, every month column a real month right of the labels,
// labels normalised to a fixed point, and a value only from a month column.
func FuzzAcrossHeader(f *testing.F) {
	f.Add("NAICS Code|Kind of Business|Jan. 2022|Feb. 2022|Aug. 2022(p)|TOTAL\n|GAFO(1)|1|2|(S)|3")
	f.Add("|Oct-26|Nov-26\n|Actual|Budget|Var\nRevenue|1|2|3")
	f.Add("2026-01|2026-02\nADJUSTED(2)\nuptime|99.9|99.8")
	f.Add("Q1 FY26|YTD|CY CUM|10/2026|October 2026")
	f.Fuzz(fuzzAcross)
}

func fuzzAcross(t *testing.T, text string) {
	{
		if len(text) > 4096 {
			return
		}
		rows := textRows(text)
		sh := sheet.NewSheet("data/f.xlsx", "S", false, rows)
		cat := kpi.NewCatalog(&kpi.KPI{ID: "uptime", Name: "Uptime", Unit: kpi.UnitPercent}, &kpi.KPI{ID: "revenue", Name: "Revenue", Unit: kpi.UnitCurrency})
		d := &diag.List{}
		st := newState(&Source{Name: "f", Layout: MonthsAcross, Kind: kpi.SeriesActual, Scale: 1, Block: "adjusted", Gaps: []string{"(S)"}}, cat, d)
		st.file = sh.File
		var tb table
		for _, r := range rows {
			if tb != nil {
				tb = tb.read(r)
			} else {
				tb = st.header(sh, r)
			}
			if at, ok := tb.(*acrossTable); ok {
				for col, c := range at.cols {
					if col < at.firstCol || c.period.Month < 1 || c.period.Month > 12 || c.period.Year < 1000 || c.period.Year > 9999 {
						t.Fatalf("bad month column %d: %+v (first %d)", col, c, at.firstCol)
					}
				}
			}
		}
		for _, v := range st.values {
			if v.Col <= 1 && v.Row > 0 {
				t.Fatalf("a value from a label column: %+v", v)
			}
		}
		for _, c := range rows {
			for _, cell := range c.Cells {
				if n := norm(cell.Text); norm(n) != n {
					t.Fatalf("norm(%q) = %q is no fixed point", cell.Text, n)
				}
			}
		}
	}
}

// FuzzISOMonth: whatever the fast path places, time.Parse places in the
// same month (by its UTC date when there is a zone).
func FuzzISOMonth(f *testing.F) {
	for _, s := range []string{"2026-01-31", "2026-01-31T23:30:00-05:00", "2026-02-01 00:30:00.25+02:00", "2026-12-31T23:00:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := isoMonth(s)
		if !ok {
			return
		}
		layouts := []string{"2006-01-02", "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00"}
		for _, l := range layouts {
			if tm, err := time.Parse(l, s); err == nil {
				u := tm.UTC()
				if want := (kpi.Period{Year: u.Year(), Month: int(u.Month())}); want != p {
					t.Fatalf("%q: isoMonth %v, time.Parse %v", s, p, want)
				}
				return
			}
		}
		t.Fatalf("%q: isoMonth placed it in %v, time.Parse reads none of it", s, p)
	})
}

// textRows reads a fuzz input as rows of text cells: "|" between cells,
// "\n" between rows, an empty cell left out.
func textRows(text string) []sheet.Row {
	var rows []sheet.Row
	for i, line := range strings.Split(text, "\n") {
		r := sheet.Row{Num: i + 1}
		for j, cell := range strings.Split(line, "|") {
			if cell != "" {
				r.Cells = append(r.Cells, sheet.Cell{Row: i + 1, Col: j + 1, Kind: sheet.Text, Text: cell})
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// FuzzYearsDown feeds rows of text cells ("|" between cells, "\n" between
// rows) to the years-down reader: no panic, and every value a real month
// of a year from 1000 to 2999, read from a column headed by a month name.
func FuzzYearsDown(f *testing.F) {
	f.Add("GLOBAL Temperature\nYear|Jan|Feb|Mar|J-D\n1880|-43|-27|****|-28\n2024(p)|1|2\nYear|Jan|Feb|Mar\n1900|1|2|3")
	f.Add("Series Id: CUUR0000SA0\n|Year|M01|M02|M03|Annual\n|2023|299.17|300.84|301.836|304.702\nAverage|1|2|3")
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 4096 {
			return
		}
		rows := textRows(text)
		sh := sheet.NewSheet("data/f.csv", "f", true, rows)
		cat := kpi.NewCatalog(&kpi.KPI{ID: "temp", Name: "Temp", Unit: kpi.UnitNumber})
		d := &diag.List{}
		st := newState(&Source{Name: "f", Layout: YearsDown, Kind: kpi.SeriesActual, Scale: 1, Gaps: []string{"****"},
			Series: []Series{{KPI: cat.Get("temp")}}}, cat, d)
		st.file = sh.File
		st.readSheet(sh)
		for _, v := range st.values {
			if v.Period.Year < 1000 || v.Period.Year > 2999 || v.Period.Month < 1 || v.Period.Month > 12 {
				t.Fatalf("value in no month: %+v", v)
			}
			if v.Col < 2 {
				t.Fatalf("a value from the year column: %+v", v)
			}
			if !slices.ContainsFunc(rows, func(r sheet.Row) bool {
				return slices.ContainsFunc(r.Cells, func(c sheet.Cell) bool {
					m, ok := kpi.MonthName(stripFootnote(c.Text))
					return ok && m == v.Period.Month && c.Col == v.Col && c.Row < v.Row
				})
			}) {
				t.Fatalf("value %+v under no header of its month", v)
			}
		}
	})
}
