package kpi

// Span is a records KPI's roll-ups at one month (SPEC 3a): the quarter to
// date, fiscal year to date and trailing twelve months computed from the
// records of each span, not rolled up from its months. A quarter's p90 is
// the p90 of the quarter's records; a distinct count counts each value once
// however many months it appears in.
type Span struct {
	QTD, YTD, TTM    Opt
	QTDFrom, YTDFrom Period // where the quarter and the fiscal year to date start
}

// NewSpan is the span at month p of a fiscal year starting in month
// fiscalStart.
func NewSpan(p Period, fiscalStart int, qtd, ytd, ttm Opt) Span {
	return Span{QTD: qtd, YTD: ytd, TTM: ttm, QTDFrom: QuarterStart(p, fiscalStart), YTDFrom: YearStart(p, fiscalStart)}
}

// recordsRollup is a records KPI's actual over months, a span its records
// computed: the month itself, its quarter or year to date, or its trailing
// twelve months (a quarter is the quarter to date at its last month). Any
// other run of months cannot be rolled up from monthly figures: none.
func (s *Store) recordsRollup(k *KPI, months []Period) (Opt, bool) {
	if len(months) == 0 {
		return None, false
	}
	last := months[len(months)-1]
	pt, ok := s.Point(k.ID, last)
	if !ok || pt.Span == nil {
		return None, s.hasSpans(k)
	}
	switch first := months[0]; {
	case len(months) == 1:
		return pt.Actual, true
	case first == pt.Span.QTDFrom:
		return pt.Span.QTD, true
	case first == pt.Span.YTDFrom:
		return pt.Span.YTD, true
	case len(months) == 12 && first == last.Add(-11):
		return pt.Span.TTM, true
	}
	return None, true
}

// hasSpans reports a records KPI.
func (s *Store) hasSpans(k *KPI) bool {
	for _, pt := range s.points[k.ID] {
		if pt.Span != nil {
			return true
		}
	}
	return false
}

// AddSpans gives a records KPI its roll-ups, by month. Its months' figures
// then take qtd, ytd and ttm from them, and its quarters' actuals from the
// qtd at each quarter's last month.
func (l *Loader) AddSpans(k *KPI, spans map[Period]Span) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.spans == nil {
		l.spans = map[string]map[Period]Span{}
	}
	l.spans[k.ID] = spans
}

// attachSpans adds the spans to the store's points; a month with a span
// and no value gets a point, so its roll-ups are shown.
func (s *Store) attachSpans(spans map[string]map[Period]Span) {
	seen := map[Period]bool{}
	for _, p := range s.months {
		seen[p] = true
	}
	for id, byMonth := range spans {
		idx := map[Period]int{}
		for i, pt := range s.points[id] {
			idx[pt.Period] = i
		}
		var added []Point
		for p, sp := range byMonth {
			sp := sp
			if i, ok := idx[p]; ok {
				s.points[id][i].Span = &sp
				continue
			}
			if sp.QTD.OK || sp.YTD.OK || sp.TTM.OK {
				added = append(added, Point{Period: p, Span: &sp})
				seen[p] = true
			}
		}
		if len(added) > 0 {
			s.points[id] = append(s.points[id], added...)
			sortPoints(s.points[id])
		}
	}
	s.setMonths(seen)
}
