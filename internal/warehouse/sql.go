package warehouse

import (
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/source"
)

// column is one column of a table, as information_schema describes it.
type column struct {
	name, typ string
}

func (c column) numeric() bool {
	switch c.typ {
	case "smallint", "integer", "bigint", "numeric", "real", "double precision":
		return true
	}
	return false
}

func (c column) ident() string { return pgx.Identifier{c.name}.Sanitize() }

// recordsQuery is the SQL that computes a records source's KPIs in the
// database (SPEC 3a): every month between the table's first and last, and
// for each its month, quarter to date, fiscal year to date and trailing
// twelve months, from the records of each span. Only months × spans rows
// come back. count, sum, avg, min and max are summed from monthly partial
// aggregates; distinct counts and percentiles join the records to the
// spans, since they cannot be added up.
type recordsQuery struct {
	src     *source.Source
	cols    []column
	start   int // fiscal year's first month
	args    []any
	base    []string // select list of base, after m
	monthly []string
	alg     []string
	nonalg  []string
	out     []string // the final select list, one a KPI
}

// buildRecordsQuery compiles src against the table's columns; problems
// are reported at src's lines, and the query is "" when there are any.
func buildRecordsQuery(src *source.Source, table string, cols []column, fiscalStart int, d *diag.List) (string, []any) {
	q := &recordsQuery{src: src, cols: cols, start: fiscalStart}
	errs := d.Errors()
	date, ok := q.column(src.Date, src.At("date"), d)
	var month string
	if ok {
		switch date.typ {
		case "timestamp with time zone":
			month = fmt.Sprintf("date_trunc('month', %s AT TIME ZONE 'UTC')::date", date.ident())
		case "timestamp without time zone", "date":
			month = fmt.Sprintf("date_trunc('month', %s)::date", date.ident())
		default:
			d.Errorf(src.At("date"), "source %s: date column %s of %s is %s, not a date or timestamp: read it through a query that casts it", src.Name, date.name, table, date.typ)
		}
	}
	for i, rk := range src.KPIs {
		q.kpi(i, rk, d)
	}
	if d.Errors() > errs {
		return "", nil
	}
	return q.sql(table, date, month), q.args
}

// column finds a column by the name sources.yaml gives, matched as a
// sheet's header is (ignoring case, spacing and punctuation).
func (q *recordsQuery) column(name string, at diag.Pos, d *diag.List) (column, bool) {
	var names []string
	for _, c := range q.cols {
		if source.Norm(c.name) == source.Norm(name) {
			return c, true
		}
		names = append(names, c.name)
	}
	d.Errorf(at, "column %s is not in table %s%s (its columns: %s)", kpi.Quote(name), q.src.Table, diag.CloseTo(name, names), kpi.QuoteList(names, 12))
	return column{}, false
}

// param adds a query parameter and returns its placeholder.
func (q *recordsQuery) param(v any) string {
	q.args = append(q.args, v)
	return fmt.Sprintf("$%d", len(q.args))
}

// kpi adds KPI i's expressions.
func (q *recordsQuery) kpi(i int, rk source.RecordKPI, d *diag.List) {
	keep := fmt.Sprintf("k%d", i)
	cond := q.where(rk, d)
	q.base = append(q.base, fmt.Sprintf("(%s) AS %s", cond, keep))
	x := fmt.Sprintf("x%d", i)
	if rk.Agg != "count" {
		c, ok := q.column(rk.Column, rk.At("column"), d)
		if !ok {
			return
		}
		if rk.Agg != "distinct" && !c.numeric() {
			d.Errorf(rk.At("column"), "source %s: kpi %s: column %s of %s is %s, not a number: %s needs numbers", q.src.Name, rk.KPI.ID, c.name, q.src.Table, c.typ, rk.Agg)
			return
		}
		if rk.Agg == "distinct" {
			q.base = append(q.base, fmt.Sprintf("NULLIF(btrim(%s::text), '') AS %s", c.ident(), x))
		} else {
			q.base = append(q.base, fmt.Sprintf("%s::float8 AS %s", c.ident(), x))
		}
	}
	a := fmt.Sprintf("a%d", i)
	switch rk.Agg {
	case "count":
		q.monthly = append(q.monthly, fmt.Sprintf("count(*) FILTER (WHERE %s) AS %s_n", keep, a))
		q.alg = append(q.alg, fmt.Sprintf("coalesce(sum(%s_n), 0)::float8 AS %s", a, a))
	case "sum":
		q.monthly = append(q.monthly, fmt.Sprintf("sum(%s) FILTER (WHERE %s) AS %s_s", x, keep, a))
		q.alg = append(q.alg, fmt.Sprintf("coalesce(sum(%s_s), 0)::float8 AS %s", a, a))
	case "avg":
		q.monthly = append(q.monthly, fmt.Sprintf("sum(%s) FILTER (WHERE %s) AS %s_s, count(%s) FILTER (WHERE %s) AS %s_n", x, keep, a, x, keep, a))
		q.alg = append(q.alg, fmt.Sprintf("(sum(%s_s) / nullif(sum(%s_n), 0))::float8 AS %s", a, a, a))
	case "min", "max":
		q.monthly = append(q.monthly, fmt.Sprintf("%s(%s) FILTER (WHERE %s) AS %s_m", rk.Agg, x, keep, a))
		q.alg = append(q.alg, fmt.Sprintf("%s(%s_m)::float8 AS %s", rk.Agg, a, a))
	case "distinct":
		q.nonalg = append(q.nonalg, fmt.Sprintf("count(DISTINCT b.%s) FILTER (WHERE b.%s)::float8 AS %s", x, keep, a))
	default:
		q.nonalg = append(q.nonalg, fmt.Sprintf("percentile_cont(%s) WITHIN GROUP (ORDER BY b.%s) FILTER (WHERE b.%s) AS %s", percentileOf(rk.Agg), x, keep, a))
	}
	q.out = append(q.out, a)
}

