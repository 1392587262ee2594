package egress

import (
	"context"
	"net"
	"net/url"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv/loopback"
)

// checkNoOwnAddress fails if text names one of our side's addresses (the
// client ends the server saw) or any source->destination pair.
func checkNoOwnAddress(t *testing.T, text string, peers []string) {
	t.Helper()
	t.Logf("error text: %s", text)
	if len(peers) == 0 {
		t.Fatalf("the server saw no connection; error %q", text)
	}
	for _, p := range peers {
		if strings.Contains(text, p) {
			t.Errorf("the error names our own address %s: %q", p, text)
		}
	}
	if strings.Contains(text, "->") {
		t.Errorf("the error names both ends of a connection: %q", text)
	}
}

// The error text an attempt keeps says what happened and at most the
// endpoint's address, never our own side's: a real reset from a loopback
// receiver, of a request and of a TLS handshake.
func TestErrorTextLeavesOutOurAddress(t *testing.T) {
	t.Run("request reset", func(t *testing.T) {
		r := loopback.Resetter(t)
		c := newClient(t, Options{AllowPrivate: true})
		_, err := post(t, c, "http://"+r.Addr()+"/hook", "{}")
		if Classify(err) != KindConnectionReset {
			t.Fatalf("Classify(%v) = %q, want %q", err, Classify(err), KindConnectionReset)
		}
		text := ErrorText(err)
		checkNoOwnAddress(t, text, r.Peers())
		if !strings.Contains(text, r.Addr()) || !strings.Contains(text, "connection reset by peer") {
			t.Errorf("the error does not say what happened where: %q", text)
		}
		if got := c.ErrorText(err); got != text {
			t.Errorf("without a proxy, Client.ErrorText = %q, ErrorText = %q", got, text)
		}
	})
	t.Run("reset in the TLS handshake", func(t *testing.T) {
		r := loopback.Resetter(t)
		c := newClient(t, Options{AllowPrivate: true})
		_, err := post(t, c, "https://"+r.Addr()+"/hook", "{}")
		if err == nil {
			t.Fatal("a request to a server that resets succeeded")
		}
		checkNoOwnAddress(t, ErrorText(err), r.Peers())
	})
}

// Through an egress proxy every connection goes to the proxy: whatever
// failed there (here a real reset, of a forwarded request and of a
// CONNECT), the attempt's text says "(egress proxy)", not the proxy's
// address, nor our own; also when the proxy is configured by name, and
// its connection is to the address the name resolved to.
func TestErrorTextThroughAProxyLeavesOutItsAddress(t *testing.T) {
	r := loopback.Resetter(t)
	_, proxyPort, _ := net.SplitHostPort(r.Addr())
	target := closedPort(t) // never dialled: the proxy resets first
	for _, proxy := range []string{"http://" + r.Addr(), "http://localhost:" + proxyPort} {
		for _, scheme := range []string{"http", "https"} {
			t.Run(proxy+" "+scheme, func(t *testing.T) {
				u, err := url.Parse(proxy)
				if err != nil {
					t.Fatal(err)
				}
				c := newClient(t, Options{AllowPrivate: true, Proxy: u, Resolver: localhostOnly})
				_, err = post(t, c, scheme+"://"+target+"/hook", "{}")
				if err == nil {
					t.Fatal("a request through a proxy that resets succeeded")
				}
				text := c.ErrorText(err)
				checkNoOwnAddress(t, text, r.Peers())
				if strings.Contains(text, proxyPort) || !strings.Contains(text, "(egress proxy)") {
					t.Errorf("%s: the error text is %q; want the proxy named (egress proxy), not by its address", Classify(err), text)
				}
			})
		}
	}
}

// A proxy whose name does not resolve is not named either.
func TestErrorTextProxyNameNotFound(t *testing.T) {
	u, _ := url.Parse("http://egress-proxy.invalid:3128")
	c := newClient(t, Options{AllowPrivate: true, Proxy: u, Resolver: localhostOnly})
	_, err := post(t, c, "http://"+closedPort(t)+"/hook", "{}")
	if Classify(err) != KindProxy {
		t.Fatalf("Classify(%v) = %q, want %q", err, Classify(err), KindProxy)
	}
	if text := c.ErrorText(err); strings.Contains(text, "egress-proxy.invalid") || !strings.Contains(text, "lookup (egress proxy): ") {
		t.Errorf("the error text is %q; want the proxy named (egress proxy)", text)
	}
}

// localhostOnly resolves from /etc/hosts only (localhost) and sends no
// DNS query: any other name fails at once, as not found.
var localhostOnly = &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
	return nil, &net.DNSError{Err: "no such host", IsNotFound: true}
}}
