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
	// A flag the flag package cannot read is answered with two lines,
	// the error and where the flags are; the README said "also one line",
	// and a script that kept the last line of stderr as the reason kept
	// the pointer to -h instead.
	_, stderr, _ := runBinary(t, dir, nil, "", "serve", "--no-such-flag")
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if len(lines) != 2 || lines[1] != "run 'esahayak serve -h' for the flags" {
		t.Fatalf("serve --no-such-flag: stderr %q, want the error and \"run 'esahayak serve -h' for the flags\"", stderr)
	}
	start := strings.Index(string(readme), "Exit status: `0`")
	end := strings.Index(string(readme), "`esahayak help` lists the same.")
	if start < 0 || end < start {
		t.Fatal("README.md: no paragraph from \"Exit status: `0`\" to \"`esahayak help` lists the same.\"")
	}
	if para := strings.Join(strings.Fields(string(readme)[start:end]), " "); !strings.Contains(para, "`run 'esahayak serve -h' for the flags`") {
		t.Errorf("README.md's exit statuses do not show the second line of a flag that cannot be read (`run 'esahayak serve -h' for the flags`):\n%s", para)
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

// TestExitStatusesNameEveryTwoLineRefusal: the README's exit statuses
// list the mistakes answered with a second line, `run 'esahayak … -h'
// for the flags`; a flag given the empty string (`listen --events ""`,
// what a script's unset "$VAR" leaves) is answered so too, and the list
// left it out, so a script that took stderr for one line was not told.
func TestExitStatusesNameEveryTwoLineRefusal(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(readme), "Exit status: `0`")
	end := strings.Index(string(readme), "`esahayak help` lists the same.")
	if start < 0 || end < start {
		t.Fatal("README.md: no paragraph from \"Exit status: `0`\" to \"`esahayak help` lists the same.\"")
	}
	para := strings.Join(strings.Fields(string(readme)[start:end]), " ")
	_, list, _ := strings.Cut(para, "naming the flag (")
	list, _, _ = strings.Cut(list, "`run 'esahayak serve -h' for the flags`")
	dir := t.TempDir()
	for _, c := range []struct {
		args   []string
		readme string // the words of README.md's list for it
	}{
		{[]string{"serve", "--no-such-flag"}, "unknown"},
		{[]string{"listen", "--forward-to"}, "without its value"},
		{[]string{"serve", "--attempt-timeout", "ten"}, "not a number or a duration"},
		{[]string{"serve", "--allow-insecure-urls", "false"}, "a switch with its value after a space"},
		{[]string{"listen", "--events", ""}, "given the empty string"},
	} {
		_, stderr, code := runBinary(t, dir, nil, "", c.args...)
		lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
		want := "run 'esahayak " + c.args[0] + " -h' for the flags"
		if code != 2 || len(lines) != 2 || lines[1] != want {
			t.Errorf("esahayak %q: exit %d, stderr %q; want exit 2, the error and %q", c.args, code, stderr, want)
		}
		if !strings.Contains(list, c.readme) {
			t.Errorf("README.md's exit statuses do not name %q (esahayak %q) among the mistakes answered with a second line:\n%s", c.readme, c.args, list)
		}
	}
}

// TestUsersCreateUnknownAccountExits2: an --account the database does not
// hold is a value of the command line refused, as a --db file that
// `users create` needs and does not find is (exit status 2: fix the
// command); it exited 1, the status of a failure that a second try may
// get past, so a script retried a typo. The password is not read for it,
// and no user is made.
func TestUsersCreateUnknownAccountExits2(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + dir + "/esahayak.db"
	if _, stderr, code := runBinary(t, dir, nil, "", "accounts", "create", "Acme", "--db", db); code != 0 {
		t.Fatalf("accounts create: exit %d, %s", code, stderr)
	}
	const missing = "acct_01m8mqdwrza3ppmdfzpecc7hc3"
	for _, c := range []struct {
		env  []string
		args []string
		want string
	}{
		{nil, []string{"--account", missing}, `esahayak: --account "` + missing + `": no account has this id; 'esahayak accounts list' shows them` + "\n"},
		{[]string{"ESAHAYAK_ACCOUNT=" + missing}, nil, `esahayak: --account (from ESAHAYAK_ACCOUNT) "` + missing + `": no account has this id; 'esahayak accounts list' shows them` + "\n"},
	} {
		args := append([]string{"users", "create", "--email", "ops@acme.example", "--db", db}, c.args...)
		stdout, stderr, code := runBinary(t, dir, c.env, "a long passphrase\n", args...)
		if code != 2 || stderr != c.want || stdout != "" {
			t.Errorf("esahayak %q with %q: exit %d, stdout %q, stderr %q; want 2 and %q", args, c.env, code, stdout, stderr, c.want)
		}
	}
	help, _, _ := runBinary(t, dir, nil, "", "help")
	if !strings.Contains(strings.Join(strings.Fields(help), " "), "an --account of users create that the database does not hold") {
		t.Errorf("esahayak help does not list an --account the database does not hold among the mistakes of exit status 2:\n%s", help)
	}
}
