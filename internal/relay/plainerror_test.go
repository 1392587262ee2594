package relay_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/relay"
	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/internal/testenv/loopback"
)

// A forward that fails below a status code is said as a real delivery
// to the same handler says it (docs/api.md), in listen's line and in the
// result it records: the problem in plain words, without Go's
// `Post "http://127.0.0.1:3000/hook": ` in front (listen printed the URL
// it forwards to when it started, and the dashboard shows the session's).
func TestListenSaysAFailedForwardPlainly(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := ln.Addr().String()
	ln.Close()
	release := make(chan struct{})
	silent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(silent.Close)
	t.Cleanup(func() { close(release) }) // runs before the Close
	closes := loopback.Serve(t, func(conn net.Conn) {
		defer conn.Close()
		if req, err := http.ReadRequest(bufio.NewReader(conn)); err == nil {
			io.Copy(io.Discard, req.Body)
		}
	})

	cutOff := loopback.Serve(t, func(conn net.Conn) {
		defer conn.Close()
		if req, err := http.ReadRequest(bufio.NewReader(conn)); err == nil {
			io.Copy(io.Discard, req.Body)
			io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"received\":")
		}
	})
	cutOff500 := loopback.Serve(t, func(conn net.Conn) {
		defer conn.Close()
		if req, err := http.ReadRequest(bufio.NewReader(conn)); err == nil {
			io.Copy(io.Discard, req.Body)
			io.WriteString(conn, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 100\r\n\r\n{\"error\":")
		}
	})

	for _, tc := range []struct {
		name, forwardTo, want string
		status                int // of the answer listen's line shows, 0 for none
	}{
		{"nothing listens", "http://" + refused + "/hook",
			"connection refused by " + refused + " (nothing is listening on that port, or a firewall refused the connection)", 0},
		{"no answer in time", silent.URL + "/hook",
			"timed out after 1s (the request was sent; no response had begun); 1s is the attempt timeout, and a delivery to this handler fails the same way", 0},
		{"closed without an answer", "http://" + closes.Addr() + "/hook",
			"the connection was closed before any response (EOF)", 0},
		// A 2xx whose body broke off fails as a real delivery does, and
		// says why the 2xx did not count.
		{"200 cut off mid-body", "http://" + cutOff.Addr() + "/hook",
			"reading response body: the connection was closed before the end of the body (unexpected EOF); " +
				"the 200 status counts only with its whole body within the 1s attempt timeout, so the attempt failed", 200},
		// Any other status whose body broke off is named, as a real
		// delivery's error names it.
		{"500 cut off mid-body", "http://" + cutOff500.Addr() + "/hook",
			"reading response body: the connection was closed before the end of the body (unexpected EOF); " +
				"the response's status was HTTP 500 (a 2xx status is required)", 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, out := startListener(t, relay.ListenerConfig{APIBase: s.URL, APIKey: s.APIKey, ForwardTo: tc.forwardTo,
				ForwardTimeout: time.Second, Events: []string{order.EventStampFailed}})
			id := emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed)
			var recorded string
			testenv.Eventually(t, 20*time.Second, "the failed forward recorded", func() bool {
				for _, d := range deliveriesOf(t, s.URL, s.APIKey, l.Session().ID) {
					if d["event_id"] == id && d["status"] == "failed" {
						recorded = fmt.Sprint(d["last_error"])
						return true
					}
				}
				return false
			})
			if recorded != tc.want {
				t.Errorf("recorded error %q; want %q", recorded, tc.want)
			}
			result := "[ERR] "
			if tc.status != 0 {
				result = fmt.Sprintf("[%d ERR] ", tc.status)
			}
			if line := lineOf(out.String(), id); !strings.Contains(line, "  "+result+tc.want+"  ") {
				t.Errorf("listen's line %q; want %s%q", line, result, tc.want)
			}
		})
	}
}
