package api_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestEveryV1AnswerIsNoStore: docs/api.md says every /v1 answer carries
// Cache-Control: no-store. The 404 that ServeHTTP gives before the mux, to
// /v1 itself, to a /v1 path the mux would redirect (/v1//orders,
// /v1/orders/..) and to a /v1 path holding a fragment, left it out: only
// the requests that reached the mux had it.
func TestEveryV1AnswerIsNoStore(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, c := range []struct {
		target, key string
		status      int
	}{
		{"/v1/orders", s.APIKey, 200},
		{"/v1/nothing", s.APIKey, 404},
		{"/v1", s.APIKey, 404},
		{"/v1?limit=5", "", 404},
		{"/v1//orders", s.APIKey, 404},
		{"/v1/./orders", s.APIKey, 404},
		{"/v1/orders/..", "", 404},
		{"/v1/orders/order_00000000000000000000000000#x", s.APIKey, 404},
	} {
		resp := rawAnswer(t, s.URL, "GET "+c.target, c.key)
		if resp.StatusCode != c.status {
			t.Errorf("GET %s: %d, want %d", c.target, resp.StatusCode, c.status)
		}
		if got := resp.Header.Values("Cache-Control"); len(got) != 1 || got[0] != "no-store" {
			t.Errorf("GET %s (%d): Cache-Control %q, want no-store", c.target, resp.StatusCode, got)
		}
	}
	// Outside /v1 nothing changes: the dashboard and /healthz set their own.
	if resp := rawAnswer(t, s.URL, "GET /v10", ""); resp.Header.Get("Cache-Control") != "" {
		t.Errorf("GET /v10: Cache-Control %q, want none", resp.Header.Get("Cache-Control"))
	}
}

// rawAnswer sends "METHOD TARGET" as written (Go's client would clean the
// path and drop a fragment) and returns the answer, its body read.
func rawAnswer(t *testing.T, base, line, key string) *http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	req := line + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
	if key != "" {
		req += "Authorization: Bearer " + key + "\r\n"
	}
	if _, err := conn.Write([]byte(req + "\r\n")); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}
