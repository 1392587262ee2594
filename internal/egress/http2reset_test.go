package egress

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"

	"github.com/esahayak/esahayak/internal/testenv/loopback"
)

// A receiver that aborts its answer over HTTP/2 fails the attempt with the
// same kind as over HTTP/1.1, connection_reset: Go's own server resetting
// the stream when its handler panics (RST_STREAM, INTERNAL_ERROR, after
// the status and part of the body), another server's RST_STREAM (CANCEL)
// in the middle of the body, and a server that sends GOAWAY and
// closes the connection in the middle of the answer, or refuses the
// request with GOAWAY. An answer our client finds malformed (a stream
// error it raised itself) stays "other", as over HTTP/1.1.
func TestHTTP2AbortIsAConnectionReset(t *testing.T) {
	t.Run("handler panics", func(t *testing.T) {
		var proto atomic.Value
		ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			proto.Store(r.Proto)
			io.Copy(io.Discard, r.Body)
			w.WriteHeader(http.StatusOK)
			io.WriteString(w, "partial")
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler)
		}))
		startHTTP2(t, ts)
		c := clientTrusting(t, ts, Options{})
		_, err := post(t, c, ts.URL+"/abort", "{}")
		if p, _ := proto.Load().(string); p != "HTTP/2.0" {
			t.Fatalf("the receiver saw %q, want HTTP/2.0", p)
		}
		if got := Classify(err); got != KindConnectionReset {
			t.Errorf("Classify(%v) = %q, want %q", err, got, KindConnectionReset)
		}
	})

	// What a raw HTTP/2 server does once it has read the request's HEADERS.
	for _, tc := range []struct {
		name string
		want string
		then func(t *testing.T, h2 *rawH2Conn, stream uint32)
	}{
		{"GOAWAY and close mid-answer", KindConnectionReset, func(t *testing.T, h2 *rawH2Conn, stream uint32) {
			h2.writeStatus(t, stream, "200")
			h2.check(t, h2.fr.WriteData(stream, false, []byte("partial")))
			h2.check(t, h2.fr.WriteGoAway(stream, http2.ErrCodeNo, nil))
			h2.check(t, h2.tls.CloseWrite()) // close_notify: an orderly end, no reset
		}},
		{"RST_STREAM mid-answer", KindConnectionReset, func(t *testing.T, h2 *rawH2Conn, stream uint32) {
			h2.writeStatus(t, stream, "200")
			h2.check(t, h2.fr.WriteData(stream, false, []byte("partial")))
			h2.check(t, h2.fr.WriteRSTStream(stream, http2.ErrCodeCancel))
		}},
		{"GOAWAY refusing the request", KindConnectionReset, func(t *testing.T, h2 *rawH2Conn, stream uint32) {
			h2.check(t, h2.fr.WriteGoAway(0, http2.ErrCodeEnhanceYourCalm, []byte("too many requests")))
		}},
		{"connection reset", KindConnectionReset, func(t *testing.T, h2 *rawH2Conn, stream uint32) {
			h2.tcp.SetLinger(0)
			h2.tcp.Close()
		}},
		{"malformed answer", KindOther, func(t *testing.T, h2 *rawH2Conn, stream uint32) {
			var block bytes.Buffer
			hpack.NewEncoder(&block).WriteField(hpack.HeaderField{Name: "content-type", Value: "text/plain"}) // no :status
			h2.check(t, h2.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: stream, BlockFragment: block.Bytes(), EndHeaders: true}))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := startRawH2(t, tc.then)
			c := newClient(t, Options{AllowPrivate: true, TLSConfig: &tls.Config{RootCAs: srv.pool}})
			_, err := post(t, c, "https://"+srv.Addr()+"/hook", "{}")
			if got := Classify(err); got != tc.want {
				t.Errorf("Classify(%v) = %q, want %q", err, got, tc.want)
			}
			if err != nil {
				// The text names no address of our side (the client
				// ends the server saw) over HTTP/2 either.
				checkNoOwnAddress(t, ErrorText(err), srv.Peers())
			}
		})
	}
}

// rawH2 is an HTTP/2 server on loopback (TLS with a self-signed
// certificate, ALPN h2) written frame by frame, to do what a real
// server's library does not on demand: it reads a connection's request
// HEADERS and hands over to then, then reads (and drops) what the client
// sends until the client closes.
type rawH2 struct {
	*loopback.Server
	pool *x509.CertPool
}

// rawH2Conn is one connection of a rawH2.
type rawH2Conn struct {
	tcp *net.TCPConn
	tls *tls.Conn
	fr  *http2.Framer
}

// h2ServerTLS is a server TLS configuration that offers only HTTP/2, with
// httptest's self-signed certificate for 127.0.0.1, and a pool that
// trusts it.
func h2ServerTLS() (*tls.Config, *x509.CertPool) {
	certSrv := httptest.NewUnstartedServer(nil)
	certSrv.StartTLS()
	conf := certSrv.TLS.Clone()
	pool := x509.NewCertPool()
	pool.AddCert(certSrv.Certificate())
	certSrv.Close()
	conf.NextProtos = []string{"h2"}
	return conf, pool
}

func startRawH2(t *testing.T, then func(t *testing.T, h2 *rawH2Conn, stream uint32)) *rawH2 {
	t.Helper()
	conf, pool := h2ServerTLS()

	srv := loopback.Serve(t, func(conn net.Conn) {
		defer conn.Close()
		// Bounds the connection if the client never closes it; no
		// assertion depends on it.
		conn.SetDeadline(time.Now().Add(30 * time.Second))
		h2 := &rawH2Conn{tcp: conn.(*net.TCPConn), tls: tls.Server(conn, conf)}
		if h2.tls.Handshake() != nil || h2.tls.ConnectionState().NegotiatedProtocol != "h2" {
			t.Errorf("the client did not negotiate h2")
			return
		}
		preface := make([]byte, len(http2.ClientPreface))
		if _, err := io.ReadFull(h2.tls, preface); err != nil || string(preface) != http2.ClientPreface {
			t.Errorf("no HTTP/2 client preface: %q %v", preface, err)
			return
		}
		h2.fr = http2.NewFramer(h2.tls, h2.tls)
		h2.check(t, h2.fr.WriteSettings())
		stream, ok := h2.readUntilHeaders(t)
		if !ok {
			return
		}
		then(t, h2, stream)
		io.Copy(io.Discard, h2.tls)
	})
	return &rawH2{Server: srv, pool: pool}
}

// readUntilHeaders acknowledges the client's settings and returns the
// stream of its request.
func (h2 *rawH2Conn) readUntilHeaders(t *testing.T) (uint32, bool) {
	for {
		f, err := h2.fr.ReadFrame()
		if err != nil {
			t.Errorf("reading the request: %v", err)
			return 0, false
		}
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				h2.check(t, h2.fr.WriteSettingsAck())
			}
		case *http2.HeadersFrame:
			return f.StreamID, true
		}
	}
}

func (h2 *rawH2Conn) writeStatus(t *testing.T, stream uint32, status string) {
	var block bytes.Buffer
	hpack.NewEncoder(&block).WriteField(hpack.HeaderField{Name: ":status", Value: status})
	h2.check(t, h2.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: stream, BlockFragment: block.Bytes(), EndHeaders: true}))
}

func (h2 *rawH2Conn) check(t *testing.T, err error) {
	if err != nil && !strings.Contains(err.Error(), "use of closed network connection") {
		t.Errorf("raw HTTP/2 server: %v", err)
	}
}
