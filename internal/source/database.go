package source

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/opsreport/opsreport/internal/diag"
)

// Database is one of opsreport.yaml's databases: where its sources run.
// The connection URL is read from the environment variable URLEnv, never
// written in the site.
type Database struct {
	Name             string
	Driver           string // postgres
	URLEnv           string
	ConnectTimeout   time.Duration // default 10 s
	StatementTimeout time.Duration // default 5 min
	Pos              diag.Pos
}

// PulledDir is where pull writes each database source's rows.
const PulledDir = "data/pulled"

// PulledFile is the file pull writes for source s.
func (s *Source) PulledFile() string { return PulledDir + "/" + s.Name + ".csv" }

// IsDatabase reports a source that runs in a database.
func (s *Source) IsDatabase() bool { return s.Database != "" }

// safeName is what a database source's name may be: it names a file.
var safeName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// tableName is a table, optionally schema-qualified: support.tickets.
var tableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$`)

// checkDatabase checks a database source: a known database, and either a
// query file or a table read as records.
func (p *parser) checkDatabase(s *Source) {
	// nil databases: opsreport.yaml did not read, and cannot be checked.
	if s.Database != "" && p.databases != nil && !slices.Contains(p.databases, s.Database) {
		hint := diag.DidYouMean(s.Database, p.databases)
		if len(p.databases) == 0 {
			hint = " (opsreport.yaml names no databases: add databases: {" + s.Database + ": {driver: postgres, url_env: ...}})"
		}
		p.errorf(s.At("database"), "unknown database %q%s", s.Database, hint)
	}
	if _, ok := s.at["file"]; ok {
		p.errorf(s.At("file"), "file does not go with database: a database source reads a query or a table")
	}
	switch {
	case s.Query != "" && s.Table != "":
		p.errorf(s.At("table"), "give query or table, not both")
	case s.Table != "":
		if !tableName.MatchString(s.Table) {
			p.errorf(s.At("table"), "table %q is not a table name (tickets, or schema.tickets)", s.Table)
		}
		if s.Layout != Records {
			p.errorf(s.At("table"), "a table is read as records: add layout: records, date and kpis (or use a query)")
		}
	case s.Query != "":
		if s.Layout == Records || s.Layout == MonthsAcross {
			p.errorf(s.At("layout"), "a query returns the months-down or long shape, not %s", s.Layout)
		}
	case !p.failed:
		p.errorf(s.Pos, "a database source needs query (a .sql file under data/) or table (with layout: records)")
	}
	if s.Name == "" {
		switch {
		case s.Query != "":
			s.Name = baseName(s.Query)
		case s.Table != "":
			s.Name = s.Table[strings.LastIndexByte(s.Table, '.')+1:]
		}
	}
	if s.Name != "" && !safeName.MatchString(s.Name) {
		p.errorf(s.At("name"), "name %q names the file data/pulled/%s.csv: use letters, digits, '.', '_' and '-'", s.Name, s.Name)
	}
}
