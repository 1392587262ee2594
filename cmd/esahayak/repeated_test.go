package main_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRepeatedFlagRefused: a flag of listen, trigger, accounts or users
// given twice with different values took the last in silence:
// `--events stamp.uploaded --events stamp.failed` forwarded only
// stamp.failed, and `users create --email a@… --email b@…` made b@… alone.
// Such a command line is refused (exit status 2, one line naming both
// values); the same value twice is taken, and a flag still wins over its
// variable. serve and bench keep taking the last (a wrapper's defaults
// are overridden so), which this test does not touch.
func TestRepeatedFlagRefused(t *testing.T) {
	dir := t.TempDir()
	db, other := "sqlite:"+filepath.Join(dir, "r.db"), "sqlite:"+filepath.Join(dir, "other.db")
	acct, _ := createAccount(t, db)
	run := func(stdin string, args ...string) (int, string) {
		t.Helper()
		cmd := exec.Command(binary, args...)
		cmd.Env = append(os.Environ(), "ESAHAYAK_API_KEY=esk_x")
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode(), string(out)
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0, string(out)
	}
	noServer := "http://127.0.0.1:1"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"listen", "--forward-to", "localhost:3000", "--api-base", noServer, "--events", "stamp.uploaded", "--events", "stamp.failed"},
			`--events given twice ("stamp.uploaded", then "stamp.failed"); list the event types in one, separated by commas: --events stamp.uploaded,stamp.failed`},
		{[]string{"listen", "--forward-to=localhost:3000", "--forward-to", "localhost:3001", "--api-base", noServer},
			`--forward-to given twice ("localhost:3000", then "localhost:3001"); give it once`},
		{[]string{"trigger", "stamp.uploaded", "--api-base", noServer, "--api-base", "http://127.0.0.1:2"}, `--api-base given twice`},
		{[]string{"accounts", "list", "--db", db, "--db", other}, `--db given twice`},
		{[]string{"accounts", "create", "Acme", "--db", db, "--db", other}, `--db given twice`},
		{[]string{"users", "create", "--account", acct, "--email", "a@example.com", "--email", "b@example.com", "--db", db}, `--email given twice ("a@example.com", then "b@example.com")`},
	} {
		code, out := run("a-long-password\n", c.args...)
		if code != 2 || !strings.Contains(out, c.want) || strings.Count(strings.TrimSpace(out), "\n") != 0 {
			t.Errorf("%q: exit status %d\n%s\nwant 2 and one line with %q", c.args, code, out, c.want)
		}
	}
	// The same value twice is no conflict: the command runs.
	if code, out := run("a-long-password\n", "users", "create", "--account", acct, "--email", "c@example.com", "--email", "c@example.com", "--db", db); code != 0 || !strings.Contains(out, `"email":"c@example.com"`) {
		t.Errorf("users create with the same --email twice: exit status %d\n%s", code, out)
	}
	if code, out := run("", "listen", "--forward-to", "localhost:3000", "--events", "stamp.uploaded", "--events=stamp.uploaded", "--api-base", noServer); code != 1 || !strings.Contains(out, "could not start a listen session") {
		t.Errorf("listen with the same --events twice: exit status %d\n%s", code, out)
	}
	// A flag and its variable are no repetition: the flag wins.
	cmd := exec.Command(binary, "listen", "--forward-to", "localhost:3000", "--events", "stamp.uploaded", "--api-base", noServer)
	cmd.Env = append(os.Environ(), "ESAHAYAK_API_KEY=esk_x", "ESAHAYAK_EVENTS=bogus")
	if out, _ := cmd.CombinedOutput(); !strings.Contains(string(out), "could not start a listen session") {
		t.Errorf("listen with --events and ESAHAYAK_EVENTS: %s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "other.db")); err == nil {
		t.Error("a refused --db given twice made the second database")
	}
}
