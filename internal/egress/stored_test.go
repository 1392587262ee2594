package egress

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestStoredHeaders(t *testing.T) {
	small := http.Header{"Content-Type": {"application/json"}, "Vary": {"Accept", "Origin"}}
	if got := StoredHeaders(small); len(got) != 2 || got["Vary"] != "Accept, Origin" || got["Content-Type"] != "application/json" {
		t.Fatalf("small headers = %v", got)
	}
	big := http.Header{"Location": {strings.Repeat("é", 5000)}}
	for i := 0; i < 1000; i++ {
		big.Set(fmt.Sprintf("X-Pad-%04d", i), strings.Repeat("p", 1000))
	}
	got := StoredHeaders(big)
	n := 0
	for k, v := range got {
		n += len(k) + len(v)
		if !utf8.ValidString(v) {
			t.Fatalf("%s is not valid UTF-8 after the cut", k)
		}
	}
	if n > MaxStoredHeaderBytes || len(got) > MaxStoredHeaders || len(got["Location"]) > MaxStoredHeaderValue || got["X-Pad-0000"] == "" {
		t.Fatalf("kept %d headers, %d bytes, Location %d bytes", len(got), n, len(got["Location"]))
	}
	if !strings.HasPrefix(got[HeadersCutKey], "9") {
		t.Fatalf("marker = %q", got[HeadersCutKey])
	}
	// Bytes that are not UTF-8 are measured as stored: U+FFFD, 3 bytes each.
	latin := http.Header{}
	for _, k := range []string{"X-A", "X-B", "X-C", "X-D"} {
		latin.Set(k, strings.Repeat("\xe9", 2000))
	}
	n = 0
	for k, v := range StoredHeaders(latin) {
		n += len(k) + len(v)
		if !utf8.ValidString(v) {
			t.Fatalf("%s stored as invalid UTF-8", k)
		}
	}
	if n > MaxStoredHeaderBytes {
		t.Fatalf("headers of Latin-1 bytes stored as %d bytes of UTF-8, over %d", n, MaxStoredHeaderBytes)
	}
	many := http.Header{}
	for i := 0; i < 300; i++ {
		many.Set(fmt.Sprintf("X-%d", i), "v")
	}
	if got := StoredHeaders(many); len(got) != MaxStoredHeaders || !strings.HasPrefix(got[HeadersCutKey], "201 more") {
		t.Fatalf("300 small headers: kept %d, marker %q", len(got), got[HeadersCutKey])
	}
}

func TestRedirectErrorQuotesAShortLocation(t *testing.T) {
	_, msg := StatusFailure(302, "https://example.com/"+strings.Repeat("\x01", 100_000))
	if len(msg) > 1000 || !strings.Contains(msg, "(100020 bytes)") {
		t.Fatalf("message of %d bytes: %.300s", len(msg), msg)
	}
	if _, msg := StatusFailure(302, "/next"); msg != `HTTP 302 redirect to "/next": redirects are not followed; configure the final URL` {
		t.Fatalf("short Location: %s", msg)
	}
}

func TestErrorText(t *testing.T) {
	// A failed lookup does not name the operator's resolver.
	dns := &url.Error{Op: "Post", URL: "https://nosuch.example/hook", Err: &net.OpError{Op: "dial", Net: "tcp",
		Err: &net.DNSError{Err: "no such host", Name: "nosuch.example", Server: "10.0.0.2:53", IsNotFound: true}}}
	if got := ErrorText(dns); strings.Contains(got, "10.0.0.2") || !strings.Contains(got, "lookup nosuch.example: no such host") {
		t.Errorf("ErrorText(a failed lookup) = %q", got)
	}
	// Nor, in a lookup that failed otherwise, the addresses of the socket.
	dns = &url.Error{Op: "Post", URL: "https://x.example/hook", Err: &net.OpError{Op: "dial", Net: "tcp",
		Err: &net.DNSError{Err: "read udp 10.1.2.3:40564->10.0.0.2:53: read: connection refused", Name: "x.example", Server: "10.0.0.2:53"}}}
	if got := ErrorText(dns); strings.Contains(got, "10.") || !strings.Contains(got, "lookup x.example: the lookup failed") {
		t.Errorf("ErrorText(a failed lookup) = %q", got)
	}
	if got := ErrorText(fmt.Errorf("dial tcp: refused")); got != "dial tcp: refused" {
		t.Fatalf("short error changed: %q", got)
	}
	long := fmt.Errorf("net/http: malformed HTTP status code %q", strings.Repeat("X", 900_000)+"\xff")
	got := ErrorText(long)
	if len(got) > MaxErrorText || !utf8.ValidString(got) || !strings.HasSuffix(got, " bytes in all)") {
		t.Fatalf("long error kept as %d bytes: %.100s…%s", len(got), got, got[max(0, len(got)-40):])
	}
}
