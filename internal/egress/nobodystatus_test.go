package egress

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv/loopback"
)

// A receiver that answers 204 (or 304) with a body anyway, which net/http
// does not read (those answers have none): the bytes stayed on the
// kept-alive connection, and the next request sent on it read them as the
// start of its answer. That delivery, perhaps another endpoint's on the
// same host, failed with "the response is not valid HTTP: malformed HTTP
// version \"helloHTTP/1.1\"" although its receiver answered 200. The
// receiver here sends the stray body only once the next request is on the
// connection, as a slow one would.
func TestNoBodyAnswerWithABodyDoesNotReachTheNextRequest(t *testing.T) {
	for _, tc := range []struct {
		status      int
		head, stray string
	}{
		{204, "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", "hello"},
		{204, "HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n", "5\r\nhello\r\n0\r\n\r\n"},
		{304, "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n", "hello"},
	} {
		head, stray := tc.head, tc.stray
		t.Run(head[:strings.Index(head, "\r")]+", "+head[strings.Index(head, "\n")+1:strings.Index(head, ":")], func(t *testing.T) {
			srv := loopback.Serve(t, func(conn net.Conn) {
				defer conn.Close()
				br := bufio.NewReader(conn)
				held := ""
				for {
					req, err := http.ReadRequest(br)
					if err != nil {
						return
					}
					io.Copy(io.Discard, req.Body)
					io.WriteString(conn, held)
					held = ""
					if req.URL.Path == "/odd" {
						io.WriteString(conn, head)
						held = stray
					} else {
						io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
					}
				}
			})
			c := newClient(t, Options{AllowPrivate: true, Timeout: 30 * time.Second})
			base := "http://" + srv.Addr()
			for i := range 3 {
				resp, err := post(t, c, base+"/odd", "{}")
				if err != nil || resp.StatusCode != tc.status {
					t.Fatalf("%q, attempt %d to /odd: %+v, %v; want its %d", head, i, resp, err, tc.status)
				}
				resp, err = post(t, c, base+"/fine", "{}")
				if err != nil || resp.StatusCode != 200 || string(resp.Body) != "ok" {
					t.Fatalf("%q, attempt %d to /fine after /odd's answer: %+v, error %v; want its own 200", head, i, resp, err)
				}
			}
		})
	}
}
