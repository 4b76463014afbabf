package view

import (
	"fmt"

	"github.com/opsreport/opsreport/internal/diag"
)

// ReviewFiles are the files one review's rendering made (slash path →
// size) and what it counted, so that a later build can take them over
// instead of rendering the review again (see site's reuse keys).
type ReviewFiles struct {
	Files                map[string]int64 `json:"files"`
	Pages, Packs, Charts int
}

// ReviewContexts describe, for each review of data.Reviews (same index),
// what its page shows that neither its own folder nor the catalog,
// configuration or look decide: the lead review the navigation links to,
// and the links to the reviews before and after it (title, period, date,
// status and status counts). The rest of what a closed review's page reads
// from outside its folder is the live figures its restatement notes compare
// with and the review before it's snapshot: site adds those to the key.
func ReviewContexts(data *Data) []string {
	var d diag.List // links report nothing; a renderer needs a list all the same
	r := newRenderer(data, nil, nil, &Output{Files: map[string][]byte{}}, &d)
	lead := ""
	if data.Lead != nil {
		lead = data.Lead.Slug
	}
	out := make([]string, len(data.Reviews))
	for i := range data.Reviews {
		var prev, next ReviewLink
		if i+1 < len(data.Reviews) {
			prev = r.link(data.Reviews[i+1])
		}
		if i > 0 {
			next = r.link(data.Reviews[i-1])
		}
		out[i] = fmt.Sprintf("lead %q\nprev %+v\nnext %+v\n", lead, prev, next)
	}
	return out
}
