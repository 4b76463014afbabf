package warehouse

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/sheet"
	"github.com/opsreport/opsreport/internal/source"
)

// pullQuery runs a query source's SQL and reads its result as a sheet,
// through the same rules as a file in the months-down or long shape.
func pullQuery(ctx context.Context, conn *pgx.Conn, fsys fs.FS, s *source.Source, cat *kpi.Catalog, d *diag.List) (Pulled, error) {
	file := "data/" + s.Query
	sql, err := fs.ReadFile(fsys, file)
	if err != nil {
		d.Errorf(s.At("query"), "source %s: query %s cannot be read: %v", s.Name, file, errors.Unwrap(err))
		return Pulled{}, nil
	}
	rows, err := conn.Query(ctx, string(sql))
	if err != nil {
		return Pulled{}, err
	}
	defer rows.Close()
	var header sheet.Row
	for i, f := range rows.FieldDescriptions() {
		header.Cells = append(header.Cells, sheet.Cell{Row: 1, Col: i + 1, Kind: sheet.Text, Text: f.Name})
	}
	header.Num = 1
	table := []sheet.Row{header}
	var sent int64
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return Pulled{}, err
		}
		for _, raw := range rows.RawValues() {
			sent += int64(len(raw))
		}
		table = append(table, resultRow(len(table)+1, vals))
	}
	if err := rows.Err(); err != nil {
		return Pulled{}, err
	}
	sh := sheet.NewSheet(file, "result", false, table)
	bk := &sheet.Book{File: file, Sheets: []*sheet.Sheet{sh}}
	r := source.Collect(s, []*sheet.Book{bk}, cat, 1, d)
	p := valuesCSV(s, r.Values, d)
	p.Bytes = sent
	return p, nil
}

// resultRow turns a result row into sheet cells: times are date cells,
// numbers number cells, the rest text.
func resultRow(n int, vals []any) sheet.Row {
	row := sheet.Row{Num: n}
	for i, v := range vals {
		c := sheet.Cell{Row: n, Col: i + 1}
		switch x := v.(type) {
		case nil:
			continue
		case time.Time:
			c.Kind, c.Time = sheet.Date, x.UTC()
		case float64:
			c.Kind, c.Num = sheet.Number, x
		case float32:
			c.Kind, c.Num = sheet.Number, float64(x)
		case int16, int32, int64, int:
			c.Kind, c.Num = sheet.Number, float64(toInt64(x))
		case string:
			c.Kind, c.Text = sheet.Text, x
		default:
			if f, ok := numericValue(x); ok {
				c.Kind, c.Num = sheet.Number, f
			} else {
				c.Kind, c.Text = sheet.Text, fmt.Sprint(x)
			}
		}
		row.Cells = append(row.Cells, c)
	}
	return row
}

func toInt64(v any) int64 {
	switch n := v.(type) {
	case int16:
		return int64(n)
	case int32:
		return int64(n)
	case int64:
		return n
	case int:
		return int64(n)
	}
	return 0
}

// numericValue reads a NUMERIC through its float64 form.
func numericValue(v any) (float64, bool) {
	n, ok := v.(pgtype.Numeric)
	if !ok {
		return 0, false
	}
	f, err := n.Float64Value()
	return f.Float64, err == nil && f.Valid
}

// valuesCSV writes a query source's pulled file: long, sorted by KPI id
// then month, one column per series.
// A value the result gives twice, for the same KPI, month and series, is an
// error naming both result cells, as in a workbook.
func valuesCSV(s *source.Source, vals []kpi.Value, d *diag.List) Pulled {
	type row struct {
		series [4]kpi.Opt
		at     [4]diag.Pos
	}
	byKPI := map[string]map[kpi.Period]*row{}
	for _, v := range vals {
		i := slices.Index([]string{kpi.SeriesActual, kpi.SeriesTarget, kpi.SeriesBudget, kpi.SeriesForecast}, v.Series)
		if i < 0 {
			continue
		}
		m := byKPI[v.KPI.ID]
		if m == nil {
			m = map[kpi.Period]*row{}
			byKPI[v.KPI.ID] = m
		}
		r := m[v.Period]
		if r == nil {
			r = &row{}
			m[v.Period] = r
		}
		if r.series[i].OK {
			d.Errorf(v.Pos, "%s given twice for kpi %s, %s (first at %s)", v.Series, v.KPI.ID, v.Period, r.at[i])
			continue
		}
		r.series[i], r.at[i] = kpi.Some(v.V), v.Pos
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(source.PulledHeader)
	ids := make([]string, 0, len(byKPI))
	for id := range byKPI {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	n := 0
	for _, id := range ids {
		for _, p := range sortedPeriods(byKPI[id]) {
			r := byKPI[id][p]
			w.Write([]string{id, p.String(), kpi.PlainNumber(r.series[0]), kpi.PlainNumber(r.series[1]), kpi.PlainNumber(r.series[2]), kpi.PlainNumber(r.series[3])})
			n++
		}
	}
	w.Flush()
	return Pulled{Source: s, CSV: buf.Bytes(), Rows: n}
}
