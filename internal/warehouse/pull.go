// Package warehouse runs the database sources of data/sources.yaml (SPEC
// 3a): `opsreport pull` connects to each source's database (PostgreSQL, or
// one that speaks its protocol), runs its query or the SQL compiled from
// its records definition, and writes the rows to data/pulled/NAME.csv, all
// or nothing. build, check and serve read those files and never connect,
// so builds work offline and every pulled number's history is in git.
//
// A records source's aggregates run in the database: the month is
// date_trunc of the UTC date, where becomes parameters (never spliced
// text), and the quarter, year to date and trailing twelve months of each
// month are computed there from the records of each span, so only months ×
// KPIs rows leave it. No message carries a password or a connection URL.
package warehouse

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/source"
)

// Pulled is one source's new pulled file.
type Pulled struct {
	Source *source.Source
	CSV    []byte
	Rows   int
	Bytes  int64 // what the database sent, roughly: the rows' text
}

// Options are a pull's settings.
type Options struct {
	FiscalStart int
	Only        string                     // pull this source alone
	Getenv      func(string) string        // the environment, for url_env
	Databases   map[string]source.Database // opsreport.yaml's
}

// Pull runs every database source (or Only) and returns its rows as the
// pulled files' contents. Problems are reported in d, naming the source,
// its line in sources.yaml and the database; when there are any, nothing
// should be written.
func Pull(ctx context.Context, fsys fs.FS, srcs []*source.Source, cat *kpi.Catalog, o Options, d *diag.List) []Pulled {
	var out []Pulled
	found := false
	for _, s := range srcs {
		if !s.IsDatabase() || (o.Only != "" && s.Name != o.Only) {
			continue
		}
		found = true
		if p, ok := pullOne(ctx, fsys, s, cat, o, d); ok {
			out = append(out, p)
		}
	}
	if o.Only != "" && !found {
		var names []string
		for _, s := range srcs {
			if s.IsDatabase() {
				names = append(names, s.Name)
			}
		}
		d.Errorf(diag.Pos{File: source.File}, "no database source named %q%s (database sources: %s)", o.Only, diag.DidYouMean(o.Only, names), strings.Join(names, ", "))
	}
	return out
}

// pullOne connects and runs one source.
func pullOne(ctx context.Context, fsys fs.FS, s *source.Source, cat *kpi.Catalog, o Options, d *diag.List) (Pulled, bool) {
	db := o.Databases[s.Database]
	rawURL := o.Getenv(db.URLEnv)
	if rawURL == "" {
		d.Errorf(db.Pos, "database %s: the environment variable %s that holds its URL is not set (source %s)", db.Name, db.URLEnv, s.Name)
		return Pulled{}, false
	}
	fail := func(format string, args ...any) (Pulled, bool) {
		msg := redact(fmt.Sprintf(format, args...), rawURL)
		d.Errorf(s.Pos, "source %s, database %s: %s", s.Name, db.Name, msg)
		return Pulled{}, false
	}
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return fail("the URL in %s is not a PostgreSQL URL: %v", db.URLEnv, err)
	}
	cfg.ConnectTimeout = db.ConnectTimeout
	cfg.RuntimeParams["statement_timeout"] = strconv.FormatInt(db.StatementTimeout.Milliseconds(), 10)
	cfg.RuntimeParams["application_name"] = "opsreport pull"
	// Dates and texts of dates as the site reads them, whatever the
	// server's or the role's defaults.
	cfg.RuntimeParams["timezone"] = "UTC"
	cfg.RuntimeParams["datestyle"] = "ISO, YMD"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fail("cannot connect: %v", plainError(err))
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var p Pulled
	errs := d.Errors()
	if s.Table != "" {
		p, err = pullTable(ctx, conn, s, o.FiscalStart, d)
	} else {
		p, err = pullQuery(ctx, conn, fsys, s, cat, d)
	}
	if err != nil {
		return fail("%v", plainError(err))
	}
	return p, p.CSV != nil && d.Errors() == errs
}

// plainError keeps a server error's message, detail and hint, without the
// driver's wrapping (which may name the connection).
func plainError(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		msg := pe.Message
		if pe.Detail != "" {
			msg += " (" + pe.Detail + ")"
		}
		if pe.Code == "57014" {
			msg += ": the statement ran past statement_timeout"
		}
		return errors.New(msg)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return errors.New("timed out")
	}
	return err
}

// redact removes the URL and its password from a message.
func redact(msg, rawURL string) string {
	msg = strings.ReplaceAll(msg, rawURL, "[url]")
	for _, pw := range passwords(rawURL) {
		msg = strings.ReplaceAll(msg, pw, "xxxxx")
	}
	return msg
}

// kvPassword is password=... in a key=value connection string, quoted
// ('a b', with \' inside) or not.
var kvPassword = regexp.MustCompile(`(?:^|\s)password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)`)

// passwords finds a connection string's password, as written and decoded:
// in a URL (scheme://user:password@host, parsed by hand, since a password
// that breaks url.Parse must still be found) or as password=... in the
// key=value form.
func passwords(raw string) []string {
	var out []string
	if _, rest, ok := strings.Cut(raw, "://"); ok {
		if at := strings.LastIndexByte(rest, '@'); at >= 0 {
			if _, pw, ok := strings.Cut(rest[:at], ":"); ok && pw != "" {
				out = append(out, pw)
				if dec, err := url.PathUnescape(pw); err == nil && dec != pw {
					out = append(out, dec)
				}
			}
		}
	}
	if u, err := url.Parse(raw); err == nil {
		if pw := u.Query().Get("password"); pw != "" {
			out = append(out, pw, url.QueryEscape(pw))
		}
	}
	if m := kvPassword.FindStringSubmatch(raw); m != nil {
		pw := m[1]
		if strings.HasPrefix(pw, "'") {
			pw = strings.ReplaceAll(strings.Trim(pw, "'"), `\'`, "'")
		}
		if pw != "" {
			out = append(out, pw)
		}
	}
	return out
}

