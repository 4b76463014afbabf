// Package kpi is the numbers of opsreport: the KPI catalog (SPEC 2), the
// values, risk register and action log read from sheets (SPEC 3), and the
// figures derived from them (SPEC 5).
//
// It is pure: it receives bytes and *sheet.Sheet values and never touches
// the file system, the clock or randomness, so the same input always gives
// the same figures. A user's mistake is a diag.Diagnostic with the place it
// came from ("data/metrics.xlsx: Monthly!C14: "n/a" is not a number (kpi
// nps, 2026-03)"); loading goes on past it so a build reports every problem
// at once.
//
// The flow is
//
//	cat := kpi.ParseCatalogYAML(file, src, diags)   // or ParseCatalogSheet
//	l := kpi.NewLoader(cat, diags)
//	l.AddSheet(s) ...                               // every data sheet
//	store := l.Store()                              // duplicates reported here
//	figs := kpi.Compute(store, fiscalYearStart)
//
// A formula KPI (formula.go) is computed when the store is built: its
// months from its components' months, its spans (Store.Rollup: quarters,
// year to date, trailing twelve months) from its components' roll-ups.
//
// An empty cell is no value, never zero: Opt carries "no value", and every
// derived figure that would need a missing value is itself missing.
package kpi
