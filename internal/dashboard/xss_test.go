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

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// xssPayload is what a hostile customer or receiver puts in every value
// the dashboard shows.
const xssPayload = "\"'><img src=x onerror=alert(1)><script>alert(2)</script></textarea><svg onload=alert(3)>{{.}}"

var rawMarkup = regexp.MustCompile(`(?i)<img src=x|<script>alert|<svg[ /]onload|href="\s*javascript:`)

type hostile struct {
	e        *env
	b        *browser
	epID     string
	capURL   string
	session  string   // a listen session's id
	listened []string // the deliveries its hostile results made
	orders   []string // the orders holding the operator's texts
	pages    []string
}

// longHeader is a header value far wider than a phone's screen, with no
// space to break it at.
var longHeader = strings.Repeat("0123456789abcdef", 200)

// longName is a header name as long.
var longName = "X-" + strings.Repeat("Abcdefgh", 40)

// operatorTexts puts the payload in every text the operator token sets
// (an order's failure code and message, its cancel reason, its physical
// delivery's partner and tracking id), and has a listen session, opened
// before them, report hostile results for their events: headers (one
// a Location to javascript:, one far too long for a phone), a body and
// an error.
func (h *hostile) operatorTexts(t *testing.T) {
	e := h.e
	h.session = e.NewListenSession(t, e.APIKey, `{}`)
	order := func(body string) string {
		t.Helper()
		st, b := e.Do(t, "POST", "/v1/orders", e.APIKey, body)
		if st != 201 {
			t.Fatalf("order: %d %s", st, b)
		}
		return testenv.JSON(t, b)["id"].(string)
	}
	move := func(id, what string, body any) string {
		t.Helper()
		st, b := e.Do(t, "POST", "/v1/orders/"+id+"/"+what, e.Operator, body)
		if st != 200 {
			t.Fatalf("%s %s: %d %s", what, id, st, b)
		}
		ev, _ := testenv.JSON(t, b)["event"].(map[string]any)
		if ev == nil {
			return ""
		}
		return ev["id"].(string)
	}
	const short = `"'><img src=x onerror=alert(1)><svg onload=alert(3)>`
	failed := order(`{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`)
	failedEvent := move(failed, "fail", map[string]any{"error": map[string]any{"code": short, "message": xssPayload}})
	cancelledEvent := move(failed, "cancel", map[string]any{"reason": xssPayload})
	delivered := order(`{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}, "delivery_requested": true}`)
	h.orders = []string{failed, delivered}
	uploadedEvent := move(delivered, "upload", nil)
	deliveredEvent := move(delivered, "deliver", map[string]any{"delivery": map[string]any{"partner": xssPayload, "tracking_id": xssPayload}})
	// And each as long as it may be, with nowhere to break.
	long := order(`{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}, "delivery_requested": true}`)
	move(long, "fail", map[string]any{"error": map[string]any{"code": strings.Repeat("E", 64), "message": strings.Repeat("m", 1000)}})
	move(long, "cancel", map[string]any{"reason": strings.Repeat("r", 500)})
	longDelivered := order(`{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}, "delivery_requested": true}`)
	move(longDelivered, "upload", nil)
	move(longDelivered, "deliver", map[string]any{"delivery": map[string]any{"partner": strings.Repeat("p", 100), "tracking_id": strings.Repeat("T", 100)}})
	started := time.Now().UTC().Format(time.RFC3339Nano)
	for _, r := range []map[string]any{
		{"event_id": failedEvent, "status": 302, "response_headers": map[string]any{"Location": "javascript:alert(4)//" + xssPayload, "X-Evil": xssPayload, "X-Long": longHeader, longName: xssPayload},
			"request_headers": map[string]any{"X-Evil'&|~": xssPayload, "X-Long": longHeader, longName: longHeader}, "response_body": xssPayload},
		{"event_id": cancelledEvent, "status": 0, "error": xssPayload, "request_headers": map[string]any{"X-Evil": xssPayload}},
		{"event_id": uploadedEvent, "status": 500, "response_headers": map[string]any{"Content-Type": "text/html", "X-Evil": xssPayload}, "response_body": xssPayload + "\n" + longHeader},
		{"event_id": deliveredEvent, "status": 999, "error": xssPayload + longHeader[:900], "error_kind": "http_status", "response_body": xssPayload},
	} {
		r["started_at"], r["duration_ms"] = started, 4
		st, b := e.Do(t, "POST", "/v1/listen_sessions/"+h.session+"/results", e.APIKey, r)
		if st != 201 {
			t.Fatalf("listen result %v: %d %s", r, st, b)
		}
		h.listened = append(h.listened, testenv.JSON(t, b)["id"].(string))
	}
}

