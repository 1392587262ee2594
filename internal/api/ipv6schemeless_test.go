package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestIPv6URLWithoutSchemeSaysSo: docs/api.md promises that a host and
// port typed without a scheme, an IP address and port among them, is told
// its scheme is missing and given the URL with it. An IPv6 address and
// port ([2001:db8::7]:8443/hook, or the local [::1]:3000/hook) was told
// only "url must be an absolute URL such as https://your-domain.com/…"
// (and a session's forward_to "must be an absolute http:// or https://
// URL"), which it looks like: the check read the host up to the first
// colon, inside the brackets. It now gets the refusal an IPv4 address and
// port gets; the URL written back is taken. Brackets around what is no
// IPv6 address keep the plain refusal.
func TestIPv6URLWithoutSchemeSaysSo(t *testing.T) {
	for _, insecure := range []bool{false, true} {
		s := testenv.Start(t, testenv.SQLite(t), testenv.Options{Secure: !insecure, AllowInsecureURLs: insecure})
		message := func(method, path, field, value string) (int, string, string, string) {
			b, _ := json.Marshal(map[string]string{field: value})
			st, body := s.Do(t, method, path, s.APIKey, string(b))
			code, param := errCode(t, body)
			var e struct{ Error struct{ Message string } }
			json.Unmarshal(body, &e)
			return st, code, param, e.Error.Message
		}
		for _, tc := range []struct{ url, want string }{
			{"[2001:db8::7]:8443/webhooks/esahayak", "it has no scheme: write https://[2001:db8::7]:8443/webhooks/esahayak"},
			{"[2001:db8::7]:8443", "it has no scheme: write https://[2001:db8::7]:8443"},
		} {
			st, code, param, msg := message("POST", "/v1/webhook_endpoints", "url", tc.url)
			if st != 422 || code != "url_not_https" || param != "url" || !strings.Contains(msg, tc.want) {
				t.Errorf("insecure=%v, url %q: %d %s %q; want 422 url_not_https saying %q", insecure, tc.url, st, code, msg, tc.want)
			}
			if st, body := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]any{"url": "https://" + tc.url}); st != 201 {
				t.Errorf("insecure=%v, the URL written back, https://%s: %d %s", insecure, tc.url, st, body)
			}
		}
		local := "[::1]:3000/webhooks/esahayak"
		st, code, _, msg := message("POST", "/v1/webhook_endpoints", "url", local)
		want := []string{"it has no scheme", "its host ::1 is a loopback address", "--allow-insecure-urls"}
		if insecure {
			want = []string{"write https://" + local + ", or http://" + local + " for a receiver without TLS"}
		}
		for _, w := range want {
			if st != 422 || code != "url_not_https" || !strings.Contains(msg, w) {
				t.Errorf("insecure=%v, url %q: %d %s %q; want 422 url_not_https saying %q", insecure, local, st, code, msg, w)
			}
		}
		if !insecure && strings.Contains(msg, "write https://") {
			t.Errorf("url %q: %q; it offers a URL the server refuses next", local, msg)
		}
		st, code, param, msg := message("POST", "/v1/listen_sessions", "forward_to", "[::1]:3000/hook")
		if w := "it has no scheme: write http://[::1]:3000/hook"; st != 422 || code != "invalid_forward_to" || param != "forward_to" || !strings.Contains(msg, w) {
			t.Errorf("insecure=%v, forward_to [::1]:3000/hook: %d %s %q; want 422 invalid_forward_to saying %q", insecure, st, code, msg, w)
		}
		for _, notIP := range []string{"[example.com]:3000/x", "[::1/x", "[::1]x:3000"} {
			st, code, _, msg := message("POST", "/v1/webhook_endpoints", "url", notIP)
			if st != 422 || code != "invalid_url" || strings.Contains(msg, "no scheme") {
				t.Errorf("insecure=%v, url %q: %d %s %q; want 422 invalid_url, the plain refusal", insecure, notIP, st, code, msg)
			}
		}
	}
}
