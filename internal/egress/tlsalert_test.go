package egress

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// A receiver whose TLS server refuses the handshake with an alert (one
// that requires a client certificate, which webhook requests do not
// present) had the attempt read Go's "remote error: tls: certificate
// required", where every other TLS failure reads "TLS handshake: …": the
// customer was not told that the handshake failed, nor that it was their
// server's refusal. It now says both, and for a client certificate, why.
func TestTLSAlertFromTheEndpointIsSaid(t *testing.T) {
	for _, tc := range []struct {
		version uint16
		want    string
	}{
		{tls.VersionTLS13, "TLS handshake: the endpoint refused it with the alert \"certificate required\" (it asks for a client certificate; webhook requests present none)"},
		{tls.VersionTLS12, "TLS handshake: the endpoint refused it with the alert \"handshake failure\""},
	} {
		for _, h2 := range []bool{false, true} {
			if h2 && tc.version == tls.VersionTLS13 {
				// The alert comes after the handshake, and net/http's
				// HTTP/2 client can lose it for "http2: client conn
				// could not be established" (not said here yet).
				continue
			}
			ts := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
			ts.TLS = &tls.Config{ClientAuth: tls.RequireAnyClientCert, MaxVersion: tc.version}
			ts.EnableHTTP2 = h2
			ts.StartTLS()
			c := clientTrusting(t, ts, Options{})
			_, err := post(t, c, ts.URL+"/hook", "{}")
			ts.Close()
			if got := Classify(err); got != KindTLS {
				t.Errorf("TLS %x, HTTP/2 %v: Classify(%v) = %q, want %q", tc.version, h2, err, got, KindTLS)
			}
			if got := ErrorText(PlainError(err, 10*time.Second)); got != tc.want {
				t.Errorf("TLS %x, HTTP/2 %v: error text\n %q\nwant\n %q", tc.version, h2, got, tc.want)
			}
		}
	}
}
