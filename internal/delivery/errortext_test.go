package delivery_test

import (
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/internal/testenv/loopback"
	"github.com/esahayak/esahayak/internal/testenv/testcert"
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

// What the customer reads in an attempt's error, for receivers that fail
// below a status code: the problem in plain words, never Go's
// `Post "https://…/path": ` in front (the API and the dashboard show the
// endpoint's URL beside it), and error_kind as before (an API contract).
// The text does not depend on the store: SQLite alone. The TLS handshakes
// that fail are TestAttemptErrorNamesWhatTheEndpointSent's, with 10 s
// attempts: this test's timeouts need 1 s ones.
func TestAttemptErrorSaysTheProblemPlainly(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{AttemptTimeout: time.Second, Schedule: "1h"})
	raw := func(response string) string {
		return "http://" + loopback.Answering(t, response).Addr() + "/hook"
	}
	handler := func(f http.HandlerFunc) string {
		srv := httptest.NewServer(f)
		t.Cleanup(srv.Close)
		return srv.URL + "/hook"
	}
	refused := "http://" + closedLoopbackAddr(t)
	release := make(chan struct{}) // ends the slow handlers' answers

	cases := []struct {
		name, url, kind string
		status          int    // of the response kept, 0 for none
		want            string // the whole error
	}{
		{name: "no answer in time", kind: "timeout", url: handler(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}), want: "timed out after 1s (the request was sent; no response had begun)"},
		{name: "body dribbled past the timeout", kind: "timeout", status: 200, url: handler(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusOK)
			for r.Context().Err() == nil {
				io.WriteString(w, "x")
				w.(http.Flusher).Flush()
				select {
				case <-time.After(100 * time.Millisecond):
				case <-release:
					return
				}
			}
		}), want: "reading response body: timed out after 1s; the 200 status counts only with its whole body within the 1s attempt timeout, so the attempt failed"},
		{name: "malformed status line", kind: "other", url: raw("HTTP/1.1 OK\r\n\r\n"),
			want: `the response is not valid HTTP: malformed HTTP status code "OK"`},
		{name: "closed without an answer", kind: "connection_reset", url: raw(""),
			want: "the connection was closed before any response (EOF)"},
		{name: "body shorter than its Content-Length", kind: "connection_reset", status: 200,
			url:  raw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort"),
			want: "reading response body: the connection was closed before the end of the body (unexpected EOF); the 200 status counts only with its whole body within the 1s attempt timeout, so the attempt failed"},
		{name: "a 1xx and no final answer", kind: "connection_reset", url: raw("HTTP/1.1 199 Odd\r\nContent-Length: 0\r\n\r\n"),
			want: "the connection was closed before a final status line and headers were complete (unexpected EOF)"},
		{name: "connection refused", kind: "connection_refused", url: refused + "/hook",
			want: "connection refused by " + strings.TrimPrefix(refused, "http://") + " (nothing is listening on that port, or a firewall refused the connection)"},
		// The longest URL the API takes: Go's prefix quoted all of it,
		// and the 900 bytes kept said nothing else.
		{name: "connection refused, long URL", kind: "connection_refused", url: refused + "/" + strings.Repeat("a", 2000),
			want: "connection refused by " + strings.TrimPrefix(refused, "http://") + " (nothing is listening on that port, or a firewall refused the connection)"},
	}
	// Registered after the servers' Close, so it runs first.
	t.Cleanup(func() { close(release) })
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, status, _ := failedFirstAttempt(t, s, tc.url, tc.kind, 60*time.Second)
			if got != tc.want {
				t.Errorf("error %q; want %q", got, tc.want)
			}
			if status != tc.status {
				t.Errorf("response status %d kept, want %d", status, tc.status)
			}
		})
	}
}

// expiredCert is a self-signed certificate for 127.0.0.1 that expired
// a day ago.
func expiredCert(t *testing.T) tls.Certificate {
	t.Helper()
	return testcert.Issue(t, testcert.Spec{CommonName: "expired", IPs: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore: time.Now().Add(-48 * time.Hour), NotAfter: time.Now().Add(-24 * time.Hour)}, nil).TLS()
}

