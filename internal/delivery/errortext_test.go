package delivery_test

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/internal/testenv/loopback"
)

// failedAttempts waits until the delivery of a new event to a new endpoint
// at u has failed for good, and returns it.
func failedAttempts(t *testing.T, s *testenv.Server, u string) deliveryView {
	t.Helper()
	ep, _ := createEndpoint(t, s, s.APIKey, u)
	d := waitStatus(t, s, s.APIKey, deliveryOf(t, s, s.APIKey, upload(t, s, s.APIKey).EventID, ep), store.DeliveryFailed, 20*time.Second)
	if len(d.Attempts) == 0 {
		t.Fatalf("delivery to %s failed with no attempts", u)
	}
	return d
}

// An attempt's stored error, shown to the customer by the API and the
// dashboard, names neither the sending machine's own address and port nor
// the egress proxy's: here a receiver, and a proxy, that reset the
// connection (a real RST on loopback).
func TestAttemptErrorNamesNoneOfOurAddresses(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		t.Run("receiver resets", func(t *testing.T) {
			s := testenv.Start(t, open(t), testenv.Options{})
			r := loopback.Resetter(t)
			d := failedAttempts(t, s, "http://"+r.Addr()+"/hook")
			texts := []string{d.LastError}
			for _, a := range d.Attempts {
				if a.ErrorKind != "connection_reset" {
					t.Errorf("attempt %d: error_kind %q, want connection_reset (%s)", a.Number, a.ErrorKind, a.Error)
				}
				texts = append(texts, a.Error)
			}
			for _, text := range texts {
				checkNamesNone(t, text, r.Peers())
				if !strings.Contains(text, r.Addr()) || !strings.Contains(text, "connection reset by peer") {
					t.Errorf("the error does not say what happened where: %q", text)
				}
			}
		})
		t.Run("proxy resets", func(t *testing.T) {
			proxy := loopback.Resetter(t)
			s := testenv.Start(t, open(t), testenv.Options{Proxy: "http://" + proxy.Addr()})
			// Loopback targets, never dialled: the proxy resets first.
			target := closedLoopbackAddr(t)
			for _, u := range []string{"http://" + target + "/forwarded", "https://" + target + "/tunnelled"} {
				d := failedAttempts(t, s, u)
				texts := []string{d.LastError}
				for _, a := range d.Attempts {
					texts = append(texts, a.Error)
				}
				for _, text := range texts {
					checkNamesNone(t, text, append(proxy.Peers(), proxy.Addr()))
					if !strings.Contains(text, "(egress proxy)") {
						t.Errorf("%s: the error does not say the proxy failed: %q", u, text)
					}
				}
			}
		})
	})
}

// checkNamesNone fails if text names any of addrs, or both ends of a
// connection.
func checkNamesNone(t *testing.T, text string, addrs []string) {
	t.Helper()
	if len(addrs) == 0 {
		t.Fatalf("no connection was made; error %q", text)
	}
	for _, a := range addrs {
		if strings.Contains(text, a) {
			t.Errorf("the attempt's error names %s: %q", a, text)
		}
	}
	if strings.Contains(text, "->") {
		t.Errorf("the attempt's error names both ends of a connection: %q", text)
	}
}

// closedLoopbackAddr is a loopback address nothing listens on.
func closedLoopbackAddr(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
