package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/store/sqlite"
)

// TestRedactDBHidesThePasswordOfAnUnparsableURL: a URL-form DSN that
// url.Parse refuses (a "%" in the password, a host it cannot read) kept its
// password when printed, and the --db usage error of a mistyped scheme
// printed it (found by FuzzRedactDB).
func TestRedactDBHidesThePasswordOfAnUnparsableURL(t *testing.T) {
	for in, want := range map[string]string{
		"postgress://app:50%off@db.internal/esahayak": "postgress://app:xxxxx@db.internal/esahayak",
		"postgres://0:hunter2@%20/esahayak":           "postgres://0:xxxxx@%20/esahayak",
		"mysql://app:hun/ter2@db:3306/x":              "mysql://app:xxxxx@db:3306/x",
		"postgres://app:hun@ter2@db:port/x":           "postgres://app:xxxxx@db:port/x",
		"postgres://app@db:port/x":                    "postgres://app@db:port/x",
	} {
		if got := redactDB(in); got != want {
			t.Errorf("redactDB(%q) = %q, want %q", in, got, want)
		}
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	_, err := openStore(context.Background(), "postgress://app:50%off@db.internal/esahayak", sqlite.Options{}, log)
	if err == nil || !strings.Contains(err.Error(), "--db") || strings.Contains(err.Error(), "50%off") {
		t.Fatalf("openStore with a mistyped scheme: %v", err)
	}
}
