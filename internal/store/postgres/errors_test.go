package postgres

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/esahayak/esahayak/internal/store"
)

// A driver error says which operation failed, and still is what it wraps:
// a cancelled request stays context.Canceled (the API's 499), and a table
// gone stays a *pgconn.PgError that Unavailable recognises (the API's 503).
func TestErrorsNameTheirOperation(t *testing.T) {
	schema := newSchemaName(t)
	s := openTest(t, schema)

	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := s.UpdateEndpoint(ctx, "acct_x", "ep_x", func(*store.Endpoint) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "acquire connection") {
			t.Errorf("UpdateEndpoint with a cancelled context = %v; want it to name the acquire", err)
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("UpdateEndpoint with a cancelled context = %v; want errors.Is(err, context.Canceled)", err)
		}
	})

	t.Run("table gone", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, testDSN())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP TABLE "+pgx.Identifier{schema, "idempotency_keys"}.Sanitize()); err != nil {
			t.Fatal(err)
		}
		_, err = s.Prune(ctx, time.Now(), 0)
		if err == nil || !strings.Contains(err.Error(), "prune idempotency keys: ") {
			t.Errorf("Prune without its table = %v; want it to name the step that failed", err)
		}
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "42P01" {
			t.Errorf("Prune without its table = %v; want the PostgreSQL error 42P01 within", err)
		}
		if !s.Unavailable(err) {
			t.Errorf("Unavailable(%v) = false; the API would answer 500 instead of 503", err)
		}
	})
}

// TestMissingSchemaIsNamed: a DSN whose search_path names a schema that
// does not exist (README: "give each its own schema with ?search_path=NAME
// in the DSN (the schema must exist too)") was refused with "create it
// first (CREATE SCHEMA name)", naming no schema. The error names the
// search_path and gives the statement for it.
func TestMissingSchemaIsNamed(t *testing.T) {
	requirePostgres(t)
	schema := newSchemaName(t) // never created; dropped at the end, should Open create it after all
	sep := "?"
	if strings.Contains(testDSN(), "?") {
		sep = "&"
	}
	s, err := Open(context.Background(), testDSN()+sep+"search_path="+schema, Options{})
	if err == nil {
		s.Close()
		t.Fatalf("Open with search_path=%s (no such schema) succeeded", schema)
	}
	for _, w := range []string{"search_path (" + schema + ")", "CREATE SCHEMA " + schema + ";"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("err = %q, want it to say %q", err, w)
		}
	}
	for in, want := range map[string]string{"acme": "CREATE SCHEMA acme;", `"Acme"`: `CREATE SCHEMA "Acme";`,
		"a-b, public": `CREATE SCHEMA "a-b";`, "": "CREATE SCHEMA name", "$user": "CREATE SCHEMA name"} {
		if got := missingSchemaHint(in); !strings.Contains(got, want) {
			t.Errorf("missingSchemaHint(%q) = %q, want it to say %q", in, got, want)
		}
	}
}
