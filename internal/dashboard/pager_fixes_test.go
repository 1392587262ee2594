package dashboard_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// Live rows push the oldest rows off the newest page of deliveries; the
// "Older deliveries" link then starts after the last row still shown, so
// paging down shows every delivery (it used to skip the pushed-off ones).
func TestBrowserLiveRowsKeepOlderPageComplete(t *testing.T) {
	const perPage = 25 // rows on a page of deliveries
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	// send sends n test events and waits for them to be delivered: the
	// page then reads settled rows, and a slow machine reads differently
	// from a page that leaves rows out.
	send := func(n int) {
		for i := 0; i < n; i++ {
			sendTestEvent(t, e, ep)
		}
	}
	all := func() []store.Delivery {
		ds, _, err := e.Store.ListDeliveries(context.Background(), store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: e.AccountID, Limit: 100}})
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	send(perPage + 2)
	tb := signedInTab(t, e)
	tb.do("open the deliveries", chromedp.Navigate(e.URL+"/dashboard/deliveries"), chromedp.WaitVisible(css(`table[data-live-deliveries] tbody tr`)))
	tb.waitLive()
	send(3)
	newest := all()[0].ID
	tb.do("wait for the live rows", chromedp.WaitVisible(css(`tr[data-delivery-id="`+newest+`"]`)))
	seen := map[string]bool{}
	for _, id := range eval[[]string](tb, `Array.from(document.querySelectorAll("table[data-live-deliveries] tbody tr[data-delivery-id]")).map(function (tr) { return tr.dataset.deliveryId; })`) {
		seen[id] = true
	}
	if len(seen) != perPage {
		t.Fatalf("the newest page shows %d rows, want %d", len(seen), perPage)
	}
	older := eval[string](tb, `(document.querySelector("nav.pager a[data-older]") || {}).href || ""`)
	if older == "" {
		t.Fatal("no Older deliveries link after live rows pushed rows off the page")
	}
	tb.do("open the older page", chromedp.Navigate(older), chromedp.WaitVisible(css(`table[data-live-deliveries] tbody tr`)))
	for _, id := range eval[[]string](tb, `Array.from(document.querySelectorAll("table[data-live-deliveries] tbody tr[data-delivery-id]")).map(function (tr) { return tr.dataset.deliveryId; })`) {
		if seen[id] {
			t.Errorf("%s is on both pages", id)
		}
		seen[id] = true
	}
	for _, d := range all() {
		if !seen[d.ID] {
			t.Errorf("%s is on neither page", d.ID)
		}
	}
	tb.noBrowserErrors(t)
}

// Every filter a page could not read is named, not only the last one.
func TestEveryDroppedFilterIsNamed(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	cases := map[string]string{
		"/dashboard/deliveries?status=%3Cb%3E&type=%3Ci%3E&after=x": "The status and event type filters and the page asked for were not understood and are ignored; the newest deliveries are shown.",
		"/dashboard/deliveries?status=nope&after=x":                 "The status filter and the page asked for were not understood and are ignored; the newest deliveries are shown.",
		"/dashboard/deliveries?event=x":                             "The event filter was not understood and is ignored.",
		"/dashboard/orders?status=bogus&after=zz":                   "The status filter and the page asked for were not understood and are ignored; the newest orders are shown.",
		"/dashboard/orders?after=zz":                                "The page asked for was not understood and is ignored; the newest orders are shown.",
	}
	for path, want := range cases {
		r := b.get(path)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, want) {
			t.Errorf("GET %s = %d; want 200 saying %q", path, r.Status, want)
		}
	}
}

// A signed-in user on an address the dashboard does not have gets a 404
// with the navigation and Sign out, as on any other page.
func TestUnknownPageKeepsTheNavigation(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	for _, path := range []string{"/dashboard/nonexist", "/dashboard/settings/foo", "/dashboard/endpoints/we_x/extra"} {
		r := b.get(path)
		if r.Status != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, r.Status)
		}
		if !strings.Contains(r.Body, "Sign out") || !strings.Contains(r.Body, `href="/dashboard/deliveries"`) {
			t.Errorf("GET %s: the 404 page has no navigation or Sign out", path)
		}
	}
	// Signed out, the same address is a 404 too, without them.
	r := e.browser(t).get("/dashboard/nonexist")
	if r.Status != http.StatusNotFound || strings.Contains(r.Body, "Sign out") {
		t.Errorf("signed out: %d, Sign out shown=%v", r.Status, strings.Contains(r.Body, "Sign out"))
	}
}

