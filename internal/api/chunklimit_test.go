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

	"github.com/esahayak/esahayak/internal/testenv"
)

// A chunked body whose chunk sizes say it is over the 1 MiB limit is
// answered 413 body_too_large as soon as the sizes are read, as a
// Content-Length over the limit is: a client that sent
// "ffffffffffffffff\r\n" and nothing more waited for the server's read
// timeout (60 s), then got 408 request_timeout, though the size alone
// said what was wrong. The sizes of several chunks add up, on a later
// request of a kept-alive connection too, and a body that stays within
// the limit is read as before, after a body of another request that holds
// lines that look like chunk sizes.
func TestChunkSizeOverTheLimitIsRefusedAtOnce(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	addr := strings.TrimPrefix(s.URL, "http://")
	head := "POST /v1/webhook_endpoints HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\n"
	chunked := head + "Transfer-Encoding: chunked\r\n\r\n"
	half := strings.Repeat(" ", 512<<10) // 512 KiB of JSON whitespace
	// What fits: 1 MiB in two chunks, and a body framed by Content-Length
	// whose lines would be a chunked head and a huge size if they were
	// read as requests.
	open := "{\"url\": \"http://127.0.0.1:9/a\""
	fits := "80000\r\n" + open + half[len(open):] + "\r\n" + "80000\r\n" + half[1:] + "}\r\n0\r\n\r\n"
	decoy := "\r\n\r\nPOST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n"
	decoyReq := head + "Content-Length: " + strconv.Itoa(len(decoy)) + "\r\n\r\n" + decoy
	for _, tc := range []struct {
		name  string
		first string // answered first, on the same connection
		req   string
		want  int
	}{
		{name: "the largest size", req: chunked + "ffffffffffffffff\r\n", want: 413},
		{name: "2 MiB and a few bytes of it", req: chunked + "200000\r\n{\"url\": ", want: 413},
		{name: "a size with an extension", req: chunked + "100001;ext=1\r\n", want: 413},
		{name: "sizes adding up", req: chunked + "80000\r\n" + half + "\r\n80001\r\n", want: 413},
		{name: "on the second request of a connection", first: chunked + "2\r\n{}\r\n0\r\n\r\n", req: chunked + "fffffff\r\n", want: 413},
		{name: "after a chunked body with a trailer", first: chunked + "2\r\n{}\r\n0\r\nX-T: 1\r\n\r\n", req: chunked + "ffffffffffffffff\r\n", want: 413},
		{name: "after OPTIONS *, which Go's server answers itself", first: "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", req: chunked + "ffffffffffffffff\r\n", want: 413},
		{name: "1 MiB fits", req: chunked + fits, want: 0},
		{name: "after a body that looks like a chunked request", first: decoyReq, req: chunked + "2\r\n{}\r\n0\r\n\r\n", want: 422},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			br := bufio.NewReader(c)
			if tc.first != "" {
				c.SetDeadline(time.Now().Add(5 * time.Second))
				if _, err := io.WriteString(c, tc.first); err != nil {
					t.Fatal(err)
				}
				resp, err := http.ReadResponse(br, nil)
				if err != nil {
					t.Fatalf("no answer to the first request: %v", err)
				}
				io.Copy(io.Discard, resp.Body)
				if resp.Close {
					t.Fatalf("the first request's answer (%d) closed the connection", resp.StatusCode)
				}
			}
			began := time.Now()
			// The body's end never comes: the answer must not wait for it.
			c.SetDeadline(time.Now().Add(5 * time.Second))
			go io.WriteString(c, tc.req)
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				t.Fatalf("no answer after %v: %v", time.Since(began).Round(time.Millisecond), err)
			}
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			took := time.Since(began)
			if tc.want == 0 {
				// The body was read: whatever the route thought of it, not
				// its size.
				if resp.StatusCode == 413 || resp.StatusCode >= 500 {
					t.Fatalf("%d %s; want the body read", resp.StatusCode, b)
				}
				return
			}
			code, _ := errCode(t, b)
			if resp.StatusCode != tc.want {
				t.Fatalf("%d %s; want %d", resp.StatusCode, b, tc.want)
			}
			if tc.want == 413 {
				if code != "body_too_large" || !resp.Close {
					t.Fatalf("%d %s (Connection: close %v); want 413 body_too_large and the connection closed", resp.StatusCode, b, resp.Close)
				}
				if took > 2*time.Second {
					t.Fatalf("answered after %v; want it at once", took.Round(time.Millisecond))
				}
			}
		})
	}
}
