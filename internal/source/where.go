package source

import (
	"strconv"
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

// holds compares a cell with the condition. An operand written as a plain
// number (5, -2.5) compares numerically, and a cell that is not a plain
// number fails it; any other operand compares as text, ignoring case,
// byte by byte. The warehouse's SQL decides the same way.
func (c Cond) holds(cell sheet.Cell) bool {
	text := strings.TrimSpace(kpi.CellText(cell))
	if c.Op == "" {
		for _, v := range c.Values {
			if d, ok := cmpValues(cell, text, v); ok && d == 0 {
				return true
			}
		}
		return false
	}
	d, ok := cmpValues(cell, text, c.Values[0])
	if !ok {
		return false
	}
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

// cmpValues orders a cell against a where operand; ok is false when the
// operand is a number and the cell is not.
func cmpValues(cell sheet.Cell, text, operand string) (int, bool) {
	w, isNum := PlainNumber(operand)
	if !isNum {
		return strings.Compare(strings.ToLower(text), strings.ToLower(operand)), true
	}
	v, ok := cell.Num, cell.Kind == sheet.Number || cell.Kind == sheet.Bool
	if cell.Kind == sheet.Text {
		v, ok = PlainNumber(text)
	}
	if !ok {
		return 0, false
	}
	switch {
	case v < w:
		return -1, true
	case v > w:
		return 1, true
	}
	return 0, true
}

// PlainNumber reads a number written plainly: an optional minus, digits
// and at most one point with digits after it ("5", "-2.5"), around spaces.
func PlainNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	t := strings.TrimPrefix(s, "-")
	intPart, frac, hasPoint := strings.Cut(t, ".")
	if intPart == "" || !allDigits(intPart) || hasPoint && (frac == "" || !allDigits(frac)) {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v + 0, err == nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
