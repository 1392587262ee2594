package main_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestCommandsRefuseAnotherProgramsSchemaMigrations: schema_migrations is
// the name golang-migrate, Rails, dbmate and Ecto give their table too.
// Given such a program's database, the check "has a server run on it"
// took that table for esahayak's and read its versions as esahayak's:
// accounts list and serve said the schema was newer than the binary and
// to restore a backup (version 20240101120000), or skipped esahayak's
// first migrations and failed in the next one on the other program's
// tables ("table users already exists"). Every command now refuses it
// with one line that names --db and the table's columns, and leaves the
// database as it was; a server's own database still opens (the other
// tests of this package run on one).
func TestCommandsRefuseAnotherProgramsSchemaMigrations(t *testing.T) {
	commands := []struct {
		args []string
		exit int
		tail string
	}{
		{[]string{"accounts", "list"}, 2, "; give the --db the server runs with"},
		{[]string{"users", "create", "--account", "acct_01k0000000000000000000000", "--email", "ops@acme.example"}, 2, "; give the --db the server runs with"},
		{[]string{"accounts", "create", "Acme"}, 1, "; give esahayak a database of its own"},
		{[]string{"serve", "--addr", "127.0.0.1:0"}, 1, "; give esahayak a database of its own"},
	}
	const columns = "its schema_migrations is another program's (columns version, dirty; esahayak's has version, applied_at)"
	for _, version := range []int64{3, 20240101120000} {
		t.Run(fmt.Sprintf("sqlite/version_%d", version), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "app.db")
			raw, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			for _, q := range []string{
				`CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)`,
				fmt.Sprintf(`INSERT INTO schema_migrations VALUES (%d, false)`, version),
				`CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)`,
			} {
				if _, err := raw.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Chmod(path, 0o600); err != nil { // as a server's file is: serve warns of another mode
				t.Fatal(err)
			}
			schema := func() (s string) {
				if err := raw.QueryRow(`SELECT group_concat(sql, ';') FROM sqlite_master`).Scan(&s); err != nil {
					t.Fatal(err)
				}
				return s
			}
			before := schema()
			for _, c := range commands {
				args := append(c.args, "--db", "sqlite:"+path)
				_, stderr, code := runBinary(t, dir, nil, "a-long-password\n", args...)
				want := "esahayak: --db sqlite:" + path + ": " + path + " is not an esahayak database: " + columns + c.tail + "\n"
				if code != c.exit || stderr != want {
					t.Errorf("%v on another program's SQLite file with its schema_migrations: exit status %d, stderr:\n%s\nwant %d and:\n%s", c.args[:2], code, stderr, c.exit, want)
				}
				if after := schema(); after != before {
					t.Fatalf("%v changed another program's SQLite file: its schema was\n%s\nand is\n%s", c.args[:2], before, after)
				}
			}
		})
		t.Run(fmt.Sprintf("pg/version_%d", version), func(t *testing.T) {
			schema := testenv.NewSchema(t)
			db := testenv.PostgresURL(schema)
			ctx := context.Background()
			conn, err := pgx.Connect(ctx, testenv.PostgresDSN())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			id := pgx.Identifier{schema}.Sanitize()
			for _, q := range []string{
				`CREATE TABLE ` + id + `.schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)`,
				fmt.Sprintf(`INSERT INTO %s.schema_migrations VALUES (%d, false)`, id, version),
				`CREATE TABLE ` + id + `.users (id bigint PRIMARY KEY, email text)`,
			} {
				if _, err := conn.Exec(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			tables := func() (names string) {
				if err := conn.QueryRow(ctx, `SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = $1`, schema).Scan(&names); err != nil {
					t.Fatal(err)
				}
				return names
			}
			for _, c := range commands {
				args := append(c.args, "--db", db)
				_, stderr, code := runBinary(t, t.TempDir(), nil, "a-long-password\n", args...)
				lines := strings.Split(strings.TrimSpace(stderr), "\n")
				if code != c.exit || len(lines) != 1 || !strings.HasPrefix(lines[0], "esahayak: --db ") ||
					!strings.Contains(lines[0], ": the database holds no esahayak tables: "+columns+` (database "`) ||
					!strings.HasSuffix(lines[0], "search_path "+schema+")"+c.tail) {
					t.Errorf("%v on another program's schema with its schema_migrations: exit status %d, stderr:\n%s\nwant %d and one line naming --db, the table's columns, the search_path and %q", c.args[:2], code, stderr, c.exit, c.tail)
				}
				if got := tables(); got != "schema_migrations,users" {
					t.Fatalf("%v left the tables %s in another program's schema, want schema_migrations,users", c.args[:2], got)
				}
			}
		})
	}
}
