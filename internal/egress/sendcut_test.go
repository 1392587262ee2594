package egress

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// serveReadingPart answers each connection by reading the request's head
// and then what end does with the connection (and the bufio.Reader over
// it). It returns the URL and a channel of the clients' addresses.
func serveReadingPart(t *testing.T, end func(c *net.TCPConn, br *bufio.Reader)) (string, <-chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	peers := make(chan string, 100)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			select {
			case peers <- c.RemoteAddr().String():
			default:
			}
			go func() {
				defer c.Close()
				br := bufio.NewReader(c)
				for {
					line, err := br.ReadString('\n')
					if err != nil {
						return
					}
					if line == "\r\n" {
						break
					}
				}
				end(c.(*net.TCPConn), br)
			}()
		}
	}()
	return "http://" + ln.Addr().String() + "/hook", peers
}

// A receiver that stopped reading the request body and closed or reset
// the connection (a server or proxy refusing a body over its size limit)
// had the attempt read, most times, "readfrom tcp 203.0.113.9:443: write
// tcp 203.0.113.9:443: use of closed network connection", error_kind
// other: our transport's words for the socket it had closed itself once
// it saw the endpoint's close, which read as a fault of the sender. The
// other times it read "readfrom tcp 10.0.4.7:51234->203.0.113.9:443: the
// connection was reset by …", naming the sending machine's own address.
func TestEndpointThatStopsReadingTheRequestIsNamed(t *testing.T) {
	// More than loopback's socket buffers hold, so that the write is
	// still going on when the endpoint closes.
	const size = 32 << 20
	body := strings.Repeat("x", size)
	want := fmt.Sprintf("the connection was closed while the request was still being sent: the endpoint stopped reading the request "+
		"before the end of its %d-byte body, with no response (as a server or proxy may do that refuses a request body over its size limit)", size)
	for _, tc := range []struct {
		name string
		end  func(c *net.TCPConn, br *bufio.Reader)
	}{
		{"closed", func(c *net.TCPConn, br *bufio.Reader) { io.CopyN(io.Discard, br, 1000) }},
		{"reset", func(c *net.TCPConn, br *bufio.Reader) {
			io.CopyN(io.Discard, br, 1000)
			c.SetLinger(0)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url, peers := serveReadingPart(t, tc.end)
			c := newClient(t, Options{AllowPrivate: true})
			for range 5 {
				_, err := post(t, c, url, body)
				if err == nil {
					t.Fatal("no error")
				}
				if kind := Classify(err); kind != KindConnectionReset {
					t.Errorf("Classify = %q, want %q (error %v)", kind, KindConnectionReset, err)
				}
				got := ErrorText(PlainError(err, 10*time.Second))
				if got != want {
					t.Errorf("error text\n %q\nwant\n %q", got, want)
				}
				for len(peers) > 0 {
					if peer := <-peers; strings.Contains(got, peer) {
						t.Errorf("error text %q names our own address %s", got, peer)
					}
				}
			}
		})
	}
}

// A receiver that stopped reading the request body and kept the
// connection open had the attempt time out "(the request was sent; no
// response had begun)", which sent the customer to their handler's
// speed; net/http reports the write that the deadline ended as written.
func TestTimeoutWhileTheRequestIsSentIsNamed(t *testing.T) {
	hold := make(chan struct{})
	defer close(hold)
	url, _ := serveReadingPart(t, func(*net.TCPConn, *bufio.Reader) { <-hold })
	c := newClient(t, Options{AllowPrivate: true, Timeout: time.Second})
	_, err := post(t, c, url, strings.Repeat("x", 32<<20))
	if kind := Classify(err); kind != KindTimeout {
		t.Fatalf("Classify = %q, want %q (error %v)", kind, KindTimeout, err)
	}
	const want = "timed out after 1s (the request was still being sent: the endpoint had stopped reading it before its end)"
	if got := ErrorText(PlainError(err, time.Second)); got != want {
		t.Errorf("error text\n %q\nwant\n %q", got, want)
	}
}
