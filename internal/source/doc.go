// Package source reads data/sources.yaml (SPEC 3a): which files, sheets,
// rows and columns of real workbooks become which KPI values. A file that
// no source names is read by the kpi package's two shapes (SPEC 3); a file
// a source names is read only as its sources say.
//
// A source reads its sheets in one of three layouts:
//
//   - months-across: a header row of months (below title rows, in any
//     column; `Jan. 2022`, `Aug. 2022(p)`, date cells), one row per series,
//     labelled by the text cells left of the months. Columns headed by
//     something that is not a month (TOTAL, CY CUM, Q1, FY26) are ignored.
//     A second header row of series words under the months (Actual, Budget,
//     Var) gives each column its series; a column headed by another word is
//     ignored. Heading rows (one text cell, no values) split a sheet into
//     blocks; `block` reads only the rows under the matching heading, up to
//     the next heading of the same kind (same column, same letter case).
//   - months-down: a period column and one column per series;
//   - long: kpi, period and series columns;
//   - records: one row per event, aggregated into monthly KPIs (count,
//     sum, avg, min, max, distinct, median, p90, p95, p99, with where);
//     their quarter, year to date and trailing twelve months come from the
//     records of each span (kpi.Span), not from the months.
//
// A source with database reads instead what `opsreport pull` wrote for it
// in data/pulled/NAME.csv (ReadPulled); internal/warehouse runs it.
//
// Without `layout`, each sheet's first header row decides. Labels, headers
// and `kpi` cells match a source's `series` ignoring case, spacing,
// punctuation and trailing footnote marks (`GAFO(1)` is `gafo`); series a
// source does not name are ignored silently. A source without `series`
// matches labels against the catalog's ids and names instead, and lists
// what it ignored in one warning per file.
//
// Values pass through `gaps` (texts that mean no value), then `scale`; the
// kpi.Loader they are added to reports a value given twice, naming both
// cells, whichever source or file gave them.
package source
