package example

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTicketsAreCurrent(t *testing.T) {
	path := filepath.Join(repoRoot(t), "data", "tickets.csv")
	got := TicketsCSV()
	if !bytes.Equal(got, TicketsCSV()) {
		t.Fatal("two generations of tickets.csv differ")
	}
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("data/tickets.csv is stale or missing (%v): run go test ./internal/example -update", err)
	}
	lines := strings.Count(string(got), "\n")
	if lines < 2000 || lines > 6000 || !strings.Contains(string(got), ",open,") || !strings.Contains(string(got), "-05:00,") {
		t.Errorf("tickets.csv: %d lines; open tickets and New York offsets expected", lines)
	}
}
