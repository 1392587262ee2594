package main_test

import (
	"context"
	"database/sql"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestOlderBinaryRefusesNewerDatabase: rolling the binary back onto a
// database a later release migrated (here: a migration 9999 it does not
// know) must not start or change anything: serve and accounts create each
// exit 1 with one line that says what happened and what to do, and
// schema_migrations is left as the later release wrote it.
func TestOlderBinaryRefusesNewerDatabase(t *testing.T) {
	for _, kind := range []string{"sqlite", "pg"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			var db string
			var exec1 func(q string) // runs q on the database
			newer := `INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)`
			var count func() int // schema_migrations' rows
			switch kind {
			case "sqlite":
				path := filepath.Join(t.TempDir(), "e.db")
				db = "sqlite:" + path
				createAccount(t, db)
				raw, err := sql.Open("sqlite", path)
				if err != nil {
					t.Fatal(err)
				}
				defer raw.Close()
				exec1 = func(q string) {
					if _, err := raw.Exec(q); err != nil {
						t.Fatal(err)
					}
				}
				count = func() (n int) {
					if err := raw.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
						t.Fatal(err)
					}
					return n
				}
			case "pg":
				schema := testenv.NewSchema(t)
				db = testenv.PostgresURL(schema)
				newer = `INSERT INTO schema_migrations (version) VALUES (9999)`
				createAccount(t, db)
				ctx := context.Background()
				conn, err := pgx.Connect(ctx, db)
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close(ctx)
				exec1 = func(q string) {
					if _, err := conn.Exec(ctx, q); err != nil {
						t.Fatal(err)
					}
				}
				count = func() (n int) {
					if err := conn.QueryRow(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
						t.Fatal(err)
					}
					return n
				}
			}
			exec1(newer)
			rows := count()
			for _, args := range [][]string{
				{"serve", "--addr", freeAddr(t), "--db", db},
				{"accounts", "create", "rollback", "--db", db},
			} {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				out, err := exec.CommandContext(ctx, binary, args...).CombinedOutput()
				cancel()
				var exit *exec.ExitError
				if !errors.As(err, &exit) || exit.ExitCode() != 1 {
					t.Fatalf("%s on a newer database: %v, want exit status 1\n%s", args[0], err, out)
				}
				lines := strings.Split(strings.TrimSpace(string(out)), "\n")
				if len(lines) != 1 || !strings.HasPrefix(lines[0], "esahayak: ") ||
					!strings.Contains(lines[0], "database schema is newer than this binary: it is at migration 9999") ||
					!strings.Contains(lines[0], "run that release, or restore the backup taken before the upgrade") {
					t.Errorf("%s on a newer database said %d lines, want one naming migration 9999 and what to do:\n%s", args[0], len(lines), out)
				}
			}
			if n := count(); n != rows {
				t.Errorf("schema_migrations has %d rows after the refusals, %d before", n, rows)
			}
		})
	}
}
