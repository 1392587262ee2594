// Package testcert makes the certificates that tests serve TLS with: a
// certificate authority, an intermediate one issued by it, and server
// certificates (leaves) for names and addresses, valid when a test needs
// them to be (or expired, or not yet valid). Each is a P-256 key and a
// certificate, parsed, ready for a tls.Config or as PEM files.
//
// It is a package of its own, not part of testenv: the tests of
// internal/egress, which testenv's server imports, use it too.
package testcert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"testing"
	"time"
)

// Cert is a certificate and its private key.
type Cert struct {
	Cert *x509.Certificate
	Key  *ecdsa.PrivateKey
}

// Spec says what a certificate is for. Its zero validity is from an hour
// ago to an hour from now.
type Spec struct {
	CommonName string
	DNSNames   []string
	IPs        []net.IP
	NotBefore  time.Time // zero: an hour ago
	NotAfter   time.Time // zero: an hour from now
	// CA makes a certificate authority (it may sign certificates), as
	// `openssl req -x509` makes a self-signed certificate; otherwise it
	// is a TLS server's certificate (extended key usage serverAuth).
	CA bool
}

// Issue makes the certificate spec says, signed by issuer, or self-signed
// when issuer is nil.
func Issue(t testing.TB, spec Spec, issuer *Cert) *Cert {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: spec.CommonName},
		DNSNames:     spec.DNSNames,
		IPAddresses:  spec.IPs,
		NotBefore:    spec.NotBefore,
		NotAfter:     spec.NotAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	if tmpl.NotBefore.IsZero() {
		tmpl.NotBefore = now.Add(-time.Hour)
	}
	if tmpl.NotAfter.IsZero() {
		tmpl.NotAfter = now.Add(time.Hour)
	}
	if spec.CA {
		tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
		tmpl.KeyUsage |= x509.KeyUsageCertSign
	} else {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	}
	parent, parentKey := tmpl, key
	if issuer != nil {
		parent, parentKey = issuer.Cert, issuer.Key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &Cert{Cert: cert, Key: key}
}

// CA is a certificate authority named name, issued by issuer (a root,
// self-signed, when issuer is nil).
func CA(t testing.TB, name string, issuer *Cert) *Cert {
	t.Helper()
	return Issue(t, Spec{CommonName: name, CA: true}, issuer)
}

// Loopback is a server certificate for 127.0.0.1 (its common name and
// its one address), issued by issuer (self-signed when nil), valid from
// an hour ago to an hour from now.
func Loopback(t testing.TB, issuer *Cert) *Cert {
	t.Helper()
	return Issue(t, Spec{CommonName: "127.0.0.1", IPs: []net.IP{net.IPv4(127, 0, 0, 1)}}, issuer)
}

// TLS is c as a TLS server presents it, followed by chain (the
// intermediate certificates, in order), for a tls.Config's Certificates.
func (c *Cert) TLS(chain ...*Cert) tls.Certificate {
	out := tls.Certificate{Certificate: [][]byte{c.Cert.Raw}, PrivateKey: c.Key, Leaf: c.Cert}
	for _, ca := range chain {
		out.Certificate = append(out.Certificate, ca.Cert.Raw)
	}
	return out
}

// PEM is c's certificate and its key (SEC 1, "EC PRIVATE KEY"), as
// openssl writes them.
func (c *Cert) PEM(t testing.TB) (certPEM, keyPEM []byte) {
	t.Helper()
	kder, err := x509.MarshalECPrivateKey(c.Key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Cert.Raw}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})
}