// An endpoint that sends what the customer's own tools take for right (a
// browser, which fills in a missing intermediate certificate), what no
// HTTP/1.1 client reads (HTTP/2 frames, a broken chunked body) or a TLS
// handshake that fails is told what it sent. Apart from
// TestAttemptErrorSaysTheProblemPlainly, whose 1 s attempts leave a TLS
// handshake under -race no room beside its many parallel cases (CI saw
// the expired certificate's attempt end as a timeout), and one at a time.
func TestAttemptErrorNamesWhatTheEndpointSent(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{Schedule: "1h"})
	raw := func(response string) string {
		return "http://" + loopback.Answering(t, response).Addr() + "/hook"
	}
	noIntermediate := httptest.NewUnstartedServer(http.NotFoundHandler())
	noIntermediate.TLS = &tls.Config{Certificates: []tls.Certificate{leafWithoutIntermediate(t)}}
	noIntermediate.StartTLS()
	t.Cleanup(noIntermediate.Close)
	selfSigned := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(selfSigned.Close)
	expired := httptest.NewUnstartedServer(http.NotFoundHandler())
	expired.TLS = &tls.Config{Certificates: []tls.Certificate{expiredCert(t)}}
	expired.StartTLS()
	t.Cleanup(expired.Close)
	plain := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(plain.Close)
	for _, tc := range []struct {
		name, url, kind string
		status          int    // of the response kept, 0 for none
		want            string // the whole error, or its start when prefix
		prefix          bool
	}{
		{name: "self-signed certificate", url: selfSigned.URL + "/hook", kind: "tls",
			want: "TLS handshake: certificate signed by unknown authority"},
		{name: "expired certificate", url: expired.URL + "/hook", kind: "tls",
			want: "TLS handshake: certificate has expired or is not yet valid: ", prefix: true},
		{name: "plain HTTP on an https:// URL", url: "https://" + strings.TrimPrefix(plain.URL, "http://") + "/hook", kind: "tls",
			want: "TLS handshake: the endpoint answered in plain HTTP, not TLS (is the URL's port an http:// one?)"},
		{name: "no TLS nor HTTP", url: "https://" + loopback.Serve(t, func(conn net.Conn) {
			defer conn.Close()
			io.WriteString(conn, "SSH-2.0-OpenSSH_9.6\r\n")
		}).Addr() + "/hook", kind: "tls", want: "TLS handshake: first record does not look like a TLS handshake"},
		{name: "certificate sent without its intermediate", url: noIntermediate.URL + "/hook", kind: "tls",
			want: `TLS handshake: certificate signed by unknown authority (the chain the endpoint sent ends at a certificate issued by "Test Intermediate R3", ` +
				`which it did not send and which is no trusted root: serve the full chain, with the intermediate certificates (fullchain.pem rather than cert.pem; ` +
				`browsers fill in a missing intermediate, webhook requests do not), or a certificate from a public certificate authority)`},
		// A server that speaks HTTP/2 alone (Node's http2.createServer)
		// answers with its SETTINGS frame and a GOAWAY, in binary.
		{name: "HTTP/2 alone, without TLS", kind: "other",
			url: raw("\x00\x00\x00\x04\x00\x00\x00\x00\x00" + "\x00\x00\x08\x07\x00\x00\x00\x00\x00" + "\x00\x00\x00\x00\x00\x00\x00\x02"),
			want: "the endpoint answered an HTTP/1.1 request in HTTP/2 frames (a server that speaks HTTP/2 alone: h2c, prior knowledge); " +
				"webhook requests use HTTP/2 only when a TLS server offers it in the handshake (ALPN), so serve HTTP/1.1 at this URL too " +
				"(in Node.js, http.createServer rather than http2.createServer)"},
		{name: "a chunk's size line over 4096 bytes", kind: "other", status: 200,
			url:  raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;" + strings.Repeat("a", 5000) + "\r\nok\r\n0\r\n\r\n"),
			want: "reading response body: the body is not valid chunked encoding (Transfer-Encoding: chunked): a chunk's size line is longer than 4096 bytes; the 200 status counts only with its whole body within the 10s attempt timeout, so the attempt failed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ep, _ := createEndpoint(t, s, s.APIKey, tc.url)
			id := deliveryOf(t, s, s.APIKey, upload(t, s, s.APIKey).EventID, ep)
			d := waitDelivery(t, s, s.APIKey, id, 60*time.Second, "attempted", func(d deliveryView) bool { return d.AttemptCount >= 1 })
			a := d.Attempts[0]
			if d.Status != store.DeliveryRetrying || a.Succeeded || a.ErrorKind != tc.kind {
				t.Errorf("delivery %s, attempt succeeded=%v error_kind %q; want retrying after a failed %s", d.Status, a.Succeeded, a.ErrorKind, tc.kind)
			}
			if ok := a.Error == tc.want || (tc.prefix && strings.HasPrefix(a.Error, tc.want)); !ok || d.LastError != a.Error {
				t.Errorf("error %q (last_error %q); want %q", a.Error, d.LastError, tc.want)
			}
			status := 0
			if a.Response != nil {
				status = a.Response.Status
			}
			if status != tc.status {
				t.Errorf("response status %d kept, want %d", status, tc.status)
			}
		})
	}
}

