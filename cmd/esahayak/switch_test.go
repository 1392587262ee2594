package main_test

import (
	"strings"
	"testing"
)

// TestSwitchValueAfterASpace: a switch given its value after a space
// ("--json false") was set, and the value refused as a word the command
// did not expect, with advice about another flag: bench said "did you
// mean --scenario false?", serve "its settings are flags". The refusal
// names the switch and how to write its value.
func TestSwitchValueAfterASpace(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"bench", "--json", "false"}, `--json takes its value after "=": --json=false (--json alone is true); "false" was read as an argument`},
		{[]string{"serve", "--allow-insecure-urls", "true"}, `--allow-insecure-urls takes its value after "=": --allow-insecure-urls=true`},
		{[]string{"serve", "-allow-insecure-urls", "0", "--addr", "127.0.0.1:0"}, `--allow-insecure-urls takes its value after "=": --allow-insecure-urls=0 `},
	} {
		stdout, stderr, code := runBinary(t, t.TempDir(), nil, "", c.args...)
		if code != 2 || stdout != "" || !strings.HasPrefix(stderr, "esahayak: "+c.want) || strings.Count(stderr, "\n") != 2 {
			t.Errorf("esahayak %q: exit %d; want 2 and %q, then the hint:\nstdout: %s\nstderr: %s", c.args, code, c.want, stdout, stderr)
		}
	}
	// A word that is no true or false is still the command's to refuse.
	if _, stderr, code := runBinary(t, t.TempDir(), nil, "", "serve", "--allow-insecure-urls", "8080"); code != 2 || !strings.Contains(stderr, "did you mean --addr 127.0.0.1:8080") {
		t.Errorf("serve --allow-insecure-urls 8080: exit %d:\n%s", code, stderr)
	}
}
