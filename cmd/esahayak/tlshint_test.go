package main_test

import (
	"crypto/tls"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestClientsHintFitsTheTLSError: trigger answered every failed call with
// "is `esahayak serve` running there? set --api-base", a TLS failure too,
// where a server is running and answered: a user with a self-signed
// certificate, a certificate for another name, or the wrong scheme went
// looking for a server that was up. trigger and listen now say what was
// wrong with the TLS, and which --api-base to use for the wrong scheme
// (listen gave no advice for those, and for an http:// --api-base on a
// TLS server both asked whether it was an esahayak server).
func TestClientsHintFitsTheTLSError(t *testing.T) {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	quiet := log.New(io.Discard, "", 0) // the servers' refused handshakes
	// httptest's certificate is for 127.0.0.1, from an authority no one trusts.
	untrusted := httptest.NewUnstartedServer(api)
	untrusted.Config.ErrorLog = quiet
	untrusted.StartTLS()
	defer untrusted.Close()
	// A trusted certificate for another name than --api-base's.
	certPEM, keyPEM := certificateFor(t, "esahayak.example")
	trust := filepath.Join(t.TempDir(), "esahayak.example.pem")
	if err := os.WriteFile(trust, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	otherName := httptest.NewUnstartedServer(api)
	otherName.Config.ErrorLog = quiet
	otherName.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	otherName.StartTLS()
	defer otherName.Close()
	plain := httptest.NewServer(api)
	defer plain.Close()
	plainAsHTTPS := strings.Replace(plain.URL, "http://", "https://", 1)
	tlsAsHTTP := strings.Replace(untrusted.URL, "https://", "http://", 1)

	for _, c := range []struct {
		name, base string
		env        []string
		want       string
	}{
		{"an untrusted certificate", untrusted.URL, nil,
			"(the server's certificate is signed by no authority this machine trusts: on Linux, SSL_CERT_FILE=cert.pem trusts a certificate of your own"},
		{"a certificate for another name", otherName.URL, []string{"SSL_CERT_FILE=" + trust},
			"(the server's certificate is not for the host --api-base names: give --api-base the name the certificate is for)"},
		{"plain HTTP at https://", plainAsHTTPS, nil, "(the server speaks plain HTTP there: set --api-base to " + plain.URL + ")"},
		{"HTTPS at http://", tlsAsHTTP, nil, "(the server speaks HTTPS there: set --api-base to " + untrusted.URL + ")"},
	} {
		for _, args := range [][]string{
			{"trigger", "stamp.uploaded", "--operator-token", "T"}, // the operator token's check first
			{"trigger", "order.cancelled"},
			{"listen", "--forward-to", "http://127.0.0.1:1/webhooks/esahayak"},
		} {
			cmd := exec.Command(binary, append(args, "--api-base", c.base, "--api-key", "esk_x")...)
			cmd.Env = append(os.Environ(), c.env...)
			out, err := cmd.CombinedOutput()
			if err == nil || !strings.Contains(string(out), c.want) || strings.Contains(string(out), "running there?") ||
				strings.Contains(string(out), "an esahayak server?") {
				t.Errorf("%s at %s: %v, want %q:\n%s", args[0]+" "+args[1], c.name, err, c.want, out)
			}
		}
	}
	// From ESAHAYAK_API_BASE, the advice names the variable.
	cmd := exec.Command(binary, "trigger", "order.cancelled", "--api-key", "esk_x")
	cmd.Env = append(os.Environ(), "ESAHAYAK_API_BASE="+plainAsHTTPS)
	out, err := cmd.CombinedOutput()
	if want := "(the server speaks plain HTTP there: set ESAHAYAK_API_BASE to " + plain.URL + ")"; err == nil || !strings.Contains(string(out), want) {
		t.Errorf("trigger with ESAHAYAK_API_BASE at plain HTTP: %v, want %q:\n%s", err, want, out)
	}
}

// certificateFor is a self-signed certificate for the DNS name alone.
func certificateFor(t *testing.T, name string) (certPEM, keyPEM []byte) {
	t.Helper()
	return selfSignedCertificate(t, name, nil, 24*time.Hour)
}
