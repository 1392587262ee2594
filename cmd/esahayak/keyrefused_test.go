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

// The README's tour writes the key as esk_…, and a new user who pastes
// that line as it is (or gives the operator token where the key goes)
// is refused by the server with another code than invalid_api_key
// (invalid_authorization: no key holds a "…"; account_key_required):
// those refusals are of the key too, and were printed as a bare API
// answer, without the flag or variable it came from or where a key comes
// from, which the README promises for "an API key the server refuses".
func TestRefusedKeyOfAnyKindNamesWhereItCameFrom(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server and the client binaries; skipped with -short")
	}
	dir := t.TempDir()
	p := startServe(t, "--db", "sqlite:"+filepath.Join(dir, "e.db"), "--operator-token", "op-secret-for-the-key-refusal-test")
	const placeholder = "esk_…" // as README.md and docs/receiving.md write it
	const op = "op-secret-for-the-key-refusal-test"
	for _, c := range []struct {
		name  string
		env   []string
		args  []string
		named string
		code  string
	}{
		{"trigger, placeholder in the variable", []string{"ESAHAYAK_API_KEY=" + placeholder}, []string{"trigger", "order.cancelled", "--api-base", p.base}, "--api-key (from ESAHAYAK_API_KEY): ", "invalid_authorization"},
		{"trigger, placeholder as the flag", nil, []string{"trigger", "order.cancelled", "--api-base", p.base, "--api-key", placeholder}, "--api-key: ", "invalid_authorization"},
		{"listen, placeholder in the variable", []string{"ESAHAYAK_API_KEY=" + placeholder}, []string{"listen", "--forward-to", "localhost:3000/x", "--api-base", p.base}, "--api-key (from ESAHAYAK_API_KEY): ", "invalid_authorization"},
		{"trigger, operator token as the key", []string{"ESAHAYAK_API_KEY=" + op}, []string{"trigger", "order.cancelled", "--api-base", p.base}, "--api-key (from ESAHAYAK_API_KEY): ", "account_key_required"},
		{"listen, operator token as the key", nil, []string{"listen", "--forward-to", "localhost:3000/x", "--api-base", p.base, "--api-key", op}, "--api-key: ", "account_key_required"},
	} {
		stdout, stderr, code := runBinary(t, dir, append([]string{"ESAHAYAK_API_KEY="}, c.env...), "", c.args...)
		msg := strings.TrimPrefix(strings.TrimSpace(stderr), "esahayak: ")
		if code != 1 {
			t.Errorf("%s: exit %d, want 1 (the server refused it)\n%s", c.name, code, stderr)
		}
		if stdout != "" || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%s: want one line on stderr and nothing on stdout; got stdout %q, stderr %q", c.name, stdout, stderr)
		}
		if !strings.HasPrefix(msg, c.named+"the server at "+p.base+" refused the key: ") {
			t.Errorf("%s: %q does not start with %q", c.name, msg, c.named+"the server at "+p.base+" refused the key: ")
		}
		for _, want := range []string{"(" + c.code + ")", "esahayak accounts create", "Settings → API Access"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: %q lacks %q", c.name, msg, want)
			}
		}
		if strings.Contains(msg, op) {
			t.Errorf("%s: the refused key is repeated: %q", c.name, msg)
		}
	}
}
