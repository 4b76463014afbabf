package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// stdTokenizer is the worksheet reader's former tokenizer, encoding/xml's
// RawToken, kept here as the reference xmlScanner must match.
type stdTokenizer struct {
	dec *xml.Decoder
	tok xmlTok
}

func newStdTokenizer(r io.Reader) tokenizer { return &stdTokenizer{dec: xml.NewDecoder(r)} }

func (st *stdTokenizer) next() (*xmlTok, error) {
	for {
		tok, err := st.dec.RawToken()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			st.tok = xmlTok{kind: tokStart, local: []byte(t.Name.Local)}
			for _, a := range t.Attr {
				st.tok.attrs = append(st.tok.attrs, xmlAttr{local: []byte(a.Name.Local), value: []byte(a.Value)})
			}
			return &st.tok, nil
		case xml.EndElement:
			st.tok = xmlTok{kind: tokEnd, local: []byte(t.Name.Local)}
			return &st.tok, nil
		case xml.CharData:
			st.tok = xmlTok{kind: tokText, text: t}
			return &st.tok, nil
		}
	}
}

func newScanTokenizer(r io.Reader) tokenizer { return newXMLScanner(r) }

// tokenDump is every token a tokenizer yields, one a line, and how it
// ended: the finest comparison of the two.
func tokenDump(tk tokenizer) (string, error) {
	var sb strings.Builder
	for {
		t, err := tk.next()
		if err == io.EOF {
			return sb.String(), nil
		}
		if err != nil {
			return sb.String(), err
		}
		switch t.kind {
		case tokStart:
			fmt.Fprintf(&sb, "<%q", t.local)
			for _, a := range t.attrs {
				fmt.Fprintf(&sb, " %q=%q", a.local, a.value)
			}
			sb.WriteString(">\n")
		case tokEnd:
			fmt.Fprintf(&sb, "</%q>\n", t.local)
		case tokText:
			fmt.Fprintf(&sb, "%q\n", t.text)
		}
	}
}

// rowsDump reads a worksheet's XML through rowReader with a tokenizer:
// every row and cell it yields, then "ok" or "error".
func rowsDump(bk *book, name string, merges []mergeRange, data []byte, newTok func(io.Reader) tokenizer) string {
	s := &Sheet{File: bk.name, Name: name}
	var sb strings.Builder
	err := bk.readRows(s, merges, newTok(skipBOM(bytes.NewReader(data))), func(r Row) bool {
		fmt.Fprintf(&sb, "row %d\n", r.Num)
		for _, c := range r.Cells {
			fmt.Fprintf(&sb, "  %d,%d %d %q %v %v %v\n", c.Row, c.Col, c.Kind, c.Text, c.Num, c.Percent, c.Time)
		}
		return true
	})
	if err != nil {
		sb.WriteString("error\n")
	} else {
		sb.WriteString("ok\n")
	}
	return sb.String()
}

// openBook is openWorkbook's reading of a package up to its sheets: the
// shared strings, styles and sheet list both tokenizers read against.
func openBook(t *testing.T, name string, data []byte) (*book, []sheetRef, bool) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, false
	}
	bk := &book{name: name, parts: partIndex(zr)}
	if bk.foreignPackage() != "" {
		return nil, nil, false
	}
	refs, err := bk.resolveSheets()
	if err != nil || bk.validate(zr, refs) != nil || bk.loadStrings() != nil {
		return nil, nil, false
	}
	f, err := openExcelize(name, withoutSheets(zr, refs))
	if err != nil {
		return nil, nil, false
	}
	defer f.Close()
	if err := bk.loadMeta(f); err != nil {
		return nil, nil, false
	}
	return bk, refs, true
}

