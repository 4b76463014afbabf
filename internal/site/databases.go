package site

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/source"
)

// databaseKeys are the keys of one database in opsreport.yaml.
var databaseKeys = []string{"driver", "url_env", "connect_timeout", "statement_timeout"}

// drivers are the database drivers opsreport speaks: PostgreSQL, and the
// databases that speak its protocol.
var drivers = []string{"postgres"}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// parseDatabases reads databases: {NAME: {driver, url_env, connect_timeout,
// statement_timeout}}. A URL is never written in the site: url_env names
// the environment variable that holds it.
func parseDatabases(n *yaml.Node, d *diag.List) map[string]source.Database {
	at := func(n *yaml.Node) diag.Pos { return diag.Pos{File: ConfigFile, Line: n.Line} }
	if n.Kind != yaml.MappingNode {
		d.Errorf(at(n), "databases must map names to {driver: postgres, url_env: VARIABLE}")
		return nil
	}
	out := map[string]source.Database{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		name, v := n.Content[i], n.Content[i+1]
		db := source.Database{Name: name.Value, ConnectTimeout: 10 * time.Second, StatementTimeout: 5 * time.Minute, Pos: at(name)}
		if v.Kind != yaml.MappingNode {
			d.Errorf(at(v), "database %s must be {driver: postgres, url_env: VARIABLE}", name.Value)
			continue
		}
		if parseDatabase(&db, v, at, d) {
			out[name.Value] = db
		}
	}
	return out
}

func parseDatabase(db *source.Database, v *yaml.Node, at func(*yaml.Node) diag.Pos, d *diag.List) bool {
	ok := true
	for j := 0; j+1 < len(v.Content); j += 2 {
		k, val := v.Content[j], v.Content[j+1]
		text := strings.TrimSpace(val.Value)
		switch k.Value {
		case "driver":
			db.Driver = strings.ToLower(text)
			if !slices.Contains(drivers, db.Driver) {
				d.Errorf(at(val), "database %s: driver %q is not supported (postgres, which also reaches the databases that speak its protocol)%s", db.Name, text, diag.DidYouMean(text, drivers))
				ok = false
			}
		case "url_env":
			db.URLEnv = text
			if !envName.MatchString(text) {
				d.Errorf(at(val), "database %s: url_env names an environment variable (WAREHOUSE_URL), not %q: the URL itself is never written in the site", db.Name, text)
				ok = false
			}
		case "connect_timeout", "statement_timeout":
			t, err := time.ParseDuration(text)
			if err != nil || t <= 0 {
				d.Errorf(at(val), "database %s: %s %q is not a duration such as 10s or 5m", db.Name, k.Value, text)
				ok = false
			} else if k.Value == "connect_timeout" {
				db.ConnectTimeout = t
			} else {
				db.StatementTimeout = t
			}
		default:
			d.Errorf(at(k), "database %s: unknown key %q%s", db.Name, k.Value, diag.DidYouMean(k.Value, databaseKeys))
			ok = false
		}
	}
	if ok && (db.Driver == "" || db.URLEnv == "") {
		d.Errorf(db.Pos, "database %s needs driver (postgres) and url_env (the environment variable holding its URL)", db.Name)
		ok = false
	}
	return ok
}

// databaseNames are the configured databases' names, sorted; nil when
// opsreport.yaml did not read cleanly, so that sources naming a database
// are not reported as follow-ons of its error.
func (c Config) databaseNames(d *diag.List) []string {
	for _, it := range d.Items() {
		if it.Severity == diag.Error && it.Pos.File == ConfigFile {
			return nil
		}
	}
	names := []string{}
	for n := range c.Databases {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
