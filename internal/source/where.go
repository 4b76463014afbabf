package source

import (
	"strings"

	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/sheet"
)

// passes reports whether the row passes every condition. An empty cell
// fails every one; a missing column fails too (it was reported).
func (t *recordTable) passes(cells []sheet.Cell, conds []condCol) bool {
	for _, c := range conds {
		if c.col < 0 {
			return false
		}
		cell := cellAt(cells, c.col)
		if isBlank(cell) || !c.holds(cell) {
			return false
		}
	}
	return true
}

// holds compares a cell with the condition: as numbers when both read as
// numbers, else as text (equality ignores case).
func (c Cond) holds(cell sheet.Cell) bool {
	text := strings.TrimSpace(kpi.CellText(cell))
	if c.Op == "" {
		for _, v := range c.Values {
			if cmpValues(cell, text, v) == 0 {
				return true
			}
		}
		return false
	}
	d := cmpValues(cell, text, c.Values[0])
	switch c.Op {
	case ">=":
		return d >= 0
	case "<=":
		return d <= 0
	case ">":
		return d > 0
	case "<":
		return d < 0
	case "!=":
		return d != 0
	}
	return false
}

// cmpValues orders a cell against a where operand: numerically when both
// are numbers, else as text, ignoring case.
func cmpValues(cell sheet.Cell, text, operand string) int {
	w, wok, _ := kpi.ParseNumber(operand)
	if wok {
		v, vok := cell.Num, cell.Kind == sheet.Number || cell.Kind == sheet.Bool
		if cell.Kind == sheet.Text {
			v, vok, _ = kpi.ParseNumber(text)
		}
		if vok {
			switch {
			case v < w:
				return -1
			case v > w:
				return 1
			}
			return 0
		}
	}
	return strings.Compare(strings.ToLower(text), strings.ToLower(operand))
}
