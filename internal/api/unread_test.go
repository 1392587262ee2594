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

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/testenv"
)

// rawExchange sends head (a request's header block, with a Content-Length
// or chunked body announced but never sent) and reads the answer's status
// line and headers, failing after limit.
func rawExchange(t *testing.T, addr, head string, limit time.Duration) (*http.Response, *bufio.Reader, net.Conn) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(limit))
	if _, err := c.Write([]byte(head)); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("no answer within %v to %q: %v", limit, strings.SplitN(head, "\r\n", 2)[0], err)
	}
	return resp, br, c
}

// An answer decided without the body (no key, a wrong route, a wrong
// method) comes at once, not after the server's 60 s wait for a body
// the client announced and never sent.
func TestAnswerWithoutBodyComesAtOnce(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	addr := strings.TrimPrefix(s.URL, "http://")
	for _, tc := range []struct {
		head   string
		status int
	}{
		{"POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{", 401},
		{"POST /v1/orders HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":", 401},
		{"POST /v1/orders/order_00000000000000000000000000/upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\nContent-Length: 50\r\n\r\n", 403},
		{"PUT /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\nContent-Length: 50\r\n\r\n", 405},
		{"POST /v1/nope HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\nContent-Length: 50\r\n\r\n", 404},
	} {
		start := time.Now()
		resp, _, _ := rawExchange(t, addr, tc.head, 10*time.Second)
		if resp.StatusCode != tc.status || time.Since(start) > 5*time.Second {
			t.Errorf("%q: %d after %v, want %d at once", strings.SplitN(tc.head, "\r\n", 2)[0], resp.StatusCode, time.Since(start), tc.status)
		}
	}
	// A body read to its end keeps the connection for the next request.
	c, br := rawConn(t, addr)
	body := `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`
	for i := 0; i < 2; i++ {
		req := "POST /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
		if _, err := c.Write([]byte(req)); err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("request %d on one connection: %v", i+1, err)
		}
		resp.Body.Close()
		if resp.StatusCode != 201 || resp.Close {
			t.Errorf("request %d: %d, close=%v; want 201 on a kept connection", i+1, resp.StatusCode, resp.Close)
		}
	}
}

