package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// A request line Go's server cannot read (a % that starts no escape, as
// a browser sends the link /dashboard/100%, a space in the path, a method
// with a character no method has, no leading /) was answered 400
// malformed_request with one message listing every rule a request line,
// a header line, a Host and a Content-Length may break: the client was
// left to guess which. The message now names what is wrong in the line.
func TestMalformedRequestLineNamesTheFault(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	addr := serveLikeServe(t, s.API)
	for _, c := range []struct{ name, line, message string }{
		{"a % with no escape, in a dashboard link", "GET /dashboard/100% HTTP/1.1",
			`the request target "/dashboard/100%" holds "%", a % that does not start a percent-escape (a % and two hexadecimal digits); write a literal % as %25`},
		{"a % with no hex digits", "GET /v1/orders/%zz HTTP/1.1", `holds "%zz", a % that does not start a percent-escape`},
		{"a space in the path", "GET /v1/my orders HTTP/1.1",
			`the request target "/v1/my orders" holds a space (a request line is METHOD target HTTP/1.1, its parts separated by single spaces); write a space in a path or query as %20`},
		{"a character no method has", "G@T /v1/orders HTTP/1.1", `the method "G@T" has "@" (U+0040) at byte 2, which no method may hold`},
		{"no leading slash", "GET v1/orders HTTP/1.1", `the request target "v1/orders" does not start with /`},
		{"a control character in the target", "GET /v1/ord\x01ers HTTP/1.1", `has a control character (the byte 0x01 at byte 8)`},
		{"no target", "GET  HTTP/1.1", "the request line has no target between its method and its version"},
		{"a method alone", "GET", `the request line "GET" is not METHOD target HTTP/1.1`},
		{"a space first", " GET / HTTP/1.1", "starts with a space; it must start with the method"},
		{"words after the version", "GET /healthz HTTP/1.1 x", `the request line's version "HTTP/1.1 x" is not HTTP/1.1 or HTTP/1.0`},
		{"a host Go cannot read", "GET http://[::1/v1 HTTP/1.1", `the request target "http://[::1/v1" is not a valid URI (missing ']' in host)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, body, after := refusalExchange(t, addr, c.line+"\r\nHost: x\r\nAccept: text/html\r\n\r\n")
			var e struct {
				Error struct{ Type, Code, Message, Param string }
			}
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("%d %q: %v", resp.StatusCode, body, err)
			}
			if resp.StatusCode != 400 || e.Error.Code != "malformed_request" || e.Error.Type != "invalid_request_error" || !resp.Close || len(after) != 0 {
				t.Fatalf("%d %+v, close %v, then %q; want 400 malformed_request and the connection closed", resp.StatusCode, e.Error, resp.Close, after)
			}
			if !strings.HasPrefix(e.Error.Message, "malformed request: ") || !strings.Contains(e.Error.Message, c.message) {
				t.Fatalf("message %q; want one naming the fault: %q", e.Error.Message, c.message)
			}
		})
	}
	// A head whose request line Go reads is refused for what Go says,
	// not for its line, even after a refused line's connection.
	resp, body, _ := refusalExchange(t, addr, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n")
	if resp.StatusCode != 400 || !strings.Contains(string(body), "a header line holds a control character") || strings.Contains(string(body), "request target") {
		t.Fatalf("%d %s; want the header line's control character named", resp.StatusCode, body)
	}
	resp, body, _ = refusalExchange(t, addr, "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: x\r\n\r\n")
	if resp.StatusCode != 400 || strings.Contains(string(body), "request target") || strings.Contains(string(body), "request line \"") {
		t.Fatalf("%d %s; want the generic message, which does not blame the request line", resp.StatusCode, body)
	}
	// A refused head is not blamed for the line of one sent after it, in
	// the same write; a faulty line after an answered request is named.
	resp, body, _ = refusalExchange(t, addr, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\nGET /100% HTTP/1.1\r\nHost: x\r\n\r\n")
	if resp.StatusCode != 400 || !strings.Contains(string(body), "a header line holds a control character") {
		t.Fatalf("%d %s; want the first head's control character named, not the next head's target", resp.StatusCode, body)
	}
	t.Run("pipelined after an answered request", func(t *testing.T) {
		resp, b := answerAfterHealthz(t, addr, "GET /v1/my orders HTTP/1.1\r\nHost: x\r\n\r\n")
		if resp.StatusCode != 400 || !strings.Contains(string(b), `the request target \"/v1/my orders\" holds a space`) {
			t.Fatalf("%d %s; want the second head's space named", resp.StatusCode, b)
		}
	})
	// The server goes on answering well-formed requests.
	resp, body, _ = refusalExchange(t, addr, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	if resp.StatusCode != 200 {
		t.Fatalf("healthz after the refusals: %d %s", resp.StatusCode, body)
	}
}
