package main_test

import (
	"strings"
	"testing"
)

// TestEmptyFlagValuesReadAlike: a flag given the empty string on the
// command line (a script's unset "$VAR") was answered in as many ways as
// there are flags: --db "" "use sqlite:PATH or …", --attempt-timeout ""
// the flag parser's "invalid value", --forward-to "" "listen needs
// --forward-to", and --events "" (every event type) and --instance-id ""
// (a random id) were taken in silence, where --events "," was refused.
// Each is refused alike now, exit status 2, naming the flag, its default
// when it has one, and where the flags are; a flag whose empty value turns
// something off (serve --egress-proxy "") still takes it, and a variable
// set to "" is still unset.
func TestEmptyFlagValuesReadAlike(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"listen", "--events", "", "--forward-to", "http://localhost:1/", "--api-key", "esk_x", "--api-base", "http://127.0.0.1:1"}, `--events "" is empty: give it a value, or leave the flag out` + "\nrun 'esahayak listen -h' for the flags\n"},
		{[]string{"listen", "--forward-to=", "--api-key", "esk_x"}, `--forward-to "" is empty: give it a value, or leave the flag out` + "\nrun 'esahayak listen -h' for the flags\n"},
		{[]string{"serve", "--addr", "127.0.0.1:0", "--db", ""}, `--db "" is empty: give it a value, or leave the flag out for its default, sqlite:esahayak.db` + "\nrun 'esahayak serve -h' for the flags\n"},
		{[]string{"serve", "--addr", "127.0.0.1:0", "--attempt-timeout="}, `--attempt-timeout "" is empty: give it a value, or leave the flag out for its default, 10s` + "\nrun 'esahayak serve -h' for the flags\n"},
		{[]string{"serve", "--addr", "127.0.0.1:0", "--max-in-flight", ""}, `--max-in-flight "" is empty: give it a value, or leave the flag out for its default, 4096` + "\nrun 'esahayak serve -h' for the flags\n"},
		{[]string{"serve", "--addr", "127.0.0.1:0", "--instance-id="}, `--instance-id "" is empty: give it a value, or leave the flag out` + "\nrun 'esahayak serve -h' for the flags\n"},
		{[]string{"accounts", "list", "--db="}, `--db "" is empty: give it a value, or leave the flag out for its default, sqlite:esahayak.db` + "\nrun 'esahayak accounts list -h' for the flags\n"},
		{[]string{"accounts", "create", "Acme", "--db", ""}, `--db "" is empty: give it a value, or leave the flag out for its default, sqlite:esahayak.db` + "\nrun 'esahayak accounts create -h' for the flags\n"},
		{[]string{"trigger", "stamp.uploaded", "--api-base="}, `--api-base "" is empty: give it a value, or leave the flag out for its default, http://127.0.0.1:8080` + "\nrun 'esahayak trigger -h' for the flags\n"},
		{[]string{"bench", "--events", ""}, `--events "" is empty: give it a value, or leave the flag out for its default, 0` + "\nrun 'esahayak bench -h' for the flags\n"},
	} {
		dir := t.TempDir()
		stdout, stderr, code := runBinary(t, dir, nil, "", c.args...)
		if code != 2 || stderr != "esahayak: "+c.want || stdout != "" {
			t.Errorf("esahayak %q: exit status %d, stdout %q, stderr:\n%s\nwant 2 and:\nesahayak: %s", c.args, code, stdout, stderr, c.want)
		}
	}
	// Empty turns these off: taken (127.0.0.1:1 is closed, so the serve
	// fails later, at its --db, with exit status 1, and says nothing of
	// the flag); a variable set to "" is unset, as before.
	_, stderr, code := runBinary(t, t.TempDir(), []string{"ESAHAYAK_EVENTS=", "ESAHAYAK_DB="}, "",
		"serve", "--addr", "127.0.0.1:0", "--egress-proxy", "", "--pprof-addr=", "--operator-token", "", "--db", "postgres://postgres@127.0.0.1:1/x?sslmode=disable")
	if code != 1 || strings.Contains(stderr, "is empty") {
		t.Errorf("serve with empty --egress-proxy, --pprof-addr, --operator-token: exit status %d, stderr:\n%s\nwant 1, from the database", code, stderr)
	}
}