func percentileOf(a source.Agg) string {
	switch a {
	case "p90":
		return "0.9"
	case "p95":
		return "0.95"
	case "p99":
		return "0.99"
	}
	return "0.5"
}

// where is the condition a record passes, its values as parameters: as
// numbers when the column and every value are numbers, else as text
// ignoring case. NULL (an empty cell) fails every comparison.
func (q *recordsQuery) where(rk source.RecordKPI, d *diag.List) string {
	conds := []string{"true"}
	for _, c := range rk.Where {
		col, ok := q.column(c.Column, c.Pos, d)
		if !ok {
			continue
		}
		conds = append(conds, q.cond(col, c))
	}
	return strings.Join(conds, " AND ")
}

func (q *recordsQuery) cond(col column, c source.Cond) string {
	numbers := col.numeric()
	var nums []float64
	for _, v := range c.Values {
		n, ok, _ := kpi.ParseNumber(v)
		numbers = numbers && ok
		nums = append(nums, n)
	}
	lhs, op := fmt.Sprintf("lower(NULLIF(btrim(%s::text), ''))", col.ident()), c.Op
	var rhs string
	switch {
	case numbers && op == "":
		return fmt.Sprintf("%s::float8 = ANY(%s::float8[])", col.ident(), q.param(nums))
	case numbers:
		return fmt.Sprintf("%s::float8 %s %s::float8", col.ident(), op, q.param(nums[0]))
	case op == "":
		var lower []string
		for _, v := range c.Values {
			lower = append(lower, strings.ToLower(v))
		}
		return fmt.Sprintf("%s = ANY(%s::text[])", lhs, q.param(lower))
	default:
		rhs = q.param(strings.ToLower(c.Values[0]))
	}
	return fmt.Sprintf("%s %s %s::text", lhs, op, rhs)
}

// sql assembles the statement. Spans are numbered 0 month, 1 quarter to
// date, 2 year to date, 3 trailing twelve months; a span starting before
// the first month is marked, and gives no value.
func (q *recordsQuery) sql(table string, date column, month string) string {
	var b strings.Builder
	fiscal := fmt.Sprintf("((extract(month FROM m)::int - %d + 12) %% 12)", q.start)
	fmt.Fprintf(&b, "WITH base AS (\n  SELECT %s AS m", month)
	for _, e := range q.base {
		b.WriteString(",\n    " + e)
	}
	fmt.Fprintf(&b, "\n  FROM %s\n  WHERE %s IS NOT NULL\n),\n", quoteTable(table), date.ident())
	b.WriteString("bounds AS (SELECT min(m) AS lo, max(m) AS hi FROM base),\n")
	b.WriteString("months AS (SELECT g::date AS m FROM bounds, generate_series(lo, hi, interval '1 month') AS g),\n")
	fmt.Fprintf(&b, `spans AS (
  SELECT m AS at, 0 AS span, m AS f FROM months
  UNION ALL SELECT m, 1, (m - make_interval(months => %s %% 3))::date FROM months
  UNION ALL SELECT m, 2, (m - make_interval(months => %s))::date FROM months
  UNION ALL SELECT m, 3, (m - interval '11 months')::date FROM months
)`, fiscal, fiscal)
	sel := []string{"s.at", "s.span", "s.f < (SELECT lo FROM bounds) AS outside"}
	joins := ""
	if len(q.monthly) > 0 {
		fmt.Fprintf(&b, ",\nmonthly AS (SELECT m, %s FROM base GROUP BY m)", strings.Join(q.monthly, ", "))
		fmt.Fprintf(&b, ",\nalg AS (SELECT s.at, s.span, %s FROM spans s LEFT JOIN monthly mo ON mo.m BETWEEN s.f AND s.at GROUP BY s.at, s.span)", strings.Join(q.alg, ", "))
		joins += " JOIN alg USING (at, span)"
	}
	if len(q.nonalg) > 0 {
		fmt.Fprintf(&b, ",\nnonalg AS (SELECT s.at, s.span, %s FROM spans s LEFT JOIN base b ON b.m BETWEEN s.f AND s.at GROUP BY s.at, s.span)", strings.Join(q.nonalg, ", "))
		joins += " JOIN nonalg USING (at, span)"
	}
	sel = append(sel, q.out...)
	fmt.Fprintf(&b, "\nSELECT %s\nFROM spans s%s\nORDER BY s.at, s.span", strings.Join(sel, ", "), joins)
	return b.String()
}

// quoteTable quotes schema.table for SQL.
func quoteTable(t string) string {
	return pgx.Identifier(strings.Split(t, ".")).Sanitize()
}

// splitTable is a table's schema ("" for the search path's) and name.
func splitTable(t string) (schema, name string) {
	if i := strings.IndexByte(t, '.'); i >= 0 {
		return t[:i], t[i+1:]
	}
	return "", t
}
