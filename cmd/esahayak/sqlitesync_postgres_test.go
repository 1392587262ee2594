package main_test

import (
	"testing"
)

// TestSQLiteSynchronousRefusedOnPostgres: --sqlite-synchronous (or
// ESAHAYAK_SQLITE_SYNCHRONOUS) with a PostgreSQL --db was taken and read
// by nobody: an operator who asked for FULL, nothing lost on a power
// cut, started a server with PostgreSQL's own setting and no word of it.
// It is refused now, exit 2, naming the flag (and its variable) and what
// decides instead, before the database is dialed (127.0.0.1:1 is closed:
// without the refusal the start fails to connect, exit 1).
func TestSQLiteSynchronousRefusedOnPostgres(t *testing.T) {
	const db = "postgres://postgres@127.0.0.1:1/app?sslmode=disable"
	const why = ` is for a SQLite --db; PostgreSQL's durability is its synchronous_commit setting: leave --sqlite-synchronous out` + "\n"
	for _, c := range []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"flag", nil, []string{"--db", db, "--sqlite-synchronous", "FULL"}, `esahayak: --sqlite-synchronous "FULL"` + why},
		{"variable", []string{"ESAHAYAK_SQLITE_SYNCHRONOUS=full"}, []string{"--db", db}, `esahayak: --sqlite-synchronous (from ESAHAYAK_SQLITE_SYNCHRONOUS) "full"` + why},
		{"database from its variable", []string{"ESAHAYAK_DB=" + db}, []string{"--sqlite-synchronous", "NORMAL"}, `esahayak: --sqlite-synchronous "NORMAL"` + why},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"serve", "--addr", "127.0.0.1:0"}, c.args...)
			stdout, stderr, code := runBinary(t, t.TempDir(), c.env, "", args...)
			if code != 2 || stderr != c.want || stdout != "" {
				t.Errorf("serve %q with %q: exit status %d, stdout %q, stderr:\n%s\nwant 2 and:\n%s", c.args, c.env, code, stdout, stderr, c.want)
			}
		})
	}
}
