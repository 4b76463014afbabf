package gate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
)

// A ValidatorReport is what the Nu Html Checker said about a set of pages.
type ValidatorReport struct {
	Files    int       // pages checked
	Errors   []Finding // errors, and documents the checker could not read: these fail the gate
	Warnings []Finding // counted and shown, not failing
	Infos    int       // informational messages, counted only
}

// Validate runs the Nu Html Checker (java -jar jar) once over files, paths
// relative to root, and names findings by those relative paths. One JVM
// for all pages: starting it costs more than checking a page.
func Validate(ctx context.Context, java, jar, root string, files []string) (*ValidatorReport, error) {
	if len(files) == 0 {
		return nil, errors.New("validate: no files to check")
	}
	args := []string{"-jar", jar, "--format", "json", "--stdout", "--exit-zero-always"}
	for _, f := range files {
		args = append(args, filepath.Join(root, filepath.FromSlash(f)))
	}
	cmd := exec.CommandContext(ctx, java, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("run the Nu checker: %w\n%s", err, stderr.Bytes())
	}
	r, err := ParseValidatorJSON(stdout.Bytes(), root)
	if err != nil {
		return nil, fmt.Errorf("%w\nstderr: %s", err, stderr.Bytes())
	}
	r.Files = len(files)
	return r, nil
}

// vnuMessage is one message of the checker's JSON output.
type vnuMessage struct {
	Type        string `json:"type"`    // error, info, non-document-error
	SubType     string `json:"subType"` // warning (for info), fatal, io, …
	URL         string `json:"url"`
	FirstLine   int    `json:"firstLine"` // absent when equal to lastLine
	LastLine    int    `json:"lastLine"`
	FirstColumn int    `json:"firstColumn"`
	Message     string `json:"message"`
	Extract     string `json:"extract"`
}

// ParseValidatorJSON reads the checker's --format json output. Pages are
// named relative to root when they lie under it.
func ParseValidatorJSON(data []byte, root string) (*ValidatorReport, error) {
	var out struct {
		Messages []vnuMessage `json:"messages"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("read the Nu checker's JSON: %w", err)
	}
	r := &ValidatorReport{}
	for _, m := range out.Messages {
		f := m.finding(root)
		switch {
		case m.Type == "info" && m.SubType == "warning":
			r.Warnings = append(r.Warnings, f)
		case m.Type == "info":
			r.Infos++
		default:
			r.Errors = append(r.Errors, f)
		}
	}
	r.Errors = sortFindings(r.Errors)
	r.Warnings = sortFindings(r.Warnings)
	return r, nil
}

func (m vnuMessage) finding(root string) Finding {
	line := m.FirstLine
	if line == 0 {
		line = m.LastLine
	}
	rule := m.Type
	if m.SubType != "" {
		rule += "/" + m.SubType
	}
	msg := m.Message
	if m.Extract != "" {
		msg += fmt.Sprintf(" in %q", m.Extract)
	}
	return Finding{Page: pageName(m.URL, root), Line: line, Col: m.FirstColumn, Rule: rule, Message: msg}
}

// pageName turns the checker's file: URL back into the path it was given.
func pageName(raw, root string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "file" {
		return raw
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return u.Path
	}
	rel, err := filepath.Rel(abs, filepath.FromSlash(u.Path))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return u.Path
	}
	return filepath.ToSlash(rel)
}
