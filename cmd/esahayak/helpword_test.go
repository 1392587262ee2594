package main_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestHelpWordSaysHowToGetHelp: `esahayak serve help` and `bench help`
// say to run -h, but `listen help` was told only that listen takes no
// arguments, `trigger help` that "help" is no event type, `users create
// help` and `accounts list help` the usage line, and `accounts create
// help` made an account named help with a new API key. Each now refuses
// the word (exit status 2, nothing made) and names the command's -h.
func TestHelpWordSaysHowToGetHelp(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "esahayak.db")
	for _, c := range []struct {
		args []string
		hint string
	}{
		{[]string{"listen", "help"}, "for its flags, run 'esahayak listen -h'"},
		{[]string{"listen", "--forward-to", "http://localhost:3000/x", "help"}, "for its flags, run 'esahayak listen -h'"},
		{[]string{"trigger", "help"}, "for its flags and event types, run 'esahayak trigger -h'"},
		{[]string{"users", "create", "help", "--db", db}, "for its flags, run 'esahayak users create -h'"},
		{[]string{"accounts", "list", "help", "--db", db}, "for its flags, run 'esahayak accounts list -h'"},
		{[]string{"accounts", "create", "help", "--db", db}, "for its flags, run 'esahayak accounts create -h'"},
	} {
		stdout, stderr, code := runBinary(t, dir, []string{"ESAHAYAK_API_KEY=esk_x"}, "", c.args...)
		if code != 2 || !strings.Contains(stderr, c.hint) || stdout != "" {
			t.Errorf("esahayak %s: exit %d, stdout %q, stderr %q; want exit 2 saying %q", strings.Join(c.args, " "), code, stdout, stderr, c.hint)
		}
	}
	// Nothing was made: the database was never created.
	if _, stderr, code := runBinary(t, dir, nil, "", "accounts", "list", "--db", db); code != 2 || !strings.Contains(stderr, "there is no database at") {
		t.Errorf("accounts list after the refusals: exit %d, %q; want the database never created", code, stderr)
	}
	// A name that merely holds the word is a name.
	if stdout, stderr, code := runBinary(t, dir, nil, "", "accounts", "create", "Help Desk", "--db", db); code != 0 || !strings.Contains(stdout, `"api_key"`) {
		t.Errorf("accounts create \"Help Desk\": exit %d, %q %q; want it made", code, stdout, stderr)
	}
}

// TestListenEventsAllSaysLeaveItOut: --events all (or *), as other tools
// name every type, was refused as an unknown event type with the four
// listed, never saying that every type is what listen takes without
// --events, as its refusal of --events "," does.
func TestListenEventsAllSaysLeaveItOut(t *testing.T) {
	for _, v := range []string{"all", "ALL", "*"} {
		_, stderr, code := runBinary(t, t.TempDir(), []string{"ESAHAYAK_API_KEY=esk_x"}, "", "listen", "--forward-to", "http://localhost:3000/x", "--events", v)
		if code != 2 || !strings.Contains(stderr, "leave --events out for every type") {
			t.Errorf("listen --events %s: exit %d, %q; want exit 2 saying to leave --events out for every type", v, code, stderr)
		}
	}
}

// TestUsersCreatePlaceholderAccount: the README's
// `echo 'a-long-password' | esahayak users create --account acct_… --email you@example.com`,
// run as printed, was told "no account has this id" (exit 1), as if the
// account had gone; the placeholder is now named as such, a mistake in
// the command line (exit 2), before the database is opened.
func TestUsersCreatePlaceholderAccount(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "esahayak.db")
	if _, stderr, code := runBinary(t, dir, nil, "", "accounts", "create", "Acme", "--db", db); code != 0 {
		t.Fatalf("accounts create: exit %d, %s", code, stderr)
	}
	_, stderr, code := runBinary(t, dir, nil, "a-long-password\n", "users", "create", "--account", "acct_…", "--email", "you@example.com", "--db", db)
	if code != 2 || !strings.Contains(stderr, `--account "acct_…" is the documentation's placeholder`) || !strings.Contains(stderr, "esahayak accounts list") {
		t.Errorf("users create --account acct_…: exit %d, %q; want exit 2 naming the placeholder and accounts list", code, stderr)
	}
	_, stderr, code = runBinary(t, dir, []string{"ESAHAYAK_ACCOUNT=acct_01k…"}, "a-long-password\n", "users", "create", "--email", "you@example.com", "--db", db)
	if code != 2 || !strings.Contains(stderr, `--account (from ESAHAYAK_ACCOUNT) "acct_01k…" is the documentation's placeholder`) {
		t.Errorf("ESAHAYAK_ACCOUNT=acct_01k… users create: exit %d, %q; want exit 2 naming the placeholder and the variable", code, stderr)
	}
}
