package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// A Content-Length Go's server cannot read (not digits, a list, empty,
// two that differ) and a Host given twice are refused by the server with
// a bare 400, before any handler sees the request; its JSON listed every
// rule a request line, a header line, a Host and a Content-Length may
// break, and left the client to guess which. The message now names the
// header and what is wrong with it.
func TestMalformedContentLengthAndHostAreNamed(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	addr := serveLikeServe(t, s.API)
	for _, c := range []struct{ name, headers, message string }{
		{"a word", "Content-Length: x\r\n",
			`the Content-Length "x" is not a length: it must be the body's size in bytes, in decimal digits alone`},
		{"a list", "Content-Length: 1, 2\r\n", `the Content-Length "1, 2" is not a length`},
		{"a sign", "Content-Length: +5\r\n", `the Content-Length "+5" is not a length`},
		{"empty", "Content-Length: \r\n", "the Content-Length header is empty"},
		{"too large", "Content-Length: 99999999999999999999\r\n",
			`the Content-Length "99999999999999999999" is larger than any body can be (at most 9223372036854775807 bytes)`},
		{"twice, differing", "Content-Length: 1\r\ncontent-length: 2\r\n",
			`the request has Content-Length twice, with different values ("1" and "2")`},
		{"Host twice", "Host: y\r\n", "the request has Host twice"},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, body, after := refusalExchange(t, addr, "POST /v1/orders HTTP/1.1\r\nHost: x\r\n"+c.headers+"\r\n")
			var e struct {
				Error struct{ Type, Code, Message, Param string }
			}
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("%d %q: %v", resp.StatusCode, body, err)
			}
			if resp.StatusCode != 400 || e.Error.Code != "malformed_request" || !resp.Close || len(after) != 0 {
				t.Fatalf("%d %+v, close %v, then %q; want 400 malformed_request and the connection closed", resp.StatusCode, e.Error, resp.Close, after)
			}
			if !strings.HasPrefix(e.Error.Message, "malformed request: ") || !strings.Contains(e.Error.Message, c.message) {
				t.Fatalf("message %q; want one naming the fault: %q", e.Error.Message, c.message)
			}
		})
	}
	// Go refuses a head for what it reads first: a faulty request line, or
	// a header line it cannot read, is named, not the Content-Length after it.
	for _, c := range []struct{ name, head, message string }{
		{"request line first", "GET /100% HTTP/1.1\r\nHost: x\r\nContent-Length: x\r\n\r\n", `the request target "/100%"`},
		{"control character first", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\nContent-Length: x\r\n\r\n", "a header line holds a control character"},
		{"bad header name", "GET / HTTP/1.1\r\nHost: x\r\nX A: b\r\nContent-Length: x\r\n\r\n", "is not valid HTTP/1.1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, body, _ := refusalExchange(t, addr, c.head)
			var e struct{ Error struct{ Message string } }
			_ = json.Unmarshal(body, &e)
			if resp.StatusCode != 400 || !strings.Contains(e.Error.Message, c.message) || strings.Contains(e.Error.Message, `the Content-Length "`) {
				t.Fatalf("%d %s; want %q, the Content-Length not blamed", resp.StatusCode, body, c.message)
			}
		})
	}
	// The same values twice are one Content-Length, which Go reads.
	resp, body, _ := refusalExchange(t, addr, "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
	if resp.StatusCode != 200 {
		t.Fatalf("Content-Length: 0 twice: %d %s; want 200", resp.StatusCode, body)
	}
	t.Run("pipelined after an answered request", func(t *testing.T) {
		resp, b := answerAfterHealthz(t, addr, "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Length: x\r\n\r\n")
		if resp.StatusCode != 400 || !strings.Contains(string(b), `the Content-Length \"x\" is not a length`) {
			t.Fatalf("%d %s; want the second head's Content-Length named", resp.StatusCode, b)
		}
	})
}
