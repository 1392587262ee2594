package relay

import (
	"context"
	"encoding/base64"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/webhook"
)

// closeNotingConn is a client connection that says when it is closed.
type closeNotingConn struct {
	net.Conn
	once   sync.Once
	closed chan struct{}
}

func (c *closeNotingConn) Close() error {
	c.once.Do(func() { close(c.closed) })
	return c.Conn.Close()
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestForwardOnAConnectionTheHandlerClosed: a local handler that closes
// a kept-alive connection just as the next forward takes it from the pool
// (a server closing idle connections, or one closing after each answer
// without "Connection: close") failed that forward with "http: server
// closed idle connection", a request the handler never read, recorded as
// a failed attempt; net/http sends such a request again by itself only
// for idempotent methods, and the delivery engine sends its POST again
// on another connection (egress). The forward now does as the engine
// does: the handler gets it, once.
//
// The close is made to happen at the worst moment: when the forward has
// taken the pooled connection (GotConn), the handler's side of it is
// closed, and the forward goes on once net/http has seen the close.
func TestForwardOnAConnectionTheHandlerClosed(t *testing.T) {
	var got atomic.Int64
	idle := make(chan net.Conn, 16)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Add(1)
		w.Write([]byte("ok"))
	}))
	srv.Config.ConnState = func(c net.Conn, s http.ConnState) {
		if s == http.StateIdle {
			idle <- c
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)

	l, err := NewListener(ListenerConfig{APIBase: "http://127.0.0.1:1", APIKey: "k", ForwardTo: srv.URL + "/hook"})
	if err != nil {
		t.Fatal(err)
	}
	if l.signer, err = webhook.NewSigner("whsec_" + base64.StdEncoding.EncodeToString([]byte(strings.Repeat("k", 32)))); err != nil {
		t.Fatal(err)
	}
	tr := l.fwd.Transport.(*http.Transport)
	var (
		mu    sync.Mutex
		conns []*closeNotingConn
	)
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		cc := &closeNotingConn{Conn: c, closed: make(chan struct{})}
		mu.Lock()
		conns = append(conns, cc)
		mu.Unlock()
		return cc, nil
	}
	var armed atomic.Bool
	l.fwd.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
			if !info.Reused || !armed.CompareAndSwap(true, false) {
				return
			}
			select {
			case c := <-idle:
				c.Close() // the handler's side
			case <-time.After(30 * time.Second):
				t.Error("the handler's connection never went idle")
				return
			}
			mu.Lock()
			ours := conns[len(conns)-1]
			mu.Unlock()
			select {
			case <-ours.closed: // net/http saw the close, and closed its side
			case <-time.After(30 * time.Second):
				t.Error("net/http never saw the handler close its connection")
			}
			// Let the connection's writer see it closed too: the request
			// then meets a connection known closed, not one written to.
			time.Sleep(100 * time.Millisecond)
		}}
		return tr.RoundTrip(r.WithContext(httptrace.WithClientTrace(r.Context(), trace)))
	})

	forward := func(n int) Report {
		id := ids.New(ids.Event)
		return l.forward(context.Background(), Message{ID: id, Type: "stamp.uploaded", Payload: `{"n":` + strconv.Itoa(n) + `}`})
	}
	if rep := forward(1); rep.Status != 200 || rep.Error != "" {
		t.Fatalf("first forward: %d %s", rep.Status, rep.Error)
	}
	armed.Store(true)
	rep := forward(2)
	if armed.Load() {
		t.Fatal("the second forward did not take the pooled connection")
	}
	if rep.Status != 200 || rep.Error != "" {
		t.Errorf("a forward on a connection the handler had closed: %d %q (%s); want it sent again", rep.Status, rep.Error, rep.ErrorKind)
	}
	if n := got.Load(); n != 2 {
		t.Errorf("the handler got %d requests, want 2 (each forward once)", n)
	}
}
