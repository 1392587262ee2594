package main_test

import (
	"strings"
	"testing"
)

// TestRefusedDatabaseSaysItOnceNamingWhatWasSet: a PostgreSQL DSN without
// sslmode (pgx then tries TLS and plain text) to a port nothing listens on
// printed pgx's "dial error" line twice, as if two things had failed, and
// its advice said "the host and port of --db" to a user who had set
// ESAHAYAK_DB and typed no --db; the bench's own connection said it twice
// too, with no advice. Each command that opens the database says the
// failure once, on one line, naming what was set.
func TestRefusedDatabaseSaysItOnceNamingWhatWasSet(t *testing.T) {
	t.Parallel()
	const dsn = "postgres://postgres@127.0.0.1:1/esahayak" // nothing listens on loopback port 1
	for _, c := range []struct {
		args []string
		env  []string
		want string
	}{
		{args: []string{"accounts", "create", "Acme"}, env: []string{"ESAHAYAK_DB=" + dsn}, want: "host and port of ESAHAYAK_DB?"},
		{args: []string{"accounts", "list"}, env: []string{"ESAHAYAK_DB=" + dsn}, want: "host and port of ESAHAYAK_DB?"},
		{args: []string{"users", "create", "--account", "acct_x", "--email", "a@example.com"}, env: []string{"ESAHAYAK_DB=" + dsn}, want: "host and port of ESAHAYAK_DB?"},
		{args: []string{"serve", "--addr", "127.0.0.1:0"}, env: []string{"ESAHAYAK_DB=" + dsn}, want: "host and port of ESAHAYAK_DB?"},
		{args: []string{"accounts", "create", "Acme", "--db", dsn}, want: "host and port of --db?"},
		// The flag wins over the variable, and is the one named.
		{args: []string{"accounts", "list", "--db", dsn}, env: []string{"ESAHAYAK_DB=sqlite:elsewhere.db"}, want: "host and port of --db?"},
		// The bench's own connection, made before it starts anything (it
		// once failed only after its "bench: single: run 1 of 1").
		{args: []string{"bench", "--scenario", "single", "--events", "1"}, env: []string{"ESAHAYAK_BENCH_DB=" + dsn}, want: "host and port of ESAHAYAK_BENCH_DB?"},
		{args: []string{"bench", "--scenario", "single", "--events", "1", "--db", dsn}, want: "host and port of --db?"},
	} {
		stdin := ""
		if c.args[0] == "users" {
			stdin = "a long passphrase\n"
		}
		_, stderr, code := runBinary(t, t.TempDir(), append(c.env, "PGSSLMODE="), stdin, c.args...)
		dial := "dial tcp 127.0.0.1:1: connect: connection refused"
		if code != 1 || !strings.Contains(stderr, c.want) || strings.Count(stderr, dial) != 1 || strings.Count(stderr, "\n") != 1 {
			t.Errorf("esahayak %q with %q: exit %d; want 1 and one line saying %q once and %q:\n%s", c.args, c.env, code, dial, c.want, stderr)
		}
		if (c.want == "host and port of --db?") == strings.Contains(stderr, "ESAHAYAK_") {
			t.Errorf("esahayak %q with %q: the wrong name:\n%s", c.args, c.env, stderr)
		}
	}
}
