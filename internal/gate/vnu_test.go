package gate_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/opsreport/opsreport/internal/gate"
)

// validator returns a function that runs the Nu checker over files under
// root, or skips the test when java or the checker is missing.
func validator(t *testing.T) func(root string, files []string) *gate.ValidatorReport {
	t.Helper()
	java := need(t, gate.Java)
	jar := need(t, gate.VNUJar)
	return func(root string, files []string) *gate.ValidatorReport {
		return validate(t, java, jar, root, files)
	}
}

func validate(t *testing.T, java, jar, root string, files []string) *gate.ValidatorReport {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	r, err := gate.Validate(ctx, java, jar, root, files)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestValidatorGate: the Nu Html Checker finds no error in any page of the
// example site. Warnings are shown, not failed.
func TestValidatorGate(t *testing.T) {
	check := validator(t)
	dir := exampleSite(t)
	files := siteFiles(t, dir)
	r := check(dir, files)
	for _, f := range r.Errors {
		t.Error(f)
	}
	for _, f := range r.Warnings {
		t.Log("warning:", f)
	}
	report(t, "validator: %d pages, %d errors, %d warnings, %d info messages",
		r.Files, len(r.Errors), len(r.Warnings), r.Infos)
}

// TestValidatorGateCatches: an unclosed element is an error the gate
// reports at its line; the good page has none.
func TestValidatorGateCatches(t *testing.T) {
	r := validator(t)("testdata/fixtures", []string{"good.html", "unclosed.html"})
	if r.Files != 2 {
		t.Errorf("Files = %d, want 2", r.Files)
	}
	var good, unclosed []gate.Finding
	for _, f := range r.Errors {
		switch f.Page {
		case "good.html":
			good = append(good, f)
		case "unclosed.html":
			unclosed = append(unclosed, f)
		default:
			t.Errorf("finding names an unknown page: %s", f)
		}
	}
	if len(good) > 0 {
		t.Errorf("good page has validator errors: %v", good)
	}
	found := false
	for _, f := range unclosed {
		// <section> opens on line 10 of the fixture.
		if strings.Contains(f.Message, "Unclosed element") && strings.Contains(f.Message, "section") && f.Line == 10 {
			found = true
		}
	}
	if !found {
		t.Errorf("want an error for the unclosed <section> at line 10; got %v", unclosed)
	}
}
