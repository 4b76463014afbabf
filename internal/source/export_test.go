package source

import "testing"

// CensusWorkbook is the test's statistics-office workbook, for the build
// test in package source_test.
var CensusWorkbook = censusWorkbook

// NoteWorkbook is a workbook of one notes sheet: nothing to read.
func NoteWorkbook(t testing.TB) []byte {
	return workbook(t, wsheet{name: "README", rows: [][]any{{"How to fill this workbook"}}})
}
