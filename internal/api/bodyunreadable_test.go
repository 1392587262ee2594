package api_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// A body that cannot be read is 400 body_unreadable, and its message says
// what went wrong as far as the client can mend it. Every failure said
// "the connection failed or the body was shorter than its
// Content-Length", so a client whose chunked encoder wrote a size that is
// not hex, or that ended the body before its zero-size chunk, was pointed
// at a Content-Length it never sent.
func TestBodyUnreadableSaysWhy(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	addr := strings.TrimPrefix(s.URL, "http://")
	head := "POST /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\nContent-Type: application/json\r\n"
	for _, tc := range []struct {
		name, req string
		want      string // in the message
		notWant   string
	}{
		{"chunk size not hex", head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", "chunked encoding is malformed", "Content-Length"},
		// Go's reader refuses a body framed by far more than it holds.
		{"chunk extensions far longer than the data", head + "Transfer-Encoding: chunked\r\n\r\n" + strings.Repeat("1;"+strings.Repeat("x", 200)+"\r\n \r\n", 300) + "2\r\n{}\r\n0\r\n\r\n", "chunk extensions far longer", "Content-Length"},
		{"chunked body cut short", head + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n", "last (zero-size) chunk", "Content-Length"},
		{"shorter than Content-Length", head + "Content-Length: 100\r\n\r\n{\"stamp_request\"", "shorter than its Content-Length", "chunk"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := rawConn(t, addr)
			if _, err := io.WriteString(c, tc.req); err != nil {
				t.Fatal(err)
			}
			// Nothing more comes: the body as sent is all there is.
			if err := c.(*net.TCPConn).CloseWrite(); err != nil {
				t.Fatal(err)
			}
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				t.Fatalf("no answer: %v", err)
			}
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if code, _ := errCode(t, b); resp.StatusCode != 400 || code != "body_unreadable" {
				t.Fatalf("%d %s; want 400 body_unreadable", resp.StatusCode, b)
			}
			var e struct{ Error struct{ Message string } }
			json.Unmarshal(b, &e)
			if !strings.Contains(e.Error.Message, tc.want) || strings.Contains(e.Error.Message, tc.notWant) {
				t.Fatalf("message %q; want one that says %q and not %q", e.Error.Message, tc.want, tc.notWant)
			}
		})
	}
}
