package main_test

import (
	"crypto/tls"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/internal/testenv/testcert"
)

// TestReceivingDocsSSLCertFile follows docs/receiving.md's way of trying an
// https:// handler on one's own machine: a self-signed certificate for
// localhost (its openssl line's subject and names), the server started
// with SSL_CERT_FILE naming it and --allow-insecure-urls, and an endpoint
// https://localhost:PORT/webhooks/esahayak. The delivery arrives over TLS
// and succeeds. The same handler behind a server started without
// SSL_CERT_FILE is never reached: the attempt fails its TLS check
// (error_kind tls), as "There is no flag that turns certificate checks
// off" says, and nothing else turns them off either.
func TestReceivingDocsSSLCertFile(t *testing.T) {
	dir := t.TempDir()
	certPEM, keyPEM := localhostCertificate(t)
	pemFile := filepath.Join(dir, "localhost.pem")
	if err := os.WriteFile(pemFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	var handled atomic.Int64
	rcv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS != nil && r.URL.Path == "/webhooks/esahayak" {
			handled.Add(1)
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	rcv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	rcv.Config.ErrorLog = log.New(io.Discard, "", 0) // the untrusting server's handshakes fail
	rcv.StartTLS()
	t.Cleanup(rcv.Close)
	_, port, _ := net.SplitHostPort(rcv.Listener.Addr().String())
	endpoint := `{"url": "https://localhost:` + port + `/webhooks/esahayak"}`

	deliver := func(name string) (base, key string) {
		db := "sqlite:" + filepath.Join(dir, name+".db")
		_, key = createAccount(t, db)
		p := startServe(t, "--db", db)
		mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, endpoint, 201)
		mustCall(t, p.base, "POST", "/v1/orders/"+createOrders(t, p.base, key, 1)[0]+"/upload", "op", "", 200)
		return p.base, key
	}

	t.Setenv("SSL_CERT_FILE", "") // empty: the system's certificates
	base, key := deliver("untrusting")
	var d struct {
		Data []struct {
			Status       string
			AttemptCount int `json:"attempt_count"`
			ID           string
		}
	}
	testenv.Eventually(t, 30*time.Second, "an attempt by the server that does not trust the certificate", func() bool {
		json.Unmarshal(mustCall(t, base, "GET", "/v1/deliveries?limit=1", key, "", 200), &d)
		return len(d.Data) == 1 && d.Data[0].AttemptCount >= 1
	})
	var one struct {
		Status   string
		Attempts []struct {
			Succeeded bool
			ErrorKind string `json:"error_kind"`
			Error     string
		}
	}
	json.Unmarshal(mustCall(t, base, "GET", "/v1/deliveries/"+d.Data[0].ID, key, "", 200), &one)
	if one.Status == "succeeded" || len(one.Attempts) == 0 || one.Attempts[0].Succeeded || one.Attempts[0].ErrorKind != "tls" {
		t.Fatalf("without SSL_CERT_FILE the delivery is %+v; want its attempts failed by the TLS check", one)
	}
	if n := handled.Load(); n != 0 {
		t.Fatalf("the handler got %d requests from a server that does not trust its certificate", n)
	}

	t.Setenv("SSL_CERT_FILE", pemFile)
	base, key = deliver("trusting")
	waitSucceeded(t, base, key, 1)
	if n := handled.Load(); n != 1 {
		t.Errorf("the handler got %d requests over TLS, want the trusting server's 1", n)
	}
}

// localhostCertificate is what docs/receiving.md's openssl line makes: a
// self-signed P-256 certificate for CN=localhost with the names localhost
// and 127.0.0.1, valid for 30 days.
func localhostCertificate(t *testing.T) (certPEM, keyPEM []byte) {
	t.Helper()
	return selfSignedCertificate(t, "localhost", []net.IP{net.IPv4(127, 0, 0, 1)}, 30*24*time.Hour)
}

// selfSignedCertificate is a self-signed P-256 certificate (a CA, as
// openssl req -x509 makes it) for CN=name with the DNS name name and the
// addresses ips, valid from an hour ago for validFor.
func selfSignedCertificate(t *testing.T, name string, ips []net.IP, validFor time.Duration) (certPEM, keyPEM []byte) {
	t.Helper()
	return testcert.Issue(t, testcert.Spec{CommonName: name, DNSNames: []string{name}, IPs: ips,
		NotAfter: time.Now().Add(validFor), CA: true}, nil).PEM(t)
}
