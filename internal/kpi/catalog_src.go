package kpi

import (
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/sheet"
	"github.com/opsreport/opsreport/internal/yamlpos"
)

// ParseCatalogYAML reads data/kpis.yaml. The file is either a list of
// records or a mapping with one key, kpis, holding that list; both read the
// same, so a catalog may start with the list or name it:
//
//	kpis:
//	  - id: arr
//	    name: ARR
//	    unit: currency
//
// Every problem is reported at its line and column; an unknown field gets a
// did-you-mean. A record with a bad or duplicate id is left out.
func ParseCatalogYAML(file string, src []byte, d *diag.List) *Catalog {
	b := newCatalogBuilder(d)
	top := yamlpos.File(file).Parse(src, "", d)
	if top == nil {
		return b.cat
	}
	list := catalogList(file, top, d)
	if list == nil {
		return b.cat
	}
	for _, n := range list.Content {
		if r, ok := yamlRecord(file, n, d); ok {
			b.add(r)
		}
	}
	return b.done()
}

func nodePos(file string, n *yaml.Node) diag.Pos { return yamlpos.File(file).Pos(n) }

// catalogList finds the list of records: the document itself, or the value
// of its kpis key.
func catalogList(file string, n *yaml.Node, d *diag.List) *yaml.Node {
	switch n.Kind {
	case yaml.SequenceNode:
		return n
	case yaml.MappingNode:
		var list *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			if key.Value != "kpis" {
				d.Errorf(nodePos(file, key), "unknown field %q%s", key.Value, diag.DidYouMean(key.Value, []string{"kpis"}))
				continue
			}
			if val.Kind != yaml.SequenceNode {
				d.Errorf(nodePos(file, val), "kpis must be a list of KPI records")
				continue
			}
			list = val
		}
		return list
	}
	d.Errorf(nodePos(file, n), "the KPI catalog must be a list of KPI records")
	return nil
}