// A delivery whose endpoint was deleted while it waited to be tried again
// says so on its page, beside the last response's status (which alone
// reads as a schedule run out), and the page calls the endpoint deleted,
// not "deleted, or a listen session".
func TestDeliveryPageSaysTheEndpointWasDeleted(t *testing.T) {
	e := startEnv(t, envOptions{Options: testenv.Options{Schedule: "1m"}})
	rc := newReceiver(t)
	rc.failing.Store(true)
	ep := createEndpoint(t, e, rc.URL+"/flaky")
	id := testDeliveryTo(t, e, ep, store.DeliveryRetrying, time.Minute)
	if st, body := e.Do(t, "DELETE", "/v1/webhook_endpoints/"+ep, e.APIKey, nil); st != 200 {
		t.Fatalf("delete: %d %s", st, body)
	}
	d, _ := e.Store.GetDelivery(context.Background(), e.AccountID, id)
	if d.Status != store.DeliveryFailed || d.LastError == "" {
		t.Fatalf("after the delete: %s, %q", d.Status, d.LastError)
	}
	page := e.signedIn(t).get("/dashboard/deliveries/" + id).Body
	if !strings.Contains(page, html.EscapeString(d.LastError)) {
		t.Errorf("the page does not say %q", d.LastError)
	}
	if !strings.Contains(page, ep+" (deleted)") || strings.Contains(page, "listen</code> session") {
		t.Errorf("the page does not call the endpoint deleted, or offers a listen session")
	}
}

// A resend of an old delivery not on the page does not jump to the top
// of the newest deliveries: the table stays newest first, as a reload.
func TestBrowserResentOldDeliveryKeepsItsPlace(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	// All delivered before the page opens: no live change but the test's
	// own reaches it.
	var first string
	for i := 0; i < 12; i++ {
		id := sendTestEvent(t, e, ep)
		if i == 0 {
			first = id
		}
	}
	tb := signedInTab(t, e)
	// The overview shows the newest 10: the first is not among them.
	tb.do("open the overview", chromedp.Navigate(e.URL+"/dashboard/"), chromedp.WaitVisible(css(`table[data-live-deliveries] tbody tr`)))
	tb.waitLive()
	top := eval[string](tb, `document.querySelector("table[data-live-deliveries] tbody tr").dataset.deliveryId`)
	if st, body := e.Do(t, "POST", "/v1/deliveries/"+first+"/retry", e.APIKey, nil); st >= 300 {
		t.Fatalf("retry: %d %s", st, body)
	}
	testenv.Eventually(t, time.Minute, "the resend to succeed", func() bool {
		d, _ := e.Store.GetDelivery(context.Background(), e.AccountID, first)
		return d.Attempts == 2 && d.Status == store.DeliverySucceeded
	})
	// The resend's live change has arrived once a later one has: a new
	// delivery, at the top. (A fixed second here, on a loaded machine,
	// could end before the resend's change reached the page, and the test
	// passed without it.)
	later := sendTestEvent(t, e, ep)
	testenv.Eventually(t, 15*time.Second, "the later delivery to arrive live", func() bool {
		return eval[bool](tb, `!!document.querySelector('table[data-live-deliveries] tr[data-delivery-id="`+later+`"][data-status="succeeded"]')`)
	})
	rows := eval[[]string](tb, `Array.prototype.slice.call(document.querySelectorAll("table[data-live-deliveries] tbody tr"), 0, 2).map(function (r) { return r.dataset.deliveryId; })`)
	if len(rows) != 2 || rows[0] != later || rows[1] != top {
		t.Errorf("the top rows are %v after resending the oldest delivery and sending a new one, want %s (the new one), then %s", rows, later, top)
	}
	if eval[bool](tb, `!!document.querySelector('tr[data-delivery-id="`+first+`"]')`) {
		t.Errorf("the resent oldest delivery entered the newest 10")
	}
	tb.noBrowserErrors(t)
}

// A body that is not UTF-8 text is shown as hex, and a header's bytes
// that are not UTF-8 as \xNN: as text the page turned each into U+FFFD,
// and the bytes could not be read back.
func TestInspectorShowsBinaryBodiesAsHex(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	page, captureURL := newInspector(t, e, b)
	if st, body := send(t, "PUT", captureURL+"/bin", "\xff\xfe\x00\x01binary\x80\x81", http.Header{"X-Latin": {"caf\xe9"}}); st != 200 {
		t.Fatalf("capture: %d %s", st, body)
	}
	if st, body := send(t, "POST", captureURL+"/text", "{\"a\": \"café\"}\n", nil); st != 200 {
		t.Fatalf("capture: %d %s", st, body)
	}
	got := b.get(page).Body
	for _, want := range []string{
		"Not UTF-8 text: its bytes in hex.",
		"00000000  ff fe 00 01 62 69 6e 61  72 79 80 81              |....binary..|",
		`caf\xe9`,
		"café", // a text body stays text
	} {
		if !strings.Contains(got, html.EscapeString(want)) {
			t.Errorf("the inspector page does not show %q", want)
		}
	}
	if strings.Count(got, "Not UTF-8 text") != 1 {
		t.Errorf("a text body is called binary too")
	}
}

