package egress

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"

	"github.com/esahayak/esahayak/internal/testenv/loopback"
)

// An HTTP/2 receiver that refuses the request before taking it (a
// RST_STREAM with REFUSED_STREAM, or a GOAWAY that does not include its
// stream, then a close) is sent it again by net/http inside the one
// attempt: seven times over 3 s of backoff for REFUSED_STREAM, and for a
// GOAWAY on each new connection, a new connection and TLS handshake after
// another without pause (1,489 of them in 10 s here). Either way the
// attempt ended at its deadline reading "timed out after 10s (the request
// was sent; no response had begun)", which sent the customer looking for
// a slow handler. The request now goes at most three times in an
// attempt, which then fails at once, saying that the endpoint refused it.
func TestHTTP2RefusalsAreNotResentWithoutEnd(t *testing.T) {
	for _, tc := range []struct {
		name   string
		refuse func(fr *http2.Framer, conn *tls.Conn, stream uint32) (goOn bool)
	}{
		{"REFUSED_STREAM", func(fr *http2.Framer, _ *tls.Conn, stream uint32) bool {
			fr.WriteRSTStream(stream, http2.ErrCodeRefusedStream)
			return true
		}},
		{"GOAWAY and close", func(fr *http2.Framer, conn *tls.Conn, _ uint32) bool {
			fr.WriteGoAway(0, http2.ErrCodeNo, nil)
			conn.Close()
			return false
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var seen atomic.Int32
			srv, pool := serveH2Frames(t, func(fr *http2.Framer, conn *tls.Conn, stream uint32) bool {
				seen.Add(1)
				return tc.refuse(fr, conn, stream)
			})
			c := newClient(t, Options{AllowPrivate: true, TLSConfig: &tls.Config{RootCAs: pool}})
			start := time.Now()
			_, err := post(t, c, "https://"+srv.Addr()+"/hook", "{}")
			took := time.Since(start)
			if err == nil {
				t.Fatal("the attempt succeeded")
			}
			if n := seen.Load(); n > 4 {
				t.Errorf("the receiver got the request %d times in one attempt, want at most 4", n)
			}
			if took > 6*time.Second {
				t.Errorf("the attempt took %v, want it to end once the request was refused", took)
			}
			if got := Classify(err); got != KindConnectionReset {
				t.Errorf("Classify(%v) = %q, want %q", err, got, KindConnectionReset)
			}
			text := ErrorText(PlainError(err, 10*time.Second))
			if !strings.Contains(text, "refused the request") || strings.Contains(text, "timed out") {
				t.Errorf("error text %q; want it to say the endpoint refused the request", text)
			}
		})
	}

	// One refusal is what a server does as it shuts down gracefully or
	// sheds load: the request is sent again, and answered.
	t.Run("refused once, then answered", func(t *testing.T) {
		var seen atomic.Int32
		srv, pool := serveH2Frames(t, func(fr *http2.Framer, conn *tls.Conn, stream uint32) bool {
			if seen.Add(1) == 1 {
				fr.WriteGoAway(0, http2.ErrCodeNo, nil)
				conn.Close()
				return false
			}
			writeH2Status(fr, stream, "204")
			return true
		})
		c := newClient(t, Options{AllowPrivate: true, TLSConfig: &tls.Config{RootCAs: pool}})
		resp, err := post(t, c, "https://"+srv.Addr()+"/hook", "{}")
		if err != nil || resp.StatusCode != 204 {
			t.Fatalf("got %+v, %v; want the 204 of the second connection", resp, err)
		}
	})
}

func writeH2Status(fr *http2.Framer, stream uint32, status string) {
	var block bytes.Buffer
	hpack.NewEncoder(&block).WriteField(hpack.HeaderField{Name: ":status", Value: status})
	fr.WriteHeaders(http2.HeadersFrameParam{StreamID: stream, BlockFragment: block.Bytes(), EndHeaders: true, EndStream: true})
}

// serveH2Frames is an HTTP/2 server on loopback that hands each request's
// HEADERS to answer, answers PINGs and settings, and drops the rest. It
// says nothing of a client that goes away mid-handshake.
func serveH2Frames(t *testing.T, answer func(fr *http2.Framer, conn *tls.Conn, stream uint32) (goOn bool)) (*loopback.Server, *x509.CertPool) {
	t.Helper()
	conf, pool := h2ServerTLS()
	srv := loopback.Serve(t, func(conn net.Conn) {
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(30 * time.Second))
		tc := tls.Server(conn, conf)
		if tc.Handshake() != nil {
			return
		}
		preface := make([]byte, len(http2.ClientPreface))
		if _, err := io.ReadFull(tc, preface); err != nil {
			return
		}
		fr := http2.NewFramer(tc, tc)
		if fr.WriteSettings() != nil {
			return
		}
		for {
			f, err := fr.ReadFrame()
			if err != nil {
				return
			}
			switch f := f.(type) {
			case *http2.SettingsFrame:
				if !f.IsAck() {
					fr.WriteSettingsAck()
				}
			case *http2.PingFrame:
				if !f.IsAck() {
					fr.WritePing(true, f.Data)
				}
			case *http2.HeadersFrame:
				if !answer(fr, tc, f.StreamID) {
					return
				}
			}
		}
	})
	return srv, pool
}
