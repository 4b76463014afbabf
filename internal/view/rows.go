package view

// The rows of the four largest tables — a scorecard's, a review's and a
// pack's appendix, a KPI's history — are made here in Go, not by
// html/template: on a site of 500 KPIs and 120 months each of them runs
// 60,000 times a build, and html/template spends about 2 µs of reflection
// and escaping on every action, about 25 µs a row. What a template would
// print is reproduced byte for byte: values are escaped by package
// htmlesc as html/template escapes them in each context (text, quoted
// attribute, href), and rows_test.go checks the functions against the row
// templates they replaced. The templates print the rows whole (Group.Body,
// Group.AppendixRows, Group.PackAppendixRows, kpiData.HistoryRows); a site's
// own template can still range over .Rows and .History instead.
//
// A row of figures is <tr class="figs">: site.css aligns and spaces every
// cell of it as a number unless the cell's class says otherwise (status,
// spark, text, comment), so that the thousands of number cells of a review page
// carry no class="num" each. A cell's class is only what it adds: strong,
// good or bad. Its cells have no </td>: HTML ends a cell at the next <td>
// or at </tr> (the end tag may be omitted, and the parser builds the same
// table), and a review page has some fifteen thousand of them.

import (
	"html/template"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/opsreport/opsreport/internal/htmlesc"
)

// appendLink appends `<a href="root+url">name</a>` as the templates'
// `<a href="{{$.Root}}{{.URL}}">{{.KPI.Name}}</a>` prints it: each of the
// two actions is filtered and normalised on its own.
func appendLink(b []byte, root string, v *FigureView) []byte {
	b = append(b, `<a href="`...)
	b = htmlesc.AppendURLPart(htmlesc.AppendURLPart(b, root), v.URL)
	b = append(b, `">`...)
	return append(htmlesc.AppendText(b, v.KPI.Name), "</a>"...)
}

// appendCell appends open, then value escaped as text.
func appendCell(b []byte, open, value string) []byte {
	return htmlesc.AppendText(append(b, open...), value)
}

// appendClassOpen appends a <td> start tag with class, or with no class
// attribute when class is empty.
func appendClassOpen(b []byte, class string) []byte {
	if class == "" {
		return append(b, "<td>"...)
	}
	return append(htmlesc.AppendText(append(b, `<td class="`...), class), `">`...)
}

// appendNumCell appends `<td class="class">value`, class being good,
// bad or empty; a change for the worse also gets the worse mark, so colour
// never carries it alone.
func appendNumCell(b []byte, class, value string, badges badgeSet) []byte {
	b = htmlesc.AppendText(appendClassOpen(b, class), value)
	return appendWorse(b, class, badges)
}

// appendWorse appends the "worse" template's mark after a change for the
// worse (class "bad"): a symbol, and a word for screen readers; each page
// explains it under its scorecard.
func appendWorse(b []byte, class string, badges badgeSet) []byte {
	if class == "bad" {
		return append(b, badges[worseKey]...)
	}
	return b
}

// appendShortCell appends a compact value in a cell whose title holds the
// exact one, when they differ: `<td class="class" title="exact">short`,
// each attribute only when it has a value.
func appendShortCell(b []byte, class, short, exact string, badges badgeSet) []byte {
	b = append(b, "<td"...)
	if class != "" {
		b = append(htmlesc.AppendText(append(b, ` class="`...), class), '"')
	}
	if short != exact {
		b = append(htmlesc.AppendText(append(b, ` title="`...), exact), '"')
	}
	b = htmlesc.AppendText(append(b, '>'), short)
	return appendWorse(b, class, badges)
}

