package egress

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv/loopback"
)

// A receiver that leaves bytes on its connection after an answer: a 204
// with a body, or a body longer than its Content-Length ("ok" and then
// "junk", as a handler that writes past the length it declared does),
// sent at once with the answer. net/http puts the connection back in the
// pool before it looks for such bytes (and then closes it), and a
// delivery to the same host that took the connection in that moment, as
// concurrent deliveries do, read them as the start of its own answer: it
// failed with "malformed HTTP version \"junkHTTP/1.1\"" although its
// receiver answered 200, a few requests in a thousand. Here eight
// deliveries at a time alternate between the odd answer and a plain 200;
// every one must get its own receiver's answer.
func TestBytesLeftAfterAnAnswerDoNotReachAConcurrentRequest(t *testing.T) {
	ts := httptest.NewUnstartedServer(http.NotFoundHandler())
	ts.StartTLS()
	t.Cleanup(ts.Close)
	conf := &tls.Config{Certificates: ts.TLS.Certificates, NextProtos: []string{"http/1.1"}}
	for _, tc := range []struct {
		name, odd string
		status    int
		body      string
	}{
		{"204 with a body", "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello", 204, ""},
		{"200 with bytes past its length", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokjunk", 200, "ok"},
	} {
		for _, overTLS := range []bool{false, true} {
			name := tc.name + ", http"
			if overTLS {
				name += "s"
			}
			t.Run(name, func(t *testing.T) {
				srv := loopback.Serve(t, func(conn net.Conn) {
					if overTLS {
						conn = tls.Server(conn, conf)
					}
					defer conn.Close()
					br := bufio.NewReader(conn)
					for {
						req, err := http.ReadRequest(br)
						if err != nil {
							return
						}
						io.Copy(io.Discard, req.Body)
						answer := "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfine"
						if req.URL.Path == "/odd" {
							answer = tc.odd
						}
						if _, err := io.WriteString(conn, answer); err != nil {
							return
						}
					}
				})
				// Each odd answer costs a connection; resumed TLS
				// sessions keep their handshakes cheap.
				pool := x509.NewCertPool()
				pool.AddCert(ts.Certificate())
				c := newClient(t, Options{AllowPrivate: true, Timeout: 30 * time.Second,
					TLSConfig: &tls.Config{RootCAs: pool, ClientSessionCache: tls.NewLRUClientSessionCache(64)}})
				base := "http://" + srv.Addr()
				if overTLS {
					base = "https://" + srv.Addr()
				}
				const workers, each = 8, 600
				var (
					wg     sync.WaitGroup
					mu     sync.Mutex
					failed []string
				)
				for w := range workers {
					wg.Go(func() {
						for i := range each {
							path, status, body := "/fine", 200, "fine"
							if (i+w)%2 == 0 {
								path, status, body = "/odd", tc.status, tc.body
							}
							resp, err := post(t, c, base+path, "{}")
							if err != nil || resp.StatusCode != status || string(resp.Body) != body {
								mu.Lock()
								failed = append(failed, fmt.Sprintf("%s: %+v, error %v", path, resp, err))
								mu.Unlock()
							}
						}
					})
				}
				wg.Wait()
				if len(failed) > 0 {
					t.Fatalf("%d of %d deliveries did not get their receiver's answer; the first: %s", len(failed), workers*each, failed[0])
				}
			})
		}
	}
}
