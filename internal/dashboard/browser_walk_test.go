package dashboard_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestBrowserPhoneTimesStayOnOneLine: below 600 px a table's cells are
// stacked as label and value, and a time cell is nowrap (class "when") so
// that its label gives way instead. Settings' API keys (Created, Last
// used), the inspectors' Created and Expires, and the orders' times were
// not marked so: on a 320 px phone "Last used (UTC, to the minute)" kept
// its room and "2026-12-05 10:40" broke onto three lines. Marked, the
// long label still kept its width (a tiny flex-shrink alone takes only
// that share of the overflow) and pushed the time off the screen. Each
// time now reads on one line, within the screen, at 320 and 375 px.
func TestBrowserPhoneTimesStayOnOneLine(t *testing.T) {
	e := startEnv(t, envOptions{})
	// The env's key has been used (the order below), so Last used is a time.
	orderID := cancelledOrder(t, e)
	tb := signedInTab(t, e)
	tb.do("make an inspector", chromedp.Navigate(e.URL+"/dashboard/inspector"), chromedp.Click(button("Create inspector URL")),
		chromedp.WaitVisible(css(`[data-capture-url]`)))
	pages := []struct{ page, path string }{
		{"Settings → API Access", "/dashboard/settings/api-access"},
		{"Inspector", "/dashboard/inspector"},
		{"Orders", "/dashboard/orders"},
		{"Order", "/dashboard/orders/" + orderID},
	}
	for _, width := range []int64{320, 375} {
		tb.do("phone size", chromedp.EmulateViewport(width, 740))
		for _, p := range pages {
			tb.do("open "+p.page, chromedp.Navigate(e.URL+p.path), chromedp.WaitVisible(css(`table.table tbody tr td[data-label]`)))
			// Each time cell: its label, its value and the lines the value
			// takes (the label, a ::before, is not in the range).
			cells := eval[[][]string](tb, `Array.prototype.map.call(document.querySelectorAll("table.table tbody td[data-label*='(UTC']"), function (td) {
				var r = document.createRange(); r.selectNodeContents(td);
				var tops = [];
				Array.prototype.forEach.call(r.getClientRects(), function (b) {
					if (b.width > 0 && !tops.some(function (t) { return Math.abs(t - b.top) < 4; })) tops.push(b.top);
				});
				var box = td.getBoundingClientRect();
				var fits = r.getBoundingClientRect().right <= box.right + 0.5 && box.right <= window.innerWidth + 0.5;
				return [td.dataset.label, td.textContent.trim(), String(tops.length), String(fits)];
			})`)
			if len(cells) == 0 {
				t.Errorf("%s: no time cell", p.page)
			}
			for _, c := range cells {
				if lines, _ := strconv.Atoi(c[2]); c[1] != "never" && lines != 1 {
					t.Errorf("%s at %d px: %s %q takes %s lines", p.page, width, c[0], c[1], c[2])
				}
				if c[3] != "true" {
					t.Errorf("%s at %d px: %s %q does not fit the screen", p.page, width, c[0], c[1])
				}
			}
		}
	}
	tb.screenshot("phone-settings-last-used")
	tb.noBrowserErrors(t)
}

// TestBrowserOrderIDsLookLikeLinks: the Orders table links each order to
// its page by its id, the row's only link; the id kept the grey of ids
// that are plain text, so nothing told an operator the row led anywhere.
// The linked id now has the colour of the page's other links.
func TestBrowserOrderIDsLookLikeLinks(t *testing.T) {
	e := startEnv(t, envOptions{})
	if st, body := e.Do(t, "POST", "/v1/orders", e.APIKey, `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`); st != 201 {
		t.Fatalf("create order: %d %s", st, body)
	}
	tb := signedInTab(t, e)
	tb.do("open Orders", chromedp.Navigate(e.URL+"/dashboard/orders"), chromedp.WaitVisible(css(`table.table tbody a[href^="/dashboard/orders/"]`)))
	got := eval[[]string](tb, `[getComputedStyle(document.querySelector('table.table tbody a[href^="/dashboard/orders/"] code')).color,
		getComputedStyle(document.querySelector('.filters a[href="/dashboard/orders"]')).color,
		getComputedStyle(document.querySelector('table.table tbody td[data-label="State"]')).color]`)
	if id, link, text := got[0], got[1], got[2]; id != link || id == text {
		t.Errorf("the order id link is %s; the page's links are %s and its text %s", id, link, text)
	}
	tb.noBrowserErrors(t)
}

