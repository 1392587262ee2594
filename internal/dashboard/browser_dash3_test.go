package dashboard_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/esahayak/esahayak/internal/testenv"
)

// A signed-in form refused as too large (a URL pasted with a megabyte of
// text after it) answers with the dashboard's own page: the top bar (the
// person is still signed in), a message that says what to do, and a link
// back to the page the form was on, not only to the overview.
func TestBrowserTooLargeFormLeadsBackToItsPage(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	tb := signedInTab(t, e)
	tb.do("open the endpoint's page", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(css(`#endpoint-url`)))
	eval[bool](tb, `document.getElementById("endpoint-url").value = location.origin + "/" + "x".repeat(1100000), true`)
	tb.do("save a URL past the form's limit", chromedp.Click(button("Save changes")))
	// Every page has the footer, the endpoint's own too, so waiting for it
	// could read the title before the answer replaced the page (as it did
	// once on a loaded machine): wait for the answer's title instead.
	if title := tb.titleEventually("Too Large"); !strings.Contains(title, "Too Large") {
		t.Fatalf("the answer is %q, want the 413 page", title)
	}
	tb.do("the answer's footer", chromedp.WaitVisible(css(`.foot`)))
	if !eval[bool](tb, `!!document.querySelector("nav.mainnav")`) {
		t.Error("the 413 page has no top bar: the person looks signed out, with no way on but the overview")
	}
	msg := eval[string](tb, `document.querySelector("main").innerText`)
	if !strings.Contains(msg, "shorten") {
		t.Errorf("the 413 page does not say what to do: %q", msg)
	}
	back := eval[[]string](tb, `Array.from(document.querySelectorAll("main a")).map(function (a) { return a.getAttribute("href") })`)
	found := false
	for _, h := range back {
		found = found || h == "/dashboard/endpoints/"+ep
	}
	if !found {
		t.Errorf("the 413 page links to %q; want a link back to the endpoint's page", back)
	}
	tb.screenshot("form-too-large")
	tb.noBrowserErrors(t)
}

