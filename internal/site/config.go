package site

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/source"
)

// ConfigFile is the site configuration's name in the site folder.
const ConfigFile = "opsreport.yaml"

// Config is opsreport.yaml (SPEC section 1). Every key has a default.
type Config struct {
	Title           string `yaml:"title"`
	Organization    string `yaml:"organization"`
	Currency        string `yaml:"currency"`
	Locale          string `yaml:"locale"`
	FiscalYearStart int    `yaml:"fiscal_year_start"`
	BaseURL         string `yaml:"base_url"`
	Current         string `yaml:"current"`
	Paper           string `yaml:"paper"`
	UnsafeHTML      bool   `yaml:"unsafe_html"`
	// Databases are where database sources run (SPEC 3a), by name.
	Databases map[string]source.Database `yaml:"-"`
}

var configKeys = []string{"title", "organization", "currency", "locale", "fiscal_year_start", "base_url", "current", "paper", "unsafe_html", "databases"}

// Locales opsreport formats numbers for.
var Locales = []string{"en-US", "en-GB", "de-DE", "fr-FR", "nl-NL", "es-ES"}

func defaultConfig() Config {
	return Config{Title: "Operating reviews", Currency: "USD", Locale: "en-US", FiscalYearStart: 1, Paper: "A4"}
}

// loadConfig reads opsreport.yaml when present, reporting unknown keys with
// a suggestion and bad values with their line.
func loadConfig(fsys fs.FS, d *diag.List) Config {
	cfg := defaultConfig()
	src, err := fs.ReadFile(fsys, ConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg
	}
	if err != nil {
		d.Errorf(diag.Pos{File: ConfigFile}, "cannot be read: %v", err)
		return cfg
	}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		d.Add(yamlDiag(ConfigFile, 0, err))
		return cfg
	}
	if len(root.Content) == 0 {
		return cfg
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		d.Errorf(diag.Pos{File: ConfigFile, Line: m.Line}, "must be a mapping of keys to values")
		return cfg
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		pos := diag.Pos{File: ConfigFile, Line: k.Line}
		if !slices.Contains(configKeys, k.Value) {
			d.Errorf(pos, "unknown key %q%s", k.Value, diag.DidYouMean(k.Value, configKeys))
			continue
		}
		if k.Value == "databases" {
			cfg.Databases = parseDatabases(v, d)
			continue
		}
		if err := v.Decode(fieldOf(&cfg, k.Value)); err != nil {
			d.Errorf(diag.Pos{File: ConfigFile, Line: v.Line}, "%s: %s", k.Value, plainYAMLError(err))
		}
	}
	checkConfig(&cfg, m, d)
	return cfg
}

func fieldOf(c *Config, key string) any {
	switch key {
	case "title":
		return &c.Title
	case "organization":
		return &c.Organization
	case "currency":
		return &c.Currency
	case "locale":
		return &c.Locale
	case "fiscal_year_start":
		return &c.FiscalYearStart
	case "base_url":
		return &c.BaseURL
	case "current":
		return &c.Current
	case "paper":
		return &c.Paper
	default:
		return &c.UnsafeHTML
	}
}

// webURL reports whether s is an absolute http(s) URL with a host: a pack
// resolves every link against base_url, so any other scheme
// (javascript:, data:) would turn each link into whatever it says.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (strings.EqualFold(u.Scheme, "http") || strings.EqualFold(u.Scheme, "https")) && u.Host != "" && u.Opaque == ""
}

var currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)

func checkConfig(c *Config, m *yaml.Node, d *diag.List) {
	line := func(key string) diag.Pos {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				return diag.Pos{File: ConfigFile, Line: m.Content[i+1].Line}
			}
		}
		return diag.Pos{File: ConfigFile}
	}
	if c.FiscalYearStart < 1 || c.FiscalYearStart > 12 {
		d.Errorf(line("fiscal_year_start"), "fiscal_year_start: %d is not a month (1-12)", c.FiscalYearStart)
		c.FiscalYearStart = 1
	}
	c.Currency = strings.ToUpper(c.Currency)
	if !currencyCode.MatchString(c.Currency) {
		d.Errorf(line("currency"), "currency: %q is not an ISO 4217 code such as USD or EUR", c.Currency)
	}
	if !slices.Contains(Locales, c.Locale) {
		d.Errorf(line("locale"), "locale: %q is not supported (one of %s)%s", c.Locale, strings.Join(Locales, ", "), diag.DidYouMean(c.Locale, Locales))
	}
	if c.BaseURL != "" && !webURL(c.BaseURL) {
		d.Errorf(line("base_url"), "base_url: %q is not an http or https URL (like https://reviews.example.com/)", c.BaseURL)
		c.BaseURL = ""
	}
	switch strings.ToLower(c.Paper) {
	case "a4":
		c.Paper = "A4"
	case "letter":
		c.Paper = "Letter"
	default:
		d.Errorf(line("paper"), "paper: %q is not A4 or Letter", c.Paper)
	}
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlDiag turns a yaml.v3 error into a diagnostic at its line, offset by
// the lines that precede the YAML block in the file.
func yamlDiag(file string, offset int, err error) diag.Diagnostic {
	msg := plainYAMLError(err)
	pos := diag.Pos{File: file}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		pos.Line = n + offset
		msg = m[2]
	}
	return diag.Diagnostic{Pos: pos, Msg: "invalid YAML: " + msg}
}

func plainYAMLError(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg := te.Errors[0]
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			msg = m[2]
		}
		return strings.ReplaceAll(msg, "!!", "")
	}
	return fmt.Sprint(err)
}
