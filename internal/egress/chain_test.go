package egress

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv/testcert"
)

// A receiver whose TLS server sent its certificate without the
// intermediate certificate that links it to a trusted root (a server
// given cert.pem where fullchain.pem was meant) had the attempt read
// "TLS handshake: certificate signed by unknown authority", as a
// self-signed certificate does: its browser, which fills the gap, showed
// the site as valid, and nothing said what was missing. The text now
// names the issuer the chain stops at and says to serve the full chain.
func TestMissingIntermediateIsNamed(t *testing.T) {
	root := testcert.CA(t, "Test Root", nil)
	inter := testcert.CA(t, "Test Intermediate R3", root)
	leaf := testcert.Loopback(t, inter)
	pool := x509.NewCertPool()
	pool.AddCert(root.Cert)

	serve := func(chain ...*testcert.Cert) string {
		ts := httptest.NewUnstartedServer(http.HandlerFunc(okHandler))
		ts.TLS = &tls.Config{Certificates: []tls.Certificate{leaf.TLS(chain...)}}
		ts.StartTLS()
		t.Cleanup(ts.Close)
		return ts.URL
	}
	c := newClient(t, Options{AllowPrivate: true, TLSConfig: &tls.Config{RootCAs: pool}})

	_, err := post(t, c, serve()+"/hook", "{}")
	if Classify(err) != KindTLS {
		t.Fatalf("Classify(%v) = %q, want %q", err, Classify(err), KindTLS)
	}
	const want = `TLS handshake: certificate signed by unknown authority (the chain the endpoint sent ends at a certificate issued by "Test Intermediate R3", ` +
		`which it did not send and which is no trusted root: serve the full chain, with the intermediate certificates (fullchain.pem rather than cert.pem; ` +
		`browsers fill in a missing intermediate, webhook requests do not), or a certificate from a public certificate authority)`
	if got := ErrorText(PlainError(err, 10*time.Second)); got != want {
		t.Errorf("error text\n %q\nwant\n %q", got, want)
	}

	// The full chain is answered.
	if resp, err := post(t, c, serve(inter)+"/hook", "{}"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("full chain: %v %v", resp, err)
	}

	// A self-signed certificate reads as before.
	ts := httptest.NewTLSServer(http.HandlerFunc(okHandler))
	t.Cleanup(ts.Close)
	_, err = post(t, c, ts.URL+"/hook", "{}")
	if got := ErrorText(PlainError(err, 10*time.Second)); got != "TLS handshake: certificate signed by unknown authority" {
		t.Errorf("self-signed: error text %q", got)
	}
}
