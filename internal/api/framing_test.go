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
		c, br := rawConn(t, addr)
		if _, err := io.WriteString(c, req); err != nil {
			t.Fatal(err)
		}
		return br, c
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

// The head of an ambiguous request comes in pieces that the server reads
// one at a time (a slow client, a proxy that forwards as it receives),
// cut inside each header's name, inside the line ends and inside the
// empty line; its lines may also end in a bare LF, which Go's server takes,
// and a header need not have a space after its colon. Each such request
// is still answered with Connection: close and its connection ended, with
// the smuggled GET never answered. The first test's request always came
// in one read with its body, with CRLF line ends: a watch that looked at
// each read on its own, or that ended a head only at a CRLF empty line
// (the chunked body's own CRLF empty line then came in the same read),
// passed it.
func TestContentLengthWithChunkedInPiecesClosesTheConnection(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	addr := strings.TrimPrefix(s.URL, "http://")
	smuggled := "GET /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\n\r\n"
	body := "0\r\n\r\n" + smuggled
	for _, c := range []struct {
		name string
		head string
		cuts []string // the head is sent in pieces ending after each of these
	}{
		{"CRLF, cut inside the names and the line ends",
			"POST /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\nContent-Length: " + strconv.Itoa(len(body)) +
				"\r\nTransfer-Encoding: chunked\r\n\r\n",
			[]string{"Conte", "nt-Len", "gth: ", "\r", "Transfer-En", "coding: chunked\r", "\n", "\r"}},
		{"bare LF, no spaces after the colons",
			"POST /v1/orders HTTP/1.1\nHost: x\nAuthorization: Bearer " + s.APIKey + "\ntransfer-encoding:chunked\ncontent-length:" + strconv.Itoa(len(body)) + "\n\n",
			[]string{"transfer-", "encoding:chunked", "\n", "content-length:"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			conn.SetDeadline(time.Now().Add(10 * time.Second))
			rest := c.head
			for _, cut := range c.cuts {
				i := strings.Index(rest, cut)
				if i < 0 {
					t.Fatalf("cut %q not in what is left of the head, %q", cut, rest)
				}
				if _, err := io.WriteString(conn, rest[:i+len(cut)]); err != nil {
					t.Fatal(err)
				}
				rest = rest[i+len(cut):]
				testenv.WaitPeerRead(t, conn, 5*time.Second) // the server read this piece on its own
			}
			if _, err := io.WriteString(conn, rest); err != nil {
				t.Fatal(err)
			}
			// The body after the head has been read and judged: what the
			// server reads of the body comes too late for this request.
			testenv.WaitPeerRead(t, conn, 5*time.Second)
			if _, err := io.WriteString(conn, body); err != nil {
				t.Fatal(err)
			}
			br := bufio.NewReader(conn)
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				t.Fatalf("no answer: %v", err)
			}
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 400 || !resp.Close {
				t.Fatalf("%d %s (Connection: close %v); want 400 and the connection closed", resp.StatusCode, b, resp.Close)
			}
			if more, err := io.ReadAll(br); len(more) != 0 || err != nil {
				t.Fatalf("after the answer, %q (%v); want the connection's end (EOF)", more, err)
			}
		})
	}
}

// An HTTP/1.0 request with Transfer-Encoding: chunked, kept alive: Go's
// server ignores the header on HTTP/1.0 and reads no body (or the
// Content-Length's), while a proxy that honours it sends a chunked body.
// The server answered with "Connection: keep-alive" and read that body as
// the next request, a smuggled GET hidden in the first chunk included
// when a Content-Length covered only the chunk-size line. RFC 9112 §6.1:
// the connection is closed after the answer. An HTTP/1.0 request without
// Transfer-Encoding keeps its connection alive.
func TestHTTP10WithTransferEncodingClosesTheConnection(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	addr := strings.TrimPrefix(s.URL, "http://")
	smuggled := "GET /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\n\r\n"
	size := strconv.FormatInt(int64(len(smuggled)), 16) + "\r\n"
	head := "POST /v1/orders HTTP/1.0\r\nConnection: keep-alive\r\nAuthorization: Bearer " + s.APIKey + "\r\n"
	for name, req := range map[string]string{
		"chunked alone": head + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled,
		"chunked, Content-Length of its size line": head + "Transfer-Encoding: chunked\r\nContent-Length: " + strconv.Itoa(len(size)) + "\r\n\r\n" + size + smuggled + "\r\n0\r\n\r\n",
		"lower case, bare LF":                      strings.ReplaceAll(head+"transfer-encoding: chunked\r\n\r\n0\r\n\r\n"+smuggled, "\r\n", "\n"),
	} {
		t.Run(name, func(t *testing.T) {
			c, br := rawConn(t, addr)
			if _, err := io.WriteString(c, req); err != nil {
				t.Fatal(err)
			}
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				t.Fatalf("no answer: %v", err)
			}
			b, _ := io.ReadAll(resp.Body)
			if !resp.Close {
				t.Fatalf("%d %s with %q; want the connection closed", resp.StatusCode, b, resp.Header.Get("Connection"))
			}
			if more, err := io.ReadAll(br); len(more) != 0 || err != nil {
				t.Fatalf("after the answer, %q (%v); want the connection's end (EOF)", more, err)
			}
		})
	}
	t.Run("HTTP/1.0 keep-alive without Transfer-Encoding", func(t *testing.T) {
		c, br := rawConn(t, addr)
		body := `{}`
		if _, err := io.WriteString(c, head+"Content-Length: 2\r\n\r\n"+body); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("no answer: %v", err)
		}
		io.ReadAll(resp.Body)
		if resp.Close {
			t.Fatalf("%d: the connection was closed; want it kept alive", resp.StatusCode)
		}
		if _, err := io.WriteString(c, "GET /healthz HTTP/1.0\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		if resp, err := http.ReadResponse(br, nil); err != nil || resp.StatusCode != 200 {
			t.Fatalf("the next request on the connection: %v %v", resp, err)
		}
	})
}
