package kpi

// Headline is the catalog's headline KPIs, in catalog order: the ones
// flagged headline: true (the parsers refuse a thirteenth), or, when none
// is flagged, the first KPI of each function and then the others in
// catalog order, up to MaxHeadline. The set depends on the catalog alone,
// never on a month's figures, so every review shows the same numbers.
// keep, when not nil, limits the set to the KPIs it accepts (a review
// scoped to some functions); when it keeps no flagged KPI, the default
// rule picks among those it keeps.
func (c *Catalog) Headline(keep func(*KPI) bool) []*KPI {
	var pool []*KPI
	for _, k := range c.KPIs {
		if keep == nil || keep(k) {
			pool = append(pool, k)
		}
	}
	var flagged []*KPI
	for _, k := range c.KPIs {
		if k.Headline {
			flagged = append(flagged, k)
		}
	}
	if len(flagged) > 0 {
		var out []*KPI
		for _, k := range pool {
			if k.Headline && len(out) < MaxHeadline {
				out = append(out, k)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return defaultHeadline(pool)
}

// defaultHeadline picks the first KPI of each function, then fills up in
// catalog order, and returns the pick in catalog order.
func defaultHeadline(pool []*KPI) []*KPI {
	picked := map[*KPI]bool{}
	seen := map[string]bool{}
	for _, k := range pool {
		if !seen[k.Function] && len(picked) < MaxHeadline {
			seen[k.Function] = true
			picked[k] = true
		}
	}
	for _, k := range pool {
		if len(picked) < MaxHeadline {
			picked[k] = true
		}
	}
	var out []*KPI
	for _, k := range pool {
		if picked[k] {
			out = append(out, k)
		}
	}
	return out
}
