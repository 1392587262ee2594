package delivery

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/backoff"
	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/store"
)

// An https:// endpoint that redirects to plain http:// (an application
// behind a TLS proxy that writes http:// for its own address, adding a
// "/" to the path) was told to "configure the final URL": the URL it
// names, which a server without --allow-insecure-urls refuses to save
// (url_not_https). The error says now to configure it with https://, and
// why; with --allow-insecure-urls, and for an https:// target, it stays
// as it was.
func TestRedirectToPlainHTTPSaysToUseHTTPS(t *testing.T) {
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target := "https://" + r.Host + "/hooks/"
		if r.URL.Path == "/plain" {
			target = "http://" + r.Host + "/hooks/"
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
	}))
	t.Cleanup(ts.Close)
	pool := x509.NewCertPool()
	pool.AddCert(ts.Certificate())
	client := egress.NewClient(egress.Options{AllowPrivate: true, TLSConfig: &tls.Config{RootCAs: pool}})
	t.Cleanup(client.CloseIdleConnections)
	sched, err := backoff.ParseSchedule("1m")
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(ts.URL, "https://")
	const advice = `: redirects are not followed; configure the final URL`
	const https = ` with https://: it leads to plain http://, which webhooks are not sent to (an application behind a TLS proxy often writes http:// for its own address)`
	for _, tc := range []struct {
		path     string
		insecure bool
		want     string
	}{
		{"/plain", false, `HTTP 301 redirect to "http://` + host + `/hooks/"` + advice + https},
		{"/plain", true, `HTTP 301 redirect to "http://` + host + `/hooks/"` + advice},
		{"/secure", false, `HTTP 301 redirect to "https://` + host + `/hooks/"` + advice},
	} {
		e := &Engine{cfg: Config{Client: client, Schedule: sched, AllowInsecureURLs: tc.insecure, Timeout: 10 * time.Second}}
		w := store.Work{DeliveryID: "dlv_x", Attempt: 1, RoundAttempt: 1, URL: ts.URL + tc.path}
		req, _ := http.NewRequest(http.MethodPost, w.URL, strings.NewReader("{}"))
		resp, err := client.Do(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		a := &store.Attempt{ResponseStatus: resp.StatusCode, ResponseHeaders: egress.StoredHeaders(resp.Header)}
		e.decide(w, a, resp, nil, time.Now())
		if a.ErrorKind != egress.KindRedirect || a.Error != tc.want {
			t.Errorf("%s (insecure URLs allowed: %v): %s %q; want redirect %q", tc.path, tc.insecure, a.ErrorKind, a.Error, tc.want)
		}
		// The operator's log says the same, with the URL as logs show it.
		if got := logError(w, a); got != tc.want {
			t.Errorf("%s (insecure URLs allowed: %v): logged %q; want %q", tc.path, tc.insecure, got, tc.want)
		}
	}
}

// The operator's log names the URL a relative redirect leads to, as the
// attempt's error does ("/v2/hook" resolved against the endpoint's URL):
// it said `redirect to "/v2/hook"` where the customer read the whole URL.
func TestLogErrorResolvesARelativeRedirect(t *testing.T) {
	w := store.Work{URL: "https://hooks.example.com/esahayak/in?token=LEAK"}
	for loc, want := range map[string]string{
		"/v2/hook?token=LEAK": "https://hooks.example.com/v2/hook?…",
		"next":                "https://hooks.example.com/esahayak/next",
		"//other.example/x":   "https://other.example/x",
	} {
		a := &store.Attempt{ResponseStatus: 302, ResponseHeaders: map[string]string{"Location": loc}}
		a.ErrorKind, a.Error = egress.StatusFailure(302, egress.RedirectTarget(w.URL, loc))
		_, wantMsg := egress.StatusFailure(302, want)
		if got := logError(w, a); got != wantMsg {
			t.Errorf("Location %q: logged %q; want %q", loc, got, wantMsg)
		}
	}
}

// A redirect whose body broke off is a connection_reset (or a timeout)
// whose error names the redirect after what broke: the operator's log
// shows that Location as logs show URLs, without its query, as it does
// for a redirect's own error.
func TestLogErrorHidesTheQueryOfACutOffRedirect(t *testing.T) {
	e := &Engine{cfg: Config{Timeout: 10 * time.Second}}
	w := store.Work{URL: "https://hooks.example.com/esahayak/in?token=LEAK"}
	const broke = "reading response body: the connection was closed before the end of the body (unexpected EOF)"
	a := &store.Attempt{ResponseStatus: 302, ResponseHeaders: map[string]string{"Location": "/v2/hook?token=LEAK2"}, ErrorKind: egress.KindConnectionReset}
	_, said := e.statusFailure(w, &egress.Response{StatusCode: 302, Header: http.Header{"Location": {"/v2/hook?token=LEAK2"}}})
	a.Error = broke + egress.FailedStatusNote(said)
	if !strings.Contains(a.Error, "LEAK2") {
		t.Fatalf("the attempt's error %q does not name the Location whole, as the customer reads it", a.Error)
	}
	_, safe := egress.StatusFailure(302, "https://hooks.example.com/v2/hook?…")
	if got, want := logError(w, a), broke+egress.FailedStatusNote(safe); got != want {
		t.Errorf("logged %q; want %q", got, want)
	}
}
