package pack

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestDetachLinks(t *testing.T) {
	page := []byte(`<a href="../../kpis/arr/index.html">ARR</a> <a href="#risks">Risks</a> <a href="https://x.org/">x</a><script>if (a<b) {}</script>`)
	got := string(DetachLinks(page, "reviews/2026-10/", "", nil))
	want := `<a>ARR</a> <a href="#risks">Risks</a> <a href="https://x.org/">x</a><script>if (a<b) {}</script>`
	if got != want {
		t.Errorf("no base_url:\n got %s\nwant %s", got, want)
	}
	got = string(DetachLinks(page, "reviews/2026-10/", "https://ops.example.com/board/", nil))
	want = `<a href="https://ops.example.com/board/kpis/arr/index.html">ARR</a> <a href="#risks">Risks</a> <a href="https://x.org/">x</a><script>if (a<b) {}</script>`
	if got != want {
		t.Errorf("with base_url:\n got %s\nwant %s", got, want)
	}
}

func TestDetachLinksInlinesTheReviewsImages(t *testing.T) {
	page := []byte(`<p><img src="diagram.png" alt="Flow"> <img src="../../other.png" alt="x"></p>`)
	got := string(DetachLinks(page, "reviews/2026-10/", "", map[string][]byte{"diagram.png": []byte("PNG!")}))
	want := `<p><img src="data:image/png;base64,UE5HIQ==" alt="Flow"> <img src="../../other.png" alt="x"></p>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestPageRulesQuoteText(t *testing.T) {
	got := PageRules("Letter", `Acme "Ops" </style>`, "Review", "Oct 2026")
	if !strings.Contains(got, `size: letter`) || !strings.Contains(got, `content: "Acme \22 Ops\22  \3c /style\3e  · Review";`) {
		t.Errorf("rules: %s", got)
	}
}

func TestPageInsertsTheScriptsBeforeTheBodyEnds(t *testing.T) {
	page, parts := Page([]byte(`<body><a href="x.html">x</a></body></html>`), "reviews/2026-10/", "", nil, Scripts([]byte("a</script>b")))
	want := "<body><a>x</a><script>a<\\/script>b</script>\n</body></html>"
	if string(page) != want {
		t.Errorf("page %q, want %q", page, want)
	}
	var joined []byte
	for _, p := range parts {
		joined = append(joined, p.Data...)
	}
	if string(joined) != want {
		t.Errorf("parts %q, want the page", joined)
	}
}

// TestPageWithoutBodyEndOrWithImages is Page on a page without </body>
// (the scripts go at the end) and on one whose inlined image makes it
// outgrow the room the links pass guessed: page and parts are the same
// bytes, and the parts after the scripts hold what followed </body>.
func TestPageWithoutBodyEndOrWithImages(t *testing.T) {
	img := []byte(strings.Repeat("PNG!", 4000))
	for _, c := range []struct{ in, want string }{
		{`<p>x</p>`, "<p>x</p><script>s</script>\n"},
		{`<body><img src="d.png"></body>` + "\n</html>", `<body><img src="data:image/png;base64,` +
			base64.StdEncoding.EncodeToString(img) + `"><script>s</script>` + "\n</body>\n</html>"},
	} {
		page, parts := Page([]byte(c.in), "reviews/2026-10/", "", map[string][]byte{"d.png": img}, Scripts([]byte("s")))
		if string(page) != c.want {
			t.Errorf("%.40q: page %.80q…, want %.80q…", c.in, page, c.want)
		}
		var joined []byte
		for _, p := range parts {
			joined = append(joined, p.Data...)
		}
		if string(joined) != c.want {
			t.Errorf("%.40q: parts are not the page", c.in)
		}
	}
}
