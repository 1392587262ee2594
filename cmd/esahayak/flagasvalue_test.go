package main_test

import (
	"strings"
	"testing"
)

// TestFlagWithoutItsValueBeforeAnother: a flag given without its value,
// followed by another flag, took that flag for its value, and the command
// then refused what followed as a word it did not expect: "users create
// takes no arguments (got \"ops@acme.example\")", or "serve takes no
// arguments (got \"127.0.0.1:9090\"); did you mean --addr 127.0.0.1:9090?"
// to a person who had typed --addr. Each now names the flag that has no
// value, exit 2, before anything is opened or dialed; the help flag so
// placed prints the help. A negative duration is a value, not a flag.
func TestFlagWithoutItsValueBeforeAnother(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"users", "create", "--account", "--email", "ops@acme.example"}, "esahayak: --account has no value: the word after it, --email, is a flag; give --account its value before it\nrun 'esahayak users create -h' for the flags\n"},
		{[]string{"serve", "--log-level", "--addr", "127.0.0.1:9090"}, "esahayak: --log-level has no value: the word after it, --addr, is a flag; give --log-level its value before it\nrun 'esahayak serve -h' for the flags\n"},
		{[]string{"listen", "--forward-to", "-api-key=esk_x"}, "esahayak: --forward-to has no value: the word after it, -api-key=esk_x, is a flag; give --forward-to its value before it\nrun 'esahayak listen -h' for the flags\n"},
		{[]string{"accounts", "list", "--db", "--db", "sqlite:x.db"}, "esahayak: --db has no value: the word after it, --db, is a flag; give --db its value before it\nrun 'esahayak accounts list -h' for the flags\n"},
	} {
		stdout, stderr, code := runBinary(t, t.TempDir(), []string{"ESAHAYAK_API_KEY=esk_x"}, "a-long-password\n", c.args...)
		if code != 2 || stderr != c.want || stdout != "" {
			t.Errorf("%q: exit status %d, stdout %q, stderr:\n%s\nwant 2 and:\n%s", c.args, code, stdout, stderr, c.want)
		}
	}
	stdout, stderr, code := runBinary(t, t.TempDir(), nil, "", "listen", "--forward-to", "--help")
	if code != 0 || !strings.HasPrefix(stdout, "Usage: esahayak listen ") || stderr != "" {
		t.Errorf("listen --forward-to --help: exit status %d, stdout:\n%s\nstderr:\n%s\nwant 0 and the help", code, stdout, stderr)
	}
	_, stderr, code = runBinary(t, t.TempDir(), nil, "", "serve", "--lease", "-5s")
	if want := "esahayak: --lease \"-5s\": must be positive"; code != 2 || !strings.HasPrefix(stderr, want) {
		t.Errorf("serve --lease -5s: exit status %d, stderr:\n%s\nwant 2 and %q", code, stderr, want)
	}
}
