package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/testenv"
)

// doubleClick clicks the centre of sel twice in quick succession, as a
// person's double click on a button does.
func doubleClick(tb *tab, sel string) {
	tb.t.Helper()
	box := eval[[]float64](tb, `(function () { var b = document.querySelector('`+sel+`'); b.scrollIntoView({block: "center"});
		var r = b.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
	tb.do("double click "+sel, chromedp.MouseClickXY(box[0], box[1]), chromedp.MouseClickXY(box[0], box[1], chromedp.ClickCount(2)))
}

// A double click on Create inspector URL (a person used to double
// clicking, or a click that seemed not to take) makes one inspector.
func TestBrowserCreateInspectorDoubleClick(t *testing.T) {
	e := startEnv(t, envOptions{})
	tb := signedInTab(t, e)
	tb.do("open the inspectors", chromedp.Navigate(e.URL+"/dashboard/inspector"), chromedp.WaitVisible(button("Create inspector URL")))
	doubleClick(tb, `form[action="/dashboard/inspector"] button`)
	tb.do("the inspector's page", chromedp.WaitVisible(css(`[data-capture-url]`)))
	time.Sleep(time.Second) // a second post, if any, has been answered
	tb.do("back to the list", chromedp.Navigate(e.URL+"/dashboard/inspector"), chromedp.WaitVisible(css(`#list-title`)))
	rows := eval[[]string](tb, `Array.prototype.map.call(document.querySelectorAll('a[href^="/dashboard/inspector/insp_"]'), function (a) { return a.textContent.trim(); })`)
	if len(rows) != 1 {
		t.Fatalf("a double click on Create inspector URL made %d inspectors: %s", len(rows), strings.Join(rows, ", "))
	}
	tb.noBrowserErrors(t)
}

// A key name the server refuses as too long (the field takes 200 UTF-16
// units, the server 100 characters) comes back in the field, focused, to
// be shortened: it came back empty, to be typed again from nothing.
func TestBrowserTooLongKeyNameIsKept(t *testing.T) {
	e := startEnv(t, envOptions{})
	tb := signedInTab(t, e)
	name := strings.Repeat("production server ", 7) // 126 characters
	tb.do("create a key with a long name", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`#key-name`)),
		chromedp.SendKeys(css(`#key-name`), name), chromedp.Click(button("Create API key")),
		chromedp.WaitVisible(css(`#key-error`)))
	if got := tb.text(`#key-error`); !strings.Contains(got, "at most 100 characters") {
		t.Fatalf("the refusal says %q", got)
	}
	if got := eval[string](tb, `document.getElementById("key-name").value`); got != strings.TrimSpace(name) {
		t.Errorf("the refused name came back as %q; want it as typed", got)
	}
	if got := eval[string](tb, `document.activeElement.id`); got != "key-name" {
		t.Errorf("the focus is on %q; want the key name", got)
	}
	tb.noBrowserErrors(t)
}

// The endpoint's Status section (Disable endpoint, Delete endpoint) is
// read again live, five seconds after its deliveries change. The section
// put in its place was not wired: Delete endpoint then asked no question
// in a dialog, the page was left for the server's confirmation page, and
// Cancel in a dialog could not keep the person on the page. It asks in a
// dialog however often the section was read again.
func TestBrowserDeleteAsksInADialogAfterALiveRefresh(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hooks")
	tb := signedInTab(t, e)
	tb.dismissDialogs.Store(true)
	tb.do("open the endpoint's page", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(button("Delete endpoint")))
	tb.waitLive()
	eval[bool](tb, `(window.__old = document.getElementById("status"), true)`)
	sendTestEvent(t, e, ep)
	tb.textEventually(`.stats`, "1 attempt")
	testenv.Eventually(t, 10*time.Second, "the Status section to be read again", func() bool {
		return eval[bool](tb, `document.getElementById("status") !== window.__old`)
	})
	asked := tb.dialogs.Load()
	tb.do("click Delete endpoint, and Cancel", chromedp.Click(button("Delete endpoint")))
	// The dialog was shown and cancelled. (The test waited a fixed second
	// for a form sent without asking to be answered, and a loaded machine
	// that took longer passed it with no dialog.)
	testenv.Eventually(t, 10*time.Second, "Delete endpoint to ask in a dialog", func() bool { return tb.dialogs.Load() > asked })
	time.Sleep(time.Second) // nothing is awaited: a form sent in spite of Cancel is answered by now
	if url := value(tb, "read the address", chromedp.Location()); !strings.HasSuffix(url, "/dashboard/endpoints/"+ep) {
		t.Fatalf("Delete endpoint, cancelled, left the page for %s: no dialog asked", url)
	}
	if st, _ := e.Do(t, "GET", "/v1/webhook_endpoints/"+ep, e.APIKey, nil); st != 200 {
		t.Fatalf("the endpoint is gone (%d) after Delete endpoint was cancelled", st)
	}
	tb.noBrowserErrors(t)
}

