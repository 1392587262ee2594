package egress

import (
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv/loopback"
)

// An endpoint whose TLS server speaks only versions older than 1.2, which
// attempts refuse, had the attempt read `TLS handshake: the endpoint
// refused it with the alert "protocol version not supported"` (a server
// that knows the newer versions exist and shares none), which blamed the
// endpoint for refusing us, or "TLS handshake: server selected
// unsupported protocol version 301" (an older server, which answers with
// the highest version it has), in hex. Each now says that the endpoint
// speaks only older versions, which webhook requests refuse, and what to
// enable.
func TestOldTLSVersionIsNamed(t *testing.T) {
	const enable = "webhook requests use TLS 1.2 or 1.3 and refuse older versions as insecure, so enable TLS 1.2 or 1.3 on the endpoint's server"
	c := newClient(t, Options{AllowPrivate: true})
	for _, v := range []uint16{tls.VersionTLS10, tls.VersionTLS11} {
		t.Run(tls.VersionName(v)+" alert", func(t *testing.T) {
			ts := httptest.NewUnstartedServer(http.HandlerFunc(okHandler))
			ts.Config.ErrorLog = log.New(io.Discard, "", 0)
			ts.TLS = &tls.Config{MaxVersion: v}
			ts.StartTLS()
			t.Cleanup(ts.Close)
			_, err := post(t, c, ts.URL+"/hook", "{}")
			if Classify(err) != KindTLS {
				t.Fatalf("Classify(%v) = %q, want %q", err, Classify(err), KindTLS)
			}
			want := `TLS handshake: the endpoint refused it with the alert "protocol version not supported": it offers only TLS versions older than 1.2; ` + enable
			if got := ErrorText(PlainError(err, 10*time.Second)); got != want {
				t.Errorf("error text\n %q\nwant\n %q", got, want)
			}
		})
	}
	for _, tc := range []struct {
		version [2]byte
		name    string
	}{{[2]byte{3, 1}, "TLS 1.0"}, {[2]byte{3, 2}, "TLS 1.1"}, {[2]byte{3, 0}, "SSLv3"}} {
		t.Run(tc.name+" chosen", func(t *testing.T) {
			// A ServerHello of that version (random, no session id,
			// TLS_RSA_WITH_AES_128_CBC_SHA, no compression), as a server
			// that has nothing newer sends it.
			hello := append([]byte{tc.version[0], tc.version[1]}, make([]byte, 32)...)
			hello = append(hello, 0, 0x00, 0x2f, 0)
			msg := append([]byte{2, 0, 0, byte(len(hello))}, hello...)
			record := append([]byte{22, tc.version[0], tc.version[1], 0, byte(len(msg))}, msg...)
			s := loopback.Serve(t, func(conn net.Conn) {
				defer conn.Close()
				conn.Read(make([]byte, 4096)) // the ClientHello
				conn.Write(record)
				io.Copy(io.Discard, conn) // until the client's alert and close
			})
			_, err := post(t, c, "https://"+s.Addr()+"/hook", "{}")
			if Classify(err) != KindTLS {
				t.Fatalf("Classify(%v) = %q, want %q", err, Classify(err), KindTLS)
			}
			want := "TLS handshake: the endpoint chose " + tc.name + ", older than webhook requests accept; " + enable
			if got := ErrorText(PlainError(err, 10*time.Second)); got != want {
				t.Errorf("error text\n %q\nwant\n %q", got, want)
			}
		})
	}
}
