package delivery_test

import (
	"crypto/tls"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/internal/testenv/testcert"
)

// TestErrorWithNULReadsAlikeOnBothStores: an attempt's error can quote
// the receiver's own bytes unescaped (crypto/x509 lists a certificate's
// DNS names as they are, and a name may hold a NUL), and PostgreSQL's
// text columns cannot hold a NUL, so its store wrote U+FFFD where SQLite
// kept the NUL: the same failure read differently, by store. The error
// is kept with U+FFFD for it on both, as for a byte that is not UTF-8.
func TestErrorWithNULReadsAlikeOnBothStores(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		s := testenv.Start(t, open(t), testenv.Options{Schedule: "1h"})
		leaf := testcert.Issue(t, testcert.Spec{DNSNames: []string{"hooks\x00.example.com"}}, nil)
		rc := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
		rc.TLS = &tls.Config{Certificates: []tls.Certificate{leaf.TLS()}}
		rc.Config.ErrorLog = log.New(io.Discard, "", 0) // its side of the refused handshake
		rc.StartTLS()
		t.Cleanup(rc.Close)
		u := strings.Replace(rc.URL, "127.0.0.1", "localhost", 1) + "/hook"
		ep, _ := createEndpoint(t, s, s.APIKey, u)
		d := waitDelivery(t, s, s.APIKey, deliveryOf(t, s, s.APIKey, upload(t, s, s.APIKey).EventID, ep), 10*time.Second,
			"attempted", func(d deliveryView) bool { return d.AttemptCount >= 1 })
		const want = "TLS handshake: certificate is valid for hooks\uFFFD.example.com, not localhost"
		if a := d.Attempts[0]; a.ErrorKind != "tls" || a.Error != want || d.LastError != want {
			t.Errorf("attempt error_kind %q, error %q, last_error %q; want tls, %q", a.ErrorKind, a.Error, d.LastError, want)
		}
	})
}
