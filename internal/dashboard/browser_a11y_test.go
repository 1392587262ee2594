package dashboard_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
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
	time.Sleep(300 * time.Millisecond) // autofocus and the script's scroll
	f := eval[focusedField](tb, `(function () {
		var a = document.activeElement, ids = (a.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
		var described = ids.map(function (id) { return document.getElementById(id); }).filter(Boolean);
		return { id: a.id, type: a.type || a.tagName, describedBy: ids.join(" "), invalid: a.getAttribute("aria-invalid") || "",
			description: described.map(function (el) { return el.textContent.trim(); }).join(" "),
			role: described.length ? described[0].getAttribute("role") || "" : "" };
	})()`)
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
