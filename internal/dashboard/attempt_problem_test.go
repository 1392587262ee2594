package dashboard_test

import (
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// A failed attempt's problem says what to do about it, not only what
// went wrong: a receiver that took too long read "No complete answer came
// in time: the attempt timed out." without the limit it missed or the
// usual cure (answer first, work afterwards), a stopped receiver "nothing
// is listening at that address and port", and an untrusted certificate
// "the certificate is not trusted", each a dead end for a developer
// reading the delivery's page. Real attempts on loopback: a receiver that
// holds its answer past a 1-second attempt timeout, a port nothing
// listens on, and a TLS server whose certificate no one trusts.
func TestAttemptProblemSaysHowToFixIt(t *testing.T) {
	e := startEnv(t, envOptions{Options: testenv.Options{Schedule: "1m", AttemptTimeout: time.Second}})
	slow := newReceiver(t)
	slow.hold.Store(int64(3 * time.Second))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String() + "/hook"
	l.Close()
	untrusted := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(untrusted.Close)
	b := e.signedIn(t)
	for _, c := range []struct {
		name, url string
		want      []string
	}{
		{"a receiver slower than the attempt timeout", slow.URL + "/hook",
			[]string{"No complete answer came within 1 second: the attempt timed out.", "Answer with a 2xx status as soon as the request is received and verified, and do slow work afterwards."}},
		{"a port nothing listens on", closed,
			[]string{"The connection was refused", "Check that your receiver is running and that the endpoint's URL names its port."}},
		{"a certificate no one trusts", untrusted.URL + "/hook",
			[]string{"A secure connection (TLS) could not be set up", "Serve a certificate from a public certificate authority that names the URL's host, with its intermediate certificates."}},
	} {
		ep := createEndpoint(t, e, c.url)
		id := testDeliveryTo(t, e, ep, store.DeliveryRetrying, time.Minute)
		r := b.get("/dashboard/deliveries/" + id)
		if r.Status != http.StatusOK {
			t.Fatalf("%s: the delivery's page = %d", c.name, r.Status)
		}
		i := strings.Index(r.Body, "data-attempt-error>")
		if i < 0 {
			t.Fatalf("%s: the delivery's page shows no attempt error", c.name)
		}
		shown := html.UnescapeString(r.Body[i:])
		shown = shown[:strings.Index(shown, "</p>")]
		for _, w := range c.want {
			if !strings.Contains(shown, w) {
				t.Errorf("%s: the attempt's problem reads %q; want it to say %q", c.name, shown, w)
			}
		}
	}
}
