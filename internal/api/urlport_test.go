package api_test

import (
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestURLPortRefusalNamesThePort: an endpoint's url or a session's
// forward_to with a port that is not a number (a typo, ":8o8o", or a
// shell variable left as ":$PORT") was told the URL "must be an absolute
// URL such as https://…", which it was; one out of range was told it had
// "an invalid port" without saying which it read. Both now quote the
// port, with the same 422 codes.
func TestURLPortRefusalNamesThePort(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{AllowInsecureURLs: true})
	for _, tc := range []struct{ url, port string }{
		{"http://127.0.0.1:8o8o/hook", "8o8o"},
		{"http://127.0.0.1:$PORT/hook", "$PORT"},
		{"http://127.0.0.1:99999/hook", "99999"},
		{"http://127.0.0.1:0/hook", "0"},
	} {
		want := `url has an invalid port ("` + tc.port + `"); use a number from 1 to 65535`
		st, code, param, msg := refusal(t, s, "POST", "/v1/webhook_endpoints", `{"url": "`+tc.url+`"}`)
		if st != 422 || code != "invalid_url" || param != "url" || msg != want {
			t.Errorf("url %s: %d %s %s %q; want 422 invalid_url %q", tc.url, st, code, param, msg, want)
		}
		want = `forward_to has an invalid port ("` + tc.port + `"); use a number from 1 to 65535`
		st, code, param, msg = refusal(t, s, "POST", "/v1/listen_sessions", `{"forward_to": "`+tc.url+`"}`)
		if st != 422 || code != "invalid_forward_to" || param != "forward_to" || msg != want {
			t.Errorf("forward_to %s: %d %s %s %q; want 422 invalid_forward_to %q", tc.url, st, code, param, msg, want)
		}
	}
}
