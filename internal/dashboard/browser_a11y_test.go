package dashboard_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// The audit's findings with a screen reader and on a phone, in a real
// browser: what the focus lands on names its message, answers land in
// view, and live changes are said.

type focusedField struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	DescribedBy string `json:"describedBy"`
	Invalid     string `json:"invalid"`
	Description string `json:"description"` // the text of the elements aria-describedby names
	Role        string `json:"role"`        // of the first of them
}

// A refused Save Webhook for want of an event type puts the focus on the
// first checkbox: that checkbox (not only its group) is described by the
// message and marked invalid, and the message is an alert like the URL's.
func TestBrowserRefusedEventTypesNameTheFocusedCheckbox(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	tb := signedInTab(t, e)
	tb.do("open Settings and the event types", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"),
		chromedp.WaitVisible(css(`#webhook-url`)), chromedp.Click(chromedp.Search(`//summary[normalize-space()="Event types and description"]`)),
		chromedp.WaitVisible(css(`input[name="events"]`)), chromedp.SendKeys(css(`#webhook-url`), rc.URL+"/hook"))
	eval[bool](tb, `document.querySelectorAll('input[name="events"]').forEach(function (c) { if (c.checked) c.click(); }), true`)
	tb.do("save with no event type", chromedp.Click(button("Save Webhook")), chromedp.WaitVisible(css(`#events-error`)))
	// The focus moves once the page has loaded (autofocus, the script):
	// read until it has, for up to 5 s. (A fixed 300 ms here failed a
	// loaded machine's run with the focus still on the page.)
	var f focusedField
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		f = eval[focusedField](tb, `(function () {
			var a = document.activeElement, ids = (a.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
			var described = ids.map(function (id) { return document.getElementById(id); }).filter(Boolean);
			return { id: a.id, type: a.type || a.tagName, describedBy: ids.join(" "), invalid: a.getAttribute("aria-invalid") || "",
				description: described.map(function (el) { return el.textContent.trim(); }).join(" "),
				role: described.length ? described[0].getAttribute("role") || "" : "" };
		})()`)
		if f.Type == "checkbox" || time.Now().After(deadline) {
			break
		}
	}
	if f.Type != "checkbox" {
		t.Fatalf("after the refused save the focus is on %+v; want the first event type's checkbox", f)
	}
	if f.DescribedBy != "events-error" || f.Description != "Choose at least one event type." {
		t.Errorf("the focused checkbox is described by %q (%q); want events-error, \"Choose at least one event type.\"", f.DescribedBy, f.Description)
	}
	if f.Invalid != "true" {
		t.Errorf("the focused checkbox has aria-invalid=%q; want true", f.Invalid)
	}
	if f.Role != "alert" {
		t.Errorf("#events-error has role %q; want alert, as #url-error", f.Role)
	}
	if n := eval[int](tb, `document.querySelectorAll('input[name="events"]:not([aria-invalid="true"][aria-describedby="events-error"])').length`); n != 0 {
		t.Errorf("%d of the event types' checkboxes are not tied to the message", n)
	}
	tb.noBrowserErrors(t)
}

type answerBox struct {
	Found   bool    `json:"found"`
	Top     float64 `json:"top"`
	Bottom  float64 `json:"bottom"`
	Height  float64 `json:"height"`
	ScrollY float64 `json:"scrollY"`
	Focused bool    `json:"focused"`
	Text    string  `json:"text"`
}

// answerInView reads where the page's .secret-box (a revealed or rotated
// secret, a new API key) is on the screen, and whether it has the focus.
func (tb *tab) answerInView() answerBox {
	tb.t.Helper()
	return eval[answerBox](tb, `(function () {
		var box = document.querySelector("main .secret-box");
		if (!box) return { found: false };
		var r = box.getBoundingClientRect();
		return { found: true, top: r.top, bottom: r.bottom, height: window.innerHeight, scrollY: window.scrollY,
			focused: document.activeElement === box, text: box.textContent.replace(/\s+/g, " ").trim().slice(0, 80) };
	})()`)
}