// appendScorecardRow appends one row of the "scorecard-group" template.
func appendScorecardRow(b []byte, root string, v *FigureView, badges badgeSet) []byte {
	b = append(b, `<tr class="figs"><th scope="row">`...)
	b = appendLink(b, root, v)
	if v.KPI.Owner != "" {
		b = append(htmlesc.AppendText(append(b, ` <span class="owner">`...), v.KPI.Owner), "</span>"...)
	}
	b = append(b, "</th>"...)
	sh := v.Short
	if sh.Actual == "" {
		sh = ShortFigures{v.Actual, v.Target, v.VsTarget, v.VsBudget, v.MoM, v.YoY}
	}
	b = appendShortCell(b, "strong", sh.Actual, v.Actual, badges)
	b = appendShortCell(b, "", sh.Target, v.Target, badges)
	b = appendShortCell(b, v.VsTargetClass, sh.VsTarget, v.VsTarget, badges)
	b = appendShortCell(b, v.VsBudgetClass, sh.VsBudget, v.VsBudget, badges)
	b = appendShortCell(b, v.MoMClass, sh.MoM, v.MoM, badges)
	b = appendShortCell(b, v.YoYClass, sh.YoY, v.YoY, badges)
	b = append(append(append(b, "<td class=\"spark\">"...), v.Spark...), "<td class=\"status\">"...)
	b = append(b, badges[v.Status]...)
	b = appendStreak(b, v)
	return append(b, "</tr>"...)
}

// appendStreak appends the "5 mo" note of a status held more than one
// period in a row. A screen reader hears "5 mo in a row"; the key under
// the scorecard ("table-key") says what it means, once rather than in a
// tooltip on each of a review's hundreds of streaks.
func appendStreak(b []byte, v *FigureView) []byte {
	if v.Streak <= 1 {
		return b
	}
	b = strconv.AppendInt(append(b, ` <span class="streak">`...), int64(v.Streak), 10)
	if v.Quarterly {
		return append(b, " qtr<span class=\"sr\"> in a row</span></span>"...)
	}
	return append(b, " mo<span class=\"sr\"> in a row</span></span>"...)
}

// appendAppendixRow appends one row of a review page's appendix (12
// columns).
func appendAppendixRow(b []byte, root string, v *FigureView, badges badgeSet) []byte {
	b = appendLink(append(b, `<tr class="figs"><th scope="row">`...), root, v)
	b = append(b, "</th>"...)
	b = appendCell(b, `<td>`, v.Actual)
	b = appendCell(b, `<td>`, v.Target)
	b = appendCell(b, `<td>`, v.Budget)
	b = appendCell(b, `<td>`, v.Forecast)
	b = appendNumCell(b, v.VsTargetClass, v.VsTargetPct, badges)
	b = appendNumCell(b, v.MoMClass, v.MoM, badges)
	b = appendNumCell(b, v.YoYClass, v.YoY, badges)
	b = appendCell(b, `<td>`, v.QTD)
	b = appendCell(b, `<td>`, v.YTD)
	b = appendCell(b, `<td>`, v.TTM)
	return append(append(append(b, `<td class="status">`...), badges[v.Status]...), "</tr>"...)
}

// appendPackAppendixRow appends one row of a pack's appendix (9 columns,
// no links: a pack is read on its own).
func appendPackAppendixRow(b []byte, v *FigureView, badges badgeSet) []byte {
	b = append(htmlesc.AppendText(append(b, `<tr class="figs"><th scope="row">`...), v.KPI.Name), "</th>"...)
	b = appendCell(b, `<td>`, v.Actual)
	b = appendCell(b, `<td>`, v.Target)
	b = appendCell(b, `<td>`, v.Budget)
	b = appendNumCell(b, v.VsTargetClass, v.VsTargetPct, badges)
	b = appendNumCell(b, v.MoMClass, v.MoM, badges)
	b = appendNumCell(b, v.YoYClass, v.YoY, badges)
	b = appendCell(b, `<td>`, v.YTD)
	return append(append(append(b, `<td class="status">`...), badges[v.Status]...), "</tr>"...)
}