// leafWithoutIntermediate is a certificate for 127.0.0.1 issued by an
// intermediate authority ("Test Intermediate R3", itself issued by a root
// of the test's own), without that intermediate: the chain a server given
// cert.pem instead of fullchain.pem sends.
func leafWithoutIntermediate(t *testing.T) tls.Certificate {
	t.Helper()
	root := testcert.CA(t, "Test Root", nil)
	return testcert.Loopback(t, testcert.CA(t, "Test Intermediate R3", root)).TLS()
}

// A redirect is not followed (docs/api.md); its error names the URL to
// configure instead, also when the Location is relative ("/v2/hook",
// "next", "//host/path"). The response keeps the Location as sent.
func TestRedirectErrorNamesTheURLToConfigure(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{Schedule: "1h"})
	for _, tc := range []struct{ location, want string }{
		{"/v2/hook", "/v2/hook"},
		{"next?x=1", "/hooks/next?x=1"},
		{"//HOST/elsewhere", "/elsewhere"},
	} {
		for _, code := range []int{301, 302, 307, 308} {
			rc := newReceiver(t, func(_ int, w http.ResponseWriter, r *http.Request, _ []byte) {
				w.Header()["Location"] = []string{strings.ReplaceAll(tc.location, "HOST", r.Host)}
				w.WriteHeader(code)
			})
			ep, _ := createEndpoint(t, s, s.APIKey, rc.URL("/hooks/esahayak"))
			d := waitDelivery(t, s, s.APIKey, deliveryOf(t, s, s.APIKey, upload(t, s, s.APIKey).EventID, ep), 10*time.Second,
				"attempted", func(d deliveryView) bool { return d.AttemptCount >= 1 })
			a := d.Attempts[0]
			sent := strings.ReplaceAll(tc.location, "HOST", strings.TrimPrefix(rc.URL(""), "http://"))
			want := fmt.Sprintf("HTTP %d redirect to %q: redirects are not followed; configure the final URL", code, rc.URL(tc.want))
			if d.Status != store.DeliveryRetrying || a.ErrorKind != "redirect" || a.Error != want {
				t.Errorf("%d to %q: delivery %s, attempt %s %q; want retrying, redirect %q", code, sent, d.Status, a.ErrorKind, a.Error, want)
			}
			if a.Response == nil || a.Response.Status != code || a.Response.Headers["Location"] != sent {
				t.Errorf("%d to %q: response %+v; want the status and the Location as sent", code, sent, a.Response)
			}
			if rc.Count() != 1 {
				t.Errorf("%d to %q: the receiver got %d requests; want 1 (not followed)", code, sent, rc.Count())
			}
		}
	}
}