// hostileData fills an account with the payload: an endpoint's URL and
// description, a hostile receiver's answers (headers, body), an API key's
// name, and a capture's path, query, headers and body.
func hostileData(t *testing.T) *hostile {
	// One retry an hour later: the failed deliveries stay "retrying" for
	// the whole test, however slow. With "1m", a loaded run of
	// TestBrowserHostileValuesRunNoScript took over a minute to reach its
	// test event, and found none of the endpoint's deliveries retrying.
	e := startEnv(t, envOptions{Options: testenv.Options{Schedule: "1h"}})
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("X-Evil", xssPayload)
		w.Header().Set("X-Long", longHeader)
		w.Header().Set(longName, longHeader)
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
	st, body = e.Do(t, "POST", "/v1/webhook_endpoints/"+h.epID+"/test", e.APIKey, nil)
	if st != 202 {
		t.Fatalf("test: %d %s", st, body)
	}
	firstTest := testenv.JSON(t, body)["delivery"].(map[string]any)["id"].(string)
	h.operatorTexts(t)
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
	awaitDeliveryStatus(t, e, firstTest, store.DeliveryRetrying, time.Minute)
	testenv.Eventually(t, 30*time.Second, "the test delivery's failure on the retrying list", func() bool {
		return strings.Contains(b.get("/dashboard/deliveries?status=retrying").Body, `data-status="retrying"`)
	})
	h.pages = []string{"/dashboard/", "/dashboard/settings/api-access", "/dashboard/endpoints/" + h.epID,
		"/dashboard/deliveries", "/dashboard/deliveries?endpoint=" + h.session, "/dashboard/monitoring", "/dashboard/monitoring?endpoint=" + h.epID,
		"/dashboard/orders", "/dashboard/inspector", inspPage}
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`/dashboard/(deliveries/dlv|orders/order)_[A-Za-z0-9]+`).FindAllString(
		b.get("/dashboard/deliveries").Body+b.get("/dashboard/deliveries?endpoint="+h.session).Body+b.get("/dashboard/orders").Body, -1) {
		if !seen[m] {
			seen[m] = true
			h.pages = append(h.pages, m)
		}
	}
	for _, d := range h.listened {
		if !seen["/dashboard/deliveries/"+d] {
			t.Errorf("no list links the listen session's delivery %s", d)
			h.pages = append(h.pages, "/dashboard/deliveries/"+d)
		}
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
	fmt.Fprintf(conn, "POST %s/\"><svg/onload=alert(1)>?a=<script>alert(2)</script> HTTP/1.1\r\nHost: %s\r\nX-Evil: %s\r\nX-Long: %s\r\n%s: %s\r\n"+
		"Content-Type: text/html\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", u.Path, u.Host, xssPayload, longHeader, longName, longHeader, len(xssPayload), xssPayload)
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
	shown := map[string]bool{}
	for _, p := range h.pages {
		r := h.b.get(p)
		checkPage(t, p, r)
		shown[p] = strings.Contains(r.Body, "&lt;img src=x onerror=alert(1)&gt;")
	}
	// The pages do show the operator's texts and the listen results.
	for _, id := range append(h.orders, h.listened...) {
		p := "/dashboard/orders/" + id
		if strings.HasPrefix(id, "dlv_") {
			p = "/dashboard/deliveries/" + id
		}
		if !shown[p] {
			t.Errorf("%s shows no payload as text", p)
		}
	}
}