// TestScannerMatchesEncodingXML reads every worksheet of the corpus and
// of the repository's workbooks through xmlScanner and through
// encoding/xml: the same tokens (with a 7-byte buffer too), and the same
// rows and cells.
func TestScannerMatchesEncodingXML(t *testing.T) {
	files := map[string][]byte{}
	fsys := corpusFS(t)
	names, err := fs.Glob(fsys, "*.xls[xm]")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			t.Fatal(err)
		}
		files[n] = data
	}
	repo, _ := filepath.Glob("../../data/*.xlsx")
	more, _ := filepath.Glob("../../internal/*/testdata/*.xlsx")
	for _, n := range append(repo, more...) {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		files[n] = data
	}
	files["generated.xlsx"] = workbookZip(t, sheetXML(trickyRows), nil)
	sheets, cells := 0, 0
	for name, data := range files {
		bk, refs, ok := openBook(t, name, data)
		if !ok {
			continue
		}
		for _, ref := range refs {
			part, err := readPart(bk.parts[ref.part], maxPartInMem)
			if err != nil {
				continue
			}
			sheets++
			wantTok, wantErr := tokenDump(newStdTokenizer(skipBOM(bytes.NewReader(part))))
			gotTok, gotErr := tokenDump(newScanTokenizer(skipBOM(bytes.NewReader(part))))
			if gotTok != wantTok || (gotErr == nil) != (wantErr == nil) {
				t.Errorf("%s %s: tokens differ (errors %v, %v)", name, ref.name, gotErr, wantErr)
				continue
			}
			gotTok, gotErr = tokenDump(newXMLScannerSize(skipBOM(bytes.NewReader(part)), 7))
			if gotTok != wantTok || (gotErr == nil) != (wantErr == nil) {
				t.Errorf("%s %s: tokens differ with a 7-byte buffer (errors %v, %v)", name, ref.name, gotErr, wantErr)
			}
			want := rowsDump(bk, ref.name, ref.merges, part, newStdTokenizer)
			got := rowsDump(bk, ref.name, ref.merges, part, newScanTokenizer)
			if got != want {
				t.Errorf("%s %s: rows differ\ngot  %.2000s\nwant %.2000s", name, ref.name, got, want)
			}
			cells += strings.Count(got, "\n  ")
		}
	}
	if sheets < 50 || cells < 1000 {
		t.Errorf("compared only %d sheets, %d cells", sheets, cells)
	}
	t.Logf("%d files, %d sheets, %d cells", len(files), sheets, cells)
}

// trickyRows exercises what the corpus may not: prefixes, entities and
// character references, CDATA, comments, processing instructions, odd
// whitespace, single quotes, CRLF, self-closing cells, inline strings
// with phonetic runs.
const trickyRows = `<!-- a comment --><?pi data?>` +
	"<x:row r='1' >\r\n<x:c r=\"A1\" t='inlineStr'><x:is><x:t>a &amp; b &lt;&gt; &quot;&apos; &#65;&#x42;&#x1F600;</x:t></x:is></x:c>" +
	"<c r = 'B1'\tt\n=\r\n\"str\"><f>1+1</f><v><![CDATA[x<y & ]]]]><![CDATA[>z]]></v></c>" +
	"<c r=\"C1\" s=\"1\"><v>45000</v></c><c r=\"D1\" s=\"2\"><v> 0.25 </v></c><c r=\"E1\"/>" +
	"<c r=\"F1\" t=\"s\"><v>1</v></c><c r=\"G1\" t=\"b\"><v>1</v></c><c r=\"H1\" t=\"e\"><v>#N/A</v></c></x:row>" +
	"<row><c t=\"inlineStr\"><is><r><t>line\r\nbreak\r</t></r><rPh><t>skip</t></rPh></is></c><c><f>A1</f><v></v></c></row>" +
	"<row r=\"5\"><c r=\"B5\" t=\"d\"><v>2026-01-31</v></c><!-- -- - --><c r=\"A5\"><v>3</v></c></row>"

// TestScannerTokens checks tokens of hand-written snippets against
// encoding/xml, with buffers of a few bytes too: the same tokens, and
// the same refusals with the same message.
func TestScannerTokens(t *testing.T) {
	for _, in := range scannerSeeds {
		want, wantErr := tokenDump(newStdTokenizer(strings.NewReader(in)))
		for _, size := range []int{64 << 10, 1, 2, 3, 5} {
			got, gotErr := tokenDump(newXMLScannerSize(iotest.HalfReader(strings.NewReader(in)), size))
			if got != want || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Errorf("%q, %d-byte buffer:\ngot  %q, %v\nwant %q, %v", in, size, got, gotErr, want, wantErr)
			}
		}
	}
}

