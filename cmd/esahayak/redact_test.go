package main

import (
	"strings"
	"testing"
)

// TestRedactDB: the DSN printed at start-up never shows a password, in the
// user part or as pgx's ?password= parameter; other DSNs print as given.
func TestRedactDB(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:hunter2@127.0.0.1:5432/test?sslmode=disable":              "postgres://u:xxxxx@127.0.0.1:5432/test?sslmode=disable",
		"postgres://u@127.0.0.1:5432/test?sslmode=disable&password=hunter2&x=1": "postgres://u@127.0.0.1:5432/test?password=xxxxx&sslmode=disable&x=1",
		"postgres://u:a@127.0.0.1/test?password=hunter2":                        "postgres://u:xxxxx@127.0.0.1/test?password=xxxxx",
		"sqlite:esahayak.db": "sqlite:esahayak.db",
		"sqlite:/tmp/x.db":   "sqlite:/tmp/x.db",
		"postgres://postgres@127.0.0.1:5432/test?sslmode=disable&search_path=a b": "postgres://postgres@127.0.0.1:5432/test?sslmode=disable&search_path=a b",
	} {
		got := redactDB(in)
		if got != want || strings.Contains(got, "hunter2") {
			t.Errorf("redactDB(%q) = %q, want %q", in, got, want)
		}
	}
}
