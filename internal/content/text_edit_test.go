package content

import "testing"

func TestSetStatus(t *testing.T) {
	tests := []struct{ in, want string }{
		{"---\ntitle: Oct\nstatus: draft # wip\ndate: 2026-11-11\n---\nBody {{< value arr >}}\n",
			"---\ntitle: Oct\nstatus: final # wip\ndate: 2026-11-11\n---\nBody {{< value arr >}}\n"},
		{"---\r\ntitle: Oct\r\n---\r\nBody\r\n", "---\r\ntitle: Oct\r\nstatus: final\r\n---\r\nBody\r\n"},
		{"Just text\n", "---\nstatus: final\n---\nJust text\n"},
		{"\ufeff---\nstatus: draft\n---\n", "\ufeff---\nstatus: final\n---\n"},
		{"---\nnotes:\n  status: draft\n---\n", "---\nnotes:\n  status: draft\nstatus: final\n---\n"},
		{"---\n# comment only\n---\nx\n", "---\n# comment only\nstatus: final\n---\nx\n"},
		// Flow style, quoting and comments are kept; only the value changes.
		{"---\n{title: Oct, status: draft}\n---\n", "---\n{title: Oct, status: final}\n---\n"},
		{"---\n{title: \"Été\", status: draft} # wip\n---\n", "---\n{title: \"Été\", status: final} # wip\n---\n"},
		{"---\n{title: Oct,\n  status: 'dr''aft' }\n---\n", "---\n{title: Oct,\n  status: 'final' }\n---\n"},
		{"---\r\nstatus: \"dr\\\"aft\"   # wip\r\n---\r\n", "---\r\nstatus: \"final\"   # wip\r\n---\r\n"},
		{"---\n{title: Oct}\n---\n", "---\n{status: final, title: Oct}\n---\n"},
		{"---\n {}\n---\n", "---\n {status: final}\n---\n"},
		// A fence with trailing blanks is a fence, as the parser reads it.
		{"--- \nstatus: draft\n---\t\nBody\n", "---\nstatus: final\n---\nBody\n"},
	}
	for _, tt := range tests {
		got, err := SetStatus("index.md", []byte(tt.in), "final")
		if err != nil || string(got) != tt.want {
			t.Errorf("SetStatus(%q)\n got %q, %v\nwant %q", tt.in, got, err, tt.want)
		}
	}
}

func TestSetStatusRefuses(t *testing.T) {
	tests := []struct{ in, want string }{
		{"---\ntitle: Oct\nstatus: >\n  draft\n---\n", "index.md:3: status is not a one-line value (like status: draft), so close cannot set it; write it on one line and close again"},
		{"---\nstatus: &s draft\n---\n", "index.md:2: status is not a one-line value (like status: draft), so close cannot set it; write it on one line and close again"},
		{"---\nstatus: !!str draft\n---\n", "index.md:2: status is not a one-line value (like status: draft), so close cannot set it; write it on one line and close again"},
		{"---\nstatus:\n---\n", "index.md:2: status is not a one-line value (like status: draft), so close cannot set it; write it on one line and close again"},
		{"---\n{title: Oct, status: \"dr\n  aft\"}\n---\n", "index.md:2: status is not a one-line value (like status: draft), so close cannot set it; write it on one line and close again"},
		{"---\n- a\n---\n", "index.md:2: front matter is not a list of keys (like status: draft), so its status cannot be set"},
		{"---\n{a: [\n---\n", "index.md:2: front matter is not valid YAML, so its status cannot be set"},
	}
	for _, tt := range tests {
		got, err := SetStatus("index.md", []byte(tt.in), "final")
		if err == nil || err.Error() != tt.want {
			t.Errorf("SetStatus(%q)\n got %q, %v\nwant %s", tt.in, got, err, tt.want)
		}
	}
}

func TestSkeleton(t *testing.T) {
	m := Months{"October 2026", "Oct 2026", "2026-10", "November 2026", "Nov 2026", "2026-11"}
	in := "---\ntitle: October 2026 operating review\ndate: 2026-11-11\nstatus: final\npresenters: [Ann]\n---\n" +
		"October was {{< value arr >}} and\nthen {{< delta arr vs=\"target\" >}} more text.\n\n" +
		"## Wins in Oct 2026\n\n- Uptime {{< status uptime_prod >}} good.\n- Linear went GA.\n\n" +
		"{{< chart arr compare=\"target,budget\" >}}\n\n| KPI | Oct 2026 |\n|---|--:|\n| NPS | {{< value nps >}} |\n\n" +
		"Note[^1].\n\n[^1]: Source.\n\n```\ncode stays\n```\n"
	want := "---\ntitle: November 2026 operating review\nstatus: draft\npresenters: [Ann]\n---\n" +
		"_Write: what moved, why, and what you ask for._ {{< value arr >}} {{< delta arr vs=\"target\" >}}\n\n" +
		"## Wins in Nov 2026\n\n- _Write: what moved, why, and what you ask for._ {{< status uptime_prod >}}\n- _Write: what moved, why, and what you ask for._\n\n" +
		"{{< chart arr compare=\"target,budget\" >}}\n\n| KPI | Nov 2026 |\n|---|--:|\n| NPS | {{< value nps >}} |\n\n" +
		"_Write: what moved, why, and what you ask for._\n\n\n```\ncode stays\n```\n"
	if got := string(Skeleton([]byte(in), m, true)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	section := "---\ntitle: Finance\nweight: 10\n---\nText.\n"
	if got := string(Skeleton([]byte(section), m, false)); got != "---\ntitle: Finance\nweight: 10\n---\n_Write: what moved, why, and what you ask for._\n" {
		t.Errorf("a section got %q", got)
	}
}

func TestEditKeys(t *testing.T) {
	edits := []KeyEdit{{Key: "kind", Text: "kind: quarterly\n"}, {Key: "decisions", Text: ""}, {Key: "owner", Text: "owner: Ann\n"}}
	for _, tc := range []struct{ name, in, want string }{
		{"replaced, removed with nested lines, added",
			"---\ntitle: T\nkind: monthly\ndecisions:\n  - question: Q\n    ask: A\nstatus: draft\n---\nBody\n",
			"---\ntitle: T\nkind: quarterly\nstatus: draft\nowner: Ann\n---\nBody\n"},
		{"CRLF kept",
			"---\r\ntitle: T\r\n---\r\nBody\r\n",
			"---\r\ntitle: T\r\nkind: quarterly\r\nowner: Ann\r\n---\r\nBody\r\n"},
		{"a key's prefix is another key", "---\nkinds: x\n---\n", "---\nkinds: x\nkind: quarterly\nowner: Ann\n---\n"},
		{"flow front matter left alone", "---\n{title: T, kind: monthly}\n---\n", "---\n{title: T, kind: monthly}\n---\n"},
		{"no front matter", "Body\n", "Body\n"},
	} {
		if got := string(EditKeys([]byte(tc.in), edits)); got != tc.want {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.name, got, tc.want)
		}
	}
}
