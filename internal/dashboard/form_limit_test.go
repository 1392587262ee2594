package dashboard_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestFormAnnouncedTooLargeIsRefusedAtOnce: a form post whose
// Content-Length is past the dashboard's limit is answered 413 before
// any of its body arrives, as the API answers one; the dashboard read it
// first, and a client that announced megabytes held the request for as
// long as it took to send them (or until the read timeout). So is a
// chunked one whose first chunk's size is past it: it waited for the
// read timeout (60 s), then got 400 "did not arrive in time".
func TestFormAnnouncedTooLargeIsRefusedAtOnce(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	for _, c := range []struct{ path, cookie, framing, body string }{
		{"/dashboard/signin", "", "Content-Length: 10000000", "email=a"},
		{"/dashboard/signout", "esahayak_session=" + b.cookies["esahayak_session"].Value, "Content-Length: 10000000", "email=a"},
		{"/dashboard/signin", "", "Transfer-Encoding: chunked", "989680\r\nemail=a"},
		{"/dashboard/signout", "esahayak_session=" + b.cookies["esahayak_session"].Value, "Transfer-Encoding: chunked", "ffffffffffffffff\r\n"},
	} {
		conn, err := net.Dial("tcp", strings.TrimPrefix(e.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nOrigin: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n%s\r\n", c.path, strings.TrimPrefix(e.URL, "http://"), e.URL, c.framing)
		if c.cookie != "" {
			fmt.Fprintf(conn, "Cookie: %s\r\n", c.cookie)
		}
		fmt.Fprint(conn, "\r\n"+c.body)
		conn.SetReadDeadline(time.Now().Add(3 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("POST %s announcing 10 MB (%s): no answer before its body: %v", c.path, c.framing, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("POST %s announcing 10 MB (%s): %d, want 413", c.path, c.framing, resp.StatusCode)
		}
	}
}