// TestBrowserActionOnADeletedEndpointSaysSo: an endpoint's page left open
// in a tab while the endpoint was deleted elsewhere (another tab, the
// API). Its buttons answered "There is nothing here: the page does not
// exist", which said neither that nothing was done nor why. Sending a
// test event (answered in the page) now says the endpoint was deleted and
// nothing was changed; deleting it (a page of its own) that it was deleted
// already, and there is nothing left to delete: "Nothing was changed",
// after a Delete, read as if the delete had failed
// (TestDeletingAnEndpointTwiceSaysItIsDeletedAlready).
func TestBrowserActionOnADeletedEndpointSaysSo(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": rc.URL + "/gone"})
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, body)
	}
	ep := testenv.JSON(t, body)["id"].(string)
	tb := signedInTab(t, e)
	tb.do("open the endpoint's page", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(css(`#test-type`)))
	if st, body := e.Do(t, "DELETE", "/v1/webhook_endpoints/"+ep, e.APIKey, nil); st != 204 && st != 200 {
		t.Fatalf("delete endpoint elsewhere: %d %s", st, body)
	}
	// The page learns of the delete live and puts its notice at the top,
	// moving everything below it down: a click aimed before that move
	// lands on what was under the button (it failed so in CI once, the
	// answer never coming). Wait for the notice, then click.
	tb.do("the page notices the delete", chromedp.WaitVisible(css(`[data-gone-notice]`)))
	const want = "This endpoint does not exist any more: it was deleted"
	tb.do("send a test event", chromedp.Click(button("Send test event")))
	if got := tb.textEventually(`[data-async-result]`, want); !strings.Contains(got, want) || !strings.Contains(got, "Nothing was changed") {
		t.Errorf("Send test event on a deleted endpoint answered %q", got)
	}
	tb.do("delete it again", chromedp.Click(button("Delete endpoint")), chromedp.WaitVisible(css(`.flash-error`)))
	if got := tb.text(`.flash-error`); !strings.HasPrefix(got, "This endpoint was deleted already") || !strings.Contains(got, "nothing left to delete") {
		t.Errorf("Delete endpoint on a deleted endpoint answered %q", got)
	}
	tb.noBrowserErrors(t)
}

// TestBrowserKeyFormStandsApartFromTheKeys: on Settings, the form for a
// new API key followed the keys' table with neither a line nor room, so
// its "Key name" label read as part of the last key's row. The table now
// ends with a line and the form starts below it.
func TestBrowserKeyFormStandsApartFromTheKeys(t *testing.T) {
	e := startEnv(t, envOptions{})
	tb := signedInTab(t, e)
	tb.do("open Settings", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`#key-name`)))
	got := eval[[]float64](tb, `(function () {
		var td = document.querySelector("#api-keys table tbody tr:last-child td, table[aria-labelledby=keys-title] tbody tr:last-child td");
		var label = document.querySelector("label[for=key-name]");
		return [label.getBoundingClientRect().top - td.getBoundingClientRect().bottom, parseFloat(getComputedStyle(td).borderBottomWidth)];
	})()`)
	if gap, line := got[0], got[1]; gap < 12 || line < 1 {
		t.Errorf("the Key name label is %.1f px below the last key's row, with a line of %.1f px under the row; want a line and at least 12 px", gap, line)
	}
	tb.screenshot("settings-key-form")
	tb.noBrowserErrors(t)
}

// cancelledOrder makes an order through the API and cancels it, so that
// its page's table has an event, and returns its id.
func cancelledOrder(t *testing.T, e *env) string {
	t.Helper()
	st, body := e.Do(t, "POST", "/v1/orders", e.APIKey, `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`)
	if st != 201 {
		t.Fatalf("create order: %d %s", st, body)
	}
	var o struct{ ID string }
	if err := json.Unmarshal(body, &o); err != nil {
		t.Fatal(err)
	}
	// Cancelled, it has an event for its page's table.
	if st, body := e.Do(t, "POST", "/v1/orders/"+o.ID+"/cancel", e.APIKey, map[string]string{"reason": "a test"}); st >= 300 {
		t.Fatalf("cancel order: %d %s", st, body)
	}
	return o.ID
}
