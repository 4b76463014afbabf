package site

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
)

// TestExampleDownloads: every review of the example site has its scorecard
// as CSV and xlsx beside its page and the same bytes in its pack's zip;
// data/figures.xlsx holds figures.csv's rows, with months as date cells.
func TestExampleDownloads(t *testing.T) {
	var d diag.List
	out := Build(os.DirFS("../.."), Options{Look: opsreport.Builtin}, &d)
	if out == nil {
		t.Fatal("example site did not build")
	}
	reviews := 0
	for name, data := range out.Files {
		slug, ok := strings.CutPrefix(name, "packs/opsreport-")
		if !ok {
			continue
		}
		slug = strings.TrimSuffix(slug, ".zip")
		reviews++
		files := readZip(t, data)
		for _, f := range []string{"scorecard.csv", "scorecard.xlsx"} {
			page := out.Files["reviews/"+slug+"/"+f]
			if len(page) == 0 || !bytes.Equal(files[f], page) {
				t.Errorf("%s: %s beside the page (%d bytes) and in the zip (%d bytes) differ", slug, f, len(page), len(files[f]))
			}
		}
	}
	if reviews == 0 {
		t.Fatal("no pack in the example site")
	}
	book, err := excelize.OpenReader(bytes.NewReader(out.Files["data/figures.xlsx"]))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, err := book.GetRows("Figures", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	csvRows := strings.Count(string(out.Files["data/figures.csv"]), "\n")
	if len(rows) != csvRows {
		t.Errorf("figures.xlsx has %d rows, figures.csv %d lines", len(rows), csvRows)
	}
	// The first row after the header is activation_rate, 2024-11 (serial 45597).
	if len(rows) < 2 || rows[1][0] != "activation_rate" || rows[1][1] != "45597" {
		t.Errorf("first figures row %v, want activation_rate and the date serial of 1 November 2024", rows[1])
	}
}