// Two tabs on one endpoint's page: the URL changed in one, then the
// description in the other. Save changes there sent the whole form, the
// URL as it was when that tab loaded among it, and so put the old URL
// back: deliveries went to the address the first tab had just moved away
// from, and neither tab said so. A save now changes what its form changed.
func TestBrowserSaveChangesKeepsAnotherTabsEdit(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/old")
	page := "/dashboard/endpoints/" + ep
	tb := signedInTab(t, e)
	tb.do("open the endpoint's page", chromedp.Navigate(e.URL+page), chromedp.WaitVisible(css(`#endpoint-description`)))

	other := e.signedIn(t)
	form := url.Values{"url": {rc.URL + "/new"}, "description": {""}, "events_shown": {"1"}, "events": order.EventTypes}
	if r := other.postForm(page, page, form); r.Status != http.StatusSeeOther {
		t.Fatalf("the other tab's save = %d %.300s", r.Status, r.Body)
	}

	tb.do("change the description and save", chromedp.SendKeys(css(`#endpoint-description`), "billing"),
		chromedp.Click(button("Save changes")), chromedp.WaitVisible(css(`.flash`)))
	st, body := e.Do(t, "GET", "/v1/webhook_endpoints/"+ep, e.APIKey, nil)
	if st != 200 {
		t.Fatalf("get endpoint = %d", st)
	}
	got := testenv.JSON(t, body)
	if got["description"] != "billing" {
		t.Errorf("description = %v; want the one saved here", got["description"])
	}
	if got["url"] != rc.URL+"/new" {
		t.Errorf("url = %v; the save of the description put back the URL the other tab had changed", got["url"])
	}
	tb.noBrowserErrors(t)
}

// The recover form as a recovery that stopped leaves it (a time to the
// millisecond, the box ticked) is sent by Chromium as shown, not held
// back by the date field's step, and sends the rest.
func TestBrowserRecoverGoesOnFromTheNotice(t *testing.T) {
	e, _, page, rc := missedSetup(t, envOptions{RecoverMissedFor: time.Nanosecond})
	tb := signedInTab(t, e)
	tb.do("open the endpoint's page", chromedp.Navigate(e.URL+page), chromedp.WaitVisible(css(`#recover-since`)),
		chromedp.SetValue(css(`#recover-since`), time.Now().UTC().Add(-time.Hour).Format("2006-01-02T15:04")),
		chromedp.Click(css(`input[name=missed]`)))
	for clicks := 1; clicks <= 6; clicks++ {
		eval[bool](tb, `window.__stay = true`) // gone once the answer has loaded
		tb.do("recover", chromedp.Click(button("Recover failed since…")))
		testenv.Eventually(t, 10*time.Second, "the recovery's answer to load", func() bool {
			return eval[bool](tb, `!window.__stay && document.readyState === "complete" && !!document.querySelector(".flash-ok")`)
		})
		notice := tb.text(`.flash-ok`)
		if !strings.Contains(notice, "more remain") {
			testenv.Eventually(t, 5*time.Second, "every missed event to arrive", func() bool { return rc.received.Load() == 5 })
			tb.noBrowserErrors(t)
			return
		}
		if !eval[bool](tb, `document.querySelector("input[name=missed]").checked && document.getElementById("recover-since").checkValidity()`) {
			t.Fatalf("under %q the form is not ready to send as shown", notice)
		}
	}
	t.Fatalf("six recoveries from the form as shown and still more remain")
}
