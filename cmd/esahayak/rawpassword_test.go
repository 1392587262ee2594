package main_test

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestPasswordWithRawDelimitersNotShown: a password typed with a "#", "/"
// or "?" as is ends url.Parse's host early, so "http://u:4711#pw0815@…"
// reads as host "u", port 4711, no user: --api-base and --forward-to were
// quoted with it (whole, or as the port out of range or the path in a
// "did you mean"). They are quoted as typed but for the password, with a
// word on how to write those characters, and Go's own error (naming the
// URL it dialed) goes without it too. Only 127.0.0.1:1, closed, is dialed.
func TestPasswordWithRawDelimitersNotShown(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"trigger", "order.cancelled", "--api-base", "http://u:4711#pw0815@127.0.0.1:8080"}, 2,
			`--api-base "http://u:xxxxx@127.0.0.1:8080": use the server's URL, e.g. http://127.0.0.1:8080; a "/", "?" or "#" in the user name or password is written %2F, %3F or %23`},
		{[]string{"trigger", "order.cancelled", "--api-base", "http://u:4711?pw0815@127.0.0.1:8080"}, 2, `--api-base "http://u:xxxxx@127.0.0.1:8080"`},
		// Read as 127.0.0.1:1 and a path: dialed, and refused.
		{[]string{"trigger", "order.cancelled", "--api-base", "http://127.0.0.1:1/pw0815@127.0.0.1:8080"}, 1, "is `esahayak serve` running there?"},
		{[]string{"listen", "--api-base", "http://127.0.0.1:1", "--forward-to", "http://12:4711/pw0815@127.0.0.1:3000"}, 2,
			`--forward-to "http://12:xxxxx@127.0.0.1:3000": use your handler's URL, e.g. http://localhost:3000/webhooks/esahayak; a "/", "?" or "#" in the user name or password is written %2F, %3F or %23`},
		{[]string{"listen", "--api-base", "http://127.0.0.1:1", "--forward-to", "http://u:99999#pw0815@127.0.0.1:3000"}, 2, `--forward-to "http://u:xxxxx@127.0.0.1:3000"`},
	} {
		cmd := exec.Command(binary, c.args...)
		cmd.Env = append(os.Environ(), "ESAHAYAK_API_KEY=esk_x")
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != c.code || !strings.Contains(string(out), c.want) {
			t.Errorf("%v: %v, want exit %d with %q:\n%s", c.args, err, c.code, c.want, out)
		}
		for _, pw := range []string{"pw0815", "4711", "99999"} {
			if strings.Contains(string(out), pw) {
				t.Errorf("%v: the output shows %q, part of the password:\n%s", c.args, pw, out)
			}
		}
	}
}