// pullTable runs a records source's compiled SQL.
func pullTable(ctx context.Context, conn *pgx.Conn, s *source.Source, fiscalStart int, d *diag.List) (Pulled, error) {
	cols, err := tableColumns(ctx, conn, s.Table)
	if err != nil {
		return Pulled{}, err
	}
	if len(cols) == 0 {
		return Pulled{}, fmt.Errorf("table %s does not exist (or this user cannot see it)", s.Table)
	}
	sql, args := buildRecordsQuery(s, s.Table, cols, fiscalStart, d)
	if sql == "" {
		return Pulled{}, nil
	}
	rows, err := conn.Query(ctx, sql, args...)
	if err != nil {
		return Pulled{}, err
	}
	defer rows.Close()
	res := map[*kpi.KPI]map[kpi.Period]*[4]kpi.Opt{}
	var sent, undated int64
	var months []int // with records
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return Pulled{}, err
		}
		sent += int64(len(rows.RawValues()) * 8)
		for _, raw := range rows.RawValues() {
			sent += int64(len(raw))
		}
		addSpanRow(res, s, vals)
		undated = toInt64(vals[3])
		if n := toInt64(vals[4]); n > 0 {
			at, _ := vals[0].(time.Time)
			months = append(months, at.Year()*12+int(at.Month())-1)
		}
	}
	if err := rows.Err(); err != nil {
		return Pulled{}, err
	}
	if !checkRecords(s, months, undated, d) {
		return Pulled{}, nil
	}
	p := recordsCSV(s, res)
	p.Bytes = sent
	return p, nil
}

// checkRecords says what a records file would of the table's records:
// how many have no date, and a month far apart from all the others (a
// mistyped date, which would make centuries of empty months). false when
// the pull cannot go on.
func checkRecords(s *source.Source, months []int, undated int64, d *diag.List) bool {
	if undated > 0 {
		verb := "were"
		if undated == 1 {
			verb = "was"
		}
		d.Warnf(s.At("date"), "source %s: %s with no %s %s not counted", s.Name, diag.Plural(int(undated), "record"), s.Date, verb)
	}
	slices.Sort(months)
	lo, hi := source.TrimStrays(months)
	for _, m := range months[:lo] {
		d.Errorf(s.At("date"), "source %s: %s", s.Name, source.StrayMessage(s.Date, m, months[lo], "before"))
	}
	if hi >= lo {
		for _, m := range months[hi+1:] {
			d.Errorf(s.At("date"), "source %s: %s", s.Name, source.StrayMessage(s.Date, m, months[hi], "after"))
		}
	}
	return lo == 0 && hi == len(months)-1
}

// addSpanRow takes one (month, span) row of the compiled query.
func addSpanRow(res map[*kpi.KPI]map[kpi.Period]*[4]kpi.Opt, s *source.Source, vals []any) {
	at, _ := vals[0].(time.Time)
	span := toInt(vals[1])
	outside, _ := vals[2].(bool)
	p := kpi.Period{Year: at.Year(), Month: int(at.Month())}
	for i, rk := range s.KPIs {
		m := res[rk.KPI]
		if m == nil {
			m = map[kpi.Period]*[4]kpi.Opt{}
			res[rk.KPI] = m
		}
		if m[p] == nil {
			m[p] = &[4]kpi.Opt{}
		}
		if f, ok := toFloat(vals[5+i]); ok && !outside {
			m[p][span] = kpi.Some(kpi.Clean(f))
		}
	}
}

func toInt(v any) int {
	switch n := v.(type) {
	case int32:
		return int(n)
	case int64:
		return int(n)
	}
	return 0
}

func toFloat(v any) (float64, bool) {
	f, ok := v.(float64)
	return f, ok && !math.IsNaN(f) && !math.IsInf(f, 0)
}

// recordsCSV writes a records source's pulled file: each KPI's months, with
// the roll-ups of each span, sorted by KPI id then month.
func recordsCSV(s *source.Source, res map[*kpi.KPI]map[kpi.Period]*[4]kpi.Opt) Pulled {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(source.RecordsHeader)
	ks := make([]*kpi.KPI, 0, len(res))
	for k := range res {
		ks = append(ks, k)
	}
	slices.SortFunc(ks, func(a, b *kpi.KPI) int { return strings.Compare(a.ID, b.ID) })
	n := 0
	for _, k := range ks {
		for _, p := range sortedPeriods(res[k]) {
			v := res[k][p]
			w.Write([]string{k.ID, p.String(), kpi.PlainNumber(v[0]), kpi.PlainNumber(v[1]), kpi.PlainNumber(v[2]), kpi.PlainNumber(v[3])})
			n++
		}
	}
	w.Flush()
	return Pulled{Source: s, CSV: buf.Bytes(), Rows: n}
}

func sortedPeriods[V any](m map[kpi.Period]V) []kpi.Period {
	ps := make([]kpi.Period, 0, len(m))
	for p := range m {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b kpi.Period) int { return a.Index() - b.Index() })
	return ps
}

// tableColumns lists a table's columns and types.
func tableColumns(ctx context.Context, conn *pgx.Conn, table string) ([]column, error) {
	schema, name := splitTable(table)
	rows, err := conn.Query(ctx, `SELECT column_name, data_type FROM information_schema.columns
		WHERE table_schema = coalesce(nullif($1, ''), current_schema()) AND table_name = $2
		ORDER BY ordinal_position`, schema, name)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (column, error) {
		var c column
		err := r.Scan(&c.name, &c.typ)
		return c, err
	})
}
