package dashboard

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestWriteAfterCutFailsAtOnce: a shutdown cuts a stream between two of
// its writes (the loop is busy rendering the next event); the next write
// must fail at once, not set itself a fresh deadline and block on a
// client that reads nothing for streamWriteTimeout, past the shutdown's
// grace (TestStuckLiveStreamDoesNotHoldUpShutdown failed in CI this way).
func TestWriteAfterCutFailsAtOnce(t *testing.T) {
	streams := make(chan *eventStream, 1)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		es, err := (&Dashboard{}).startStream(w, r)
		if err != nil {
			t.Errorf("start stream: %v", err)
			return
		}
		streams <- es
		<-r.Context().Done()
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.(*net.TCPConn).SetReadBuffer(4096)
	if _, err := conn.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	status, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || !strings.HasPrefix(status, "HTTP/1.1 200") {
		t.Fatalf("stream: %q %v", status, err)
	}
	es := <-streams
	es.cut()
	big := strings.Repeat("a", 8<<20) // more than the socket buffers hold
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- es.send("capture", big) }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("a write after cut succeeded")
		}
	case <-time.After(streamWriteTimeout / 2):
		t.Fatalf("a write after cut still blocked after %v", time.Since(start))
	}
}