// TestBrowserHostileValuesRunNoScript opens the same pages in Chromium,
// and has a capture and a delivery arrive live (the script inserts their
// rows): no dialog opens, no script error or CSP violation is reported,
// and no link leads anywhere but http(s).
func TestBrowserHostileValuesRunNoScript(t *testing.T) {
	h := hostileData(t)
	tb := signedInTab(t, h.e)
	for _, p := range h.pages {
		tb.do("open "+p, chromedp.Navigate(h.e.URL+p), chromedp.WaitVisible(css(`nav.mainnav`)))
		if bad := eval[[]string](tb, `Array.from(document.querySelectorAll("a[href]")).map(function (a) { return a.href; }).filter(function (h) { return !/^https?:/.test(h); })`); len(bad) > 0 {
			t.Errorf("%s: links %q", p, bad)
		}
	}
	// At a phone's width no page is wider than the screen, whatever the
	// length of a header a capture, a receiver or a listen result gave.
	for _, p := range h.pages {
		tb.do("open "+p+" at 375 px", chromedp.EmulateViewport(375, 800), chromedp.Navigate(h.e.URL+p), chromedp.WaitVisible(css(`nav.mainnav`)))
		if w := eval[int](tb, `document.documentElement.scrollWidth`); w > 375 {
			t.Errorf("%s at 375 px is %d px wide", p, w)
		}
		// A header table fits too: its values break, it does not scroll.
		if bad := eval[[]string](tb, `Array.from(document.querySelectorAll(".table-wrap")).filter(function (w) { return w.querySelector("table.kv") && w.scrollWidth > w.clientWidth + 1; }).map(function (w) { return w.scrollWidth + " px in " + w.clientWidth + " px"; })`); len(bad) > 0 {
			t.Errorf("%s at 375 px: header tables scroll sideways: %q", p, bad)
		}
	}
	tb.do("full width", chromedp.EmulateViewport(1280, 900))
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
	tst, tbody := h.e.Do(t, "POST", "/v1/webhook_endpoints/"+h.epID+"/test", h.e.APIKey, nil)
	if tst != 202 {
		t.Fatalf("test: %d %s", tst, tbody)
	}
	// Its own row, not a count of retrying rows: the endpoint's earlier
	// deliveries may have left that state or the list's ten rows.
	dl, _ := testenv.JSON(t, tbody)["delivery"].(map[string]any)
	sent, _ := dl["id"].(string)
	if sent == "" {
		t.Fatalf("test: no delivery in %s", tbody)
	}
	awaitDeliveryStatus(t, h.e, sent, store.DeliveryRetrying, time.Minute)
	testenv.Eventually(t, 30*time.Second, "the delivery, recorded, to arrive live", func() bool {
		return eval[bool](tb, `!!document.querySelector('#recent tr[data-delivery-id="`+sent+`"][data-status="retrying"]')`)
	})
	// A listen result arriving live (the session's deliveries list
	// inserts its row), and an order cancelled since with a hostile
	// reason.
	tb.do("open the listen session's deliveries", chromedp.Navigate(h.e.URL+"/dashboard/deliveries?endpoint="+h.session), chromedp.WaitVisible(css(`nav.mainnav`)))
	tb.waitLive()
	rows := eval[int](tb, `document.querySelectorAll("tr[data-status]").length`)
	st, body := h.e.Do(t, "POST", "/v1/orders", h.e.APIKey, `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`)
	if st != 201 {
		t.Fatalf("order: %d %s", st, body)
	}
	order := testenv.JSON(t, body)["id"].(string)
	st, body = h.e.Do(t, "POST", "/v1/orders/"+order+"/upload", h.e.Operator, nil)
	if st != 200 {
		t.Fatalf("upload: %d %s", st, body)
	}
	event := testenv.JSON(t, body)["event"].(map[string]any)["id"].(string)
	if st, body := h.e.Do(t, "POST", "/v1/listen_sessions/"+h.session+"/results", h.e.APIKey, map[string]any{
		"event_id": event, "started_at": time.Now().UTC().Format(time.RFC3339Nano), "duration_ms": 4, "status": 0, "error": xssPayload,
		"request_headers": map[string]any{"X-Evil": xssPayload, longName: longHeader}}); st != 201 {
		t.Fatalf("listen result: %d %s", st, body)
	}
	testenv.Eventually(t, 30*time.Second, "the listen result to arrive live", func() bool {
		return eval[int](tb, `document.querySelectorAll("tr[data-status]").length`) > rows
	})
	if st, body := h.e.Do(t, "POST", "/v1/orders/"+order+"/cancel", h.e.Operator, map[string]any{"reason": xssPayload}); st != 200 {
		t.Fatalf("cancel: %d %s", st, body)
	}
	tb.do("open the order", chromedp.Navigate(h.e.URL+"/dashboard/orders/"+order), chromedp.WaitVisible(css(`nav.mainnav`)))
	if !eval[bool](tb, `document.body.textContent.indexOf("<img src=x onerror=alert(1)>") >= 0`) {
		t.Errorf("the cancelled order's page does not show its reason as text")
	}
	if d := tb.dialogs.Load(); d != 0 {
		t.Errorf("%d dialogs opened", d)
	}
	tb.noBrowserErrors(t)
}
