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
// long as it took to send them (or until the read timeout).
func TestFormAnnouncedTooLargeIsRefusedAtOnce(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	for _, c := range []struct{ path, cookie string }{
		{"/dashboard/signin", ""},
		{"/dashboard/signout", "esahayak_session=" + b.cookies["esahayak_session"].Value},
	} {
		conn, err := net.Dial("tcp", strings.TrimPrefix(e.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nOrigin: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000000\r\n", c.path, strings.TrimPrefix(e.URL, "http://"), e.URL)
		if c.cookie != "" {
			fmt.Fprintf(conn, "Cookie: %s\r\n", c.cookie)
		}
		fmt.Fprint(conn, "\r\nemail=a")
		conn.SetReadDeadline(time.Now().Add(3 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("POST %s announcing 10 MB: no answer before its body: %v", c.path, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("POST %s announcing 10 MB: %d, want 413", c.path, resp.StatusCode)
		}
	}
}