// pagerLinks returns a page's pager links by their text ("← Newest",
// "‹ Newer …", "Older … →"), with &amp; undone.
func pagerLinks(t *testing.T, body string) map[string]string {
	t.Helper()
	i := strings.Index(body, `<nav class="pager"`)
	if i < 0 {
		t.Fatalf("no pager:\n%.300s", body)
	}
	nav := body[i : i+strings.Index(body[i:], "</nav>")]
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`<a href="([^"]+)"[^>]*>([^<]+)</a>`).FindAllStringSubmatch(nav, -1) {
		out[m[2]] = strings.ReplaceAll(m[1], "&amp;", "&")
	}
	return out
}

// rowIDs returns the ids of the links to pages of kind ("orders",
// "deliveries") in a list page, in order, each once.
func rowIDs(body, kind, prefix string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`href="/dashboard/`+kind+`/(`+prefix+`_[0-9a-z]+)"`).FindAllStringSubmatch(body, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	return out
}

// TestPagersGoBackOnePageAtATime: an older page of orders or deliveries
// links to the page just newer than it, not only to the newest: a user
// three pages down had to start again from the top. "Newer" from the
// second page lands on the newest page's own address.
func TestPagersGoBackOnePageAtATime(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	ordersAndTestEvents(t, e, ep, 60)
	for _, c := range []struct{ kind, prefix, older, newer, base string }{
		{"orders", "order", "Older orders →", "‹ Newer orders", "/dashboard/orders"},
		{"deliveries", "dlv", "Older deliveries →", "‹ Newer deliveries", "/dashboard/deliveries?endpoint=" + ep},
		{"deliveries", "dlv", "Older deliveries →", "‹ Newer deliveries", "/dashboard/deliveries"},
	} {
		t.Run(c.base, func(t *testing.T) {
			get := func(path string) string {
				t.Helper()
				r := b.get(path)
				if r.Status != 200 {
					t.Fatalf("GET %s = %d", path, r.Status)
				}
				return r.Body
			}
			first := get(c.base)
			if l := pagerLinks(t, first); l[c.newer] != "" || l["← Newest"] != "" {
				t.Fatalf("the newest page links to newer ones: %v", l)
			}
			firstIDs := rowIDs(first, c.kind, c.prefix)
			second := get(pagerLinks(t, first)[c.older])
			secondIDs := rowIDs(second, c.kind, c.prefix)
			third := get(pagerLinks(t, second)[c.older])
			thirdIDs := rowIDs(third, c.kind, c.prefix)
			if len(firstIDs) == 0 || len(secondIDs) == 0 || len(thirdIDs) == 0 {
				t.Fatalf("pages of %d, %d and %d rows", len(firstIDs), len(secondIDs), len(thirdIDs))
			}
			l := pagerLinks(t, third)
			if l[c.newer] == "" || l["← Newest"] == "" {
				t.Fatalf("the third page's pager: %v; want Newer and Newest", l)
			}
			back := get(l[c.newer])
			if got := rowIDs(back, c.kind, c.prefix); fmt.Sprint(got) != fmt.Sprint(secondIDs) {
				t.Fatalf("Newer from the third page shows %v; want the second page %v", got, secondIDs)
			}
			l = pagerLinks(t, back)
			if l[c.older] == "" || l[c.newer] == "" {
				t.Fatalf("the second page, reached by Newer: %v; want Older and Newer", l)
			}
			if got := rowIDs(get(l[c.older]), c.kind, c.prefix); fmt.Sprint(got) != fmt.Sprint(thirdIDs) {
				t.Fatalf("Older from there shows %v; want the third page again", got)
			}
			r := b.get(l[c.newer])
			if r.Status != http.StatusSeeOther || r.Location != c.base {
				t.Fatalf("Newer from the second page = %d to %q; want 303 to the newest page %s", r.Status, r.Location, c.base)
			}
		})
	}
}

