package pack_test

import (
	"bytes"
	"os"
	"path"
	"sort"
	"strings"
	"testing"

	opsreport "github.com/opsreport/opsreport"
	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/pack"
	"github.com/opsreport/opsreport/internal/site"
)

// packPages builds the example site in memory and returns its packs, each
// with the scripts that inlineScripts adds emptied: the page detachLinks
// sees in a build.
func packPages(b *testing.B) [][]byte {
	var d diag.List
	out := site.Build(os.DirFS("../.."), site.Options{Drafts: true, Look: opsreport.Builtin}, &d)
	if out == nil {
		b.Fatal("example site did not build", d.Items())
	}
	var names []string
	for name := range out.Files {
		if strings.HasPrefix(name, "reviews/") && path.Base(name) == "pack.html" {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		b.Fatal("the example site has no packs")
	}
	sort.Strings(names)
	var pages [][]byte
	for _, name := range names {
		pages = append(pages, emptyInlineScripts(out.Files[name]))
	}
	return pages
}

// emptyInlineScripts empties every <script> with no attributes, as
// inlineScripts writes them.
func emptyInlineScripts(page []byte) []byte {
	var b bytes.Buffer
	for {
		i := bytes.Index(page, []byte("<script>"))
		if i < 0 {
			b.Write(page)
			return b.Bytes()
		}
		j := bytes.Index(page[i:], []byte("</script>"))
		b.Write(page[:i+len("<script>")])
		page = page[i+j:]
	}
}

// bigPack repeats page's body until the page is about size bytes, the size
// of a pack on a site with ten years of months and 500 KPIs.
func bigPack(page []byte, size int) []byte {
	open := bytes.Index(page, []byte("<body"))
	open += bytes.IndexByte(page[open:], '>') + 1
	end := bytes.LastIndex(page, []byte("</body>"))
	body := page[open:end]
	var b bytes.Buffer
	b.Write(page[:open])
	for b.Len() < size {
		b.Write(body)
	}
	b.Write(page[end:])
	return b.Bytes()
}

func BenchmarkDetachLinks(b *testing.B) {
	pages := packPages(b)
	largest := pages[0]
	for _, p := range pages {
		if len(p) > len(largest) {
			largest = p
		}
	}
	inputs := []struct {
		name string
		page []byte
	}{{"example", largest}, {"big", bigPack(largest, 1400_000)}}
	impls := []struct {
		name string
		fn   func([]byte, string, string, map[string][]byte) []byte
	}{{"scanner", pack.DetachLinks}, {"reference", pack.DetachLinksReference}}
	for _, in := range inputs {
		for _, impl := range impls {
			b.Run(in.name+"/"+impl.name, func(b *testing.B) {
				b.SetBytes(int64(len(in.page)))
				b.ReportAllocs()
				for b.Loop() {
					impl.fn(in.page, "reviews/2026-10/", "https://ops.example.com/board/", pack.TestImages)
				}
			})
		}
	}
}
