package dashboard_test

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// The widths the layout tests look at: a phone's and a laptop's.
var (
	phone   = chromedp.EmulateViewport(375, 800, chromedp.EmulateScale(2), chromedp.EmulateMobile)
	desktop = chromedp.EmulateViewport(1280, 900)
)

// sendTestEvent sends a test event to ep and waits until it is delivered.
func sendTestEvent(t *testing.T, e *env, ep string) string {
	t.Helper()
	return testDeliveryTo(t, e, ep, store.DeliverySucceeded, time.Minute)
}

// testDeliveryTo sends a test event to ep and waits until its delivery
// has status (at most timeout, failing with what its attempts met); it
// returns the delivery's id.
func testDeliveryTo(t *testing.T, e *env, ep, status string, timeout time.Duration) string {
	t.Helper()
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/test", e.APIKey, nil)
	if st != 202 {
		t.Fatalf("test event: %d %s", st, body)
	}
	id := testenv.JSON(t, body)["delivery"].(map[string]any)["id"].(string)
	awaitDeliveryStatus(t, e, id, status, timeout)
	return id
}

type chartLabel struct {
	Text   string  `json:"text"`
	X      float64 `json:"x"`     // in the chart's units
	Right  float64 `json:"right"` // in the chart's units
	FontPx float64 `json:"fontPx"`
	Height float64 `json:"height"`
}

type chartInfo struct {
	Title  string       `json:"title"`
	Labels []chartLabel `json:"labels"`
	Marks  []float64    `json:"marks"` // each dot's (or zero tick's) larger side, CSS px
}

// The monitoring charts with response times of seconds: every axis label
// is a sensible value, inside the chart (not "000 ms" for a cut "5000
// ms"), and at least 10 CSS pixels tall on a phone and on a laptop; a
// point with data, a 0% among them, is a mark one can see.
func TestBrowserChartsReadable(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	rc.hold.Store(int64(2600 * time.Millisecond)) // an average of 2.6 s: a scale to 5 s
	ep := createEndpoint(t, e, rc.URL+"/slow")
	sendTestEvent(t, e, ep)
	tb := signedInTab(t, e)
	value := regexp.MustCompile(`^(\d+(\.\d)?( ms| s|%)?|\d\d:\d\d)$`)
	for _, size := range []struct {
		name string
		vp   chromedp.Action[chromedp.Void]
	}{{"phone", phone}, {"desktop", desktop}} {
		t.Run(size.name, func(t *testing.T) {
			tb.t = t
			tb.do("open monitoring", size.vp, chromedp.Navigate(e.URL+"/dashboard/monitoring?window=1h&endpoint="+ep),
				chromedp.WaitVisible(css(`svg.chart`)))
			charts := eval[[]chartInfo](tb, `Array.from(document.querySelectorAll("svg.chart")).map(function (svg) {
				var scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
				return {
					title: svg.querySelector("title").textContent,
					labels: Array.from(svg.querySelectorAll("text.chart-label")).map(function (t) {
						var bb = t.getBBox();
						return { text: t.textContent, x: bb.x, right: bb.x + bb.width,
							fontPx: parseFloat(getComputedStyle(t).fontSize) * scale, height: t.getBoundingClientRect().height };
					}),
					marks: Array.from(svg.querySelectorAll(".chart-dot, .chart-zero")).map(function (d) {
						var r = d.getBoundingClientRect(); return Math.max(r.width, r.height);
					})
				};
			})`)
			if len(charts) != 4 {
				t.Fatalf("%d charts", len(charts))
			}
			var rt []string
			for _, c := range charts {
				for _, l := range c.Labels {
					if !value.MatchString(l.Text) {
						t.Errorf("%s: label %q is not a value", c.Title, l.Text)
					}
					if l.X < 0 || l.Right > 640 {
						t.Errorf("%s: label %q runs out of the chart (%.1f to %.1f of 0 to 640)", c.Title, l.Text, l.X, l.Right)
					}
					if l.FontPx < 10 || l.Height < 10 {
						t.Errorf("%s: label %q is drawn %.1f px (box %.1f px) high; want 10 or more", c.Title, l.Text, l.FontPx, l.Height)
					}
					if strings.HasPrefix(c.Title, "Response time") {
						rt = append(rt, l.Text)
					}
				}
				if c.Title != "Retry attempts" && len(c.Marks) == 0 {
					t.Errorf("%s: no mark for the interval with an attempt", c.Title)
				}
				for _, m := range c.Marks {
					if m < 6 {
						t.Errorf("%s: a point is a %.1f px mark; want 6 px or more", c.Title, m)
					}
				}
			}
			if got := strings.Join(rt, " "); !strings.Contains(got, "5 s") || !strings.Contains(got, "2.5 s") {
				t.Errorf("response-time labels %q; want the scale in seconds (2.5 s, 5 s)", got)
			}
			tb.screenshot("charts-" + size.name)
		})
	}
	tb.t = t
	tb.noBrowserErrors(t)
}