// A listen stream whose request announces a body is refused at once; it
// used to send nothing, hold one of the account's stream slots and delay
// shutdown, waiting for a body that never came.
func TestStreamRefusesABody(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	ls := s.NewListenSession(t, s.APIKey, `{}`)
	addr := strings.TrimPrefix(s.URL, "http://")
	for _, extra := range []string{"Content-Length: 10\r\n", "Transfer-Encoding: chunked\r\n"} {
		head := "GET /v1/listen_sessions/" + ls + "/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\n" + extra + "\r\n"
		start := time.Now()
		resp, _, _ := rawExchange(t, addr, head, 10*time.Second)
		body, _ := io.ReadAll(resp.Body)
		if code, _ := errCode(t, body); resp.StatusCode != 400 || code != "body_not_allowed" || time.Since(start) > 5*time.Second {
			t.Errorf("%s: %d %s after %v; want 400 body_not_allowed at once", strings.TrimSpace(extra), resp.StatusCode, body, time.Since(start))
		}
	}
	// Without a body the stream starts.
	resp, _, _ := rawExchange(t, addr, "GET /v1/listen_sessions/"+ls+"/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+s.APIKey+"\r\n\r\n", 10*time.Second)
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	if resp.StatusCode != 200 || err != nil || !strings.HasPrefix(line, "event: ready") {
		t.Errorf("a stream without a body: %d, first line %q, %v", resp.StatusCode, line, err)
	}
}

// Hostile but well-formed input gets the documented codes.
func TestHostileInputCodes(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{AllowInsecureURLs: true})
	ls := s.NewListenSession(t, s.APIKey, `{}`)
	nested := strings.Repeat("[", 40) + "1" + strings.Repeat("]", 40)
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		code, param              string
	}{
		// However deep a wrong value nests, it is the field's invalid_type.
		{"amount nested 40 deep", "POST", "/v1/orders", `{"stamp_request": {"state": "Assam", "amount": ` + nested + `, "article_code": "AS-RG-4", "provider": "SHCIL"}}`, 422, "invalid_type", "stamp_request.amount"},
		{"amount as nested objects", "POST", "/v1/orders", `{"stamp_request": {"state": "Assam", "amount": ` + strings.Repeat(`{"a":`, 40) + "1" + strings.Repeat("}", 40) + `, "article_code": "AS-RG-4", "provider": "SHCIL"}}`, 422, "invalid_type", "stamp_request.amount"},
		// A null among event types is not an unknown type named "".
		{"events [null]", "POST", "/v1/webhook_endpoints", `{"url": "http://127.0.0.1:9/ok", "events": [null]}`, 422, "invalid_type", "events"},
		{"events [x, null]", "POST", "/v1/listen_sessions", `{"events": ["stamp.uploaded", null]}`, 422, "invalid_type", "events"},
		// forward_to is shown on the session: no password in it.
		{"forward_to with credentials", "POST", "/v1/listen_sessions", `{"forward_to": "http://user:pw@localhost:3000/x"}`, 422, "invalid_forward_to", "forward_to"},
		{"events [\"\"]", "POST", "/v1/webhook_endpoints", `{"url": "http://127.0.0.1:9/ok", "events": [""]}`, 422, "unknown_event_type", "events"},
	} {
		var body any
		if tc.body != "" {
			body = tc.body
		}
		st, b := s.Do(t, tc.method, tc.path, s.APIKey, body)
		code, param := "", ""
		if st >= 400 {
			code, param = errCode(t, b)
		}
		if st != tc.status || code != tc.code || param != tc.param {
			t.Errorf("%s: %d %s; want %d %s (param %s)", tc.name, st, b, tc.status, tc.code, tc.param)
		}
	}
	// A cursor from the future would silence the stream until then. (A
	// client with a time limit: before the fix this was a stream.)
	req, _ := http.NewRequest("GET", s.URL+"/v1/listen_sessions/"+ls+"/stream?last_event_id=evt_7zzzzzzzzzzzzzzzzzzzzzzzzz", nil)
	req.Header.Set("Authorization", "Bearer "+s.APIKey)
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("a Last-Event-ID from the future: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if code, param := errCode(t, b); resp.StatusCode != 422 || code != "invalid_last_event_id" || param != "last_event_id" {
		t.Errorf("a Last-Event-ID from the future: %d %s; want 422 invalid_last_event_id", resp.StatusCode, b)
	}
	// An empty Authorization header beside a valid one is two headers.
	req, _ = http.NewRequest("GET", s.URL+"/v1/orders", nil)
	req.Header["Authorization"] = []string{"", "Bearer " + s.APIKey}
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if code, _ := errCode(t, b); resp.StatusCode != 401 || code != "invalid_authorization" {
		t.Errorf("an empty and a valid Authorization header: %d %s; want 401 invalid_authorization", resp.StatusCode, b)
	}
}