// TestNewerPageOffersOlderOnlyWhenThereAre: a page read with ?before=
// links to older rows only when the list has some past it. The cursor
// need not be on the list (a bookmark whose older rows were pruned, a row
// that left the status filter, an address made by hand): the page of the
// oldest rows offered "Older" all the same, to an empty page.
func TestNewerPageOffersOlderOnlyWhenThereAre(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	ordersAndTestEvents(t, e, ep, 30)
	for _, c := range []struct{ kind, prefix, older, newer, base string }{
		{"orders", "order", "Older orders →", "‹ Newer orders", "/dashboard/orders?"},
		{"deliveries", "dlv", "Older deliveries →", "‹ Newer deliveries", "/dashboard/deliveries?endpoint=" + ep + "&"},
	} {
		t.Run(c.kind, func(t *testing.T) {
			// Before an id older than every row: the 25 oldest, newer ones
			// above them, nothing below.
			path := c.base + "before=" + c.prefix + "_00000000000000000000000000"
			r := b.get(path)
			if r.Status != 200 {
				t.Fatalf("GET %s = %d", path, r.Status)
			}
			if n := len(rowIDs(r.Body, c.kind, c.prefix)); n != 25 {
				t.Fatalf("GET %s: %d rows; want the 25 oldest", path, n)
			}
			l := pagerLinks(t, r.Body)
			if l[c.newer] == "" {
				t.Errorf("GET %s: no Newer link: %v", path, l)
			}
			if l[c.older] != "" {
				older := b.get(l[c.older])
				t.Errorf("GET %s links to older rows (%s: %d rows) below the oldest", path, l[c.older], len(rowIDs(older.Body, c.kind, c.prefix)))
			}
		})
	}
}

// TestOlderPageOffersNewerOnlyWhenThereAre: a page read with ?after=
// links to newer rows only when the list has some above it. The cursor
// need not be on the list (a row that left the status filter, an address
// made by hand): a page with nothing newer offered "‹ Newer" all the same,
// which led back to the very same rows. A cursor that is on the list
// keeps its Newer link.
func TestOlderPageOffersNewerOnlyWhenThereAre(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	ordersAndTestEvents(t, e, ep, 5)
	for _, c := range []struct{ kind, prefix, newer, base string }{
		{"orders", "order", "‹ Newer orders", "/dashboard/orders?"},
		{"deliveries", "dlv", "‹ Newer deliveries", "/dashboard/deliveries?endpoint=" + ep + "&"},
	} {
		t.Run(c.kind, func(t *testing.T) {
			newest := b.get(c.base[:len(c.base)-1])
			all := rowIDs(newest.Body, c.kind, c.prefix)
			if len(all) != 5 {
				t.Fatalf("%d rows on the newest page; want 5", len(all))
			}
			// After an id newer than every row: every row, nothing above.
			path := c.base + "after=" + c.prefix + "_7zzzzzzzzzzzzzzzzzzzzzzzzz"
			r := b.get(path)
			if r.Status != 200 {
				t.Fatalf("GET %s = %d", path, r.Status)
			}
			if got := rowIDs(r.Body, c.kind, c.prefix); fmt.Sprint(got) != fmt.Sprint(all) {
				t.Fatalf("GET %s: rows %v; want every row %v", path, got, all)
			}
			if l := pagerLinks(t, r.Body); l[c.newer] != "" {
				t.Errorf("GET %s links to newer rows (%s) above the newest: %v", path, l[c.newer], l)
			}
			// After the newest row: the newest is above, and Newer says so.
			path = c.base + "after=" + all[0]
			if l := pagerLinks(t, b.get(path).Body); l[c.newer] == "" {
				t.Errorf("GET %s: no Newer link: %v", path, l)
			}
		})
	}
}

// TestValidAfterWithInvalidBeforeIsReported: orders and deliveries read
// an address with a valid after and a before that is no id alike: the
// page asked for is named as not understood. Orders dropped the bad before
// without a word, while deliveries warned.
func TestValidAfterWithInvalidBeforeIsReported(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	for path, want := range map[string]string{
		"/dashboard/orders?after=order_00000000000000000000000000&before=zz":   "The page asked for was not understood and is ignored; the newest orders are shown.",
		"/dashboard/deliveries?after=dlv_00000000000000000000000000&before=zz": "The page asked for was not understood and is ignored; the newest deliveries are shown.",
	} {
		r := b.get(path)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, want) {
			t.Errorf("GET %s = %d; want 200 saying %q", path, r.Status, want)
		}
	}
}

