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
	ctes    []string // one chain of CTEs a distinct count or percentile
	joins   []string // the CTEs the final select joins
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
			d.Errorf(src.At("date"), "source %s: date column %s of %s is %s, not a date or timestamp: read a view that casts it (CREATE VIEW … AS SELECT %s::timestamptz …)", src.Name, date.name, table, date.typ, date.name)
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
		switch rk.Agg {
		case "distinct":
			q.base = append(q.base, fmt.Sprintf("NULLIF(btrim(%s::text), '') AS %s", c.ident(), x))
		case "sum", "avg":
			// Summed exactly, in a fixed result whatever the order the
			// database adds in (parallel workers), as a file's sum is
			// cleaned of float noise.
			q.base = append(q.base, fmt.Sprintf("%s::numeric AS %s", c.ident(), x))
		default:
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
		q.distinct(a, x, keep)
	default:
		q.percentile(a, x, keep, rk.Agg.Percentile())
	}
	q.out = append(q.out, a)
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
	var parts []string
	if c.Op != "" {
		return q.compare(col, c.Op, c.Values[0])
	}
	for _, v := range c.Values {
		parts = append(parts, q.compare(col, "=", v))
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// compare is one comparison of a column with an operand, decided as a
// records file decides it (source.Cond): a plain-number operand compares
// numerically with the cell's plain number (a text cell that is none
// fails); any other operand compares as lower-case text, byte by byte.
func (q *recordsQuery) compare(col column, op, operand string) string {
	if n, ok := source.PlainNumber(operand); ok {
		num := fmt.Sprintf("%s::float8", col.ident())
		if !col.numeric() {
			num = fmt.Sprintf(`CASE WHEN btrim(%[1]s::text) ~ '^-?[0-9]+(\.[0-9]+)?$' THEN btrim(%[1]s::text)::float8 END`, col.ident())
		}
		return fmt.Sprintf("%s %s %s::float8", num, op, q.param(n))
	}
	return fmt.Sprintf(`lower(NULLIF(btrim(%s::text), '')) COLLATE "C" %s lower(%s::text) COLLATE "C"`, col.ident(), op, q.param(operand))
}

// sql assembles the statement. Spans are numbered 0 month, 1 quarter to
// date, 2 year to date, 3 trailing twelve months; a span starting before
// the first month is marked, and gives no value.
func (q *recordsQuery) sql(table string, date column, month string) string {
	var b strings.Builder
	fiscal := fmt.Sprintf("((extract(month FROM m)::int - %d + 12) %% 12)", q.start)
	// base is read by each aggregate's own scan (NOT MATERIALIZED), so
	// the records are never copied and the scans can run in parallel.
	fmt.Fprintf(&b, "WITH base AS NOT MATERIALIZED (\n  SELECT %s AS m", month)
	for _, e := range q.base {
		b.WriteString(",\n    " + e)
	}
	fmt.Fprintf(&b, "\n  FROM %s\n  WHERE %s IS NOT NULL\n),\n", quoteTable(table), date.ident())
	// monthly groups every record by month once; the bounds come from it,
	// not from another scan.
	monthly := append([]string{"count(*) AS records"}, q.monthly...)
	fmt.Fprintf(&b, "monthly AS (SELECT m, %s FROM base GROUP BY m),\n", strings.Join(monthly, ", "))
	b.WriteString("bounds AS (SELECT min(m) AS lo, max(m) AS hi FROM monthly),\n")
	b.WriteString("months AS (SELECT g::date AS m FROM bounds, generate_series(lo, hi, interval '1 month') AS g),\n")
	fmt.Fprintf(&b, `spans AS (
  SELECT m AS at, 0 AS span, m AS f FROM months
  UNION ALL SELECT m, 1, (m - make_interval(months => %s %% 3))::date FROM months
  UNION ALL SELECT m, 2, (m - make_interval(months => %s))::date FROM months
  UNION ALL SELECT m, 3, (m - interval '11 months')::date FROM months
)`, fiscal, fiscal)
	// After the span: the records with no date (counted once), and each
	// month's records, for the messages a records file gives.
	sel := []string{"s.at", "s.span", "s.f < (SELECT lo FROM bounds) AS outside",
		fmt.Sprintf("(SELECT count(*) FROM %s WHERE %s IS NULL) AS undated", quoteTable(table), date.ident()),
		"CASE WHEN s.span = 0 THEN (SELECT mo.records FROM monthly mo WHERE mo.m = s.at) END AS records"}
	joins := ""
	if len(q.monthly) > 0 {
		fmt.Fprintf(&b, ",\nalg AS (SELECT s.at, s.span, %s FROM spans s LEFT JOIN monthly mo ON mo.m BETWEEN s.f AND s.at GROUP BY s.at, s.span)", strings.Join(q.alg, ", "))
		joins += " JOIN alg USING (at, span)"
	}
	for _, c := range q.ctes {
		b.WriteString(",\n" + c)
	}
	for _, j := range q.joins {
		joins += " LEFT JOIN " + j + " USING (at, span)"
	}
	sel = append(sel, q.out...)
	fmt.Fprintf(&b, "\nSELECT %s\nFROM spans s%s\nORDER BY s.at, s.span", strings.Join(sel, ", "), joins)
	return b.String()
}

// distinct counts a column's distinct values over each span without
// joining the records to the spans: a value counts in span [f, at] when
// one of its months m has f <= m <= at and its previous month p (if any)
// is before f. So the (month, previous month) pairs of every distinct
// (month, value), counted, are all a span needs: at most months² rows.
func (q *recordsQuery) distinct(a, x, keep string) {
	q.ctes = append(q.ctes, fmt.Sprintf(`%[1]s_pairs AS (SELECT DISTINCT m, %[2]s AS x FROM base WHERE %[3]s AND %[2]s IS NOT NULL),
%[1]s_cells AS (SELECT m, p, count(*) AS n FROM (SELECT m, lag(m) OVER (PARTITION BY x ORDER BY m) AS p FROM %[1]s_pairs) t GROUP BY m, p),
%[1]s_span AS (SELECT s.at, s.span, coalesce(sum(c.n), 0)::float8 AS %[1]s FROM spans s
  LEFT JOIN %[1]s_cells c ON c.m BETWEEN s.f AND s.at AND (c.p IS NULL OR c.p < s.f) GROUP BY s.at, s.span)`, a, x, keep))
	q.joins = append(q.joins, a+"_span")
}

// percentile computes percentile_cont over each span (the same numbers as
// percentile_cont(p) WITHIN GROUP (ORDER BY x), without sorting each
// span's records) from the counts of
// each (month, value): the ranks ⌊x⌋ and ⌈x⌉ of x = p × (n − 1) are found
// in the span's cumulative counts, and lo + (hi − lo) × (x − ⌊x⌋) is
// percentile_cont's own interpolation, with p in hundredths so the ranks
// and the fraction are exact, as the records reader computes them. Durations and amounts repeat, so
// the counts are far fewer than the records.
func (q *recordsQuery) percentile(a, x, keep string, p int) {
	q.ctes = append(q.ctes, fmt.Sprintf(`%[1]s_vc AS (SELECT m, %[2]s AS x, count(*) AS n FROM base WHERE %[3]s AND %[2]s IS NOT NULL GROUP BY m, %[2]s),
%[1]s_sv AS (SELECT s.at, s.span, v.x, sum(v.n) AS n FROM spans s JOIN %[1]s_vc v ON v.m BETWEEN s.f AND s.at GROUP BY s.at, s.span, v.x),
%[1]s_cum AS (SELECT at, span, x, n, sum(n) OVER w - n AS before, sum(n) OVER (PARTITION BY at, span) AS total
  FROM %[1]s_sv WINDOW w AS (PARTITION BY at, span ORDER BY x)),
%[1]s_pos AS (SELECT DISTINCT at, span, div(%[4]d * (total - 1), 100) AS r, mod(%[4]d * (total - 1), 100) AS rem FROM %[1]s_cum),
%[1]s_span AS (SELECT ps.at, ps.span, lo.x + (hi.x - lo.x) * (ps.rem::float8 / 100) AS %[1]s FROM %[1]s_pos ps
  JOIN %[1]s_cum lo ON lo.at = ps.at AND lo.span = ps.span AND lo.before <= ps.r AND ps.r < lo.before + lo.n
  JOIN %[1]s_cum hi ON hi.at = ps.at AND hi.span = ps.span AND hi.before <= ps.r + sign(ps.rem) AND ps.r + sign(ps.rem) < hi.before + hi.n)`, a, x, keep, p))
	q.joins = append(q.joins, a+"_span")
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