// contrast is the WCAG contrast ratio of a CSS rgb()/rgba() colour drawn
// over white.
func contrast(t *testing.T, css string) float64 {
	t.Helper()
	m := regexp.MustCompile(`rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)`).FindStringSubmatch(css)
	if m == nil {
		t.Fatalf("colour %q", css)
	}
	alpha := 1.0
	if m[4] != "" {
		alpha, _ = strconv.ParseFloat(m[4], 64)
	}
	lum := 0.0
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		c, _ := strconv.ParseFloat(m[i+1], 64)
		c = (c*alpha + 255*(1-alpha)) / 255
		if c <= 0.03928 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		lum += w * c
	}
	return 1.05 / (lum + 0.05)
}

type focusInfo struct {
	Type    string `json:"type"`
	Visible bool   `json:"visible"`
	Style   string `json:"style"`
	Width   string `json:"width"`
	Color   string `json:"color"`
}

// With the keyboard: Send test event keeps the focus on its button (the
// button is disabled while the event goes, which takes the focus away),
// and a checkbox reached with Tab shows a clear focus ring.
func TestBrowserKeyboardFocus(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/ok")
	tb := signedInTab(t, e)
	tb.do("open the endpoint", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(css(`#test-type`)))

	const send = `#test form[data-async] button[type=submit]`
	eval[bool](tb, `document.querySelector('`+send+`').focus(), true`)
	tb.do("press Enter on Send test event", chromedp.KeyEvent(kb.Enter))
	testenv.Eventually(t, time.Minute, "the test event's result", func() bool {
		return eval[bool](tb, `/^Test /.test(document.querySelector("[data-async-result]").textContent) && !document.querySelector('`+send+`').disabled`)
	})
	if got := eval[string](tb, `document.activeElement === document.querySelector('`+send+`') ? "Send test event" : document.activeElement.tagName`); got != "Send test event" {
		t.Errorf("after sending, the focus is on %s; want it back on Send test event", got)
	}

	eval[bool](tb, `document.getElementById("endpoint-description").focus(), true`)
	tb.do("Tab to the first event type", chromedp.KeyEvent(kb.Tab))
	f := eval[focusInfo](tb, `(function () { var a = document.activeElement, cs = getComputedStyle(a);
		return { type: a.type || a.tagName, visible: a.matches(":focus-visible"), style: cs.outlineStyle, width: cs.outlineWidth, color: cs.outlineColor }; })()`)
	if f.Type != "checkbox" || !f.Visible {
		t.Fatalf("Tab from the description reached %+v; want a checkbox, focus-visible", f)
	}
	width, _ := strconv.ParseFloat(strings.TrimSuffix(f.Width, "px"), 64)
	if f.Style == "none" || width < 2 {
		t.Errorf("a focused checkbox has the outline %s %s; want a visible ring", f.Style, f.Width)
	}
	if c := contrast(t, f.Color); c < 3 {
		t.Errorf("a focused checkbox's ring %s has a contrast of %.2f:1 against white; want 3:1 or more", f.Color, c)
	}
	tb.noBrowserErrors(t)
}

type box struct {
	Top     float64 `json:"top"`
	Bottom  float64 `json:"bottom"`
	ScrollY float64 `json:"scrollY"`
	Height  float64 `json:"height"`
	Focus   string  `json:"focus"`
}

// A form answered with an error shows the form and its message, and puts
// the focus on the field to correct — not the top of the page, with the
// message at the bottom edge.
func TestBrowserFormErrorInView(t *testing.T) {
	e := startEnv(t, envOptions{})
	tb := signedInTab(t, e)
	tb.do("open settings", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`#webhook-url`)))
	// Keys above the form push it down the page.
	for i := 0; i < 3; i++ {
		tb.do("create a key", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`#key-name`)),
			chromedp.Click(button("Create API key")), chromedp.WaitVisible(css(`#new-key`)))
	}
	tb.do("save an empty URL", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`#webhook-url`)),
		chromedp.Click(button("Save Webhook")), chromedp.WaitVisible(css(`#url-error`)))
	// Autofocus and the script's scroll come once the page has loaded:
	// read until they have, for up to 5 s (a fixed 300 ms could end before
	// a loaded machine got there).
	var b box
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		b = eval[box](tb, `(function () { var s = document.getElementById("webhook-configuration").getBoundingClientRect(),
			m = document.getElementById("url-error").getBoundingClientRect();
			return { top: s.top, bottom: m.bottom, scrollY: window.scrollY, height: window.innerHeight, focus: document.activeElement.id || document.activeElement.tagName }; })()`)
		if (b.Focus == "webhook-url" && b.ScrollY != 0) || time.Now().After(deadline) {
			break
		}
	}
	if b.Focus != "webhook-url" {
		t.Errorf("after the refused save the focus is on %s; want the URL field", b.Focus)
	}
	if b.ScrollY == 0 || b.Top < 0 || b.Top > 200 || b.Bottom > b.Height {
		t.Errorf("after the refused save: scrolled %.0f, the section's top at %.0f, the message's bottom at %.0f of %.0f; want the section at the top, the message in view",
			b.ScrollY, b.Top, b.Bottom, b.Height)
	}
	tb.screenshot("form-error-in-view")
	tb.noBrowserErrors(t)
}

// Without the script, a refused form relies on autofocus, which scrolls
// the field just into view, at the bottom of the screen: its message must
// be in view too (it stands between the label and the field).
func TestBrowserFormErrorInViewWithoutJavaScript(t *testing.T) {
	e := startEnv(t, envOptions{})
	tb := signedInTab(t, e)
	for i := 0; i < 3; i++ { // keys above the form push it down the page
		tb.do("create a key", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`#key-name`)),
			chromedp.Click(button("Create API key")), chromedp.WaitVisible(css(`#new-key`)))
	}
	scripts := func(off bool) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
			_, err := cdp.Call(ctx, tgt, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
			return err
		})
	}
	tb.do("a short window without JavaScript", chromedp.EmulateViewport(1280, 700), scripts(true))
	defer tb.do("JavaScript back on", scripts(false), desktop)
	tb.do("save an empty URL", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`#webhook-url`)),
		chromedp.Click(button("Save Webhook")), chromedp.WaitVisible(css(`#url-error`)))
	// Autofocus comes once the page has loaded: wait for it (a fixed
	// 300 ms could end before a loaded machine got there).
	for deadline := time.Now().Add(5 * time.Second); eval[string](tb, `document.activeElement.id`) != "webhook-url" && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	// How far autofocus scrolls differs between browsers and window sizes;
	// the least is the field just in view at the bottom edge (Chromium did
	// that for a 700 px window with endpoints listed below the form).
	eval[bool](tb, `document.getElementById("webhook-url").scrollIntoView({block: "end"}), true`)
	b := eval[box](tb, `(function () { var m = document.getElementById("url-error").getBoundingClientRect(),
		f = document.getElementById("webhook-url").getBoundingClientRect();
		return { top: m.top, bottom: Math.max(m.bottom, f.bottom), scrollY: window.scrollY, height: window.innerHeight, focus: document.activeElement.id || document.activeElement.tagName }; })()`)
	if b.Focus != "webhook-url" {
		t.Errorf("after the refused save the focus is on %s; want the URL field", b.Focus)
	}
	if b.Top < 0 || b.Bottom > b.Height {
		t.Errorf("without JavaScript, the refused save shows the message and field from %.0f to %.0f of a %.0f px window (scrolled %.0f); want both in view",
			b.Top, b.Bottom, b.Height, b.ScrollY)
	}
	tb.screenshot("form-error-in-view-nojs")
}

// A deliveries page filtered by status keeps to its filter as deliveries
// change: a retrying delivery that succeeds leaves the retrying list.
func TestBrowserLiveUpdateKeepsStatusFilter(t *testing.T) {
	e := startEnv(t, envOptions{Options: testenv.Options{Schedule: "1m"}})
	rc := newReceiver(t)
	rc.failing.Store(true)
	ep := createEndpoint(t, e, rc.URL+"/flaky")
	id := testDeliveryTo(t, e, ep, store.DeliveryRetrying, time.Minute)
	tb := signedInTab(t, e)
	row := `tr[data-delivery-id="` + id + `"]`
	tb.do("open the retrying deliveries", chromedp.Navigate(e.URL+"/dashboard/deliveries?status=retrying"), chromedp.WaitVisible(css(row)))
	tb.waitLive()
	rc.failing.Store(false)
	if st, body := e.Do(t, "POST", "/v1/deliveries/"+id+"/retry", e.APIKey, nil); st >= 300 {
		t.Fatalf("retry: %d %s", st, body)
	}
	awaitSucceeded(t, e, id, time.Minute)
	gone := false
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !gone; time.Sleep(100 * time.Millisecond) {
		gone = eval[bool](tb, `!document.querySelector('`+row+`')`)
	}
	if !gone {
		t.Fatalf("the delivery, now %s, stays in the list of retrying deliveries", eval[string](tb, `document.querySelector('`+row+`').dataset.status`))
	}
	// The emptied list is read again at once (catchUp), and the reload's
	// own empty row replaces the one the script put there: a read that
	// lands between finding the row and reading its text gets "", so the
	// text is read until it settles.
	if got := tb.textEventually(`table[data-live-deliveries] tr.empty-row`, "No deliveries match these filters."); got != "No deliveries match these filters." {
		t.Errorf("the emptied table says %q", got)
	}
	tb.noBrowserErrors(t)
}

// midWordBreaks lists the places where el's text wraps to a new line
// other than after a slash, "?", "&", a dash or a space.
const midWordBreaks = `function (el) {
	var bad = [], prevTop = null, prev = "", w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), n;
	while ((n = w.nextNode())) {
		for (var i = 0; i < n.data.length; i++) {
			var r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
			var rects = r.getClientRects(); if (!rects.length) continue;
			var top = rects[rects.length - 1].top, c = n.data[i];
			if (prevTop !== null && top > prevTop + 3 && !/[\s\/?&\u2014]/.test(prev) && !/\s/.test(c)) bad.push(el.textContent.trim() + " at " + prev + "|" + c);
			prevTop = top; prev = c;
		}
	}
	return bad;
}`

// hangingSeparators lists the "·" of el that end a line: each belongs
// with the item after it.
const hangingSeparators = `function (el) {
	var chars = [], w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), n;
	while ((n = w.nextNode())) {
		for (var i = 0; i < n.data.length; i++) {
			var r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
			var rects = r.getClientRects();
			if (rects.length) chars.push({ c: n.data[i], top: rects[0].top });
		}
	}
	var bad = [];
	chars.forEach(function (x, k) {
		if (x.c !== "\u00b7") return;
		for (var j = k + 1; j < chars.length; j++) {
			if (/\s/.test(chars[j].c)) continue;
			if (Math.abs(chars[j].top - x.top) > 3) bad.push("· before " + chars[j].c);
			return;
		}
	});
	return bad;
}`

// The layout with real endpoint URLs and descriptions: URLs wrap after
// their slashes in tables; an endpoint's head line keeps each "·" with
// what follows it; on a phone the top bar scrolls away; the endpoint
// select of Monitoring is wide enough to read.
func TestBrowserLayoutOfURLsAndLabels(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	long := "A very long description that goes on and on to see how the tables and selects cope with it: Lorem ipsum dolor sit amet, " +
		"consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua."
	mk := func(path, desc string) string {
		t.Helper()
		body := map[string]any{"url": rc.URL + path}
		if desc != "" {
			body["description"] = desc
		}
		st, out := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, body)
		if st != 201 {
			t.Fatalf("endpoint: %d %s", st, out)
		}
		return testenv.JSON(t, out)["id"].(string)
	}
	okEP := mk("/hooks/ok", "")
	failEP := mk("/hooks/fail", "Billing service that always fails")
	longEP := mk("/services/T00000000/B11111111/hooks/"+strings.Repeat("a", 40)+"/slow?token="+strings.Repeat("z", 30)+"&x=1", long)
	toggleEP := mk("/hooks/toggle", "")
	for _, ep := range []string{okEP, failEP, longEP, toggleEP} {
		sendTestEvent(t, e, ep)
	}
	tb := signedInTab(t, e)
	short := []string{okEP, failEP, toggleEP}

	t.Run("URLs wrap after slashes", func(t *testing.T) {
		tb.t = t
		tb.do("settings", desktop, chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`table.endpoints`)))
		for _, ep := range short {
			if bad := eval[[]string](tb, `(`+midWordBreaks+`)(document.querySelector('tr[data-endpoint-id="`+ep+`"] td.url a'))`); len(bad) > 0 {
				t.Errorf("Settings, Your endpoints: a URL breaks inside a word: %v", bad)
			}
		}
		tb.screenshot("layout-settings")
		tb.do("deliveries", chromedp.Navigate(e.URL+"/dashboard/deliveries"), chromedp.WaitVisible(css(`table[data-live-deliveries]`)))
		for _, ep := range short {
			if bad := eval[[]string](tb, `(`+midWordBreaks+`)(document.querySelector('td.col-endpoint a[href="/dashboard/endpoints/`+ep+`"]'))`); len(bad) > 0 {
				t.Errorf("Deliveries: an endpoint breaks inside a word: %v", bad)
			}
		}
		tb.screenshot("layout-deliveries")
	})

	t.Run("separators stay with their item", func(t *testing.T) {
		tb.t = t
		for _, vp := range []struct {
			name string
			a    chromedp.Action[chromedp.Void]
		}{{"phone", phone}, {"desktop", desktop}} {
			tb.do("endpoint page", vp.a, chromedp.Navigate(e.URL+"/dashboard/endpoints/"+longEP), chromedp.WaitVisible(css(`.head-meta`)))
			if bad := eval[[]string](tb, `(`+hangingSeparators+`)(document.querySelector(".head-meta"))`); len(bad) > 0 {
				t.Errorf("%s: a separator ends a line of the endpoint's head line: %v", vp.name, bad)
			}
			tb.screenshot("layout-endpoint-head-" + vp.name)
		}
	})

	t.Run("the top bar scrolls away on a phone", func(t *testing.T) {
		tb.t = t
		tb.do("a long page on a phone", phone, chromedp.Navigate(e.URL+"/dashboard/endpoints/"+longEP), chromedp.WaitVisible(css(`main`)))
		bottom := eval[float64](tb, `window.scrollTo(0, document.documentElement.scrollHeight), document.querySelector(".topbar").getBoundingClientRect().bottom`)
		if bottom > 0 {
			t.Errorf("scrolled to the end, the top bar still takes %.0f px of the phone's screen", bottom)
		}
		tb.do("desktop", desktop, chromedp.Navigate(e.URL+"/dashboard/endpoints/"+longEP), chromedp.WaitVisible(css(`main`)))
		if pos := eval[string](tb, `getComputedStyle(document.querySelector(".topbar")).position`); pos != "sticky" {
			t.Errorf("on a laptop the top bar is %s; want it sticky still", pos)
		}
	})

	t.Run("the endpoint select is readable", func(t *testing.T) {
		tb.t = t
		fits := `(function () {
			var s = document.getElementById("m-endpoint"), cs = getComputedStyle(s), c = document.createElement("canvas").getContext("2d");
			c.font = cs.fontWeight + " " + cs.fontSize + " " + cs.fontFamily;
			var room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20;
			return [room, c.measureText(s.options[s.selectedIndex].text).width, s.getBoundingClientRect().width, s.form.getBoundingClientRect().width];
		})()`
		tb.do("monitoring on a laptop", desktop, chromedp.Navigate(e.URL+"/dashboard/monitoring?endpoint="+failEP), chromedp.WaitVisible(css(`#m-endpoint`)))
		if m := eval[[]float64](tb, fits); m[0] < m[1] {
			t.Errorf("on a laptop the endpoint select has %.0f px for a %.0f px label", m[0], m[1])
		}
		tb.do("monitoring on a phone", phone, chromedp.Navigate(e.URL+"/dashboard/monitoring?endpoint="+failEP), chromedp.WaitVisible(css(`#m-endpoint`)))
		if m := eval[[]float64](tb, fits); m[2] < 0.9*m[3] {
			t.Errorf("on a phone the endpoint select is %.0f px of the form's %.0f", m[2], m[3])
		}
		tb.do("desktop", desktop)
	})
	tb.t = t
	tb.noBrowserErrors(t)

}

// TestBrowserFocusClearsTheTopBar: a control reached with Shift+Tab from
// the bottom of a long page is scrolled clear of the sticky top bar, at a
// laptop's width and a tablet's (where the bar takes two rows); it was
// left under the bar, its focus ring hidden.
func TestBrowserFocusClearsTheTopBar(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	for i := 0; i < 4; i++ {
		ep := createEndpoint(t, e, fmt.Sprintf("%s/hook/%d", rc.URL, i))
		for j := 0; j < 8; j++ {
			if st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/test", e.APIKey, nil); st != 202 {
				t.Fatalf("test event: %d %s", st, body)
			}
		}
	}
	tb := signedInTab(t, e)
	for _, size := range []struct {
		name string
		w, h int64
	}{{"laptop", 1366, 768}, {"tablet", 800, 1000}} {
		tb.do(size.name, chromedp.EmulateViewport(size.w, size.h), chromedp.Navigate(e.URL+"/dashboard/deliveries"),
			chromedp.WaitVisible(css(`table[data-live-deliveries]`)))
		covered := eval[[]string](tb, `(function () {
			window.scrollTo(0, document.documentElement.scrollHeight);
			var bar = document.querySelector(".topbar").getBoundingClientRect();
			var els = Array.prototype.filter.call(document.querySelectorAll("main a[href], main button, main input, main select"),
				function (el) { return el.offsetParent !== null; });
			var bad = [];
			for (var i = els.length - 1; i >= 0; i--) {
				els[i].focus();
				var r = els[i].getBoundingClientRect();
				if (r.top < bar.bottom - 1) bad.push((els[i].textContent || els[i].name || els[i].tagName).trim().slice(0, 40) + " at " + Math.round(r.top));
			}
			return bad;
		})()`)
		if len(covered) > 0 {
			t.Errorf("%s: %d focused controls under the top bar, e.g. %v", size.name, len(covered), covered[:min(3, len(covered))])
		}
	}
}
