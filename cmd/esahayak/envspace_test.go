package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTextEnvValuesWithoutSurroundingSpace: the text variables of listen,
// trigger, users, accounts and bench are read without the ASCII white
// space around them (a trailing space or the \r an env or compose file
// keeps), as their numbers and durations always were: each was refused
// (exit status 2) with a value that looked right. Each command here gets
// past its flags to the step after them: listen and trigger to a server
// that is not there (exit status 1), users create and accounts list to
// their database, bench to a refusal of a later flag.
func TestTextEnvValuesWithoutSurroundingSpace(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "e.db")
	acct := sqliteWithAccount(t, dbPath)
	existing := filepath.Join(dir, "existing.db")
	if err := os.WriteFile(existing, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args  []string
		env   []string
		stdin string
		exit  int
		want  string
	}{
		{[]string{"listen", "--api-key", "esk_x"},
			[]string{"ESAHAYAK_FORWARD_TO=\thttp://127.0.0.1:1/x \r", "ESAHAYAK_EVENTS= stamp.uploaded,order.cancelled\r\n", "ESAHAYAK_API_BASE= http://127.0.0.1:1\r"},
			"", 1, "could not start a listen session at http://127.0.0.1:1:"},
		{[]string{"trigger", "order.cancelled"},
			[]string{"ESAHAYAK_API_BASE=http://127.0.0.1:1 \r\n", "ESAHAYAK_API_KEY= esk_x\r"},
			"", 1, "is `esahayak serve` running there?"},
		{[]string{"users", "create"},
			[]string{"ESAHAYAK_ACCOUNT= " + acct.ID + "\r", "ESAHAYAK_EMAIL=new@acme.example \r", "ESAHAYAK_DB= sqlite:" + dbPath},
			"a long passphrase\n", 0, `"email":"new@acme.example"`},
		{[]string{"accounts", "list"}, []string{"ESAHAYAK_DB=\t sqlite:" + dbPath}, "", 0, acct.ID},
		// Past --scenario and --db (a file that exists is refused after
		// both are read), and past --backlog-mode to --rate's bound.
		{[]string{"bench"}, []string{"ESAHAYAK_BENCH_SCENARIO= single,backlog\r", "ESAHAYAK_BENCH_DB= sqlite:" + existing},
			"", 2, "bench: --db (from ESAHAYAK_BENCH_DB) sqlite:" + existing + ": the file exists"},
		{[]string{"bench", "--scenario", "backlog", "--rate", "1000000", "--duration", "1h"}, []string{"ESAHAYAK_BENCH_BACKLOG_MODE=hold\r", "ESAHAYAK_BENCH_DB=sqlite \r"},
			"", 2, "--rate"},
	} {
		stdout, stderr, code := runBinary(t, dir, c.env, c.stdin, c.args...)
		if code != c.exit || !strings.Contains(stdout+stderr, c.want) || strings.Contains(stderr, "backlog-mode") {
			t.Errorf("esahayak %q with %q: exit %d, want %d and %q:\n%s%s", c.args, c.env, code, c.exit, c.want, stdout, stderr)
		}
	}
}
