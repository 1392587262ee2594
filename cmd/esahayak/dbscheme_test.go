package main_test

import (
	"testing"
)

// TestDBPathWithoutScheme: a --db that is a file's path alone, as other
// programs take one (--db esahayak.db, ESAHAYAK_DB=data/app.db), was
// answered "use sqlite:PATH or postgres://…", leaving the user to work
// out which and how; it now names the value to write.
func TestDBPathWithoutScheme(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		env  []string
		want string
	}{
		{args: []string{"accounts", "list", "--db", "esahayak.db"}, want: `esahayak: --db "esahayak.db": a SQLite file is written with sqlite: before its path: sqlite:esahayak.db` + "\n"},
		{args: []string{"accounts", "create", "Acme", "--db", "./data/app"}, want: `esahayak: --db "./data/app": a SQLite file is written with sqlite: before its path: sqlite:./data/app` + "\n"},
		{args: []string{"serve", "--addr", "127.0.0.1:0", "--db", "app.sqlite3"}, want: `esahayak: --db "app.sqlite3": a SQLite file is written with sqlite: before its path: sqlite:app.sqlite3` + "\n"},
		{args: []string{"accounts", "list"}, env: []string{"ESAHAYAK_DB=esahayak.db"}, want: `esahayak: --db (from ESAHAYAK_DB) "esahayak.db": a SQLite file is written with sqlite: before its path: sqlite:esahayak.db` + "\n"},
		// Not a file: as before.
		{args: []string{"accounts", "list", "--db", "mysql://x/y.db"}, want: `esahayak: --db "mysql://x/y.db": use sqlite:PATH or postgres://USER@HOST:PORT/DB` + "\n"},
		{args: []string{"accounts", "list", "--db", "host=/run/postgresql dbname=esahayak"}, want: `esahayak: --db "host=/run/postgresql dbname=esahayak": use sqlite:PATH or postgres://USER@HOST:PORT/DB` + "\n"},
	} {
		_, stderr, code := runBinary(t, dir, c.env, "", c.args...)
		if code != 2 || stderr != c.want {
			t.Errorf("%q %q: exit %d, stderr:\n%s\nwant exit 2 and:\n%s", c.env, c.args, code, stderr, c.want)
		}
	}
}
