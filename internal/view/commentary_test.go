package view

import (
	"testing"

	"github.com/opsreport/opsreport/internal/content"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
)

// TestCommentaryRule: a paragraph comments on a KPI when it names it (a
// shortcode or its display name) and says at least three words besides
// figures, badges and the names of the KPIs it shows.
func TestCommentaryRule(t *testing.T) {
	churn := &kpi.KPI{ID: "logo_churn", Name: "Logo churn"}
	uptime := &kpi.KPI{ID: "uptime", Name: "Production uptime"}
	incidents := &kpi.KPI{ID: "incidents", Name: "Incidents"}
	gross := &kpi.KPI{ID: "gross_churn", Name: "Gross logo churn"}
	cat := kpi.NewCatalog(churn, uptime, incidents, gross)
	tests := []struct {
		name, md  string
		commented bool
		named     bool
	}{
		{"value and badge only", "Logo churn {{< value logo_churn >}} {{< status logo_churn >}}.", false, true},
		{"list item, value and badge only", "- Logo churn {{< value logo_churn >}} {{< status logo_churn >}}.\n- Other.", false, true},
		{"two words are not enough", "Logo churn {{< value logo_churn >}}: customers left.", false, true},
		{"three words are", "Logo churn {{< value logo_churn >}}: two customers left.", true, true},
		{"other KPIs' names do not count as words",
			"Production uptime {{< value uptime >}} and incidents {{< value incidents >}}, logo churn {{< value logo_churn >}}.", false, true},
		{"named in prose, no shortcode", "Logo churn rose because two customers left after the outage.", true, true},
		{"the name in any case", "We lost two logos: LOGO CHURN doubled after the September outage.", true, true},
		{"a heading is not prose", "## Logo churn {{< value logo_churn >}} rose because two customers left\n\nText.", false, false},
		{"a tile or chart alone is not prose", "{{< tile logo_churn >}}\n\n{{< chart logo_churn >}}", false, false},
		{"another KPI's paragraph", "Production uptime {{< value uptime >}} recovered fully after the failover fix.", false, false},
		{"a longer KPI's name is not this one's", "Gross logo churn rose as two customers left after the outage.", false, false},
		{"nor a word that only starts with it", "Logo churns of the past were all lower than this quarter's.", false, false},
		{"the name beside a longer one", "Gross logo churn and logo churn both rose as customers left.", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d diag.List
			doc := content.Parse("s.md", []byte(tt.md), nil, &d)
			if d.HasErrors() {
				t.Fatal(d.Items())
			}
			commented, named := docComments(prose(doc), churn, cat)
			if commented != tt.commented || named != tt.named {
				t.Errorf("commented %v named %v, want %v %v", commented, named, tt.commented, tt.named)
			}
		})
	}
}