// appendHistoryRow appends one month of a KPI page's history (12 columns).
func appendHistoryRow(b []byte, v *FigureView, badges badgeSet) []byte {
	b = append(htmlesc.AppendText(append(b, `<tr class="figs"><th scope="row" class="nowrap">`...), v.Label), "</th>"...)
	b = appendCell(b, `<td class="strong">`, v.Actual)
	b = appendCell(b, `<td>`, v.Target)
	b = appendCell(b, `<td>`, v.Budget)
	b = appendNumCell(b, v.VsTargetClass, v.VsTarget, badges)
	b = appendNumCell(b, v.MoMClass, v.MoM, badges)
	b = appendNumCell(b, v.YoYClass, v.YoY, badges)
	b = appendCell(b, `<td>`, v.QTD)
	b = appendCell(b, `<td>`, v.YTD)
	b = appendCell(b, `<td>`, v.TTM)
	// Its status cell is class "text", not "status": a KPI's months do not
	// pin their status column on a phone, as a scorecard or an appendix
	// does (site.css; the layout gate checks every td.status).
	b = append(append(b, `<td class="text">`...), badges[v.Status]...)
	return append(appendCell(b, `<td class="comment">`, v.Comment), "</tr>"...)
}

// rowBytes is a first guess of a row's size, its sparkline aside, so that
// a table's buffer is allocated once or twice, not grown every few rows.
const rowBytes = 640

// scratchBytes is the room a row is made in before it is copied into its
// table: more than nearly any row needs.
const scratchBytes = 4 << 10

// rowSize is a row's size, its sparkline aside, in the last table of one
// kind, and an eighth more: the next table of the kind is allocated for rows
// that size, near enough to what it needs (a KPI's history row is a fifth
// of a scorecard's) and rarely grown. It only ever sizes memory, never the
// output.
type rowSize struct{ per atomic.Int64 }

// rowSizes are a build's row sizes of each kind of table (renderCache). A
// nil *rowSize guesses rowBytes and learns nothing.
type rowSizes struct{ scorecard, appendix, pack, history, attention rowSize }

// guess is the bytes to allocate for n rows plus extra.
func (s *rowSize) guess(n, extra int) int {
	per := rowBytes
	if s != nil && s.per.Load() > 0 {
		per = int(s.per.Load())
	}
	return n*per + extra
}

// saw notes a table of n rows of size bytes, sparklines aside.
func (s *rowSize) saw(size, n int) {
	if s != nil && n > 0 {
		s.per.Store(int64(size/n + size/n/8 + 1))
	}
}

// rowsHTML appends each of rows with row and returns them as HTML; sparks
// says whether the rows show their sparklines, to size the buffer. Each
// row is made in a scratch buffer and copied into a strings.Builder, whose
// bytes become the HTML as they are: made in one []byte, the table was
// copied whole again to become a string.
func rowsHTML(rows []FigureView, sparks bool, size *rowSize, row func([]byte, *FigureView) []byte) template.HTML {
	if len(rows) == 0 {
		return ""
	}
	extra := 0
	for i := 0; sparks && i < len(rows); i++ {
		extra += len(rows[i].Spark)
	}
	var sb strings.Builder
	sb.Grow(size.guess(len(rows), extra))
	scratch := make([]byte, 0, scratchBytes)
	for i := range rows {
		scratch = row(scratch[:0], &rows[i])
		sb.Write(scratch)
	}
	size.saw(sb.Len()-extra, len(rows))
	return template.HTML(sb.String())
}

// scorecardRows is a scorecard group's rows, linked from root, sized by
// size.
func scorecardRows(root string, rows []FigureView, badges badgeSet, size *rowSize) template.HTML {
	return rowsHTML(rows, true, size, func(b []byte, v *FigureView) []byte { return appendScorecardRow(b, root, v, badges) })
}

// appendixRows is a review page's appendix rows of one group, linked from
// root.
func appendixRows(root string, rows []FigureView, badges badgeSet, size *rowSize) template.HTML {
	return rowsHTML(rows, false, size, func(b []byte, v *FigureView) []byte { return appendAppendixRow(b, root, v, badges) })
}

// packAppendixRows is a pack's appendix rows of one group.
func packAppendixRows(rows []FigureView, badges badgeSet, size *rowSize) template.HTML {
	return rowsHTML(rows, false, size, func(b []byte, v *FigureView) []byte { return appendPackAppendixRow(b, v, badges) })
}

// historyRows is a KPI page's history rows.
func historyRows(rows []FigureView, badges badgeSet, size *rowSize) template.HTML {
	return rowsHTML(rows, false, size, func(b []byte, v *FigureView) []byte { return appendHistoryRow(b, v, badges) })
}

