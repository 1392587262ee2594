package dashboard_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// Values at the lengths the server allows stay readable: a long header
// name (from a receiver, or anyone holding a capture URL) wraps in a
// column of its own instead of squeezing the value to a letter per line,
// a 2,000-character endpoint URL with a 500-character description is
// shortened where it is shown, not spread over screens, and a captured
// request's long method wraps.
func TestBrowserLongValuesKeepTheLayout(t *testing.T) {
	e := startEnv(t, envOptions{})
	longURL := "http://127.0.0.1:9/p?x=" + strings.Repeat("c", 2000)
	ep := createEndpoint(t, e, longURL)
	if _, err := e.Store.UpdateEndpoint(context.Background(), e.AccountID, ep, func(x *store.Endpoint) error {
		x.Description = strings.Repeat("d", 500)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	tb := newTab(t)
	tb.do("sign in", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(e.URL+"/dashboard/signin"), chromedp.WaitVisible(css(`#email`)),
		chromedp.SendKeys(css(`#email`), e.Email), chromedp.SendKeys(css(`#password`), e.Password+kb.Enter),
		chromedp.WaitVisible(css(`nav.mainnav`)))
	height := func() int { return eval[int](tb, `document.documentElement.scrollHeight`) }

	tb.do("open the settings", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`table.endpoints`)))
	if h := height(); h > 3000 {
		t.Errorf("settings page with one long endpoint is %d px tall", h)
	}
	tb.do("open the endpoint", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(css(`h1`)))
	if h := eval[int](tb, `document.querySelector("h1").getBoundingClientRect().height | 0`); h > 300 {
		t.Errorf("the endpoint page's heading is %d px tall", h)
	}

	tb.do("create an inspector", chromedp.Navigate(e.URL+"/dashboard/inspector"), chromedp.Click(button("Create inspector URL")),
		chromedp.WaitVisible(css(`[data-capture-url]`)))
	captureURL := tb.text(`[data-capture-url]`)
	h := http.Header{}
	h["X-"+strings.Repeat("N", 300)] = []string{strings.Repeat("V", 6000)}
	if st, body := send(t, "POST", captureURL+"/"+strings.Repeat("p", 2000), `{"k":"`+strings.Repeat("J", 3000)+`"}`, h); st >= 300 {
		t.Fatalf("capture: %d %s", st, body)
	}
	tb.do("the capture arrives", chromedp.WaitVisible(css(`.capture[data-seq="1"]`)))
	if h := height(); h > 8000 {
		t.Errorf("inspector page with one capture holding a long header is %d px tall", h)
	}
	if w := eval[int](tb, `(function () { var m = 1e9; document.querySelectorAll(".kv td").forEach(function (c) { m = Math.min(m, c.getBoundingClientRect().width); }); return m | 0; })()`); w < 200 {
		t.Errorf("a header value's cell is %d px wide: %s", w, eval[string](tb, `Array.prototype.map.call(document.querySelectorAll(".kv tr"), function (r) { return r.querySelector("th").getBoundingClientRect().width + "/" + r.querySelector("td").getBoundingClientRect().width + ":" + r.querySelector("th").textContent.slice(0, 20) + "|" + r.closest("table").getBoundingClientRect().width; }).join(" ; ")`))
	}
	// A method is any token its sender likes: one of 3,000 letters, unbroken
	// in its badge, made the page 21,000 px wide.
	if st, body := send(t, strings.Repeat("M", 3000), captureURL+"/m", `{}`, nil); st >= 300 {
		t.Fatalf("capture with a long method: %d %s", st, body)
	}
	tb.do("the capture with a long method arrives", chromedp.WaitVisible(css(`.capture[data-seq="2"]`)))
	if w := eval[int](tb, `document.documentElement.scrollWidth`); w > 1280 {
		t.Errorf("inspector page with a long method is %d px wide in a 1280 px window", w)
	}
	tb.noBrowserErrors(t)
}

// Every link of the top bar is whole at every width, with a long email
// beside it: between 900 and 1140 px the links scrolled in a bar with a
// hidden scrollbar, and "Settings", the guide's first step, was cut off
// with nothing to show it was there. A 100-character key name without a
// space wraps instead of widening the settings page.
func TestBrowserTopBarAndLongNamesFit(t *testing.T) {
	e := startEnv(t, envOptions{})
	tb := newTab(t)
	tb.do("sign in", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(e.URL+"/dashboard/signin"), chromedp.WaitVisible(css(`#email`)),
		chromedp.SendKeys(css(`#email`), e.Email), chromedp.SendKeys(css(`#password`), e.Password+kb.Enter),
		chromedp.WaitVisible(css(`nav.mainnav`)))
	// Each link's box lies inside the bar and is as wide as its text.
	const cut = `(function () {
		var bad = [], vw = document.documentElement.clientWidth;
		document.querySelectorAll("nav.mainnav a").forEach(function (a) {
			var r = a.getBoundingClientRect(), ul = a.closest("ul").getBoundingClientRect();
			if (r.right > ul.right + 0.5 || r.left < ul.left - 0.5 || r.right > vw || a.scrollWidth > a.clientWidth + 1) bad.push(a.textContent.trim());
		});
		return bad.join(", ");
	})()`
	for _, width := range []int64{1280, 1140, 1100, 1000, 940, 901, 800, 375} {
		tb.do("resize", chromedp.EmulateViewport(width, 800), chromedp.Navigate(e.URL+"/dashboard/"), chromedp.WaitVisible(css(`nav.mainnav`)))
		if bad := eval[string](tb, cut); bad != "" {
			t.Errorf("at %d px the top bar cuts off: %s", width, bad)
		}
		if w := eval[int](tb, `document.documentElement.scrollWidth`); w > int(width) {
			t.Errorf("at %d px the page is %d px wide", width, w)
		}
	}

	name := strings.Repeat("k", 100)
	for _, width := range []int64{1280, 375} {
		tb.do("create a key with a long name", chromedp.EmulateViewport(width, 800), chromedp.Navigate(e.URL+"/dashboard/settings/api-access"),
			chromedp.WaitVisible(css(`#key-name`)), chromedp.SendKeys(css(`#key-name`), name+kb.Enter), chromedp.WaitVisible(css(`#new-key`)))
		if w := eval[int](tb, `document.documentElement.scrollWidth`); w > int(width) {
			t.Errorf("at %d px, the page showing the new key is %d px wide", width, w)
		}
		tb.do("the list", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`#key-name`)))
		if w := eval[int](tb, `document.documentElement.scrollWidth`); w > int(width) {
			t.Errorf("at %d px, the keys list is %d px wide", width, w)
		}
	}
	tb.noBrowserErrors(t)
}