// A chunked upload over the body limit, still sending when the server
// answers, reads its 413: the server closes the connection the way Go's
// server does for a body it will not read (a FIN, and a moment for the
// client to read the answer), not with a reset that loses the answer.
func TestChunkedUploadOverTheLimitReadsIts413(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	chunk := []byte(strings.Repeat("x", 64<<10))
	for i := 0; i < 10; i++ {
		pr, pw := io.Pipe()
		go func() {
			// 50 MB, streamed as a client with a big upload does, until
			// the connection is gone.
			for j := 0; j < 800; j++ {
				if _, err := pw.Write(chunk); err != nil {
					return
				}
			}
			pw.Close()
		}()
		req, _ := http.NewRequest("POST", s.URL+"/v1/orders", pr)
		req.Header.Set("Authorization", "Bearer "+s.APIKey)
		resp, err := (&http.Client{Timeout: 20 * time.Second}).Do(req)
		pr.CloseWithError(io.ErrClosedPipe)
		if err != nil {
			t.Fatalf("upload %d: no answer: %v", i+1, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("upload %d: %d, want 413", i+1, resp.StatusCode)
		}
	}
}

// A client that sends its whole request before it reads (Python's urllib
// and http.client, many shell tools) reads its 413 or 401 too. The server
// answered at once and closed; the rest of the body then met a closed
// socket, whose reset reached the client while it was still sending, and
// about one such request in three failed with "connection reset by peer"
// instead of reading the answer.
func TestSendAllThenReadGetsTheAnswer(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	addr := strings.TrimPrefix(s.URL, "http://")
	big := strings.Repeat("x", api.MaxBodyBytes+10)
	chunked := func(body string) string {
		var b strings.Builder
		for len(body) > 0 {
			n := min(len(body), 32<<10)
			b.WriteString(strconv.FormatInt(int64(n), 16) + "\r\n" + body[:n] + "\r\n")
			body = body[n:]
		}
		return b.String() + "0\r\n\r\n"
	}
	for _, tc := range []struct {
		name, head, body string
		status           int
	}{
		{"announced over 1 MiB", "POST /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(big)) + "\r\n\r\n", big, 413},
		{"4 MiB announced", "POST /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(4*len(big)) + "\r\n\r\n", strings.Repeat(big, 4), 413},
		{"chunked over 1 MiB", "POST /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", chunked(strings.Repeat(big, 2)), 413},
		{"no key", "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(big)) + "\r\n\r\n", big, 401},
		// Expect: 100-continue, and the body sent without waiting, as many clients do.
		{"expect 100-continue", "POST /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " + strconv.Itoa(2*len(big)) + "\r\n\r\n", strings.Repeat(big, 2), 413},
	} {
		for i := 0; i < 15; i++ {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			c.SetDeadline(time.Now().Add(20 * time.Second))
			if _, err := io.WriteString(c, tc.head+tc.body); err != nil {
				c.Close()
				t.Fatalf("%s, request %d: sending the body failed before the answer could be read: %v", tc.name, i+1, err)
			}
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				c.Close()
				t.Fatalf("%s, request %d: no answer after sending the whole body: %v", tc.name, i+1, err)
			}
			resp.Body.Close()
			c.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("%s, request %d: %d, want %d", tc.name, i+1, resp.StatusCode, tc.status)
			}
		}
	}
}

// A request whose chunked body breaks its own framing (a chunk-size line
// longer than Go's 4 KiB, a size that is not hex, a malformed trailer)
// with more of it behind, sent whole before the answer is read, reads its
// 400 body_unreadable and then the connection's end. The server closed
// the connection at once with the rest of the request unread, and the
// kernel answered that rest with a reset: a client still sending (Python's
// http.client, most scripts) failed with "connection reset by peer" and
// never read the 400.
func TestMalformedChunkedBodyReadsIts400(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	addr := strings.TrimPrefix(s.URL, "http://")
	body := `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`
	size := strconv.FormatInt(int64(len(body)), 16)
	rest := strings.Repeat("x", 4<<20) // what a client was still sending
	head := "POST /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
	for _, tc := range []struct{ name, body string }{
		{"chunk extension over 4 KiB", size + ";" + strings.Repeat("a", 10000) + "\r\n" + body + "\r\n" + rest},
		{"chunk size not hex", "zz\r\n" + rest},
		{"malformed trailer", size + "\r\n" + body + "\r\n0\r\nnot a header line\r\n\r\n" + rest},
	} {
		for i := 0; i < 5; i++ {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			c.SetDeadline(time.Now().Add(20 * time.Second))
			if _, err := io.WriteString(c, head+tc.body); err != nil {
				c.Close()
				t.Fatalf("%s, request %d: sending failed before the answer could be read: %v", tc.name, i+1, err)
			}
			br := bufio.NewReader(c)
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				c.Close()
				t.Fatalf("%s, request %d: no answer after sending the whole request: %v", tc.name, i+1, err)
			}
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				c.Close()
				t.Fatalf("%s, request %d: reading the answer's body: %v", tc.name, i+1, err)
			}
			if code, _ := errCode(t, b); resp.StatusCode != 400 || code != "body_unreadable" || !resp.Close {
				c.Close()
				t.Fatalf("%s, request %d: %d %s (close=%v); want 400 body_unreadable and the connection closed", tc.name, i+1, resp.StatusCode, b, resp.Close)
			}
			// Then the connection ends with a FIN, not a reset.
			if n, err := br.Read(make([]byte, 1)); n != 0 || err != io.EOF {
				c.Close()
				t.Fatalf("%s, request %d: after the answer, %d bytes and %v; want the connection's end (EOF)", tc.name, i+1, n, err)
			}
			c.Close()
		}
	}
	// The server goes on serving.
	if st, b := s.Do(t, "POST", "/v1/orders", s.APIKey, body); st != 201 {
		t.Fatalf("an order after the malformed bodies: %d %s", st, b)
	}
}
