package dashboard_test

import (
	"bufio"
	"fmt"
	"io"
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

// TestFormTooLargePageEndsBeforeItsBody: the 413 page answering a form
// whose Content-Length is past the limit is whole as soon as it is sent.
// It went out chunked while the server went on reading the body it had
// refused (so that a client still sending can read the answer), and its
// last chunk came only when that read gave up, half a second later: curl
// and a browser showed the 413 but waited that long for the page to end.
// The client here sends the head alone and reads the whole answer before
// it sends any of the body; the answer must say its length, so that it
// ends with its last byte rather than when the server stops waiting. A
// client that sends its whole body before it reads still gets the page,
// not a reset.
func TestFormTooLargePageEndsBeforeItsBody(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	host := strings.TrimPrefix(e.URL, "http://")
	const announced = 2 << 20 // past the forms' limits (64 KiB, 1 MiB), within what the server reads after its answer
	body := "email=" + strings.Repeat("a", announced-len("email="))
	for _, c := range []struct {
		path, cookie string
		bodyFirst    bool
		script       bool // sent by the page's script, which asks for JSON
	}{
		{"/dashboard/signin", "", false, false},
		{"/dashboard/signout", "esahayak_session=" + b.cookies["esahayak_session"].Value, false, false},
		{"/dashboard/signin", "", true, false},
		{"/dashboard/signout", "esahayak_session=" + b.cookies["esahayak_session"].Value, true, false},
		{"/dashboard/signout", "esahayak_session=" + b.cookies["esahayak_session"].Value, false, true},
	} {
		conn, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nOrigin: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n", c.path, host, e.URL, announced)
		if c.cookie != "" {
			head += "Cookie: " + c.cookie + "\r\n"
		}
		want := "text/html"
		if c.script {
			head += "Accept: application/json\r\n"
			want = "application/json"
		}
		if _, err := io.WriteString(conn, head+"\r\n"); err != nil {
			t.Fatal(err)
		}
		if c.bodyFirst {
			if _, err := io.WriteString(conn, body); err != nil {
				t.Fatalf("POST %s: sending its body before reading: %v", c.path, err)
			}
		}
		conn.SetReadDeadline(time.Now().Add(10 * time.Second)) // a hang fails, it is not measured
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("POST %s (body first: %v): no answer: %v", c.path, c.bodyFirst, err)
		}
		page, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("POST %s (body first: %v): reading the page: %v", c.path, c.bodyFirst, err)
		}
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(page), "The form is too large: at most ") || !strings.Contains(resp.Header.Get("Content-Type"), want) {
			t.Fatalf("POST %s (body first: %v): %d %q, want the 413 page:\n%s", c.path, c.bodyFirst, resp.StatusCode, resp.Header.Get("Content-Type"), page)
		}
		if resp.ContentLength != int64(len(page)) || len(resp.TransferEncoding) != 0 {
			t.Errorf("POST %s (body first: %v): the page went out as %v with Content-Length %d (%d bytes): it ends only when the server stops reading the refused body",
				c.path, c.bodyFirst, resp.TransferEncoding, resp.ContentLength, len(page))
		}
	}
}
