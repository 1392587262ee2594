package api_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestURLWithoutSchemeSaysSo: the guide's local receiver typed as
// localhost:3000/webhooks/esahayak reads, to Go, as a URL whose scheme is
// "localhost", and the API answered "(the localhost scheme is not
// supported)", a scheme nobody wrote. It now says the scheme is missing
// and writes the URL back with it (the code stays url_not_https); a long
// URL, or one with spaces or control characters, is not written back. A
// real scheme keeps its refusal.
func TestURLWithoutSchemeSaysSo(t *testing.T) {
	for _, insecure := range []bool{false, true} {
		s := testenv.Start(t, testenv.SQLite(t), testenv.Options{Secure: !insecure, AllowInsecureURLs: insecure})
		long := "hooks.example.com:3000/" + strings.Repeat("a", 100)
		for _, tc := range []struct{ url, want, not string }{
			{"hooks.example.com:3000/webhooks/esahayak", "it has no scheme: write https://hooks.example.com:3000/webhooks/esahayak", "hooks.example.com scheme"},
			{"hooks.example.com:8443", "it has no scheme: write https://hooks.example.com:8443", "scheme is not supported"},
			{"hooks.example.com:3000?x=1", "write https://hooks.example.com:3000?x=1", "scheme is not supported"},
			// An IP literal, which Go does not parse without a scheme: it
			// was told only "url must be an absolute URL".
			{"203.0.113.7:8443/webhooks/esahayak", "it has no scheme: write https://203.0.113.7:8443/webhooks/esahayak", "absolute URL"},
			{long, "before its host; it has no scheme", "write https://"},
			{"ftp://example.com/x", "the ftp scheme is not supported", "no scheme"},
			{"mailto:a@example.com", "the mailto scheme is not supported", "no scheme"},
		} {
			b, _ := json.Marshal(map[string]string{"url": tc.url})
			st, body := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, string(b))
			code, param := errCode(t, body)
			msg := string(body)
			if st != 422 || code != "url_not_https" || param != "url" || !strings.Contains(msg, tc.want) || strings.Contains(msg, tc.not) {
				t.Errorf("insecure=%v, url %.40q: %d %s; want 422 url_not_https saying %q, not %q", insecure, tc.url, st, body, tc.want, tc.not)
			}
			if strings.Contains(tc.want, "no scheme") && strings.Contains(msg, "on this server, http://") != insecure {
				t.Errorf("insecure=%v, url %q: %s; http:// offered only where the server takes it", insecure, tc.url, body)
			}
		}
	}
}

// TestLocalURLWithoutSchemeSaysBoth: the guide's local receiver typed
// without its scheme, localhost:3000/webhooks/esahayak, on a server that
// delivers to public addresses only. The refusal said "write
// https://localhost:3000/webhooks/esahayak", and that URL was refused
// next as url_private_address. It now says both at once and what to use
// for local development, without writing the URL back. A server run with
// --allow-insecure-urls wrote it back as https://localhost:3000/… alone,
// which it took, and every delivery to the plain-HTTP receiver there (the
// tour's, the guide's) failed its TLS handshake: it now writes it back
// with http:// too, for a receiver without TLS, as the dashboard does.
func TestLocalURLWithoutSchemeSaysBoth(t *testing.T) {
	for _, insecure := range []bool{false, true} {
		s := testenv.Start(t, testenv.SQLite(t), testenv.Options{Secure: !insecure, AllowInsecureURLs: insecure})
		for _, typed := range []string{"localhost:3000/webhooks/esahayak", "127.0.0.1:3000/webhooks/esahayak", "app.localhost:3000", "LOCALHOST:8080/x?y=1"} {
			b, _ := json.Marshal(map[string]string{"url": typed})
			st, body := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, string(b))
			code, param := errCode(t, body)
			var e struct{ Error struct{ Message string } }
			json.Unmarshal(body, &e)
			msg := e.Error.Message
			if st != 422 || code != "url_not_https" || param != "url" {
				t.Errorf("insecure=%v, url %q: %d %s; want 422 url_not_https on url", insecure, typed, st, body)
				continue
			}
			host, _, _ := strings.Cut(typed, ":")
			if insecure {
				if want := "write https://" + typed + ", or http://" + typed + " for a receiver without TLS"; !strings.Contains(msg, want) {
					t.Errorf("insecure=%v, url %q: %q; want it to say %q", insecure, typed, msg, want)
				}
				// What the message writes back is taken, and a delivery
				// to it goes out as plain HTTP.
				st, body := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]any{"url": "http://" + typed})
				if st != 201 {
					t.Errorf("insecure=%v, the URL written back, http://%s: %d %s", insecure, typed, st, body)
				}
				continue
			}
			for _, want := range []string{"it has no scheme", "its host " + host + " is a loopback address", "--allow-insecure-urls", "esahayak listen"} {
				if !strings.Contains(msg, want) {
					t.Errorf("url %q: %q; want it to say %q", typed, msg, want)
				}
			}
			if strings.Contains(msg, "write https://") {
				t.Errorf("url %q: %q; it offers a URL the server refuses next", typed, msg)
			}
		}
	}
}

// TestSchemelessURLAnswersAsDocumented: the refusals docs/api.md quotes for
// an endpoint URL typed without its scheme are the server's, word for word.
// It quoted "write https://localhost:3000/webhooks/esahayak", which no
// server said: one without --allow-insecure-urls does not write a local
// host back, and one with it said "https:// or, on this server, http://".
func TestSchemelessURLAnswersAsDocumented(t *testing.T) {
	raw, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	// The doc wraps its lines: compare with runs of white space as one.
	doc := strings.Join(strings.Fields(string(raw)), " ")
	for _, tc := range []struct {
		insecure bool
		url      string
	}{
		{false, "hooks.example.com:3000/webhooks/esahayak"},
		{true, "localhost:3000/webhooks/esahayak"},
		{false, "localhost:3000/webhooks/esahayak"},
	} {
		s := testenv.Start(t, testenv.SQLite(t), testenv.Options{Secure: !tc.insecure, AllowInsecureURLs: tc.insecure})
		b, _ := json.Marshal(map[string]string{"url": tc.url})
		_, body := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, string(b))
		var e struct{ Error struct{ Message string } }
		if err := json.Unmarshal(body, &e); err != nil || e.Error.Message == "" {
			t.Fatalf("insecure=%v, url %q: %s", tc.insecure, tc.url, body)
		}
		if !strings.Contains(doc, "`"+e.Error.Message+"`") {
			t.Errorf("insecure=%v, url %q: docs/api.md does not show the answer %q", tc.insecure, tc.url, e.Error.Message)
		}
	}
}