// TestOrdersPastTheLastPageSaySo: an orders address past the last page
// (?after= the oldest order, or an id older than every order: a link made
// by hand, a bookmark whose older orders are gone) said "No orders yet" on
// an account that has orders. It says the page is past the last one and
// links to the first page; an account (or status) with no orders at all still says "No orders yet".
func TestOrdersPastTheLastPageSaySo(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	const pastEnd = "This address is past the last page: there are no older orders"
	if r := b.get("/dashboard/orders?after=order_00000000000000000000000000"); r.Status != 200 ||
		!strings.Contains(r.Body, "No orders yet.") || strings.Contains(r.Body, pastEnd) {
		t.Fatalf("past the end with no orders at all = %d; want 200 saying No orders yet:\n%s", r.Status, r.Body)
	}
	for range 3 {
		if st, body := e.Do(t, "POST", "/v1/orders", e.APIKey, `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`); st != 201 {
			t.Fatalf("order: %d %s", st, body)
		}
	}
	all := rowIDs(b.get("/dashboard/orders").Body, "orders", "order")
	if len(all) != 3 {
		t.Fatalf("%d orders on the first page; want 3", len(all))
	}
	for _, path := range []string{
		"/dashboard/orders?after=" + all[2],
		"/dashboard/orders?after=order_00000000000000000000000000",
		"/dashboard/orders?status=PROCESSING&after=" + all[2],
	} {
		r := b.get(path)
		if r.Status != 200 || strings.Contains(r.Body, "No orders") || !strings.Contains(r.Body, pastEnd) {
			t.Errorf("GET %s = %d; want 200 saying %q, not No orders:\n%s", path, r.Status, pastEnd, r.Body)
			continue
		}
		newest := "/dashboard/orders"
		if strings.Contains(path, "status=") {
			newest += "?status=PROCESSING"
		}
		if !strings.Contains(r.Body, `<a href="`+newest+`">Back to the first page</a>`) {
			t.Errorf("GET %s does not link back to the first page %s", path, newest)
		}
		if l := pagerLinks(t, r.Body); l["← Newest"] != newest || l["Older orders →"] != "" {
			t.Errorf("GET %s: pager %v; want Newest to %s and no Older", path, l, newest)
		}
	}
	// A status with no orders: none of that status yet, as before.
	if r := b.get("/dashboard/orders?status=FAILED&after=" + all[2]); !strings.Contains(r.Body, "No orders with status FAILED yet.") || strings.Contains(r.Body, pastEnd) {
		t.Errorf("past the end of a status without orders: want No orders with status FAILED yet:\n%s", r.Body)
	}
}

// ordersAndTestEvents creates n orders and, after each, a test event to
// endpoint ep: n rows on the orders' list and n on ep's deliveries'.
func ordersAndTestEvents(t *testing.T, e *env, ep string, n int) {
	t.Helper()
	for range n {
		if st, body := e.Do(t, "POST", "/v1/orders", e.APIKey, `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`); st != 201 {
			t.Fatalf("order: %d %s", st, body)
		}
		if st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/test", e.APIKey, nil); st != 202 {
			t.Fatalf("test event: %d %s", st, body)
		}
	}
}

// TestBadCursorWarningIsWordedAlike: a list address whose page (?after=,
// ?before=) is no row's id is warned about in one wording on Deliveries
// and on Orders, alone and beside a status filter that is not understood,
// but for the rows it names: Deliveries called it "the page filter" (and
// "the status and page filters"), which is no filter on the page, and did
// not say that the newest rows were shown; Orders "the page asked for".
func TestBadCursorWarningIsWordedAlike(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	flash := regexp.MustCompile(`<p class="flash flash-warn">([^<]*)</p>`)
	for _, q := range []string{"after=zz", "before=zz", "after=x&before=y", "status=bogus&after=zz"} {
		var said []string
		for _, list := range []string{"deliveries", "orders"} {
			r := b.get("/dashboard/" + list + "?" + q)
			m := flash.FindStringSubmatch(r.Body)
			if r.Status != http.StatusOK || m == nil {
				t.Fatalf("GET /dashboard/%s?%s = %d, with no warning", list, q, r.Status)
			}
			said = append(said, strings.Replace(html.UnescapeString(m[1]), list, "ROWS", 1))
		}
		if said[0] != said[1] {
			t.Errorf("?%s: Deliveries warns %q, Orders %q; want one wording", q, said[0], said[1])
		}
		if !strings.Contains(said[0], "page asked for") || !strings.HasSuffix(said[0], "the newest ROWS are shown.") {
			t.Errorf("?%s: warned %q; want it to name the page asked for and say the newest rows are shown", q, said[0])
		}
	}
}
