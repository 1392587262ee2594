package api

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// FuzzGoErrorRecogniser: jsonForGoError (goerrors.go) never panics, and
// rewrites only a write that is exactly one of the shapes Go's server
// writes for a request it refuses itself, rebuilt here from its status
// and detail as net/http's conn.serve formats them; what it writes
// instead is one complete HTTP/1.1 answer with the same status line,
// Connection: close, a Content-Length that frames the body, and the API's
// error shape in that body.
func FuzzGoErrorRecogniser(f *testing.F) {
	for _, seed := range []string{
		"HTTP/1.1 400 Bad Request: invalid header value" + goErrorHeaders + "400 Bad Request: invalid header value",
		"HTTP/1.1 400 Bad Request: missing required Host header" + goErrorHeaders + "400 Bad Request: missing required Host header",
		"HTTP/1.1 400 Bad Request" + goErrorHeaders + "400 Bad Request",
		"HTTP/1.1 431 Request Header Fields Too Large" + goErrorHeaders + "431 Request Header Fields Too Large",
		"HTTP/1.1 501 Not Implemented" + goErrorHeaders + goUnsupportedTE,
		"HTTP/1.1 505 HTTP Version Not Supported: unsupported protocol version" + goErrorHeaders + "505 HTTP Version Not Supported: unsupported protocol version",
		"HTTP/1.1 400 Bad Request" + goErrorHeaders + "400 Bad Request: x",
		"HTTP/1.1 200 OK\r\nDate: Sun, 06 Dec 2026 07:00:00 GMT\r\nContent-Length: 2\r\n\r\nok",
		"HTTP/1.1 404 Not Found" + goErrorHeaders + "404 Not Found",
		"HTTP/1.1 400 Bad Request:\r\nX: y" + goErrorHeaders + "400 Bad Request:\r\nX: y",
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		out, ok := jsonForGoError(p, 64<<10, len(p)%2 == 0, "")
		if !ok {
			if out != nil {
				t.Fatalf("not rewritten, yet an answer: %q", out)
			}
			return
		}
		// The input is exactly one of Go's shapes.
		line, _, _ := strings.Cut(strings.TrimPrefix(string(p), "HTTP/1.1 "), "\r\n")
		var code int
		var text string
		fmt.Sscanf(line, "%d", &code)
		text = strings.TrimPrefix(line, fmt.Sprintf("%d ", code))
		shapes := []string{"HTTP/1.1 " + line + goErrorHeaders + line}
		if code == 501 {
			shapes = append(shapes, "HTTP/1.1 501 Not Implemented"+goErrorHeaders+goUnsupportedTE)
		}
		if !strings.HasPrefix(text, http.StatusText(code)) || (text != http.StatusText(code) && !strings.HasPrefix(text, http.StatusText(code)+": ")) {
			t.Fatalf("rewrote %q, whose status line %q is not Go's", p, line)
		}
		found := false
		for _, s := range shapes {
			found = found || s == string(p)
		}
		if !found {
			t.Fatalf("rewrote %q, which is none of Go's shapes", p)
		}
		// The answer is one whole HTTP/1.1 message with the API's error.
		br := bufio.NewReader(bytes.NewReader(out))
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("answer %q: %v", out, err)
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil || resp.ContentLength != int64(len(body)) || br.Buffered() != 0 {
			t.Fatalf("answer %q: body %q (%v), Content-Length %d, %d bytes after it", out, body, err, resp.ContentLength, br.Buffered())
		}
		if resp.StatusCode != code || !resp.Close || resp.Header.Get("Content-Type") != "application/json" || !strings.HasPrefix(string(out), "HTTP/1.1 "+line+"\r\n") {
			t.Fatalf("answer %q for %q", out, p)
		}
		var e struct{ Error map[string]string }
		if err := json.Unmarshal(body, &e); err != nil || len(e.Error) != 4 || e.Error["code"] == "" || e.Error["message"] == "" || e.Error["type"] != typeInvalidRequest {
			t.Fatalf("body %q (%v): not the API's error shape", body, err)
		}
	})
}