var scannerSeeds = []string{
	sheetXML(trickyRows),
	`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a/>`,
	`<?xml version='1.0' encoding='utf-8'?><a/>`,
	`<?xml version="1.1"?><a/>`,
	`<?xml version="1.0" encoding="ISO-8859-1"?><a/>`,
	`<?xml?><a/>`,
	`<?xml-stylesheet href="x"?><a/>`,
	`<? xml?>`,
	`<?1x?>`,
	`<!DOCTYPE a [<!ENTITY e "x"> <!-- c > --> '>' ]><a>&e;</a>`,
	`<!DOCTYPE a <>>`,
	`<!>x>`,
	`<!-- ok --><!-- bad -- --><a/>`,
	`<!--->`,
	`<!- x>`,
	`<![CDATA[a]]><![cdata[b]]>`,
	`<![CDATA[a]]`,
	`<a>]]></a>`,
	`<a>]]&gt;</a>`,
	`<a b="]]>"/>`,
	`<a b="<"/>`,
	`<a b=c/>`,
	`<a b/>`,
	`<a b="1"c="2"/>`,
	`<a b="1" / >`,
	`<a b="1"/ >`,
	`<a:b:c/>`,
	`<:a x:="1" :y="2"/>`,
	`<a:/>`,
	`<1a/>`,
	`<-a/>`,
	`<é/>`,
	`<a é="1"/>`,
	"<\u00b7a/>",
	"<a\u00b7/>",
	"<a\xff/>",
	`</a >`,
	`</a b>`,
	`</>`,
	`<>`,
	`< a/>`,
	`<a>&#0;</a>`,
	`<a>&#9;&#10;&#13;&#x20;</a>`,
	`<a>&#xD800;&#xFFFE;</a>`,
	`<a>&#xD800;</a>`,
	`<a>&#x110000;</a>`,
	`<a>&#X41;</a>`,
	`<a>&#x;</a>`,
	`<a>&#;</a>`,
	`<a>&#65</a>`,
	`<a>&#99999999999999999999999;</a>`,
	`<a>&#0000000000000000000000065;</a>`,
	`<a>&nbsp;</a>`,
	`<a>&amp</a>`,
	`<a>&;</a>`,
	`<a>& b</a>`,
	`<a>&ampx;</a>`,
	`<a>&éa;</a>`,
	"<a>\x01</a>",
	"<a>\xef\xbf\xbe</a>",
	"<a>\xc3</a>",
	"<a>\r\r\n\n\r</a>",
	"<a b='\r\n\t'/>",
	"<a>\r&amp;\n</a>",
	"\xef\xbb\xbf<a/>",
	`<a>text`,
	`<a b="1`,
	`<a b='1'`,
	"<a b=\"\xcd",
	"<a b=\"\x01",
	`<a`,
	`<`,
	`<a>&`,
	`<a>&#`,
	`<a>&#x`,
	`<!DOCTYPE`,
	`<!--`,
	`<?pi`,
	`<![CDATA[`,
	`<![CDA`,
	``,
	` `,
	"<row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData>",
}

// FuzzWorksheetXML: any worksheet XML reads to the same rows and cells
// through xmlScanner as through encoding/xml, or both refuse it.
func FuzzWorksheetXML(f *testing.F) {
	for _, seed := range scannerSeeds {
		f.Add([]byte(seed))
	}
	for _, rows := range []string{
		trickyRows,
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>45292</v></c></row><row r="2"><c r="A2" t="s"><v>7</v></c></row>`,
		`<row r="1"><c r="A1"><v>1</v></c></row><row r="1048577"><c><v>1</v></c></row>`,
		`<row r="1"><c r="XFE1"><v>1</v></c></row>`,
		`<row r="x"/>`,
		`<row><c><v>1</v></row></c>`,
	} {
		f.Add([]byte(sheetXML(rows)))
		f.Add([]byte(sheetXML(rows)[:len(sheetXML(rows))/2]))
	}
	bk := &book{name: "f.xlsx", strings: []string{"plain", "rich text", "line\nbreak"},
		classes: []fmtClass{fmtGeneral, fmtDate, fmtPercent}}
	merges := []mergeRange{{top: 1, left: 1, bottom: 2, right: 2}}
	f.Fuzz(func(t *testing.T, data []byte) {
		want := rowsDump(bk, "Sheet1", merges, data, newStdTokenizer)
		got := rowsDump(bk, "Sheet1", merges, data, newScanTokenizer)
		if got != want {
			t.Fatalf("rows differ\ngot  %s\nwant %s", got, want)
		}
		wantTok, wantErr := tokenDump(newStdTokenizer(bytes.NewReader(data)))
		gotTok, gotErr := tokenDump(newScanTokenizer(bytes.NewReader(data)))
		if gotTok != wantTok || (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("tokens differ (errors %v, %v)\ngot  %s\nwant %s", gotErr, wantErr, gotTok, wantTok)
		}
		// Again in pieces of a few bytes, every token split across reads.
		size := 1 + len(data)%7
		gotTok, gotErr = tokenDump(newXMLScannerSize(iotest.HalfReader(bytes.NewReader(data)), size))
		if gotTok != wantTok || (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("tokens differ with a %d-byte buffer (errors %v, %v)\ngot  %s\nwant %s", size, gotErr, wantErr, gotTok, wantTok)
		}
	})
}
