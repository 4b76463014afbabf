package htmlesc

import (
	"html/template"
	"strings"
	"testing"
)

// TestAppendText checks text escaping against hand-worked html/template
// output.
func TestAppendText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"plain – text é", "plain – text é"},
		{`a<b>&"'+=c`, "a&lt;b&gt;&amp;&#34;&#39;&#43;=c"},
		{"nul\x00", "nul\uFFFD"},
		{"bad \xff<", "bad \xff&lt;"},
	}
	for _, c := range cases {
		if got := string(AppendText(nil, c.in)); got != c.want {
			t.Errorf("AppendText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestAppendTextAppends checks that the escaped text goes after what the
// buffer already holds.
func TestAppendTextAppends(t *testing.T) {
	if got := string(AppendText([]byte("<td>"), "a&b")); got != "<td>a&amp;b" {
		t.Errorf("got %q, want %q", got, "<td>a&amp;b")
	}
}

// TestAppendURLPart checks URL filtering and normalising against
// hand-worked html/template output.
func TestAppendURLPart(t *testing.T) {
	cases := []struct{ in, want string }{
		{"../../kpis/arr/index.html", "../../kpis/arr/index.html"},
		{"a b", "a%20b"},
		{"%41%zz%4", "%41%25zz%254"},
		{`&+'"<>`, "&amp;&#43;%27%22%3c%3e"},
		{"é\x00", "%c3%a9%00"},
		{"javascript:alert(1)", "#ZgotmplZ"},
		{"Mailto:a@b", "Mailto:a@b"},
		{"x/y:z", "x/y:z"},
	}
	for _, c := range cases {
		if got := string(AppendURLPart(nil, c.in)); got != c.want {
			t.Errorf("AppendURLPart(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// reference prints one value in each context the escapers stand for.
var reference = template.Must(template.New("").Parse(
	`{{define "text"}}<p>{{.}}</p>{{end}}` +
		`{{define "attr"}}<p class="{{.}}"></p>{{end}}` +
		`{{define "url"}}<a href="{{.}}"></a>{{end}}`))

// checkAgainstTemplate compares each escaper with html/template on s.
func checkAgainstTemplate(t *testing.T, s string) {
	t.Helper()
	checks := []struct {
		name, open, close string
		esc               func([]byte, string) []byte
	}{
		{"text", "<p>", "</p>", AppendText},
		{"attr", `<p class="`, `"></p>`, AppendText},
		{"url", `<a href="`, `"></a>`, AppendURLPart},
	}
	for _, c := range checks {
		var want strings.Builder
		if err := reference.ExecuteTemplate(&want, c.name, s); err != nil {
			t.Fatal(err)
		}
		got := c.open + string(c.esc(nil, s)) + c.close
		if got != want.String() {
			t.Errorf("%s of %q:\n got %q\nwant %q", c.name, s, got, want.String())
		}
	}
}

// TestMatchesHTMLTemplate runs the escapers and html/template side by side
// on the characters each context treats specially.
func TestMatchesHTMLTemplate(t *testing.T) {
	for _, s := range []string{
		"", "plain", `<>&"'+=`, "\x00", "é ✓", "\xff\xfe<", "\u2028",
		"a b%zz%41%4/é(x)[y]{z}|\\^`", "javascript:alert(1)", "JavaScript:x",
		"data:text/html,x", "mailto:a@b.c", "HTTPS://a.b/c?d=e&f=g+h#i", "a/b:c", "%", "%4",
	} {
		checkAgainstTemplate(t, s)
	}
}

// FuzzEscapers checks every escaper against html/template on arbitrary
// strings.
func FuzzEscapers(f *testing.F) {
	for _, s := range []string{"", "a<b>&\"'+=\x00", "é ✓ \xff", "javascript:x", "a b%zz%41é/", "http://x/?a=b&c"} {
		f.Add(s)
	}
	f.Fuzz(checkAgainstTemplate)
}