// At a laptop's 1280 px the Deliveries table fits its card: with an
// endpoint of a long URL and description, and a listen session's result,
// it was 1214 px in a 1158 px wrapper, and the last attempt's time showed as "2026-12-02 04:2…"
// unless scrolled sideways. At 375 px the page stays a phone's width.
func TestBrowserDeliveriesTableFitsALaptop(t *testing.T) {
	// A retry an hour away: the unanswered delivery stays retrying (with
	// the default 200 ms and 400 ms it could fail for good before a loaded
	// machine saw it retrying).
	e := startEnv(t, envOptions{Options: testenv.Options{Schedule: "1h"}})
	rc := newReceiver(t)
	answered := createEndpoint(t, e, rc.URL+"/webhooks/esahayak/production/stamp-orders/receiver-v2")
	unanswered := createEndpoint(t, e, "http://127.0.0.1:9/webhooks/esahayak/staging/stamp-orders/receiver-v2")
	for _, ep := range []string{answered, unanswered} {
		if _, err := e.Store.UpdateEndpoint(context.Background(), e.AccountID, ep, func(x *store.Endpoint) error {
			x.Description = "Production receiver for stamp order events (payments team, Mumbai office)"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	testDeliveryTo(t, e, answered, store.DeliverySucceeded, time.Minute)
	testDeliveryTo(t, e, unanswered, store.DeliveryRetrying, time.Minute)
	// A listen session's result names the session, an id without a
	// place to wrap, where the endpoint would be.
	reportListenResult(t, e, `"status": 0, "error": "dial tcp 127.0.0.1:3000: connect: connection refused"`)

	tb := newTab(t)
	tb.do("sign in", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(e.URL+"/dashboard/signin"), chromedp.WaitVisible(css(`#email`)),
		chromedp.SendKeys(css(`#email`), e.Email), chromedp.SendKeys(css(`#password`), e.Password+kb.Enter),
		chromedp.WaitVisible(css(`nav.mainnav`)))
	// The table is no wider than its wrapper, and every row's time lies
	// inside the wrapper's box.
	const overflow = `(function () {
		var wrap = document.querySelector("table.deliveries").closest(".table-wrap"), box = wrap.getBoundingClientRect(), bad = [];
		if (wrap.scrollWidth > wrap.clientWidth) bad.push("table " + wrap.scrollWidth + " px in a wrapper of " + wrap.clientWidth + " px (columns " +
			Array.prototype.map.call(wrap.querySelectorAll("thead th"), function (th) { return th.getBoundingClientRect().width | 0; }).join("/") + ")");
		wrap.querySelectorAll("td.when time").forEach(function (t) {
			if (t.getBoundingClientRect().right > box.right + 0.5) bad.push("the time " + t.textContent + " is cut");
		});
		return bad.join("; ");
	})()`
	for _, page := range []string{"/dashboard/deliveries", "/dashboard/"} {
		tb.do("open "+page, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(e.URL+page), chromedp.WaitVisible(css(`table.deliveries td.when time`)))
		if n := eval[int](tb, `document.querySelectorAll("table.deliveries td.when time").length`); n < 3 {
			t.Fatalf("%s lists %d attempted deliveries, want 3 or more", page, n)
		}
		if bad := eval[string](tb, overflow); bad != "" {
			t.Errorf("at 1280 px on %s: %s", page, bad)
		}
		tb.screenshot("deliveries-table-1280" + strings.ReplaceAll(strings.TrimSuffix(page, "/"), "/", "-"))
		tb.do("narrow "+page, chromedp.EmulateViewport(375, 800), chromedp.Navigate(e.URL+page), chromedp.WaitVisible(css(`table.deliveries`)))
		if w := eval[int](tb, `document.documentElement.scrollWidth`); w > 375 {
			t.Errorf("at 375 px %s is %d px wide", page, w)
		}
	}
	tb.noBrowserErrors(t)
}

// An account's name (up to 200 characters, set by `esahayak accounts
// create`) is shown under the overview's heading and in every page's
// footer, where it did not wrap: a name of 200 letters without a space
// made every page of the account 1,669 px wide, at 375 px and at
// 1280 px alike, and the overview 1,946. It wraps now, shown whole.
func TestBrowserLongAccountNameKeepsPagesOnScreen(t *testing.T) {
	e := startEnv(t, envOptions{})
	name := "שלום" + strings.Repeat("StampServices", 15) + "A"
	acct, _, err := api.CreateAccount(context.Background(), e.Store, name, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dashboardCreateUser(e.Store, acct.ID, "long@example.com", testPassword); err != nil {
		t.Fatal(err)
	}
	tb := newTab(t)
	tb.do("sign in", chromedp.Navigate(e.URL+"/dashboard/signin"), chromedp.WaitVisible(css(`#email`)),
		chromedp.SendKeys(css(`#email`), "long@example.com"), chromedp.SendKeys(css(`#password`), testPassword+kb.Enter),
		chromedp.WaitVisible(css(`nav.mainnav`)))
	for _, width := range []int64{375, 1280} {
		for _, p := range []string{"/dashboard/", "/dashboard/settings/api-access", "/dashboard/deliveries", "/dashboard/orders"} {
			tb.do("open "+p, chromedp.EmulateViewport(width, 800), chromedp.Navigate(e.URL+p), chromedp.WaitVisible(css(`footer`)))
			if w := eval[int](tb, `document.documentElement.scrollWidth`); w > int(width) {
				t.Errorf("at %d px, %s is %d px wide", width, p, w)
			}
			if !eval[bool](tb, `document.querySelector("footer").textContent.indexOf(`+strconv.Quote(name)+`) >= 0`) {
				t.Errorf("at %d px, %s's footer does not name the account", width, p)
			}
		}
	}
	tb.noBrowserErrors(t)
}
