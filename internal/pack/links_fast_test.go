package pack

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"golang.org/x/net/html"
)

// detachLinksReference is detachLinks as it was written first: every token
// of the page through x/net/html's Tokenizer, each token's raw bytes
// copied, and only a changed <a> or <img> written from its Token. The fast
// scanner must give the same bytes.
func detachLinksReference(page []byte, dir, baseURL string, images map[string][]byte) []byte {
	base := packBase(dir, baseURL)
	z := html.NewTokenizer(bytes.NewReader(page))
	var out bytes.Buffer
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.Bytes()
		}
		raw := append([]byte(nil), z.Raw()...)
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		tok := z.Token()
		changed := false
		switch tok.Data {
		case "a":
			changed = rewriteHref(&tok, base)
		case "img":
			changed = inlineImage(&tok, images)
		}
		if !changed {
			out.Write(raw)
			continue
		}
		out.WriteString(tok.String())
	}
}

const testBaseURL = "https://ops.example.com/board/"

var testImages = map[string][]byte{"diagram.png": []byte("PNG!"), "flow.svg": []byte("<svg/>")}

// TestDetachLinksSkipsWhatIsNotATag pins, by hand, the cases where an <a>
// in the page is not a tag the tokenizer reports, or a tag's end is not
// its first '>'.
func TestDetachLinksSkipsWhatIsNotATag(t *testing.T) {
	tests := []struct{ name, page, want string }{
		{"comment", `<!-- <a href="x.html"> --><a href="y.html">y</a>`, `<!-- <a href="x.html"> --><a>y</a>`},
		{"script", `<script>"<a href=x>"</script><A HREF=y>`, `<script>"<a href=x>"</script><a>`},
		{"script end tag in another case", `<script>"<a href=x>"</SCRIPT ><a href=y>`, `<script>"<a href=x>"</SCRIPT ><a>`},
		{"escaped script", `<script><!--<script>"</script><a href=x>"</script>--></script><a href=y>`, `<script><!--<script>"</script><a href=x>"</script>--></script><a>`},
		{"script escaped twice", `<script><!--<script></script></script><a href=x>`, `<script><!--<script></script></script><a>`},
		{"script escaped twice, dashes", `<script><!--<script>--</script></script><a href=x>`, `<script><!--<script>--</script></script><a>`},
		{"style", `<style>a::after{content:"<a href=x>"}</style>`, `<style>a::after{content:"<a href=x>"}</style>`},
		{"textarea", `<textarea><a href=x></textarea><a href=y>`, `<textarea><a href=x></textarea><a>`},
		{"title", `<TITLE><a href=x></title ><a href=y>`, `<TITLE><a href=x></title ><a>`},
		{"quoted >", `<a title="a>b" href="x.html">x</a>`, `<a title="a&gt;b">x</a>`},
		{"quoted > in an end tag", `</p title="<a href=x>"><a href=y>`, `</p title="<a href=x>"><a>`},
		{"not a link tag", `<abbr href="x.html"><image src="diagram.png">`, `<abbr href="x.html"><image src="diagram.png">`},
		{"bogus comment", `<?x <a href=x>?><!x <a href=y>`, `<?x <a href=x>?><!x <a href=y>`},
		{"unterminated tag", `<p>text<a href="x.html"`, `<p>text`},
		{"unterminated comment", `<p>text<!-- <a href="x.html">`, `<p>text<!-- <a href="x.html">`},
		{"lone <", `a < b <`, `a < b <`},
		{"plaintext", `<plaintext><a href=x></plaintext><a href=y>`, `<plaintext><a href=x></plaintext><a href=y>`},
		{"image", `<IMG SRC=./diagram.png>`, `<img src="data:image/png;base64,UE5HIQ==">`},
	}
	for _, tt := range tests {
		if got := string(DetachLinks([]byte(tt.page), "reviews/2026-10/", "", testImages)); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

// FuzzDetachLinks holds the scanner to the tokenizer: byte-identical output
// for any page, with and without a base URL.
func FuzzDetachLinks(f *testing.F) {
	for _, seed := range detachLinksSeeds {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		for _, baseURL := range []string{"", testBaseURL} {
			want := detachLinksReference(page, "reviews/2026-10/", baseURL, testImages)
			got := DetachLinks(page, "reviews/2026-10/", baseURL, testImages)
			if !bytes.Equal(got, want) {
				t.Fatalf("base %q, page %q:\n got %q\nwant %q", baseURL, page, got, want)
			}
		}
	})
}

var detachLinksSeeds = []string{
	`<a href="../../kpis/arr/index.html">ARR</a> <a href="#risks">Risks</a> <a href="https://x.org/">x</a><script>if (a<b) {}</script>`,
	`<p><img src="diagram.png" alt="Flow"> <img src="../../other.png" alt="x"></p>`,
	`<!-- <a href="x.html"> --><a href="y.html">y</a><!--> <a href=z><!---> <a href=w><!-- --!> <a href=v>`,
	`<script>"<a href=x>"</script><A HREF=y><script><!--<script></script><a href=x></script>--></script><a href=y>`,
	`<style>a{content:"<a href=x>"}</STYLE><a href=y><textarea><a href=x></textarea ><title><a href=x></title/><a href=y>`,
	`<iframe><a href=x></iframe><noembed><a href=x></noembed><noframes><a href=x></noframes><noscript><a href=x></noscript><xmp><a href=x></xmp><a href=y>`,
	`<A HREF="x.html">X</A><IMG SRC="./flow.svg"><Img src=diagram.png/><a/href=x.html>`,
	`<a title="a>b" href='x.html' data-x=y>x</a></p title="<a href=x>"><a href=y>`,
	`<p>text<a href="x.html"`,
	`<p>text<!-- <a href="x.html">`,
	`text<a`,
	`<a href=x.html><a`,
	`</a href="x.html"`,
	`<!DOCTYPE html><?xml <a href=x>?><!x <a href=y></><a href=z></ <a href=w>`,
	`<plaintext><a href=x></plaintext><a href=y>`,
	`<a href="x.html?a=1&amp;b=2">&amp;</a><a href=":x">x</a><a href="">x</a><a href="#x" href="y">x</a>`,
	"<a = href=x.html><a href = \"x y.html\"><a href=%zz><a\x00 href=x><a\fhref=x.html><a\vhref=x.html>",
	"<script>a<!--b<script>c</script>d--><a href=x></script><a href=y>",
	"<img src=diagram.png alt=\"a\nb\r\nc\">",
	`<a b="x"=">" href=y>y</a><a b='x'='>' href=y><a =">" href=y><a b= ="x>" href=y>`,
}

// TestDetachLinksMatchesTheTokenizerOnTagSoup compares the scanner with the
// reference on pages strung together from the pieces the tokenizer's states
// turn on, which byte-level fuzzing reaches only slowly: script escapes,
// raw-text end tags, comment endings, quotes. The generator is seeded, so
// the pages are the same on every run.
func TestDetachLinksMatchesTheTokenizerOnTagSoup(t *testing.T) {
	pieces := []string{
		"<", "</", "<!", "<!--", "-->", "--!>", "-", "--", ">", "/", "=", `"`, "'", " ", "\n", "?",
		"script", "SCRIPT", "style", "textarea", "title", "xmp", "plaintext", "a", "img",
		"<script>", "</script>", "<a href=x.html>", "<a href='#y'>", `<img src="diagram.png">`,
		"<a", " href=", "x.html", "src=", "./flow.svg", "<!DOCTYPE", "&amp;", "\x00",
		"<!--<script>", "--></script>", "</script ", "<script/", "<style>", "</style>", "<textarea>",
		"x-</script>", "x-<script>", "x-<!", "--x", "<!-- ",
	}
	r := rand.New(rand.NewPCG(1, 2))
	var page []byte
	for n := 0; n < 20000; n++ {
		page = page[:0]
		if r.IntN(2) == 0 {
			page = append(page, "<script>"...)
		}
		for k := r.IntN(16); k >= 0; k-- {
			page = append(page, pieces[r.IntN(len(pieces))]...)
		}
		for _, baseURL := range []string{"", testBaseURL} {
			want := detachLinksReference(page, "reviews/2026-10/", baseURL, testImages)
			if got := DetachLinks(page, "reviews/2026-10/", baseURL, testImages); !bytes.Equal(got, want) {
				t.Fatalf("base %q, page %q:\n got %q\nwant %q", baseURL, page, got, want)
			}
		}
	}
}