// yamlRecord collects one record's fields, reporting unknown and
// non-scalar ones.
func yamlRecord(file string, n *yaml.Node, d *diag.List) (record, bool) {
	if n.Kind != yaml.MappingNode {
		d.Errorf(nodePos(file, n), "a KPI record must be a mapping of fields (id, name, unit, ...)")
		return record{}, false
	}
	r := record{pos: nodePos(file, n), fields: map[string]field{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		if !knownField(file, key, d) {
			continue
		}
		if val.Kind == yaml.AliasNode && val.Alias != nil {
			val = val.Alias
		}
		if val.Kind != yaml.ScalarNode {
			d.Errorf(nodePos(file, val), "%s must be a single value", key.Value)
			continue
		}
		if val.Tag == "!!null" {
			continue // "target:" with nothing after it means no target
		}
		r.fields[key.Value] = yamlField(file, key.Value, val)
	}
	return r, true
}

// yamlField is one scalar field. A single-line plain or quoted scalar's
// text sits on its line as written, so places inside it, a formula's ids,
// get their own columns (an escape in a quoted scalar would shift them, but
// no valid formula holds a quote or a backslash).
func yamlField(file, name string, val *yaml.Node) field {
	f := field{name: name, text: strings.TrimSpace(val.Value), pos: nodePos(file, val)}
	lead := len(val.Value) - len(strings.TrimLeft(val.Value, " \t"))
	switch {
	case strings.Contains(val.Value, "\n"):
	case val.Style == 0:
		f.textCol = val.Column + lead
	case val.Style == yaml.DoubleQuotedStyle || val.Style == yaml.SingleQuotedStyle:
		f.textCol = val.Column + 1 + lead
	}
	return f
}

// knownField reports an unknown key. A key given twice in one record is
// yamlpos's to report, as in any mapping.
func knownField(file string, key *yaml.Node, d *diag.List) bool {
	if !slices.Contains(catalogFields, key.Value) {
		d.Errorf(nodePos(file, key), "unknown field %q%s", key.Value, diag.DidYouMean(key.Value, catalogFields))
		return false
	}
	return true
}

// ParseCatalogSheet reads the catalog from a table: data/kpis.csv or a
// workbook sheet named KPIs. The header row is the first row with an id
// cell (title rows above it are skipped) and holds the field names of SPEC
// 2 in any order and case; every later row with any cell is one record.
func ParseCatalogSheet(s *sheet.Sheet, d *diag.List) *Catalog {
	b := newCatalogBuilder(d)
	var cols map[int]string // column → field name
	for row := range s.Rows() {
		if cols == nil {
			if hasCell(row, "id") {
				cols = catalogHeader(s, row, d)
			}
			continue
		}
		if r, ok := sheetRecord(s, row, cols, d); ok {
			b.add(r)
		}
	}
	if err := s.Err(); err != nil {
		addReadError(s, err, d)
		return b.cat
	}
	if cols == nil {
		d.Errorf(diag.Pos{File: s.File, Sheet: sheetName(s)}, "no header row with an id column: the KPI catalog needs columns %s", strings.Join(catalogFields, ", "))
	}
	return b.done()
}

// sheetName is the name a position shows: none for a CSV file.
func sheetName(s *sheet.Sheet) string {
	if s.CSV {
		return ""
	}
	return s.Name
}

// addReadError records a reading failure: the sheet package reports file
// problems as diagnostics, anything else is wrapped with the file's name.
func addReadError(s *sheet.Sheet, err error, d *diag.List) {
	if dg, ok := err.(diag.Diagnostic); ok {
		d.Add(dg)
		return
	}
	d.Errorf(diag.Pos{File: s.File, Sheet: sheetName(s)}, "%v", err)
}

func catalogHeader(s *sheet.Sheet, row sheet.Row, d *diag.List) map[int]string {
	cols := map[int]string{}
	seen := map[string]bool{}
	for _, c := range row.Cells {
		name := headerName(c)
		switch {
		case name == "":
		case !slices.Contains(catalogFields, name):
			d.Errorf(s.CellPos(c), "unknown column %q%s", cellText(c), diag.DidYouMean(name, catalogFields))
		case seen[name]:
			d.Errorf(s.CellPos(c), "column %s given twice", name)
		default:
			cols[c.Col], seen[name] = name, true
		}
	}
	return cols
}

// sheetRecord turns one catalog row into a record; a row with no cell in a
// known column is skipped.
func sheetRecord(s *sheet.Sheet, row sheet.Row, cols map[int]string, d *diag.List) (record, bool) {
	r := record{fields: map[string]field{}}
	for _, c := range row.Cells {
		name, ok := cols[c.Col]
		if !ok || c.Kind == sheet.Empty || (c.Kind == sheet.Text && strings.TrimSpace(c.Text) == "") {
			continue
		}
		if r.pos.IsZero() {
			r.pos = s.CellPos(c)
		}
		if c.Kind == sheet.Error {
			d.Errorf(s.CellPos(c), "%s", errorCellMsg(c))
			continue
		}
		r.fields[name] = cellField(s, c, name)
	}
	return r, !r.pos.IsZero()
}

func cellField(s *sheet.Sheet, c sheet.Cell, name string) field {
	f := field{name: name, pos: s.CellPos(c), text: strings.TrimSpace(cellText(c))}
	if c.Kind == sheet.Number {
		f.num, f.isNum, f.pct = c.Num, true, c.Percent
	}
	return f
}

// cellText is a cell as text, for names and messages.
func cellText(c sheet.Cell) string {
	switch c.Kind {
	case sheet.Text, sheet.Error:
		return c.Text
	case sheet.Number:
		return strconv.FormatFloat(c.Num, 'f', -1, 64)
	case sheet.Bool:
		return strconv.FormatBool(c.Num != 0)
	case sheet.Date:
		return c.Time.Format("2006-01-02")
	}
	return ""
}

// headerName is a header cell as a lowercase name ("" for no text).
func headerName(c sheet.Cell) string {
	if c.Kind != sheet.Text {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(c.Text))
}

func hasCell(row sheet.Row, name string) bool {
	for _, c := range row.Cells {
		if headerName(c) == name {
			return true
		}
	}
	return false
}

// errorCellMsg describes an error cell: an Excel error code or the reader's
// reason ("formula has no cached value").
func errorCellMsg(c sheet.Cell) string {
	if strings.HasPrefix(c.Text, "#") {
		return "cell holds the error " + c.Text
	}
	if c.Text == "" {
		return "cell holds an error"
	}
	return c.Text
}
