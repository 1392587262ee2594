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

// TestRedactDBReadsTheUserInfoAsTyped: a password typed with a "#", "/" or
// "?" as is ends the host early for url.Parse ("app:1234" read as host and
// port, no user), and redactDB printed such a DSN whole: in the --db
// refusal of a mistyped scheme and in serve's refusal of a DSN given
// without --db (found by FuzzRedactDBAsTyped).
func TestRedactDBReadsTheUserInfoAsTyped(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://app:1234#5678@db.internal:5432/esahayak":    "postgres://app:xxxxx@db.internal:5432/esahayak",
		"postgres://app:12/345678@db/esahayak?sslmode=disable":  "postgres://app:xxxxx@db/esahayak?sslmode=disable",
		"postgres://app:4711#0815@db/esahayak?password=hunter2": "postgres://app:xxxxx@db/esahayak?password=xxxxx",
		"postgres://a/b:hunter2@db:5432/esahayak":               "postgres://a/b:xxxxx@db:5432/esahayak",
		// A password url.Parse reads, with an "@" in the query after it:
		// url.Parse's reading stands.
		"postgres://app:hunter2@db:5432/x?application_name=a@b": "postgres://app:xxxxx@db:5432/x?application_name=a%40b",
		// No password, an "@" in the query after a port: hidden, as it
		// cannot be told from a password typed with a "?".
		"postgres://app@db:5432/x?application_name=a@b": "postgres://app%40db:xxxxx@b",
		// ?password= with an "@" in it: hidden as a query value, whole.
		"postgres://db:5432/x?password=hunter2@b": "postgres://db:5432/x?password=xxxxx",
	} {
		if got := redactDB(in); got != want {
			t.Errorf("redactDB(%q) = %q, want %q", in, got, want)
		}
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	_, err := openStore(context.Background(), "postgress://app:1234#5678@db.internal/esahayak", sqlite.Options{}, log)
	if err == nil || !strings.Contains(err.Error(), "--db") || strings.Contains(err.Error(), "1234#5678") {
		t.Errorf("openStore with a mistyped scheme: %v", err)
	}
	if msg := serveArgumentMistake("postgres://app:1234#5678@db.internal/esahayak"); strings.Contains(msg, "1234#5678") || !strings.Contains(msg, "--db postgres://app:xxxxx@") {
		t.Errorf("serve with a DSN and no --db: %s", msg)
	}
}
