package main_test

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestListenRefusesForwardToFragment: a --forward-to with a fragment
// ("#…") was taken, printed in "Forwarding … to" with the fragment, and
// every event went to the URL without it, since a fragment is never sent:
// the handler never saw what the user wrote, and the same URL given as an
// endpoint's is refused (422 invalid_url) for that reason. A password
// typed with a "#" as is ("u:4711#pw@host") made url.Parse read host "u"
// and port 4711, the rest a fragment, and listen forwarded every event to
// that host. Both are refused (exit 2) before a session is made, the
// password not shown. Only 127.0.0.1:1, closed, is named as the server,
// and nothing is dialed: the refusal comes first.
func TestListenRefusesForwardToFragment(t *testing.T) {
	for _, c := range []struct {
		forward, want string
	}{
		{"http://localhost:3000/webhooks/esahayak#v2", `--forward-to "http://localhost:3000/webhooks/esahayak#v2" holds a fragment ("#v2"), which is never sent to a server`},
		{"localhost:3000/hook#", `--forward-to "localhost:3000/hook#" holds a fragment ("#")`},
		{"http://127.0.0.1:3000/hook?a=b#top", `("#top")`},
		{"http://u:pw@localhost:3000/hook#x", `--forward-to "http://localhost:3000/hook#x" holds a fragment ("#x")`},
		{"http://u:4711#pw0815@127.0.0.1:3000", `--forward-to "http://u:xxxxx@127.0.0.1:3000": use your handler's URL, e.g. http://localhost:3000/webhooks/esahayak; a "/", "?" or "#" in the user name or password is written %2F, %3F or %23`},
	} {
		cmd := exec.Command(binary, "listen", "--api-base", "http://127.0.0.1:1", "--forward-to", c.forward)
		cmd.Env = append(os.Environ(), "ESAHAYAK_API_KEY=esk_x")
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), c.want) {
			t.Errorf("--forward-to %q: %v, want exit 2 with %q:\n%s", c.forward, err, c.want, out)
		}
		for _, pw := range []string{"pw0815", "4711", ":pw@"} {
			if strings.Contains(string(out), pw) {
				t.Errorf("--forward-to %q: the output shows %q, part of the password:\n%s", c.forward, pw, out)
			}
		}
	}
}