// fillAppendix makes the appendix rows of every group, for the review page
// (linked from root) and its pack.
func fillAppendix(root string, groups []Group, badges badgeSet, sizes *rowSizes) {
	for i := range groups {
		groups[i].AppendixRows = appendixRows(root, groups[i].Rows, badges, &sizes.appendix)
		groups[i].PackAppendixRows = packAppendixRows(groups[i].Rows, badges, &sizes.pack)
	}
}

// appendAttentionRow appends one row of board.html's "board-attention"
// table: a red or amber KPI, linked from root, and the parts of the review
// that comment on it or only name it.
func appendAttentionRow(b []byte, root string, a *attention, badges badgeSet) []byte {
	v := &a.View
	b = append(b, "<tr"...)
	if !a.Commented {
		b = append(b, ` class="nocomment"`...)
	}
	b = append(b, ">\n<th scope=\"row\">"...)
	b = appendLink(b, root, v)
	if v.KPI.Owner != "" {
		b = append(htmlesc.AppendText(append(b, ` <span class="owner">`...), v.KPI.Owner), "</span>"...)
	}
	b = append(append(append(b, "</th>\n<td class=\"status\">"...), badges[v.Status]...), "</td>"...)
	b = appendAttentionCell(append(b, `<td class="num strong"`...), v.Short.Actual, v.Actual)
	b = appendAttentionCell(append(b, `<td class="num"`...), v.Short.Target, v.Target)
	b = append(htmlesc.AppendText(append(b, `<td class="num `...), v.VsTargetClass), '"')
	b = appendAttentionCell(b, v.Short.VsTarget, v.VsTarget)
	b = appendWorse(b[:len(b)-len("</td>")], v.VsTargetClass, badges)
	b = append(b, "</td>\n<td>"...)
	if a.Commented {
		b = appendSectionRefs(b, a.Sections)
	} else {
		b = append(b, `<span class="flag-nocomment"><span aria-hidden="true">⚑</span> No commentary</span>`...)
		if len(a.Named) > 0 {
			b = appendSectionRefs(append(b, `<span class="named"> (named in `...), a.Named)
			b = append(b, " without saying why)</span>"...)
		}
	}
	return append(b, "</td>\n</tr>"...)
}

// appendAttentionCell ends a cell whose start tag is open: the exact value
// as its title when the compact one differs, then the compact value (the
// exact one when there is none).
func appendAttentionCell(b []byte, short, exact string) []byte {
	if short != exact {
		b = append(htmlesc.AppendText(append(b, ` title="`...), exact), '"')
	}
	if short == "" {
		short = exact
	}
	return append(htmlesc.AppendText(append(b, '>'), short), "</td>"...)
}

// appendSectionRefs appends links to parts of the review, comma-separated.
func appendSectionRefs(b []byte, refs []sectionRef) []byte {
	for i, s := range refs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendFragmentURL(append(b, `<a href="#`...), s.Anchor)
		b = append(htmlesc.AppendText(append(b, `">`...), s.Title), "</a>"...)
	}
	return b
}

// appendFragmentURL appends s as html/template escapes an action after the
// '#' of a double-quoted href: every byte but letters, digits and -._~ as
// %xx (lower-case hex), which the attribute escaper then leaves alone.
func appendFragmentURL(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			b = append(b, c)
		default:
			b = append(b, '%', hex[c>>4], hex[c&0xf])
		}
	}
	return b
}

// attentionRows is the rows of the "board-attention" table, linked from
// root.
func attentionRows(root string, list []attention, badges badgeSet, size *rowSize) template.HTML {
	if len(list) == 0 {
		return ""
	}
	var sb strings.Builder
	sb.Grow(size.guess(len(list), 0))
	scratch := make([]byte, 0, scratchBytes)
	for i := range list {
		scratch = appendAttentionRow(scratch[:0], root, &list[i], badges)
		sb.Write(scratch)
	}
	size.saw(sb.Len(), len(list))
	return template.HTML(sb.String())
}
