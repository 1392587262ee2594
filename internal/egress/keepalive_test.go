package egress

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
)

// closingServer answers HTTP/1.1 requests with 200 and keeps connections
// alive, except that on the first connection it reads the second request
// and closes without an answer: what a receiver whose idle timeout expires
// as the request arrives looks like from the sending side. every applies
// the same to every connection's second request.
type closingServer struct {
	ln       net.Listener
	every    bool
	requests atomic.Int32 // requests read, answered or not
	answered atomic.Int32
	conns    atomic.Int32
	wg       sync.WaitGroup
}

func startClosingServer(t *testing.T, every bool) *closingServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &closingServer{ln: ln, every: every}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n := s.conns.Add(1)
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(c, n == 1 || s.every)
			}()
		}
	}()
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

func (s *closingServer) serve(c net.Conn, closeOnSecond bool) {
	defer c.Close()
	br := bufio.NewReader(c)
	for i := 1; ; i++ {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		io.Copy(io.Discard, req.Body)
		s.requests.Add(1)
		if i == 2 && closeOnSecond {
			return
		}
		if _, err := io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"); err != nil {
			return
		}
		s.answered.Add(1)
	}
}

// A kept-alive connection closed before any answer (a receiver's idle
// timeout meeting the next webhook) costs no failed attempt: the webhook
// goes again, once, on a new connection.
func TestKeptAliveConnectionClosedUnderTheRequest(t *testing.T) {
	s := startClosingServer(t, false)
	c := newClient(t, Options{AllowPrivate: true})
	url := "http://" + s.ln.Addr().String() + "/hook"
	for i := 1; i <= 3; i++ {
		resp, err := post(t, c, url, `{"id":"evt_1"}`)
		if err != nil {
			t.Fatalf("request %d: %v (the server closed the kept-alive connection before answering)", i, err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("request %d: status %d", i, resp.StatusCode)
		}
	}
	if got, want := s.requests.Load(), int32(4); got != want {
		t.Errorf("server read %d requests, want %d (3 answered and the one it closed under)", got, want)
	}
	if got := s.conns.Load(); got != 2 {
		t.Errorf("%d connections, want 2", got)
	}
}

// The resend is once per request, and only for a connection that was
// reused: a receiver that closes every connection on its second request
// fails that request once resent, without a loop.
func TestClosedConnectionResentOnlyOnce(t *testing.T) {
	s := startClosingServer(t, true)
	c := newClient(t, Options{AllowPrivate: true})
	url := "http://" + s.ln.Addr().String() + "/hook"
	if _, err := post(t, c, url, "{}"); err != nil {
		t.Fatal(err)
	}
	// The second request meets the close, and is resent on a new
	// connection, which answers (it is that connection's first).
	if _, err := post(t, c, url, "{}"); err != nil {
		t.Fatalf("second request: %v", err)
	}
	if got := s.requests.Load(); got != 3 {
		t.Fatalf("server read %d requests, want 3", got)
	}
	// A request whose body cannot be read again is not resent.
	req, err := http.NewRequest(http.MethodPost, url, io.NopCloser(&onceReader{s: "{}"}))
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = 2
	if _, err := c.Do(t.Context(), req); err == nil {
		t.Fatalf("a request without GetBody was answered; want the close reported")
	} else if kind := Classify(err); kind != KindConnectionReset && kind != KindOther {
		t.Fatalf("error %v classified %q", err, kind)
	}
	if got := s.requests.Load(); got != 4 {
		t.Fatalf("server read %d requests, want 4 (no resend without GetBody)", got)
	}
}

type onceReader struct {
	s    string
	done bool
}

func (r *onceReader) Read(p []byte) (int, error) {
	if r.done {
		return 0, io.EOF
	}
	r.done = true
	return copy(p, r.s), io.EOF
}
