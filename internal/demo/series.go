package demo

import (
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/opsreport/opsreport/internal/kpi"
)

// none marks a month with no value: an empty cell, never zero.
var none = math.NaN()

// series is one KPI of the generated company with every month's numbers.
type series struct {
	t        template // the template, with the segment's id, name and shape
	actual   []float64
	target   []float64 // NaN where the plan gives none
	budget   []float64
	forecast []float64
	surprise []float64 // the month's surprise in noise units, for comments and narratives
	comment  []string
}

// history is the months a site covers, oldest first.
type history struct {
	first   kpi.Period
	months  int
	fyStart int // fiscal_year_start of the company's config
}

func (h history) period(m int) kpi.Period { return h.first.Add(m) }

// seasonTable is the company's yearly rhythm by calendar month: a push in
// the last month of each fiscal quarter (the year starts in April), quiet
// summers and a December dip.
var seasonTable = [13]float64{0, -0.6, -0.2, 0.9, -0.3, 0.1, 0.7, -0.4, -0.6, 0.8, 0.1, 0.2, -1.0}

// makeSeries generates KPI n (0-based) of the company.
func makeSeries(n int, seed uint64, h history) *series {
	t := instance(n, seed)
	r := newRand(seed, uint64(n)+1)
	s := &series{t: t}
	ar := 0.0
	innov := math.Sqrt(1 - t.s.persist*t.s.persist)
	start := startMonth(n, h.months)
	for m := range h.months {
		ar = t.s.persist*ar + innov*r.NormFloat64()
		if r.Float64() < 0.03 { // a shock: an outage, a lost deal, a viral post
			ar += math.Copysign(2.5, r.Float64()-0.5)
		}
		s.month(m, ar, h, m >= start && !surveySkipped(n, m, h.months))
	}
	return s
}

// month fills month m's numbers; measured is false before the KPI existed
// or in a month nobody measured it.
func (s *series) month(m int, ar float64, h history, measured bool) {
	t, p := &s.t, h.period(m)
	exp, scale := t.s.expected(m, p.Month), t.s.scale(m)
	sign := t.better()
	actual, target, budget, forecast := none, none, none, none
	if measured {
		actual = t.fit(exp + ar*scale)
		if t.forecast {
			forecast = t.fit(exp + 0.5*ar*scale)
		}
	}
	if t.hasTarget() {
		target = t.plan(m, h, exp, scale, 0.25*sign*t.s.ambition)
	}
	if t.budget {
		budget = t.plan(m, h, exp, scale, 0.1*sign*t.s.ambition)
	}
	s.actual = append(s.actual, actual)
	s.target = append(s.target, target)
	s.budget = append(s.budget, budget)
	s.forecast = append(s.forecast, forecast)
	s.surprise = append(s.surprise, ar)
	s.comment = append(s.comment, s.commentOn(m, ar, measured))
}

// commentOn is what the owner wrote beside a surprising month, in the
// long sheets that have a comment column.
func (s *series) commentOn(m int, ar float64, measured bool) string {
	if !measured || s.t.where != inTeams || math.Abs(ar) < 1.8 {
		return ""
	}
	list := setbacks
	if ar*s.t.better() > 0 || s.t.dir == kpi.DirNone {
		list = tailwinds
	}
	return list[(m+len(s.t.id))%len(list)]
}

// setbacks and tailwinds explain a surprising month.
var (
	setbacks = []string{
		"Carrier API outage on the 12th; backlog cleared by the 16th.",
		"Two enterprise onboardings landed in the same week.",
		"Survey sent during the holiday week; low response.",
		"Support rota short after three leavers.",
		"Pricing change confused existing customers; FAQ published.",
	}
	tailwinds = []string{
		"New help-centre articles deflected the commonest questions.",
		"Quarter-end push: the whole team on customer calls.",
		"Peak-season readiness work paid off.",
		"Referral programme launched on the 3rd.",
		"Hiring freeze lifted; offers out early.",
	}
)

