package main_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// A key the server refuses is named as the flag (or the variable) it came
// from, with what to do, as a refused operator token is: listen and
// trigger said only "the API key is not valid or has been revoked", and
// a key left over in ESAHAYAK_API_KEY, which the user had not typed,
// was not named at all.
func TestRefusedAPIKeyNamesWhereItCameFrom(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server and the client binaries; skipped with -short")
	}
	dir := t.TempDir()
	p := startServe(t, "--db", "sqlite:"+filepath.Join(dir, "e.db"))
	for _, c := range []struct {
		name  string
		env   []string
		args  []string
		named string
	}{
		{"trigger, flag", nil, []string{"trigger", "order.cancelled", "--api-base", p.base, "--api-key", "esk_wrong"}, "--api-key: "},
		{"trigger, variable", []string{"ESAHAYAK_API_KEY=esk_stale"}, []string{"trigger", "order.cancelled", "--api-base", p.base}, "--api-key (from ESAHAYAK_API_KEY): "},
		{"listen, flag", nil, []string{"listen", "--forward-to", "localhost:3000/x", "--api-base", p.base, "--api-key", "esk_wrong"}, "--api-key: "},
		{"listen, variable", []string{"ESAHAYAK_API_KEY=esk_stale"}, []string{"listen", "--forward-to", "localhost:3000/x", "--api-base", p.base}, "--api-key (from ESAHAYAK_API_KEY): "},
	} {
		stdout, stderr, code := runBinary(t, dir, append([]string{"ESAHAYAK_API_KEY="}, c.env...), "", c.args...)
		msg := strings.TrimPrefix(strings.TrimSpace(stderr), "esahayak: ")
		if code != 1 {
			t.Errorf("%s: exit %d, want 1 (the server refused it)\n%s", c.name, code, stderr)
		}
		if stdout != "" || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%s: want one line on stderr and nothing on stdout; got stdout %q, stderr %q", c.name, stdout, stderr)
		}
		for _, want := range []string{c.named, "invalid_api_key", "not valid or has been revoked", "esahayak accounts create", "Settings → API Access"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: %q lacks %q", c.name, msg, want)
			}
		}
		if !strings.HasPrefix(msg, c.named) {
			t.Errorf("%s: %q does not start with %q", c.name, msg, c.named)
		}
		if strings.Contains(msg, "esk_wrong") || strings.Contains(msg, "esk_stale") {
			t.Errorf("%s: the refused key is repeated: %q", c.name, msg)
		}
	}
}