// On a phone (375×667) the answer to Reveal signing secret, Rotate secret
// and Create API key is on the screen and has the focus, with JavaScript
// and without (the forms post to the answer's #id, which the browser
// scrolls to and focuses): the page used to load at its top, the secret
// 1000 px below, so that the buttons seemed to do nothing. The answers
// that are a notice at the page's top (a test event, a recovery, without
// JavaScript) are in view too.
func TestBrowserAnswersInViewOnAPhone(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	page := e.URL + "/dashboard/endpoints/" + ep
	tb := signedInTab(t, e)
	tb.do("a phone's screen", chromedp.EmulateViewport(375, 667, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	check := func(what string) {
		t.Helper()
		// Scrolled and focused after the page loads: read until it is, for
		// up to 5 s (a fixed 300 ms could end before a loaded machine got
		// there).
		outOfView := func(b answerBox) bool {
			// A box taller than the screen: its start in view.
			return b.Top < 0 || b.Top >= b.Height || (b.Bottom > b.Height && b.Bottom-b.Top <= b.Height)
		}
		var b answerBox
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			b = tb.answerInView()
			if (b.Found && b.Focused && !outOfView(b)) || time.Now().After(deadline) {
				break
			}
		}
		if !b.Found {
			t.Fatalf("%s: no answer on the page", what)
		}
		if outOfView(b) {
			t.Errorf("%s: the answer (%q) is at %.0f to %.0f of a %.0f px screen (scrolled %.0f); want it in view",
				what, b.Text, b.Top, b.Bottom, b.Height, b.ScrollY)
		}
		if !b.Focused {
			t.Errorf("%s: the answer does not have the focus", what)
		}
	}
	t.Run("reveal", func(t *testing.T) {
		tb.t = t
		tb.do("reveal the secret", chromedp.Navigate(page), chromedp.WaitVisible(css(`#test-type`)),
			chromedp.Click(button("Reveal signing secret")), chromedp.WaitVisible(css(`[data-secret]`)))
		check("Reveal signing secret")
		if loc := value(tb, "location", chromedp.Location()); loc != page+"#secret-answer" {
			t.Errorf("the address bar says %s; want the page's own address at the answer, %s#secret-answer", loc, page)
		}
	})
	t.Run("rotate", func(t *testing.T) {
		tb.t = t
		tb.do("rotate the secret", chromedp.Click(button("Rotate secret")), chromedp.WaitVisible(css(`[data-previous-secret]`)))
		check("Rotate secret")
		if b := tb.answerInView(); !strings.HasPrefix(b.Text, "Secret rotated.") {
			t.Errorf("after rotating, the box says %q", b.Text)
		}
	})
	t.Run("create API key", func(t *testing.T) {
		tb.t = t
		tb.do("create a key", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`#key-name`)),
			chromedp.Click(button("Create API key")), chromedp.WaitVisible(css(`#new-key`)))
		check("Create API key")
	})
	t.Run("without JavaScript", func(t *testing.T) {
		tb.t = t
		tb.do("JavaScript off", scriptsOff(true))
		defer tb.do("JavaScript back on", scriptsOff(false))
		tb.do("reveal the secret", chromedp.Navigate(page), chromedp.WaitVisible(css(`#test-type`)),
			chromedp.Click(button("Reveal signing secret")), chromedp.WaitVisible(css(`[data-secret]`)))
		check("Reveal signing secret without JavaScript")
		tb.do("rotate the secret", chromedp.Click(button("Rotate secret")), chromedp.WaitVisible(css(`[data-confirmation]`)),
			chromedp.Click(button("Rotate secret")), chromedp.WaitVisible(css(`[data-previous-secret]`)))
		check("Rotate secret without JavaScript")
		tb.do("create a key", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`#key-name`)),
			chromedp.Click(button("Create API key")), chromedp.WaitVisible(css(`#new-key`)))
		check("Create API key without JavaScript")
		// The answers that come back as a notice at the page's top are in view.
		flash := func(what string) {
			t.Helper()
			b := eval[answerBox](tb, `(function () { var r = document.querySelector(".flash-ok").getBoundingClientRect();
				return { found: true, top: r.top, bottom: r.bottom, height: window.innerHeight, scrollY: window.scrollY }; })()`)
			if b.Top < 0 || b.Bottom > b.Height {
				t.Errorf("%s: the notice is at %.0f to %.0f of a %.0f px screen; want it in view", what, b.Top, b.Bottom, b.Height)
			}
		}
		tb.do("send a test event", chromedp.Navigate(page), chromedp.WaitVisible(css(`#test-type`)),
			chromedp.Click(button("Send test event")), chromedp.WaitVisible(css(`.flash-ok`)))
		flash("Send test event without JavaScript")
		tb.do("recover", chromedp.Navigate(page), chromedp.WaitVisible(css(`#recover-since`)),
			chromedp.Click(button("Recover failed since…")), chromedp.WaitVisible(css(`.flash-ok`)))
		flash("Recover failed since… without JavaScript")
	})
	tb.t = t
	tb.noBrowserErrors(t)
}

// scriptsOff turns the page's JavaScript off (or back on), as a browser
// with it disabled.
func scriptsOff(off bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tgt, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
		return err
	})
}

type announcement struct {
	At   float64 `json:"at"` // performance.now(), ms
	Text string  `json:"text"`
}

// listenToAnnouncements records what the page's status region says from
// now on, in window.__said.
func (tb *tab) listenToAnnouncements() {
	tb.t.Helper()
	eval[bool](tb, `(function () {
		var region = document.querySelector('[data-announce][role="status"][aria-live="polite"]');
		window.__said = [];
		if (!region) return false;
		new MutationObserver(function () {
			var text = region.textContent.trim();
			if (text) window.__said.push({ at: performance.now(), text: text });
		}).observe(region, { childList: true, subtree: true, characterData: true });
		return true;
	})()`)
}

// announced waits until the status region has said something holding
// every part, and returns all it said.
func (tb *tab) announced(what string, parts ...string) []announcement {
	tb.t.Helper()
	var said []announcement
	testenv.Eventually(tb.t, 20*time.Second, what, func() bool {
		said = eval[[]announcement](tb, `window.__said || []`)
		for _, a := range said {
			ok := true
			for _, p := range parts {
				ok = ok && strings.Contains(a.Text, p)
			}
			if ok {
				return true
			}
		}
		return false
	})
	return said
}

// Live changes are said to screen readers: a test event's delivery that
// arrives in Recent deliveries, a delivery whose page changes status, a
// request the inspector captures; the live badge is a status region too.
// A burst of deliveries is said at most once a second.
func TestBrowserLiveChangesAreAnnounced(t *testing.T) {
	e := startEnv(t, envOptions{Options: testenv.Options{Schedule: "1m"}})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	tb := signedInTab(t, e)

	t.Run("endpoint page", func(t *testing.T) {
		tb.t = t
		tb.do("open the endpoint", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(css(`#test-type`)))
		tb.waitLive()
		if role := eval[string](tb, `document.querySelector("[data-live-indicator]").getAttribute("role") || ""`); role != "status" {
			t.Errorf("the live badge has role %q; want status, so that Reconnecting…, Paused or Signed out is said", role)
		}
		tb.listenToAnnouncements()
		tb.do("send a test event", chromedp.SetValue(css(`#test-type`), order.EventOrderCancelled),
			chromedp.Click(button("Send test event")))
		tb.announced("the delivery to be said", "order.cancelled delivery to ", "succeeded")
	})

	t.Run("delivery page", func(t *testing.T) {
		tb.t = t
		rc.failing.Store(true)
		id := testDeliveryTo(t, e, ep, store.DeliveryRetrying, time.Minute)
		tb.do("open the delivery", chromedp.Navigate(e.URL+"/dashboard/deliveries/"+id),
			chromedp.WaitVisible(css(`#delivery-detail[data-status="retrying"]`)))
		tb.waitLive()
		tb.listenToAnnouncements()
		rc.failing.Store(false)
		if st, body := e.Do(t, "POST", "/v1/deliveries/"+id+"/retry", e.APIKey, nil); st >= 300 {
			t.Fatalf("retry: %d %s", st, body)
		}
		tb.do("the page shows it succeeded", chromedp.WaitVisible(css(`#delivery-detail[data-status="succeeded"]`)))
		tb.announced("the new status to be said", "delivery to ", "is now succeeded")
	})

	t.Run("a burst", func(t *testing.T) {
		tb.t = t
		tb.do("open the deliveries", chromedp.Navigate(e.URL+"/dashboard/deliveries"), chromedp.WaitVisible(css(`table[data-live-deliveries]`)))
		tb.waitLive()
		tb.listenToAnnouncements()
		const n = 12
		sent := make([]string, n)
		for i := range sent {
			st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/test", e.APIKey, nil)
			if st != 202 {
				t.Fatalf("test event: %d %s", st, body)
			}
			sent[i] = testenv.JSON(t, body)["delivery"].(map[string]any)["id"].(string)
		}
		// Delivered first, so that a slow machine reads differently from
		// a page that does not say them.
		for _, id := range sent {
			awaitSucceeded(t, e, id, time.Minute)
		}
		testenv.Eventually(t, 30*time.Second, "the burst to arrive and be said", func() bool {
			return eval[bool](tb, `document.querySelectorAll('tr[data-status="succeeded"]').length >= 14 &&
				window.__said.length > 0 && performance.now() - window.__said[window.__said.length - 1].at > 1500`)
		})
		said := eval[[]announcement](tb, `window.__said`)
		for i := 1; i < len(said); i++ {
			// Timers fire late, never early: a gap under a second is two
			// messages for one second.
			if gap := said[i].At - said[i-1].At; gap < 990 {
				t.Errorf("said %q %.0f ms after %q; want a second or more between messages", said[i].Text, gap, said[i-1].Text)
			}
		}
		t.Logf("a burst of %d deliveries was said as %d messages: %+v", n, len(said), said)
	})

	t.Run("inspector", func(t *testing.T) {
		tb.t = t
		tb.do("create an inspector", chromedp.Navigate(e.URL+"/dashboard/inspector"),
			chromedp.Click(button("Create inspector URL")), chromedp.WaitVisible(css(`[data-capture-url]`)))
		captureURL := tb.text(`[data-capture-url]`)
		tb.waitLive()
		tb.listenToAnnouncements()
		if st, body := send(t, "POST", captureURL+"/orders/paid?x=1", "{}", nil); st >= 300 {
			t.Fatalf("capture: %d %s", st, body)
		}
		tb.announced("the capture to be said", "New request captured: POST /orders/paid?x=1")
	})
	tb.t = t
	tb.noBrowserErrors(t)
}