// instance is template n%len(templates) for segment n/len(templates), its
// size and starting point varied by the segment so regions differ.
func instance(n int, seed uint64) template {
	t := templates[n%len(templates)]
	seg := n / len(templates)
	if seg == 0 {
		return t
	}
	sg := segmentOf(seg)
	t.id += "_" + sg.slug
	t.name += " — " + sg.label
	t.byName = false
	r := newRand(seed, uint64(MaxKPIs+n))
	if t.s.rel {
		t.s.base *= 0.06 + 0.3*r.Float64()
	} else {
		t.s.base = clamp(t.s.base+(r.Float64()-0.5)*2*t.s.noise, t.s.lo, t.s.hi)
	}
	return t
}

// startMonth is when KPI n began to be measured: a few regional KPIs were
// added a quarter of the way into the history.
func startMonth(n, months int) int {
	if n >= len(templates) && n%7 == 6 {
		return months / 4
	}
	return 0
}

// surveySkipped is the one month mid-history with no NPS survey: a gap the
// charts must show as a gap. The last two months always have values.
func surveySkipped(n, m, months int) bool {
	return n == 2 && months >= 8 && m == months/2
}

// better is +1 when up is better, -1 when down is.
func (t *template) better() float64 {
	if t.dir == kpi.Down {
		return -1
	}
	return 1
}

// level is where the trend alone puts month m.
func (sh *shape) level(m int) float64 {
	if sh.rel {
		return sh.base * math.Pow(1+sh.growth, float64(m))
	}
	return sh.base + sh.growth*float64(m)
}

// expected adds the season of calendar month moy to the trend.
func (sh *shape) expected(m, moy int) float64 {
	if sh.rel {
		return sh.level(m) * (1 + sh.season*seasonTable[moy])
	}
	return sh.level(m) + sh.season*seasonTable[moy]
}

// scale is one unit of surprise in month m.
func (sh *shape) scale(m int) float64 {
	if sh.rel {
		return sh.noise * sh.level(m)
	}
	return sh.noise
}

// plan is a target or budget offset from the expected path by ahead noise
// units. Money and counts are planned month by month; rates and scores get
// one figure per fiscal year, as plans set them.
func (t *template) plan(m int, h history, exp, scale, ahead float64) float64 {
	if t.s.rel {
		return t.fitPlan(exp + ahead*scale)
	}
	p := h.period(m)
	fyStart := kpi.YearStart(p, h.fyStart).Index() - h.first.Index()
	return t.fitPlan(t.s.level(fyStart+6) + ahead*scale)
}

// fit clamps a value to what the unit allows and rounds it as the source
// system reports it.
func (t *template) fit(v float64) float64 {
	return round(clamp(v, t.s.lo, t.s.hi), t.digits())
}

// fitPlan rounds a plan figure the way planners write them: three
// significant digits for money and counts.
func (t *template) fitPlan(v float64) float64 {
	v = clamp(v, t.s.lo, t.s.hi)
	if t.s.rel && math.Abs(v) >= 1000 {
		return roundSig(v, 3)
	}
	return round(v, t.digits())
}

// digits are the decimals values are stored with, which the catalog also
// shows: the template's, else the unit's usual (whole money and counts).
func (t *template) digits() int {
	if t.decimals > 0 {
		return t.decimals
	}
	switch t.unit {
	case kpi.UnitDays, kpi.UnitHours:
		return 1
	case kpi.UnitRatio:
		return 2
	}
	return 0
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// round rounds to d decimals through the decimal text, so 0.1+0.2 style
// float noise never reaches a file.
func round(v float64, d int) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', d, 64), 64)
	if r == 0 {
		return 0 // no negative zero
	}
	return r
}

// roundSig rounds to n significant digits.
func roundSig(v float64, n int) float64 {
	if v == 0 {
		return 0
	}
	d := n - 1 - int(math.Floor(math.Log10(math.Abs(v))))
	if d >= 0 {
		return round(v, d)
	}
	p := math.Pow(10, float64(-d))
	return math.Round(v/p) * p
}

// draw picks one of list.
func draw[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }
