package main_test

import (
	"strings"
	"testing"
)

// TestFailuresNameTheVariableSet: a failure found once the command ran
// advised "set --api-base" (and asked "is --api-base an esahayak
// server?") of a user who had set ESAHAYAK_API_BASE and typed no flag, and
// trigger named the URL twice ("POST http://…/v1/orders: Post
// \"http://…/v1/orders\": dial tcp …"). The advice names what was set, and
// the URL comes once.
func TestFailuresNameTheVariableSet(t *testing.T) {
	t.Parallel()
	const base = "http://127.0.0.1:1" // nothing listens on loopback port 1
	env := []string{"ESAHAYAK_API_BASE=" + base, "ESAHAYAK_API_KEY=esk_x"}
	for _, c := range []struct {
		args      []string
		env       []string
		want, not string
	}{
		{args: []string{"trigger", "order.cancelled"}, env: env, want: "set ESAHAYAK_API_BASE)", not: "--api-base"},
		{args: []string{"trigger", "stamp.uploaded", "--operator-token", "op"}, env: env, want: "set ESAHAYAK_API_BASE)", not: "--api-base"},
		{args: []string{"listen", "--forward-to", "http://localhost:1/x"}, env: env, want: "set ESAHAYAK_API_BASE)", not: "--api-base"},
		// Typed, the flag is named; the key's variable is not.
		{args: []string{"trigger", "order.cancelled", "--api-base", base}, env: env[1:], want: "set --api-base)", not: "ESAHAYAK_"},
		{args: []string{"listen", "--forward-to", "http://localhost:1/x", "--api-base", base}, env: env, want: "set --api-base)", not: "ESAHAYAK_"},
	} {
		_, stderr, code := runBinary(t, t.TempDir(), c.env, "", c.args...)
		if code != 1 || !strings.Contains(stderr, c.want) || strings.Contains(stderr, c.not) || strings.Count(stderr, base) != 1 || strings.Count(stderr, "\n") != 1 {
			t.Errorf("esahayak %q with %q: exit %d; want 1 and one line naming %s once, saying %q and not %q:\n%s", c.args, c.env, code, base, c.want, c.not, stderr)
		}
	}
}
