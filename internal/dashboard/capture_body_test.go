package dashboard_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestCaptureBodyFailuresAnswerAsTheAPI: a request to an inspector's
// capture URL whose body could not be read was answered 400
// body_unreadable "could not read the request body" whatever happened,
// so a sender trying its time-outs against the inspector (a body that
// stops arriving) was told its request was malformed, and one with a
// broken body was not told what broke. They are now answered as the API
// answers the same bodies: 408 request_timeout for a body that stopped
// arriving (here at the 2 s a body still arriving gets at shutdown), and
// 400 body_unreadable naming a body shorter than its Content-Length or a
// broken chunked framing; none is captured.
func TestCaptureBodyFailuresAnswerAsTheAPI(t *testing.T) {
	t.Parallel()
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	page, captureURL := newInspector(t, e, b)
	addr := strings.TrimPrefix(e.URL, "http://")
	target := strings.TrimPrefix(captureURL, e.URL)

	// exchange sends head+body on a new connection, shuts its sending
	// side when halfClose, runs then (if any) and reads the answer.
	exchange := func(t *testing.T, raw string, halfClose bool, then func()) (int, apiError) {
		t.Helper()
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(60 * time.Second))
		if _, err := io.WriteString(conn, raw); err != nil {
			t.Fatal(err)
		}
		if halfClose {
			conn.(*net.TCPConn).CloseWrite()
		}
		if then != nil {
			then()
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var got struct {
			Error apiError `json:"error"`
		}
		body, _ := io.ReadAll(resp.Body)
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatalf("answer %d is not the API's JSON error: %v\n%s", resp.StatusCode, err, body)
		}
		return resp.StatusCode, got.Error
	}

	t.Run("shorter than its Content-Length", func(t *testing.T) {
		st, got := exchange(t, "POST "+target+"/short HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab", true, nil)
		if st != http.StatusBadRequest || got.Code != "body_unreadable" || got.Type != "invalid_request_error" ||
			!strings.Contains(got.Message, "shorter than its Content-Length") {
			t.Errorf("a body cut short = %d %+v, want 400 body_unreadable saying it was shorter than its Content-Length", st, got)
		}
	})
	t.Run("broken chunked framing", func(t *testing.T) {
		st, got := exchange(t, "POST "+target+"/chunks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", false, nil)
		if st != http.StatusBadRequest || got.Code != "body_unreadable" || !strings.Contains(got.Message, "chunked encoding is malformed") {
			t.Errorf("a broken chunked body = %d %+v, want 400 body_unreadable saying its chunked encoding is malformed", st, got)
		}
	})
	// Last: it stops the reading of every body on this server.
	t.Run("stopped arriving", func(t *testing.T) {
		st, got := exchange(t, "POST "+target+"/slow HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"slow\":", false, func() {
			time.Sleep(100 * time.Millisecond) // the capture is reading the body
			e.API.StopReadingBodies()
		})
		if st != http.StatusRequestTimeout || got.Code != "request_timeout" || got.Type != "invalid_request_error" {
			t.Errorf("a body that stopped arriving = %d %+v, want 408 request_timeout", st, got)
		}
	})

	// None of them was captured.
	if body := b.get(page).Body; strings.Contains(body, "/short") || strings.Contains(body, "/chunks") || strings.Contains(body, "/slow") {
		t.Errorf("a request whose body could not be read was captured")
	}
}

type apiError struct {
	Type, Code, Message, Param string
}
