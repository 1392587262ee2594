package api_test

import (
	"bufio"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestStreamTakesAnEmptyChunkedBody: a listen stream request sent with
// Transfer-Encoding: chunked and an empty body (its zero-size chunk at
// once, as a client library that always streams its request body sends)
// was refused 400 body_not_allowed, though it holds no body at all; it is
// now taken as Content-Length: 0 is, and the stream starts (HEAD answers
// its headers). A chunked body with data is still refused, and so is one
// that never ends (TestStreamRefusesABody), both at once.
func TestStreamTakesAnEmptyChunkedBody(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	ls := s.NewListenSession(t, s.APIKey, `{}`)
	addr := strings.TrimPrefix(s.URL, "http://")
	head := func(method string) string {
		return method + " /v1/listen_sessions/" + ls + "/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\nTransfer-Encoding: chunked\r\n\r\n"
	}

	resp, _, _ := rawExchange(t, addr, head("GET")+"0\r\n\r\n", 10*time.Second)
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	if resp.StatusCode != 200 || err != nil || !strings.HasPrefix(line, "event: ready") {
		t.Errorf("GET with an empty chunked body: %d, first line %q, %v; want the stream", resp.StatusCode, line, err)
	}
	resp, _, _ = rawExchange(t, addr, head("HEAD")+"0\r\n\r\n", 10*time.Second)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Errorf("HEAD with an empty chunked body: %d %v; want the stream's headers", resp.StatusCode, resp.Header)
	}

	start := time.Now()
	resp, _, _ = rawExchange(t, addr, head("GET")+"1\r\nx\r\n0\r\n\r\n", 10*time.Second)
	body, _ := io.ReadAll(resp.Body)
	if code, _ := errCode(t, body); resp.StatusCode != 400 || code != "body_not_allowed" || time.Since(start) > 5*time.Second {
		t.Errorf("a chunked body with data: %d %s after %v; want 400 body_not_allowed at once", resp.StatusCode, body, time.Since(start))
	}
}
