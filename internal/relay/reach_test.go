package relay_test

import (
	"errors"
	"testing"

	"github.com/esahayak/esahayak/internal/relay"
)

// TestHTTPSHintKeepsThePort: the --api-base suggested for the other scheme
// names the port the call went to, which the other scheme's default is
// not ("http://host" is port 80, "https://host:80" that port over TLS),
// and never the password of the one typed.
func TestHTTPSHintKeepsThePort(t *testing.T) {
	body := []byte("Client sent an HTTP request to an HTTPS server.\n")
	for base, want := range map[string]string{
		"http://127.0.0.1:8443":      "the server speaks HTTPS there: set --api-base to https://127.0.0.1:8443",
		"http://esahayak.example":    "the server speaks HTTPS there: set --api-base to https://esahayak.example:80",
		"HTTP://u:secret@[::1]/base": "the server speaks HTTPS there: set --api-base to https://[::1]:80/base",
		"https://127.0.0.1:8443":     "", // TLS already
	} {
		if got := relay.HTTPSHint(base, 400, body); got != want {
			t.Errorf("HTTPSHint(%q) = %q, want %q", base, got, want)
		}
	}
	for _, c := range []struct {
		status int
		body   string
	}{{404, string(body)}, {400, "Bad Request"}} {
		if got := relay.HTTPSHint("http://127.0.0.1:8443", c.status, []byte(c.body)); got != "" {
			t.Errorf("HTTPSHint for %d %q = %q, want none", c.status, c.body, got)
		}
	}
	plain := errors.New("http: server gave HTTP response to HTTPS client")
	if got, want := relay.TLSHint("https://u:secret@esahayak.example", plain), "the server speaks plain HTTP there: set --api-base to http://esahayak.example:443"; got != want {
		t.Errorf("TLSHint = %q, want %q", got, want)
	}
	if got := relay.TLSHint("https://esahayak.example", errors.New("dial tcp 127.0.0.1:1: connect: connection refused")); got != "" {
		t.Errorf("TLSHint for a refused connection = %q, want none", got)
	}
}