// On a phone, tables become stacked cards whose cells lay out their
// parts side by side; an empty list's message is one sentence and must
// read as one: Orders' "Orders are created with POST /v1/orders." put
// the code in a column of its own beside the wrapped text, and the full
// stop in a third.
func TestBrowserEmptyListMessageReadsAsASentenceOnAPhone(t *testing.T) {
	e := startEnv(t, envOptions{})
	tb := signedInTab(t, e)
	tb.do("a phone's screen", chromedp.EmulateViewport(375, 667, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	tb.do("open Orders", chromedp.Navigate(e.URL+"/dashboard/orders"), chromedp.WaitVisible(css(`tr.empty-row code`)))
	type layout struct {
		Display  string  `json:"display"`
		TextTop  float64 `json:"textTop"`  // the last line of the text before the code
		CodeTop  float64 `json:"codeTop"`  // the code's first line
		Gap      float64 `json:"gap"`      // from that line's end to the code
		AfterGap float64 `json:"afterGap"` // from the code's end to the full stop
	}
	l := eval[layout](tb, `(function () {
		var td = document.querySelector("tr.empty-row td"), code = td.querySelector("code");
		var before = document.createRange(); before.setStart(td, 0); before.setEndBefore(code);
		var after = document.createRange(); after.setStartAfter(code); after.setEnd(td, td.childNodes.length);
		var lines = before.getClientRects(), last = lines[lines.length - 1];
		var c = code.getClientRects(), cf = c[0], cl = c[c.length - 1], stop = after.getClientRects()[0];
		return { display: getComputedStyle(td).display, textTop: last.top, codeTop: cf.top, gap: cf.left - last.right, afterGap: stop.left - cl.right };
	})()`)
	tb.screenshot("phone-orders-empty")
	if l.CodeTop < l.TextTop-4 || l.Gap > 12 || l.AfterGap > 4 {
		t.Errorf("the empty Orders message at 375 px is not laid out as a sentence (cell display %s): the code starts %.0f px from the text's last line (%.0f px above it) and the full stop %.0f px after the code",
			l.Display, l.Gap, l.TextTop-l.CodeTop, l.AfterGap)
	}
	tb.noBrowserErrors(t)
}

// Between a phone and a laptop (a tablet, a phone turned sideways, half a
// laptop's screen) a table wider than its card scrolls within its
// wrapper, and the page itself never scrolls sideways. The visually
// hidden header names ("Links", "Manage", "Actions") were positioned
// against the page, not the wrapper, so they stood where the table ran
// out of sight and widened the page with them.
func TestBrowserWideTablesDoNotWidenThePage(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	var ep string
	for i, u := range []string{"/hooks/billing/with/a/somewhat/long/path", "/hooks/second/endpoint/receiving/events"} {
		st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": rc.URL + u, "description": "Receiver number " + strconv.Itoa(i+1)})
		if st != 201 {
			t.Fatalf("create endpoint: %d %s", st, body)
		}
		ep = testenv.JSON(t, body)["id"].(string)
	}
	// Delivered before the pages open: each page is measured as it stays.
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/test", e.APIKey, map[string]string{"type": "order.cancelled"})
	if st != 202 {
		t.Fatalf("test event: %d %s", st, body)
	}
	awaitSucceeded(t, e, testenv.JSON(t, body)["delivery"].(map[string]any)["id"].(string), time.Minute)
	tb := signedInTab(t, e)
	for _, width := range []int64{700, 800} {
		for _, p := range []string{"/dashboard/", "/dashboard/settings/api-access", "/dashboard/deliveries", "/dashboard/endpoints/" + ep, "/dashboard/monitoring?endpoint=" + ep} {
			tb.do("open "+p, chromedp.EmulateViewport(width, 800), chromedp.Navigate(e.URL+p), chromedp.WaitVisible(css(`.foot`)))
			if w := eval[int](tb, `document.documentElement.scrollWidth`); w > int(width) {
				wide := eval[string](tb, `Array.from(document.querySelectorAll("main *")).filter(function (el) {
					return el.getBoundingClientRect().right > document.documentElement.clientWidth && !el.closest(".table-wrap table td, .table-wrap table tr, .table-wrap table thead, .table-wrap table tbody");
				}).map(function (el) { return el.tagName + "." + el.className + " " + JSON.stringify(el.textContent.trim().slice(0, 20)); }).join(", ")`)
				t.Errorf("at %d px %s is %d px wide: %s", width, p, w, wide)
			}
		}
	}
	tb.noBrowserErrors(t)
}

// An empty state says what to do next: the Deliveries page of an account
// with no delivery yet said only "No deliveries yet." (the overview and an
// endpoint's page say how to make one), and with no endpoint either, where
// to add one.
func TestBrowserEmptyDeliveriesSayWhatToDo(t *testing.T) {
	e := startEnv(t, envOptions{})
	tb := signedInTab(t, e)
	tb.do("open Deliveries", chromedp.Navigate(e.URL+"/dashboard/deliveries"), chromedp.WaitVisible(css(`tr.empty-row`)))
	if msg := tb.text(`tr.empty-row`); !strings.Contains(msg, "Save Webhook") {
		t.Errorf("with no endpoint, the empty Deliveries page says %q; want where to add one", msg)
	}
	rc := newReceiver(t)
	createEndpoint(t, e, rc.URL+"/hook")
	tb.do("open Deliveries again", chromedp.Navigate(e.URL+"/dashboard/deliveries"), chromedp.WaitVisible(css(`tr.empty-row`)))
	if msg := tb.text(`tr.empty-row`); !strings.Contains(msg, "test event") {
		t.Errorf("with an endpoint, the empty Deliveries page says %q; want how to see a delivery", msg)
	}
	tb.do("filter by status", chromedp.Navigate(e.URL+"/dashboard/deliveries?status=failed"), chromedp.WaitVisible(css(`tr.empty-row`)))
	if msg := tb.text(`tr.empty-row`); msg != "No deliveries match these filters." {
		t.Errorf("a filtered empty list says %q", msg)
	}
	tb.noBrowserErrors(t)
}

// What a button did is said to a screen reader: the notice at the top of
// the page its form redirects to ("Endpoint disabled. …", "Delivery
// queued to be sent again now.", "API key revoked. …") was in a status
// region from the start, and a status region is said when it changes,
// not when its page loads, so nothing said what had been done.
func TestBrowserNoticeAfterAFormIsAnnounced(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	tb := signedInTab(t, e)
	said := func(what, want string) {
		t.Helper()
		var got string
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			got = eval[string](tb, `(document.querySelector("[data-announce]") || {}).textContent || ""`)
			if strings.Contains(got, want) {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Errorf("after %s the status region says %q; want %q", what, got, want)
	}
	tb.do("open the endpoint's page", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(css(`#status`)))
	tb.do("disable it", chromedp.Click(button("Disable endpoint")), chromedp.WaitVisible(css(`.flash-ok`)))
	said("Disable endpoint", "Endpoint disabled.")
	tb.do("open Settings", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`#key-name`)))
	tb.do("revoke the key", chromedp.Click(chromedp.Search(`//button[starts-with(normalize-space(), "Revoke")]`)), chromedp.WaitVisible(css(`.flash-ok`)))
	said("Revoke", "API key revoked.")
	// A page opened without an action says nothing of its own.
	tb.do("open the overview", chromedp.Navigate(e.URL+"/dashboard/"), chromedp.WaitVisible(css(`.foot`)))
	time.Sleep(1500 * time.Millisecond)
	if got := eval[string](tb, `document.querySelector("[data-announce]").textContent`); got != "" {
		t.Errorf("the overview, opened by hand, says %q", got)
	}
	tb.noBrowserErrors(t)
}

// axNames is the accessible name of every node of role in the page, as
// Chromium gives it to a screen reader.
func axNames(tb *tab, role string) []string {
	tb.t.Helper()
	var names []string
	tb.do("read the accessibility tree", chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		res, err := cdp.Call(ctx, tgt, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
		if err != nil {
			return err
		}
		for _, n := range res.Nodes {
			if n.Ignored || n.Role == nil || n.Name == nil {
				continue
			}
			var r, name string
			if json.Unmarshal(n.Role.Value, &r) == nil && r == role && json.Unmarshal(n.Name.Value, &name) == nil {
				names = append(names, name)
			}
		}
		return nil
	}))
	return names
}

// A URL's places to wrap (<wbr>) are not spaces to a screen reader:
// Chromium named a link or heading holding one with a space at each, so
// that "127.0.0.1:9/hooks/ok" was read "127.0.0.1:9/ hooks/ ok", and an id
// past 20 characters was split in two words.
func TestBrowserWrappedURLsReadWhole(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	hook := rc.URL + "/hooks/abcdefghijklmnopqrstuvwxyz0123456789"
	ep := createEndpoint(t, e, hook)
	tb := signedInTab(t, e)
	has := func(names []string, want string) bool {
		for _, n := range names {
			if n == want {
				return true
			}
		}
		return false
	}
	tb.do("open Settings", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`table.endpoints`)))
	if links := axNames(tb, "link"); !has(links, hook) {
		t.Errorf("no link is named %q in Your endpoints; the links are named %q", hook, links)
	}
	tb.do("open the endpoint's page", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(css(`h1`)))
	if heads := axNames(tb, "heading"); !has(heads, hook) {
		t.Errorf("the endpoint page's heading is not named %q; the headings are %q", hook, heads)
	}
	tb.noBrowserErrors(t)
}

// A page whose session ends while it is open (it expired, or was signed
// out in another tab) says so at its top, with what to do: the badge
// alone said "Signed out" above a page that had stopped changing and
// still looked current.
func TestBrowserSignedOutPageSaysWhatToDo(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	tb := signedInTab(t, e)
	page := "/dashboard/deliveries?endpoint=" + ep
	tb.do("open the endpoint's deliveries", chromedp.Navigate(e.URL+page), chromedp.WaitVisible(css(`table[data-live-deliveries]`)))
	tb.waitLive()
	// Signed out elsewhere (the same session, as another tab has it); the
	// tab, hidden and shown again, connects anew and hears of it at once.
	eval[bool](tb, `(function () {
		var token = document.querySelector('form[action="/dashboard/signout"] input[name="csrf"]').value;
		var x = new XMLHttpRequest();
		x.open("POST", "/dashboard/signout", false);
		x.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
		x.send("csrf=" + encodeURIComponent(token));
		return true;
	})()`)
	for _, hidden := range []bool{true, false} {
		eval[bool](tb, fmt.Sprintf(`Object.defineProperty(document, "hidden", {configurable: true, get: function () { return %v; }});
			document.dispatchEvent(new Event("visibilitychange")); true`, hidden))
	}
	tb.do("the page hears it was signed out", chromedp.WaitVisible(css(`[data-live-indicator].offline`)))
	if got := tb.textEventually(`[data-live-indicator]`, "Signed out"); got != "Signed out" {
		t.Fatalf("badge = %q", got)
	}
	tb.do("the notice", chromedp.WaitVisible(css(`main [role="alert"]`)))
	if msg := tb.text(`main [role="alert"]`); !strings.Contains(msg, "signed out") || !strings.Contains(msg, "Sign in again") {
		t.Errorf("the page's notice is %q; want that it was signed out and to sign in again", msg)
	}
	tb.do("sign in again from it", chromedp.Click(chromedp.Search(`//main//a[normalize-space()="Sign in again"]`)), chromedp.WaitVisible(css(`#email`)),
		chromedp.SendKeys(css(`#email`), e.Email), chromedp.SendKeys(css(`#password`), e.Password+kb.Enter), chromedp.WaitVisible(css(`table[data-live-deliveries]`)))
	if loc := value(tb, "location", chromedp.Location()); !strings.HasSuffix(loc, page) {
		t.Errorf("signing in again led to %s; want %s", loc, page)
	}
	tb.noBrowserErrors(t)
}
