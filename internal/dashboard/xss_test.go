package dashboard_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/testenv"
)

// xssPayload is what a hostile customer or receiver puts in every value
// the dashboard shows.
const xssPayload = "\"'><img src=x onerror=alert(1)><script>alert(2)</script></textarea><svg onload=alert(3)>{{.}}"

var rawMarkup = regexp.MustCompile(`(?i)<img src=x|<script>alert|<svg[ /]onload|href="\s*javascript:`)

type hostile struct {
	e      *env
	b      *browser
	epID   string
	capURL string
	pages  []string
}

// hostileData fills an account with the payload: an endpoint's URL and
// description, a hostile receiver's answers (headers, body), an API key's
// name, and a capture's path, query, headers and body.
func hostileData(t *testing.T) *hostile {
	e := startEnv(t, envOptions{Options: testenv.Options{Schedule: "1m"}})
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("X-Evil", xssPayload)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, xssPayload+"\n"+strings.Repeat("A", 5000))
	}))
	t.Cleanup(rc.Close)
	b := e.signedIn(t)
	h := &hostile{e: e, b: b}

	hook := rc.URL + "/h/" + url.PathEscape(xssPayload) + "?q=" + url.QueryEscape(xssPayload)
	if st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": hook, "description": xssPayload}); st != 201 {
		t.Fatalf("endpoint: %d %s", st, body)
	}
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": rc.URL + "/plain", "description": xssPayload})
	if st != 201 {
		t.Fatalf("endpoint: %d %s", st, body)
	}
	h.epID = testenv.JSON(t, body)["id"].(string)
	if st, body := e.Do(t, "POST", "/v1/orders", e.APIKey, map[string]any{"stamp_request": map[string]any{"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}); st != 201 {
		t.Fatalf("order: %d %s", st, body)
	}
	if st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+h.epID+"/test", e.APIKey, nil); st != 202 {
		t.Fatalf("test: %d %s", st, body)
	}
	if r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {xssPayload}}); r.Status != 200 {
		t.Fatalf("api key: %d", r.Status)
	} else {
		checkPage(t, "the new API key's answer", r)
	}
	r := b.postForm("/dashboard/inspector", "/dashboard/inspector", nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create inspector: %d %.300s", r.Status, r.Body)
	}
	inspPage := strings.SplitN(r.Location, "?", 2)[0]
	m := regexp.MustCompile(`id="capture-url"[^>]*>([^<]+)<`).FindStringSubmatch(b.get(inspPage).Body)
	if m == nil {
		t.Fatalf("no capture URL on %s", inspPage)
	}
	h.capURL = m[1]
	h.capture(t)
	testenv.Eventually(t, 30*time.Second, "the test delivery to fail", func() bool {
		return strings.Contains(b.get("/dashboard/deliveries?status=retrying").Body, `data-status="retrying"`)
	})
	h.pages = []string{"/dashboard/", "/dashboard/settings/api-access", "/dashboard/endpoints/" + h.epID,
		"/dashboard/deliveries", "/dashboard/monitoring", "/dashboard/monitoring?endpoint=" + h.epID,
		"/dashboard/orders", "/dashboard/inspector", inspPage}
	for _, m := range regexp.MustCompile(`/dashboard/(deliveries/dlv|orders/order)_[A-Za-z0-9]+`).FindAllString(
		b.get("/dashboard/deliveries").Body+b.get("/dashboard/orders").Body, -1) {
		h.pages = append(h.pages, m)
	}
	return h
}

// capture sends the capture URL a request as raw bytes: path and query
// unescaped, a hostile header and body.
func (h *hostile) capture(t *testing.T) {
	u, _ := url.Parse(h.capURL)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST %s/\"><svg/onload=alert(1)>?a=<script>alert(2)</script> HTTP/1.1\r\nHost: %s\r\nX-Evil: %s\r\n"+
		"Content-Type: text/html\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", u.Path, u.Host, xssPayload, len(xssPayload), xssPayload)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("capture: %d", resp.StatusCode)
	}
}

func checkPage(t *testing.T, what string, r response) {
	t.Helper()
	if loc := rawMarkup.FindStringIndex(r.Body); loc != nil {
		s := max(loc[0]-300, 0)
		t.Errorf("%s (%d): raw markup: %s", what, r.Status, r.Body[s:min(loc[1]+100, len(r.Body))])
	}
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
		t.Errorf("%s: CSP %q", what, csp)
	}
	if ct := r.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" || r.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s: Content-Type %q, X-Content-Type-Options %q", what, ct, r.Header.Get("X-Content-Type-Options"))
	}
}

// TestHostileValuesAreEscaped: every page showing a value a customer, a
// receiver or a capture's sender chose writes it as text, under the
// strict CSP, as text/html with nosniff.
func TestHostileValuesAreEscaped(t *testing.T) {
	h := hostileData(t)
	for _, p := range h.pages {
		checkPage(t, p, h.b.get(p))
	}
}

// TestBrowserHostileValuesRunNoScript opens the same pages in Chromium,
// and has a capture and a delivery arrive live (the script inserts their
// rows): no dialog opens, no script error or CSP violation is reported,
// and no link leads anywhere but http(s).
func TestBrowserHostileValuesRunNoScript(t *testing.T) {
	h := hostileData(t)
	tb := signInTab(t, h.e)
	for _, p := range h.pages {
		tb.do("open "+p, chromedp.Navigate(h.e.URL+p), chromedp.WaitVisible(css(`nav.mainnav`)))
		if bad := eval[[]string](tb, `Array.from(document.querySelectorAll("a[href]")).map(function (a) { return a.href; }).filter(function (h) { return !/^https?:/.test(h); })`); len(bad) > 0 {
			t.Errorf("%s: links %q", p, bad)
		}
	}
	// Live: a capture and a delivery arriving on open pages.
	for _, p := range h.pages {
		if strings.HasPrefix(p, "/dashboard/inspector/") {
			tb.do("open "+p, chromedp.Navigate(h.e.URL+p), chromedp.WaitVisible(css(`nav.mainnav`)))
		}
	}
	tb.waitLive()
	n := eval[int](tb, `document.querySelectorAll("[data-capture], .capture").length`)
	h.capture(t)
	testenv.Eventually(t, 30*time.Second, "the capture to arrive live", func() bool {
		return eval[int](tb, `document.querySelectorAll("[data-capture], .capture").length`) > n
	})
	tb.do("open the endpoint", chromedp.Navigate(h.e.URL+"/dashboard/endpoints/"+h.epID), chromedp.WaitVisible(css(`nav.mainnav`)))
	tb.waitLive()
	if st, body := h.e.Do(t, "POST", "/v1/webhook_endpoints/"+h.epID+"/test", h.e.APIKey, nil); st != 202 {
		t.Fatalf("test: %d %s", st, body)
	}
	testenv.Eventually(t, 30*time.Second, "the delivery to arrive live", func() bool {
		return eval[int](tb, `document.querySelectorAll('#recent tr[data-status="retrying"]').length`) >= 2
	})
	if d := tb.dialogs.Load(); d != 0 {
		t.Errorf("%d dialogs opened", d)
	}
	tb.noBrowserErrors(t)
}
