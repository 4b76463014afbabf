package site

import (
	"errors"
	"io/fs"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/opsreport/opsreport/internal/diag"
	"github.com/opsreport/opsreport/internal/kpi"
	"github.com/opsreport/opsreport/internal/source"
	"github.com/opsreport/opsreport/internal/yamlpos"
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
	// Classification is printed on every page of every pack ("Confidential
	// — board use only"); empty prints none.
	Classification string `yaml:"classification"`
	// Databases are where database sources run (SPEC 3a), by name.
	Databases map[string]source.Database `yaml:"-"`
}

var configKeys = []string{"title", "organization", "currency", "locale", "fiscal_year_start", "base_url", "current", "paper", "unsafe_html", "classification", "databases"}

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
	yr := yamlpos.File(ConfigFile)
	m := yr.Parse(src, "invalid YAML: ", d)
	if m == nil {
		return cfg
	}
	if m.Kind != yaml.MappingNode {
		d.Errorf(yr.Line(m), "must be a mapping of keys to values")
		return cfg
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if !slices.Contains(configKeys, k.Value) {
			d.Errorf(yr.Line(k), "unknown key %q%s", k.Value, diag.DidYouMean(k.Value, configKeys))
			continue
		}
		if k.Value == "databases" {
			cfg.Databases = parseDatabases(v, d)
			continue
		}
		if err := v.Decode(fieldOf(&cfg, k.Value)); err != nil {
			d.Errorf(yr.Line(v), "%s: %s", k.Value, yamlpos.Message(err))
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
	case "classification":
		return &c.Classification
	default:
		return &c.UnsafeHTML
	}
}

// ValidBaseURL reports whether s may be a site's base_url: an absolute
// http or https URL with a host.
func ValidBaseURL(s string) bool { return webURL(s) }

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
	if locales := kpi.Locales(); !slices.Contains(locales, c.Locale) {
		d.Errorf(line("locale"), "locale: %q is not supported (one of %s)%s", c.Locale, strings.Join(locales, ", "), diag.DidYouMean(c.Locale, locales))
	}
	if c.BaseURL != "" && !webURL(c.BaseURL) {
		d.Errorf(line("base_url"), "base_url: %q is not an http or https URL (like https://reviews.example.com/)", c.BaseURL)
		c.BaseURL = ""
	}
	c.Classification = strings.TrimSpace(c.Classification)
	if utf8.RuneCountInString(c.Classification) > 80 || strings.ContainsFunc(c.Classification, unicode.IsControl) {
		d.Errorf(line("classification"), "classification: %q is not one line of at most 80 characters (like \"Confidential — board use only\")", c.Classification)
		c.Classification = ""
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
