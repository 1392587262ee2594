package api_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// A GET of a /v1 route with a body had the body ignored: a list's filters
// sent as JSON, as requests.get(url, json={…}) and curl -X GET -d send
// them, were answered 200 with the list unfiltered, and stats asked for
// {"window": "1h"} answered the default 24h, each read by its sender as
// what was asked. Such a GET or HEAD is now 400 body_not_allowed, at once;
// one with no body, Content-Length: 0 or an empty chunked body is
// answered as before.
func TestGetWithBodyIsRefused(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "https://example.com/hook"}`)
	var ep struct{ ID string }
	if err := json.Unmarshal(b, &ep); st != 201 || err != nil {
		t.Fatalf("create: %d %s", st, b)
	}
	const want = "a GET request has no body, and this route reads none: send its parameters in the query string (GET /v1/orders?status=FAILED&limit=5), not as JSON"
	for _, c := range []struct{ path, body string }{
		{"/v1/orders", `{"status": "FAILED"}`},
		{"/v1/webhook_endpoints/" + ep.ID + "/stats", `{"window": "1h"}`},
		{"/v1/webhook_endpoints/" + ep.ID, `{}`},
	} {
		st, code, param, msg := refusal(t, s, "GET", c.path, c.body)
		if st != 400 || code != "body_not_allowed" || param != "" || msg != want {
			t.Errorf("GET %s with %s: %d %s %q %q; want 400 body_not_allowed %q", c.path, c.body, st, code, param, msg, want)
		}
	}
	if st, _ := s.Do(t, "HEAD", "/v1/orders", s.APIKey, `{"status": "FAILED"}`); st != 400 {
		t.Errorf("HEAD /v1/orders with a body: %d; want 400", st)
	}
	if st, b := s.Do(t, "GET", "/v1/orders", s.APIKey, ""); st != 200 {
		t.Errorf("GET /v1/orders with Content-Length: 0: %d %s; want 200", st, b)
	}

	// Chunked: an empty body is none; one with a byte is refused.
	addr := strings.TrimPrefix(s.URL, "http://")
	for _, c := range []struct {
		chunks string
		want   int
	}{
		{"0\r\n\r\n", 200},
		{"2\r\n{}\r\n0\r\n\r\n", 400},
	} {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(10 * time.Second))
		io.WriteString(conn, "GET /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+s.APIKey+"\r\nTransfer-Encoding: chunked\r\n\r\n"+c.chunks)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("chunked %q: %v", c.chunks, err)
		}
		resp.Body.Close()
		conn.Close()
		if resp.StatusCode != c.want {
			t.Errorf("GET /v1/orders with the chunked body %q: %d; want %d", c.chunks, resp.StatusCode, c.want)
		}
	}
}
