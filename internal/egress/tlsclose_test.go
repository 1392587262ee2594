package egress

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv/loopback"
)

// A TLS server that ends the handshake without an alert, closing or
// resetting the connection after the ClientHello (as some do for a server
// name they hold no certificate for, or for a client they refuse), had the
// attempt read "the connection was closed before any response (EOF)",
// the words of a handler that died: the customer looked in their
// application's logs for a request that never reached it. It says now
// that the handshake was where the connection ended, and that the request
// was not sent.
func TestConnectionEndedInTheTLSHandshakeIsSaid(t *testing.T) {
	for name, tc := range map[string]struct {
		srv  *loopback.Server
		said string
	}{
		"closed": {
			srv:  loopback.Serve(t, func(c net.Conn) { c.Read(make([]byte, 64<<10)); c.Close() }),
			said: "the connection was closed before any response (EOF)",
		},
		"reset": {srv: loopback.Resetter(t), said: "(connection reset by peer)"},
	} {
		c := newClient(t, Options{AllowPrivate: true})
		_, err := post(t, c, "https://"+tc.srv.Addr()+"/hook", "{}")
		if got := Classify(err); got != KindConnectionReset {
			t.Errorf("%s: Classify(%v) = %q, want %q", name, err, got, KindConnectionReset)
		}
		text := ErrorText(PlainError(err, 10*time.Second))
		for _, want := range []string{tc.said, "during the TLS handshake, before the request was sent"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the error does not say %q: %q", name, want, text)
			}
		}
		checkNoOwnAddress(t, text, tc.srv.Peers())
	}
}
