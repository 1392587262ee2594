package main_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestReadCommandsRefuseAForeignDatabase: accounts list and users create
// read or add to the database a server runs on. Given another one (a
// typo, or another program's database: an existing SQLite file of its own
// tables, a PostgreSQL database or search_path no server has started on)
// they gave it esahayak's thirteen tables and answered as if it were
// the server's, exit status 0 and no accounts, or "no account has this
// id". They refuse it now, exit status 2 with one line that says what the
// database is and what to give instead, and leave it as it was.
func TestReadCommandsRefuseAForeignDatabase(t *testing.T) {
	commands := [][]string{
		{"accounts", "list"},
		{"users", "create", "--account", "acct_01k0000000000000000000000", "--email", "ops@acme.example"},
	}
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "app.db")
		tables := anotherProgramsSQLite(t, path, `CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)`)
		for _, args := range commands {
			args = append(args, "--db", "sqlite:"+path)
			_, stderr, code := runBinary(t, dir, nil, "a-long-password\n", args...)
			want := "esahayak: --db sqlite:" + path + ": " + path + " is not an esahayak database: it holds other tables (notes); give the --db the server runs with\n"
			if code != 2 || stderr != want {
				t.Errorf("%v on another program's SQLite file: exit status %d, stderr:\n%s\nwant 2 and:\n%s", args[:2], code, stderr, want)
			}
			if got := tables(); !slices.Equal(got, []string{"notes"}) {
				t.Fatalf("%v left the tables %v in another program's SQLite file, want only notes", args[:2], got)
			}
		}
		// A server's database is read as before.
		db := "sqlite:" + filepath.Join(dir, "esahayak.db")
		acct, _ := createAccount(t, db)
		if stdout, stderr, code := runBinary(t, dir, nil, "", "accounts", "list", "--db", db); code != 0 || !strings.Contains(stdout, acct) {
			t.Errorf("accounts list on a server's database: exit status %d, %s%s", code, stdout, stderr)
		}
	})
	t.Run("pg", func(t *testing.T) {
		schema := testenv.NewSchema(t)
		db := testenv.PostgresURL(schema)
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, testenv.PostgresDSN())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		tables := func() (n int) {
			if err := conn.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = $1`, schema).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, args := range commands {
			args = append(args, "--db", db)
			_, stderr, code := runBinary(t, t.TempDir(), nil, "a-long-password\n", args...)
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if code != 2 || len(lines) != 1 ||
				!strings.Contains(lines[0], `: the database holds no esahayak tables (database "`) ||
				!strings.Contains(lines[0], "search_path "+schema+"); give the --db the server runs with, or start `esahayak serve` on this database once to create them") {
				t.Errorf("%v on a schema no server started on: exit status %d, stderr:\n%s\nwant 2 and one line naming the database, its search_path and what to do", args[:2], code, stderr)
			}
			if n := tables(); n != 0 {
				t.Fatalf("%v made %d tables in a schema no server started on", args[:2], n)
			}
		}
		// Once a server's tables are there (accounts create sets a
		// database up, as serve does), the commands read it.
		acct, _ := createAccount(t, db)
		if stdout, stderr, code := runBinary(t, t.TempDir(), nil, "", "accounts", "list", "--db", db); code != 0 || !strings.Contains(stdout, acct) {
			t.Errorf("accounts list on a server's database: exit status %d, %s%s", code, stdout, stderr)
		}
	})
}

// TestServeRefusesAnotherProgramsSQLiteFile: serve and accounts create
// started on a SQLite file of another program's tables (a --db typo, the
// path of another application's database) added esahayak's tables beside
// them, and serve printed "Created a development account (this database
// was empty)". Every esahayak database has a schema_migrations from its
// first start, so a file with tables and none is another program's: both
// refuse it with one line, exit status 1, and leave it as it was.
func TestServeRefusesAnotherProgramsSQLiteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app.db")
	tables := anotherProgramsSQLite(t, path, `CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); CREATE TABLE users (id INTEGER PRIMARY KEY)`)
	want := "esahayak: --db sqlite:" + path + ": " + path + " is not an esahayak database: it holds other tables (notes, users); give esahayak a database of its own\n"
	for _, args := range [][]string{
		{"serve", "--addr", "127.0.0.1:0"},
		{"accounts", "create", "acme"},
	} {
		args = append(args, "--db", "sqlite:"+path)
		stdout, stderr, code := runBinary(t, dir, nil, "", args...)
		if code != 1 || stderr != want || strings.Contains(stdout, "was empty") {
			t.Errorf("%v on another program's SQLite file: exit status %d, stdout:\n%s\nstderr:\n%s\nwant 1 and:\n%s", args[:2], code, stdout, stderr, want)
		}
		if got := tables(); !slices.Equal(got, []string{"notes", "users"}) {
			t.Fatalf("%v left the tables %v in another program's SQLite file, want only notes and users", args[:2], got)
		}
	}
	// An empty file (made by touch, or by sqlite3 without a table) is set
	// up as a new database, as before.
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if acct, _ := createAccount(t, "sqlite:"+empty); !strings.HasPrefix(acct, "acct_") {
		t.Errorf("accounts create on an empty file made %q", acct)
	}
}

// anotherProgramsSQLite makes the SQLite file path with the statements
// create, as another program would, and returns what lists its tables.
func anotherProgramsSQLite(t *testing.T, path, create string) (tables func() []string) {
	t.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	if _, err := raw.Exec(create); err != nil {
		t.Fatal(err)
	}
	return func() (names []string) {
		rows, err := raw.Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			names = append(names, n)
		}
		return names
	}
}
