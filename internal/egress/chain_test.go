package egress

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// A receiver whose TLS server sent its certificate without the
// intermediate certificate that links it to a trusted root (a server
// given cert.pem where fullchain.pem was meant) had the attempt read
// "TLS handshake: certificate signed by unknown authority", as a
// self-signed certificate does: its browser, which fills the gap, showed
// the site as valid, and nothing said what was missing. The text now
// names the issuer the chain stops at and says to serve the full chain.
func TestMissingIntermediateIsNamed(t *testing.T) {
	root, rootKey := testCA(t, "Test Root", nil, nil)
	inter, interKey := testCA(t, "Test Intermediate R3", root, rootKey)
	leaf := testLeaf(t, inter, interKey)
	pool := x509.NewCertPool()
	pool.AddCert(root)

	serve := func(chain ...*x509.Certificate) string {
		cert := tls.Certificate{PrivateKey: leaf.key}
		for _, c := range chain {
			cert.Certificate = append(cert.Certificate, c.Raw)
		}
		ts := httptest.NewUnstartedServer(http.HandlerFunc(okHandler))
		ts.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
		ts.StartTLS()
		t.Cleanup(ts.Close)
		return ts.URL
	}
	c := newClient(t, Options{AllowPrivate: true, TLSConfig: &tls.Config{RootCAs: pool}})

	_, err := post(t, c, serve(leaf.cert)+"/hook", "{}")
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
	if resp, err := post(t, c, serve(leaf.cert, inter)+"/hook", "{}"); err != nil || resp.StatusCode != 200 {
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

type testCert struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

// testCA makes a CA certificate named cn, signed by parent (self-signed
// when parent is nil).
func testCA(t *testing.T, cn string, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert, key
}

// testLeaf makes a server certificate for 127.0.0.1 issued by ca.
func testLeaf(t *testing.T, ca *x509.Certificate, caKey *ecdsa.PrivateKey) testCert {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:   time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return testCert{cert: cert, key: key}
}
