package api_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestForwardToRefusalSaysWhy: a listen session's forward_to typed as a
// host and port (localhost:3000/webhooks, as one types it for a local
// handler), with another scheme (ws://, ftp://), empty, or too long was
// answered "forward_to must be an absolute http:// or https:// URL of at
// most 2048 characters, such as http://localhost:3000/webhooks/esahayak",
// which left the client to find which of those it broke (an endpoint's
// url says, of the same mistakes). Each is still 422 invalid_forward_to,
// and its message now names what is wrong and, for a missing scheme, the
// URL to send. No session is opened.
func TestForwardToRefusalSaysWhy(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	long := "http://localhost:3000/" + strings.Repeat("a", 2048)
	for _, tc := range []struct{ name, forwardTo, want string }{
		{"no scheme", `"localhost:3000/webhooks/esahayak"`,
			"forward_to must start with http:// or https:// before its host; it has no scheme: write http://localhost:3000/webhooks/esahayak"},
		{"no scheme, a port alone", `"127.0.0.1:3000"`,
			"forward_to must start with http:// or https:// before its host; it has no scheme: write http://127.0.0.1:3000"},
		{"another scheme", `"ws://localhost:3000/hook"`,
			`forward_to must be an http:// or https:// URL; its scheme is "ws"`},
		{"empty", `""`,
			"forward_to is empty: leave it out (or null) for a session with none, or give an absolute http:// or https:// URL, such as http://localhost:3000/webhooks/esahayak"},
		{"too long", `"` + long + `"`,
			"forward_to must be at most 2048 characters (this one has 2070); shorten it"},
		{"a relative path", `"/webhooks/esahayak"`,
			"forward_to must be an absolute http:// or https:// URL of at most 2048 characters, such as http://localhost:3000/webhooks/esahayak"},
	} {
		st, code, param, msg := refusal(t, s, "POST", "/v1/listen_sessions", `{"forward_to": `+tc.forwardTo+`}`)
		if st != 422 || code != "invalid_forward_to" || param != "forward_to" || msg != tc.want {
			t.Errorf("%s: %d %s %q %q; want 422 invalid_forward_to %q", tc.name, st, code, param, msg, tc.want)
		}
	}
	if _, b := s.Do(t, "GET", "/v1/listen_sessions", s.APIKey, nil); strings.Contains(string(b), `"ls_`) {
		t.Errorf("a session was opened: %s", b)
	}
}