// A 304 Not Modified is no redirect, whatever headers come with it: it
// leads nowhere, and a Location beside it (a framework that sets one on
// every answer) made the attempt read "HTTP 304 redirect to …: redirects
// are not followed; configure the final URL", sending the customer to
// change a URL that was right. It is a status like any other non-2xx.
func TestNotModifiedWithALocationIsNoRedirect(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{Schedule: "1h"})
	url := "http://" + loopback.Answering(t, "HTTP/1.1 304 Not Modified\r\nLocation: /elsewhere\r\n\r\n").Addr() + "/hook"
	ep, _ := createEndpoint(t, s, s.APIKey, url)
	d := waitDelivery(t, s, s.APIKey, deliveryOf(t, s, s.APIKey, upload(t, s, s.APIKey).EventID, ep), 10*time.Second,
		"attempted", func(d deliveryView) bool { return d.AttemptCount >= 1 })
	a := d.Attempts[0]
	if d.Status != store.DeliveryRetrying || a.ErrorKind != "http_status" || a.Error != "HTTP 304 (a 2xx status is required)" {
		t.Errorf("delivery %s, attempt %s %q; want retrying, http_status %q", d.Status, a.ErrorKind, a.Error, "HTTP 304 (a 2xx status is required)")
	}
	if a.Response == nil || a.Response.Status != 304 || a.Response.Headers["Location"] != "/elsewhere" {
		t.Errorf("response %+v; want the 304 and its Location as sent", a.Response)
	}
}

// An endpoint URL whose port is another service's (SSH, a mail server),
// which speaks first, before it is sent anything: Go's client reads that
// greeting as the answer, and its error, when our request had not been
// written yet, came bare, without the "the response is not valid HTTP: "
// that the same text has when the request went first:
// `malformed HTTP status code "smtp.example.com"`, which named neither
// HTTP as the problem nor the port. It says both now. Which of the two
// comes depends on a race between the greeting and our write (nearly
// always the greeting wins on loopback), or net/http reads the greeting
// on the connection while it is idle and ends it under the request (its
// "readLoopPeekFailLocked: %!w(<nil>)", met once in CI): any of the three
// is accepted, each with what it can truly say.
func TestServerThatSpeaksFirstIsSaidToBeNoHTTPServer(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{Schedule: "1h"})
	for _, tc := range []struct{ greeting, said string }{
		{"220 smtp.example.com ESMTP Postfix\r\n", `malformed HTTP status code "smtp.example.com"`},
		{"SSH-2.0-OpenSSH_9.6\r\n", `malformed HTTP response "SSH-2.0-OpenSSH_9.6"`},
	} {
		srv := loopback.Serve(t, func(conn net.Conn) {
			defer conn.Close()
			io.WriteString(conn, tc.greeting)
			io.Copy(io.Discard, conn)
		})
		ep, _ := createEndpoint(t, s, s.APIKey, "http://"+srv.Addr()+"/hook")
		d := waitDelivery(t, s, s.APIKey, deliveryOf(t, s, s.APIKey, upload(t, s, s.APIKey).EventID, ep), 20*time.Second,
			"attempted", func(d deliveryView) bool { return d.AttemptCount >= 1 })
		a := d.Attempts[0]
		first := "the response is not valid HTTP: " + tc.said + "; it arrived before the request was sent: " +
			"the server at that address spoke first, as SSH and mail servers do and HTTP servers never do (is the URL's port the HTTP server's?)"
		after := "the response is not valid HTTP: " + tc.said
		// Or, read on a connection still idle, net/http logs the
		// greeting and ends the connection under the request.
		idle := "the server at that address sent data before the request was sent, as SSH and mail servers do on connecting " +
			"and HTTP servers never do (is the URL's port the HTTP server's?)"
		if a.ErrorKind != "other" || (a.Error != first && a.Error != after && a.Error != idle) {
			t.Errorf("%q: attempt %s %q;\nwant other %q\n(or, when the request went out first, %q;\nor, read while the connection was idle, %q)", tc.greeting, a.ErrorKind, a.Error, first, after, idle)
		}
	}
}
