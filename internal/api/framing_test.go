package api_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// A request with both Content-Length and Transfer-Encoding: chunked, as a
// proxy that frames by Content-Length passes it on with another request
// inside what it takes for the body: the server reads the body as chunked
// (its "0" chunk ends it at once: 400 invalid_json, an empty body), and
// must then close the connection (RFC 9112 §6.3), so that the rest of
// what the proxy sent is never answered as a request of its own. The
// server kept the connection open, for the smuggled GET to be read as
// the next request. A chunked request without Content-Length keeps its
// connection, in every spelling of the two headers.
func TestContentLengthWithChunkedClosesTheConnection(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	addr := strings.TrimPrefix(s.URL, "http://")
	smuggled := "GET /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\n\r\n"
	body := "0\r\n\r\n" + smuggled // all of it the body, framed by Content-Length
	head := func(cl, te string) string {
		h := "POST /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\nContent-Type: application/json\r\n"
		if cl != "" {
			h += cl + ": " + strconv.Itoa(len(body)) + "\r\n"
		}
		return h + te + ": chunked\r\n\r\n"
	}
	send := func(t *testing.T, req string) (*bufio.Reader, net.Conn) {
		t.Helper()
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		c.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := io.WriteString(c, req); err != nil {
			t.Fatal(err)
		}
		return bufio.NewReader(c), c
	}
	read := func(t *testing.T, br *bufio.Reader) (*http.Response, []byte) {
		t.Helper()
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("no answer: %v", err)
		}
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("reading the answer's body: %v", err)
		}
		return resp, b
	}
	for _, h := range []struct{ cl, te string }{
		{"Content-Length", "Transfer-Encoding"},
		{"content-length", "transfer-encoding"},
		{"CONTENT-LENGTH", "Transfer-encoding"},
	} {
		t.Run(h.cl+" and "+h.te, func(t *testing.T) {
			br, _ := send(t, head(h.cl, h.te)+body)
			resp, b := read(t, br)
			if code, _ := errCode(t, b); resp.StatusCode != 400 || code != "invalid_json" || !resp.Close {
				t.Fatalf("%d %s (Connection: close %v); want 400 invalid_json and the connection closed", resp.StatusCode, b, resp.Close)
			}
			// Then the connection's end: the smuggled GET is not answered.
			if more, err := io.ReadAll(br); len(more) != 0 || err != nil {
				t.Fatalf("after the answer, %q (%v); want the connection's end (EOF)", more, err)
			}
		})
	}
	// Chunked alone is not ambiguous: the connection serves the next request.
	t.Run("chunked alone", func(t *testing.T) {
		br, c := send(t, head("", "Transfer-Encoding")+"0\r\n\r\n")
		resp, b := read(t, br)
		if resp.StatusCode != 400 || resp.Close {
			t.Fatalf("%d %s (Connection: close %v); want 400 and the connection kept", resp.StatusCode, b, resp.Close)
		}
		if _, err := io.WriteString(c, smuggled); err != nil {
			t.Fatal(err)
		}
		if resp, b := read(t, br); resp.StatusCode != 200 {
			t.Fatalf("the next request on the connection: %d %s", resp.StatusCode, b)
		}
	})
	// The server goes on serving.
	if st, b := s.Do(t, "GET", "/v1/orders", s.APIKey, nil); st != 200 {
		t.Fatalf("orders after the ambiguous requests: %d %s", st, b)
	}
}
