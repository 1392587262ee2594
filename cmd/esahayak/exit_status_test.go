package main_test

import (
	"os"
	"strings"
	"testing"
)

// TestExitStatusesAreDocumented: `esahayak help` and the README say what
// a script can tell from the exit status (0, 1, 2), and the commands
// answer so: help 0, a mistake in the command line 2, a failure (a server
// that cannot be reached) 1. Neither said it, and a script had to guess
// which status meant "fix the command" and which "try again".
func TestExitStatusesAreDocumented(t *testing.T) {
	dir := t.TempDir()
	help, _, code := runBinary(t, dir, nil, "", "help")
	if code != 0 {
		t.Fatalf("esahayak help exited %d", code)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\nExit status:\n  0  ", "\n  1  ", "\n  2  ", "\n  killed by the signal"} {
		if !strings.Contains(help, want) {
			t.Errorf("esahayak help does not document exit status %q:\n%s", want, help)
		}
	}
	if !strings.Contains(string(readme), "Exit status: `0`") {
		t.Error("README.md does not document the exit statuses (\"Exit status: `0` …\")")
	}
	for _, c := range []struct {
		args []string
		want int
	}{
		{[]string{"serve", "--no-such-flag"}, 2},
		{[]string{"serve", "--attempt-timeout", "-1s"}, 2},
		{[]string{"trigger", "order.cancelled", "--api-base", "http://127.0.0.1:1", "--api-key", "esk_x"}, 1}, // nothing listens on port 1
		{[]string{"accounts", "list", "--db", "sqlite:" + dir + "/none.db"}, 2},
	} {
		if _, stderr, code := runBinary(t, dir, nil, "", c.args...); code != c.want {
			t.Errorf("esahayak %s: exit status %d, want %d: %s", strings.Join(c.args, " "), code, c.want, stderr)
		}
	}
}
