package main_test

import (
	"strings"
	"testing"
)

// TestForwardToNotUTF8Refused: a --forward-to holding a byte that is not
// UTF-8 (an env file saved in another encoding) was sent to the server
// with that byte as U+FFFD. In the host the server refused it, exit status
// 1 and "forward_to's host "\ufffd" is neither a host name nor an IP
// address"; in the path the session was opened and every event forwarded
// to /%EF%BF%BD, a path the handler does not serve. It is a usage error
// now, exit status 2 before any request, from the flag or the variable.
func TestForwardToNotUTF8Refused(t *testing.T) {
	for _, c := range []struct {
		args, env []string
		want      string
	}{
		{[]string{"--forward-to", "http://localhost:3000/caf\xe9"}, nil, `--forward-to "http://localhost:3000/caf\xe9" holds a byte that is not UTF-8`},
		{[]string{"--forward-to", "http://h\xf4te:3000/hook"}, nil, `--forward-to "http://h\xf4te:3000/hook" holds a byte that is not UTF-8`},
		{nil, []string{"ESAHAYAK_FORWARD_TO=http://localhost:3000/caf\xe9"}, `--forward-to (from ESAHAYAK_FORWARD_TO) "http://localhost:3000/caf\xe9" holds a byte that is not UTF-8`},
	} {
		// Nothing listens at 127.0.0.1:1: a value taken would end in
		// exit status 1, the server not reached.
		args := append([]string{"listen", "--api-key", "esk_test", "--api-base", "http://127.0.0.1:1"}, c.args...)
		_, stderr, code := runBinary(t, t.TempDir(), c.env, "", args...)
		if code != 2 || !strings.HasPrefix(stderr, "esahayak: "+c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q %q: exit status %d, stderr:\n%s\nwant 2 and one line beginning %q", c.args, c.env, code, stderr, c.want)
		}
	}
}
