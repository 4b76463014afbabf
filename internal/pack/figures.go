package pack

import (
	"strings"
	"sync"

	"github.com/opsreport/opsreport/internal/kpi"
)

// Figures are figures.csv's lines for one table of figures, made once and
// shared, as zip parts, by every pack cut from it.
type Figures struct {
	buf     []byte   // every line, in table order
	ends    []int    // line i is buf[ends[i-1]:ends[i]]
	period  []int    // line i's month (Period.Index; a quarter's last month)
	quarter []bool   // line i is a quarter's
	kpis    [][]int  // the first and end line of each KPI's run
	ids     []string // the KPI of each run
	header  *Part
	// blocks[j][i] is the block of blockSizes[j] lines from line i, for an
	// i aligned to that size from the first line of its KPI; nil elsewhere.
	blocks [][]*block
}

// block is a run of one KPI's lines, as one zip part.
type block struct {
	part        *Part
	first, last int  // the earliest and latest month of its lines
	quarter     bool // it holds a quarter's line
}

// blockSizes are the lengths, in lines, of the parts a pack's figures are
// cut into, largest first. A pack holds a window of each KPI's months, so
// most of its parts are whole 16-line blocks that the packs beside it hold
// too; the window's ends are made of 4-line and single-line parts, also
// shared. Each part is deflated once a build.
var blockSizes = []int{16, 4, 1}

// NewFigures writes table as figures.csv lines (SPEC 5) and cuts them into
// blocks.
func NewFigures(table []kpi.Figure) *Figures {
	fl := &Figures{period: make([]int, len(table)), quarter: make([]bool, len(table))}
	b := make([]byte, 0, 128*len(table))
	for i, f := range table {
		b = kpi.AppendFigureCSV(b, f)
		fl.ends = append(fl.ends, len(b))
		fl.period[i], fl.quarter[i] = f.Period.Index(), f.IsQuarter()
		if i == 0 || f.KPI != table[i-1].KPI {
			fl.kpis = append(fl.kpis, []int{i, i})
			fl.ids = append(fl.ids, f.KPI.ID)
		}
		fl.kpis[len(fl.kpis)-1][1] = i + 1
	}
	fl.buf = b
	fl.header = figuresHeader()
	fl.cutBlocks()
	return fl
}

// figuresHeader is figures.csv's header line, as a part every pack
// shares.
var figuresHeader = sync.OnceValue(func() *Part {
	return NewPart([]byte(strings.Join(kpi.FiguresHeader, ",") + "\n"))
})

// FiguresOf is a pack's figures file made of lines (AppendFigureCSV) that
// no other pack shares: the header, then lines as one part.
func FiguresOf(lines []byte) []*Part {
	return []*Part{figuresHeader(), NewPart(lines)}
}

func (fl *Figures) cutBlocks() {
	fl.blocks = make([][]*block, len(blockSizes))
	for j, n := range blockSizes {
		fl.blocks[j] = make([]*block, len(fl.ends))
		for _, run := range fl.kpis {
			for i := run[0]; i+n <= run[1]; i += n {
				b := &block{part: NewPart(fl.buf[fl.lineStart(i):fl.ends[i+n-1]]), first: fl.period[i], last: fl.period[i]}
				for k := i; k < i+n; k++ {
					b.first, b.last = min(b.first, fl.period[k]), max(b.last, fl.period[k])
					b.quarter = b.quarter || fl.quarter[k]
				}
				fl.blocks[j][i] = b
			}
		}
	}
}

func (fl *Figures) lineStart(i int) int {
	if i == 0 {
		return 0
	}
	return fl.ends[i-1]
}

// CSV is the whole file: the header and every line.
func (fl *Figures) CSV() []byte {
	b := make([]byte, 0, len(fl.header.Data)+len(fl.buf))
	return append(append(b, fl.header.Data...), fl.buf...)
}

// Window is the file cut to the months from first to last (Period.Index
// values; a quarter's line counts as its last month), as zip parts; quarter
// rows only when quarterly is set, so a monthly review's archive does not
// change when a quarterly review is added beside it; and only the KPIs keep
// keeps (nil: every KPI).
func (fl *Figures) Window(first, last int, quarterly bool, keep func(id string) bool) []*Part {
	parts := []*Part{fl.header}
	for r, run := range fl.kpis {
		if keep != nil && !keep(fl.ids[r]) {
			continue
		}
		for i := run[0]; i < run[1]; {
			next := i + 1 // when even its single line is not in the cut
			for j, n := range blockSizes {
				if b := fl.blocks[j][i]; b != nil && b.first >= first && b.last <= last && (quarterly || !b.quarter) {
					parts = append(parts, b.part)
					next = i + n
					break
				}
			}
			i = next
		}
	}
	return parts
}
