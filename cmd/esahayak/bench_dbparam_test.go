package main_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchRefusesMisspeltPostgresParameterFirst: a PostgreSQL --db with
// a parameter the server refuses (?sslmdoe=disable, sslmode misspelt; a
// value PostgreSQL cannot take) was refused only by the bench's own
// connection, once its first run had begun ("bench: single: run 1 of
// 1"): exit status 1, with the driver's words, where serve refuses the
// same --db as a mistake in it. The bench refuses it as serve does,
// before it starts anything: exit status 2, one line naming --db (or
// ESAHAYAK_BENCH_DB) and the parameter meant.
func TestBenchRefusesMisspeltPostgresParameterFirst(t *testing.T) {
	const unknown = `postgres: invalid connection string: PostgreSQL does not know the parameter "sslmdoe" (did you mean sslmode?)`
	for _, c := range []struct {
		args []string
		env  []string
		want string
	}{
		{[]string{"--db", testDBWith("sslmdoe=disable")}, nil, "esahayak: bench: --db: " + unknown},
		{nil, []string{"ESAHAYAK_BENCH_DB=" + testDBWith("sslmdoe=disable")}, "esahayak: bench: --db (from ESAHAYAK_BENCH_DB): " + unknown},
		{[]string{"--db", testDBWith("statement_timeout=soon")}, nil,
			`esahayak: bench: --db: postgres: invalid connection string: PostgreSQL refused a setting the connection string sends: invalid value for parameter "statement_timeout": "soon"`},
	} {
		tmp := t.TempDir()
		args := append([]string{"bench", "--scenario", "single", "--events", "20"}, c.args...)
		stdout, stderr, code := runBinary(t, tmp, append(c.env, "TMPDIR="+tmp), "", args...)
		if code != 2 || !strings.HasPrefix(stderr, c.want) || strings.Count(stderr, "\n") != 1 || stdout != "" {
			t.Errorf("esahayak %q with %q: exit status %d, stdout %q, stderr:\n%s\nwant 2 and one line beginning:\n%s", args, c.env, code, stdout, stderr, c.want)
		}
		if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
			t.Errorf("esahayak %q: left behind: %q", args, left)
		}
	}
}

// TestBenchFlagMistakeSaidBeforeItsDatabase: the bench connects to a
// PostgreSQL --db before it starts (TestBenchRefusesMisspeltPostgresParameterFirst),
// but only once its flags are known good: a mistake in one (here too many
// events, --rate × --duration) is said as such, exit status 2, whether or
// not the database can be reached, not hidden behind a failure to connect.
func TestBenchFlagMistakeSaidBeforeItsDatabase(t *testing.T) {
	t.Parallel()
	args := []string{"bench", "--scenario", "steady", "--rate", "100000", "--duration", "3h", "--db", "postgres://postgres@127.0.0.1:1/esahayak"}
	stdout, stderr, code := runBinary(t, t.TempDir(), []string{"PGSSLMODE=disable"}, "", args...)
	if code != 2 || !strings.Contains(stderr, "events of steady") || strings.Contains(stderr, "connect") || stdout != "" {
		t.Errorf("esahayak %q: exit status %d, stdout %q, stderr:\n%s\nwant 2, refusing --rate × --duration, before any connection", args, code, stdout, stderr)
	}
}
