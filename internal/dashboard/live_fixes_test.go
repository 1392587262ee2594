package dashboard_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/dashboard"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// liveEvent is one event of a dashboard stream.
type liveEvent struct {
	Name string
	Data map[string]any
}

// openLive opens b's /dashboard/live stream; its events arrive on the
// returned channel until the test ends.
func openLive(t *testing.T, e *env, b *browser) <-chan liveEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", e.URL+"/dashboard/live", nil)
	req.Header.Set("Accept", "text/event-stream")
	req.AddCookie(&http.Cookie{Name: "esahayak_session", Value: b.cookies["esahayak_session"].Value})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("stream = %d", resp.StatusCode)
	}
	out := make(chan liveEvent, 100)
	connected := make(chan struct{})
	go func() {
		defer resp.Body.Close()
		defer close(out)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			if line == ": connected" {
				close(connected)
			}
			if v, ok := strings.CutPrefix(line, "event: "); ok {
				name = v
			}
			if v, ok := strings.CutPrefix(line, "data: "); ok {
				var d map[string]any
				json.Unmarshal([]byte(v), &d)
				out <- liveEvent{Name: name, Data: d}
			}
		}
	}()
	select {
	case <-connected:
	case <-time.After(5 * time.Second):
		t.Fatal("the stream did not connect")
	}
	return out
}

// waitEvent returns the first event of ch that want accepts, or fails the
// test after timeout.
func waitEvent(t *testing.T, ch <-chan liveEvent, timeout time.Duration, what string, want func(liveEvent) bool) liveEvent {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatalf("the stream ended while waiting for %s", what)
			}
			if want(ev) {
				return ev
			}
		case <-deadline:
			t.Fatalf("no %s within %s", what, timeout)
		}
	}
}

// noEvent fails the test if ch brings an event that bad accepts within d.
func noEvent(t *testing.T, ch <-chan liveEvent, d time.Duration, what string, bad func(liveEvent) bool) {
	t.Helper()
	deadline := time.After(d)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				return
			}
			if bad(ev) {
				t.Fatalf("%s: %+v", what, ev)
			}
		case <-deadline:
			return
		}
	}
}

// TestLiveStreamTellsOfEndpointChangesToItsAccountOnly: disabling,
// enabling, editing and deleting an endpoint reach the account's open
// pages as an "endpoint" event (which makes them read its deliveries again); another
// account's stream hears nothing of it.
func TestLiveStreamTellsOfEndpointChangesToItsAccountOnly(t *testing.T) {
	e := startEnv(t, envOptions{Options: testenv.Options{Schedule: "1h"}})
	rc := newReceiver(t)
	rc.failing.Store(true)
	ep := createEndpoint(t, e, rc.URL+"/flaky")
	id := retryingTestDelivery(t, e, ep)

	mine := openLive(t, e, e.signedIn(t))
	otherAccount, _ := e.NewAccount(t)
	if _, err := createUserIn(e, otherAccount, "other@example.com"); err != nil {
		t.Fatal(err)
	}
	ob := e.browser(t)
	if r := ob.signIn("other@example.com", e.Password); r.Status != http.StatusSeeOther {
		t.Fatalf("other sign in: %d", r.Status)
	}
	theirs := openLive(t, e, ob)

	isEndpoint := func(ev liveEvent) bool { return ev.Name == "endpoint" && ev.Data["endpoint_id"] == ep }
	for _, step := range []struct {
		method, what string
		body         any
	}{
		{"PATCH", "disabled", map[string]any{"status": "disabled"}},
		{"PATCH", "enabled", map[string]any{"status": "enabled"}},
		{"PATCH", "edited", map[string]any{"description": "renamed"}},
		{"DELETE", "deleted", nil},
	} {
		if st, body := e.Do(t, step.method, "/v1/webhook_endpoints/"+ep, e.APIKey, step.body); st != http.StatusOK {
			t.Fatalf("%s: %d %s", step.what, st, body)
		}
		waitEvent(t, mine, 5*time.Second, "endpoint event after it was "+step.what, isEndpoint)
	}
	if d, _ := e.Store.GetDelivery(context.Background(), e.AccountID, id); d.Status != store.DeliveryFailed {
		t.Fatalf("after the delete the delivery is %s, want failed", d.Status)
	}
	noEvent(t, theirs, time.Second, "another account's stream was told of this account's endpoint",
		func(ev liveEvent) bool { return ev.Name == "endpoint" || ev.Name == "delivery" })
}

// retryingTestDelivery sends a test event to ep, whose receiver fails, and
// waits until its delivery is retrying.
func retryingTestDelivery(t *testing.T, e *env, ep string) string {
	t.Helper()
	return testDeliveryTo(t, e, ep, store.DeliveryRetrying, time.Minute)
}

// TestLiveRowsShowAnEndpointsNewName: a row sent live after its endpoint
// was renamed names it by its new description, not the one the stream
// saw first.
func TestLiveRowsShowAnEndpointsNewName(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": rc.URL + "/hook", "description": "Old name"})
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, body)
	}
	ep := testenv.JSON(t, body)["id"].(string)
	live := openLive(t, e, e.signedIn(t))
	// The row of delivery id once it succeeded (a change read late may
	// bring an earlier delivery's row again).
	succeeded := func(id string) func(ev liveEvent) bool {
		return func(ev liveEvent) bool {
			return ev.Name == "delivery" && ev.Data["id"] == id && ev.Data["status"] == store.DeliverySucceeded
		}
	}

	first := sendTestEvent(t, e, ep)
	if ev := waitEvent(t, live, 10*time.Second, "the first delivery", succeeded(first)); !strings.Contains(ev.Data["html"].(string), "Old name") {
		t.Fatalf("first row does not name the endpoint: %s", ev.Data["html"])
	}
	if st, body := e.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, e.APIKey, map[string]any{"description": "New name"}); st != 200 {
		t.Fatalf("rename: %d %s", st, body)
	}
	e.clock.Advance(time.Minute) // however long the stream keeps what it looked up
	second := sendTestEvent(t, e, ep)
	html := waitEvent(t, live, 10*time.Second, "the second delivery", succeeded(second)).Data["html"].(string)
	if !strings.Contains(html, "New name") || strings.Contains(html, "Old name") {
		t.Fatalf("after the rename, a live row says: %s", html)
	}
}

// TestSaveWebhookRefusesTheSameURLWrittenAnotherWay: the URL is compared
// as the API stores it (non-ASCII query characters percent-encoded) and
// as a receiver gets it (no path is "/", the host in its ASCII form), so
// one address is never saved twice.
func TestSaveWebhookRefusesTheSameURLWrittenAnotherWay(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	b := e.signedIn(t)
	const page, action = "/dashboard/settings/api-access", "/dashboard/settings/webhooks"
	for _, pair := range [][2]string{
		{rc.URL + "/dup?k=ü", rc.URL + "/dup?k=ü"},
		{rc.URL + "/dup?k=ü", rc.URL + "/dup?k=%c3%bc"},
		{rc.URL, rc.URL + "/"},
		{"http://localhost:80/hook", "http://LOCALHOST/hook"},
		// An escaped unreserved character is the character (RFC 3986
		// §6.2.2.2): receivers decode %73 to "s".
		{rc.URL + "/second?v=1", rc.URL + "/%73econ%64?%76=1"},
		// A port with leading zeros is the same port.
		{rc.URL + "/zeros", strings.Replace(rc.URL, "127.0.0.1:", "127.0.0.1:0", 1) + "/zeros"},
		// A host is looked up, and sent in Host, in its ASCII form (UTS
		// #46, as every client maps it): an internationalized name and its
		// xn-- form are one host, and so are full-width letters and ASCII.
		{"http://exämple.com/idn", "http://xn--exmple-cua.com/idn"},
		{"http://\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com/wide", "http://example.com/wide"},
	} {
		first := b.postForm(page, action, url.Values{"url": {pair[0]}})
		if first.Status != http.StatusSeeOther && !strings.Contains(first.Body, "already configured") {
			t.Fatalf("save %s = %d %.300s", pair[0], first.Status, first.Body)
		}
		again := b.postForm(page, action, url.Values{"url": {pair[1]}})
		if again.Status != http.StatusUnprocessableEntity || !strings.Contains(again.Body, "already configured") {
			t.Errorf("saving %s after %s = %d; want it refused as already configured", pair[1], pair[0], again.Status)
		}
	}
	// An escaped reserved character is not the character: /a%2Fb is
	// another path than /a/b, and is saved.
	if r := b.postForm(page, action, url.Values{"url": {rc.URL + "/a/b"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("save /a/b = %d", r.Status)
	}
	if r := b.postForm(page, action, url.Values{"url": {rc.URL + "/a%2Fb"}}); r.Status != http.StatusSeeOther {
		t.Errorf("save /a%%2Fb after /a/b = %d; want it saved (another path)", r.Status)
	}
	eps, _, _ := e.Store.ListEndpoints(context.Background(), store.ListParams{AccountID: e.AccountID, Limit: 10})
	if len(eps) != 9 {
		var urls []string
		for _, ep := range eps {
			urls = append(urls, ep.URL)
		}
		t.Errorf("saved %d endpoints, want 9: %v", len(eps), urls)
	}
}

// TestBrowserBulkChangesReachLiveTables: deleting an endpoint fails its
// waiting deliveries for good; a live table of retrying deliveries drops
// them, and a delivery's page says it is held once its endpoint is
// disabled, and waiting again once enabled, all without a reload.
func TestBrowserBulkChangesReachLiveTables(t *testing.T) {
	// Retries an hour apart: enabling sends the held retry at once, and
	// the delivery, failing again, stays retrying.
	e := startEnv(t, envOptions{Options: testenv.Options{Schedule: "1h,1h,1h"}})
	rc := newReceiver(t)
	rc.failing.Store(true)
	ep := createEndpoint(t, e, rc.URL+"/flaky")
	id := retryingTestDelivery(t, e, ep)
	tb := signedInTab(t, e)

	t.Run("disable and enable on the delivery's page", func(t *testing.T) {
		tb.t = t
		tb.do("open the delivery", chromedp.Navigate(e.URL+"/dashboard/deliveries/"+id), chromedp.WaitVisible(css(`#delivery-detail[data-status="retrying"]`)))
		tb.waitLive()
		eval[bool](tb, `window.__sameDocument = true`)
		const held = "held while the endpoint is disabled"
		if st, body := e.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, e.APIKey, map[string]any{"status": "disabled"}); st != 200 {
			t.Fatalf("disable: %d %s", st, body)
		}
		if got := tb.textEventually(`#delivery-detail`, held); !strings.Contains(got, held) {
			t.Fatalf("after the endpoint was disabled, the delivery's page says:\n%s", got)
		}
		if st, body := e.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, e.APIKey, map[string]any{"status": "enabled"}); st != 200 {
			t.Fatalf("enable: %d %s", st, body)
		}
		var got string
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			// Read in one go: a live refresh may replace the node.
			if got = eval[string](tb, `document.getElementById("delivery-detail").innerText`); !strings.Contains(got, held) {
				break
			}
		}
		if strings.Contains(got, held) || !strings.Contains(got, "Next attempt") {
			t.Fatalf("after the endpoint was enabled, the delivery's page says:\n%s", got)
		}
		if !eval[bool](tb, `window.__sameDocument === true`) {
			t.Fatal("the page reloaded: the change did not arrive live")
		}
	})

	t.Run("delete on a table of retrying deliveries", func(t *testing.T) {
		tb.t = t
		row := `tr[data-delivery-id="` + id + `"]`
		tb.do("open the retrying deliveries", chromedp.Navigate(e.URL+"/dashboard/deliveries?status=retrying"), chromedp.WaitVisible(css(row)))
		tb.waitLive()
		eval[bool](tb, `window.__sameDocument = true`)
		if st, body := e.Do(t, "DELETE", "/v1/webhook_endpoints/"+ep, e.APIKey, nil); st != 200 {
			t.Fatalf("delete: %d %s", st, body)
		}
		d, _ := e.Store.GetDelivery(context.Background(), e.AccountID, id)
		if d.Status != store.DeliveryFailed {
			t.Fatalf("the deleted endpoint's delivery is %s, want failed", d.Status)
		}
		gone := false
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !gone; time.Sleep(100 * time.Millisecond) {
			gone = eval[bool](tb, `!document.querySelector('`+row+`')`)
		}
		if !gone {
			t.Fatalf("the delivery, now failed, stays in the live list of retrying deliveries as %q",
				eval[string](tb, `document.querySelector('`+row+`').dataset.status`))
		}
		// Read until it settles: the emptied list's reload replaces the
		// script's empty row with its own (TestBrowserLiveUpdateKeepsStatusFilter).
		if got := tb.textEventually(`table[data-live-deliveries] tr.empty-row`, "No deliveries match these filters."); got != "No deliveries match these filters." {
			t.Errorf("the emptied table says %q", got)
		}
		if !eval[bool](tb, `window.__sameDocument === true`) {
			t.Fatal("the page reloaded: the change did not arrive live")
		}
	})
	tb.noBrowserErrors(t)
}

// TestSaveWebhookTwiceAtOnceMakesOneEndpoint: a double click sends two
// Save Webhook posts at once; one URL becomes one endpoint (each of the
// two used to pass the duplicate check before the other had created it),
// and a refused save says which endpoint has the URL, as the dashboard's
// own check does, also when the store's check refused it (with the store's
// refusal left unread, the page said "The object was changed concurrently;
// retry the request.", and a retry was refused the same).
func TestSaveWebhookTwiceAtOnceMakesOneEndpoint(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	b := e.signedIn(t)
	for round := range 10 {
		u := fmt.Sprintf("%s/twice-%d", rc.URL, round)
		var wg sync.WaitGroup
		answers := make([]response, 6)
		for i := range answers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				answers[i] = b.postForm("/dashboard/settings/api-access", "/dashboard/settings/webhooks", url.Values{"url": {u}})
			}()
		}
		wg.Wait()
		eps, _, _ := e.Store.ListEndpoints(context.Background(), store.ListParams{AccountID: e.AccountID, Limit: 100})
		n, id := 0, ""
		for _, ep := range eps {
			if ep.URL == u {
				n, id = n+1, ep.ID
			}
		}
		if n != 1 {
			t.Fatalf("6 saves of %s at once made %d endpoints, want 1", u, n)
		}
		// Each refused save names the endpoint the URL has (the page the
		// browser shows for the second click of a double click), whether
		// the dashboard's check or the store's refused it.
		for _, r := range answers {
			if r.Status != http.StatusSeeOther && !saysDuplicateOf(r.Body, id) {
				t.Fatalf("a save of %s at once with others: %d, not naming endpoint %s as the URL's:\n%s", u, r.Status, id, r.Body)
			}
		}
	}
}

// TestRevokeTwiceSaysRevoked: a second revoke of a key (a double click, a
// second tab) says the key is revoked already, not "nothing here".
func TestRevokeTwiceSaysRevoked(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	keys, _ := e.Store.ListAPIKeys(context.Background(), e.AccountID)
	action := "/dashboard/settings/api-keys/" + keys[0].ID + "/revoke"
	for i, want := range []string{"notice=key_revoked", "notice=key_revoked_already"} {
		r := b.postForm("/dashboard/settings/api-access", action, url.Values{"confirmed": {"1"}})
		if r.Status != http.StatusSeeOther || !strings.HasSuffix(r.Location, want) {
			t.Fatalf("revoke %d = %d %q", i+1, r.Status, r.Location)
		}
	}
	// Another account's key is still nothing here.
	other, _ := e.NewAccount(t)
	okeys, _ := e.Store.ListAPIKeys(context.Background(), other)
	if r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys/"+okeys[0].ID+"/revoke", url.Values{"confirmed": {"1"}}); r.Status != http.StatusNotFound {
		t.Fatalf("revoking another account's key = %d, want 404", r.Status)
	}
}

// TestKeyNameBidiControlsAreShownNotObeyed: a key named with a U+202E
// (right-to-left override) is shown without it, isolated, in the keys'
// table and the revoke confirmation, where the override drew the key's
// prefix reversed; so are an order's operator-set texts.
func TestKeyNameBidiControlsAreShownNotObeyed(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	// Create API key refuses the override now
	// (TestBrowserKeyNameWithHiddenCharactersIsRefused); a database
	// written before it did still holds such names.
	if refused := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {"prod\u202e"}}); refused.Status != http.StatusUnprocessableEntity {
		t.Fatalf("create a key named prod+U+202E: %d, want 422", refused.Status)
	}
	_, row, err := api.NewAPIKey(e.AccountID, "prod\u202e", time.Now())
	if err == nil {
		err = e.Store.CreateAPIKey(context.Background(), row, 100)
	}
	if err != nil {
		t.Fatal(err)
	}
	var id string
	keys, _ := e.Store.ListAPIKeys(context.Background(), e.AccountID)
	for _, k := range keys {
		if k.Name == "prod\u202e" {
			id = k.ID
		}
	}
	if id == "" {
		t.Fatal("the key was not stored under its name")
	}
	if page := b.get("/dashboard/settings/api-access").Body; strings.Contains(page, "\u202e") {
		t.Error("the keys' table shows the override")
	}
	confirm := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys/"+id+"/revoke", nil)
	if confirm.Status != http.StatusOK || strings.Contains(confirm.Body, "\u202e") || !strings.Contains(confirm.Body, "Revoke the API key “prod”") {
		t.Errorf("revoke confirmation: %d; the override reached the question", confirm.Status)
	}
	st, body := e.Do(t, "POST", "/v1/orders", e.APIKey, `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`)
	if st != 201 {
		t.Fatalf("create order: %d %s", st, body)
	}
	var o struct{ ID string }
	json.Unmarshal(body, &o)
	// The API refuses bidi controls in a move's text now; a database
	// written before it did still holds them.
	storedMove(t, e, o.ID, order.Request{Move: order.MoveFail, Actor: order.Operator, Error: order.ErrorDetail{Code: "PORT\u202eAL", Message: "down \u202eevil"}})
	if page := b.get("/dashboard/orders/" + o.ID).Body; strings.Contains(page, "\u202e") || !strings.Contains(page, "<bdi>down evil</bdi>") {
		i := strings.Index(page, "\u202e")
		if i < 0 {
			i = strings.Index(page, "PORTAL")
		}
		t.Errorf("the order's error message shows the override, or is not isolated: %q", page[max(0, i-100):min(len(page), i+200)])
	} else if !strings.Contains(page, `<bdi>PORTAL</bdi>`) {
		t.Error("the order's error code is not isolated")
	} else if !strings.Contains(page, `down \u202eevil`) {
		t.Error("the event's payload does not show the override as its JSON escape")
	}
}

// TestDeliveryPageShowsBidiControls: a receiver's answer and an event's
// exact bytes are shown with their bidi controls escaped, as the
// formatted payload already was; "ok \u202eevil.exe" drew reversed.
func TestDeliveryPageShowsBidiControls(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "ok \u202eevil.exe txt\u202c done")
	}))
	defer rc.Close()
	ep := createEndpoint(t, e, rc.URL+"/hook")
	st, body := e.Do(t, "POST", "/v1/orders", e.APIKey, `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`)
	if st != 201 {
		t.Fatalf("create order: %d %s", st, body)
	}
	var o struct{ ID string }
	json.Unmarshal(body, &o)
	storedMove(t, e, o.ID, order.Request{Move: order.MoveCancel, Actor: order.Customer, Reason: "dup \u202edetartni\u202c end"})
	var id string
	testenv.Eventually(t, time.Minute, "the cancellation's delivery", func() bool {
		ds, _, _ := e.Store.ListDeliveries(context.Background(), store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: e.AccountID, Limit: 10}, EndpointID: ep})
		for _, d := range ds {
			if d.Status == store.DeliverySucceeded {
				id = d.ID
				return true
			}
		}
		return false
	})
	page := e.signedIn(t).get("/dashboard/deliveries/" + id).Body
	if strings.ContainsFunc(page, func(c rune) bool { return c == '\u202e' || c == '\u202c' }) {
		t.Errorf("the delivery page obeys a bidi control from the receiver or the payload")
	}
	if !strings.Contains(page, `ok \u202eevil.exe`) || !strings.Contains(page, `dup \u202edetartni`) {
		t.Errorf("the delivery page does not show the bidi controls as escapes")
	}
}

// TestAttemptErrorsShowNoBidiControls: an attempt's error text is the
// customer's to write (an `esahayak listen` result reports it), and
// "payment for invoice \u202etxt.exe" read as "…exe.txt" on the delivery
// page. Every page that shows an error text shows it without its bidi
// controls, isolated, as it shows header values.
func TestAttemptErrorsShowNoBidiControls(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	ls, listened := reportListenResult(t, e, `"status": 0, "error": "payment for invoice \u202etxt.exe"`)

	const shown = "payment for invoice txt.exe"
	page := b.get("/dashboard/deliveries/" + listened).Body
	if strings.ContainsRune(page, '\u202e') {
		t.Errorf("the delivery page obeys the bidi control in the attempt's error")
	}
	if n := strings.Count(page, "<bdi>"+shown+"</bdi>"); n != 2 {
		t.Errorf("the delivery page isolates the error %d times, want 2 (last response and the attempt)", n)
	}
	for _, path := range []string{"/dashboard/deliveries", "/dashboard/deliveries?endpoint=" + ls, "/dashboard/"} {
		page := b.get(path).Body
		if strings.ContainsRune(page, '\u202e') {
			t.Errorf("%s obeys the bidi control in the delivery's last error", path)
		}
		mustContain(t, page, `title="`+shown+`"`)
	}
}

// reportListenResult opens a listen session, makes an event it is sent
// (an order's upload) and reports a result for it with the given fields
// (`"status": 200`); it returns the session's id and the delivery's.
func reportListenResult(t *testing.T, e *env, fields string) (session, delivery string) {
	t.Helper()
	session = e.NewListenSession(t, e.APIKey, `{}`)
	return session, reportResult(t, e, session, uploadedEvent(t, e), fields)
}

// uploadedEvent makes an order and uploads it; it returns the id of the
// stamp.uploaded event, which every listen session opened before it is sent.
func uploadedEvent(t *testing.T, e *env) string {
	t.Helper()
	st, body := e.Do(t, "POST", "/v1/orders", e.APIKey, `{"stamp_request": {"state": "Assam", "amount": 150000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`)
	if st != 201 {
		t.Fatalf("order: %d %s", st, body)
	}
	st, body = e.Do(t, "POST", "/v1/orders/"+testenv.JSON(t, body)["id"].(string)+"/upload", e.Operator, nil)
	if st != 200 {
		t.Fatalf("upload: %d %s", st, body)
	}
	event, _ := testenv.JSON(t, body)["event"].(map[string]any)
	if event == nil {
		t.Fatalf("upload answer without its event: %s", body)
	}
	return event["id"].(string)
}

// reportResult reports the listen session's result for event with the
// given fields (`"status": 200`), as `esahayak listen` does; it returns
// the delivery the result made.
func reportResult(t *testing.T, e *env, session, event, fields string) string {
	t.Helper()
	report := `{"event_id": "` + event + `", "started_at": "` + time.Now().UTC().Format(time.RFC3339Nano) + `", "duration_ms": 4, ` + fields + `}`
	st, body := e.Do(t, "POST", "/v1/listen_sessions/"+session+"/results", e.APIKey, report)
	if st != 201 {
		t.Fatalf("listen result: %d %s", st, body)
	}
	return testenv.JSON(t, body)["id"].(string)
}

// TestTopBarEmailShowsNoBidiControls: users create refuses an email with
// an invisible formatting character now, but a user made before that
// may have one; the top bar drew "x\u202e@ex.com" reversed. It shows
// the email without its bidi controls, isolated.
func TestTopBarEmailShowsNoBidiControls(t *testing.T) {
	e := startEnv(t, envOptions{})
	const email = "x\u202e@ex.com"
	hash, err := dashboard.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	if err := e.Store.CreateUser(context.Background(), store.User{ID: ids.NewAt(ids.User, now), AccountID: e.AccountID, Email: email, PasswordHash: hash, CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	b := e.browser(t)
	if r := b.signIn(email, testPassword); r.Status != http.StatusSeeOther {
		t.Fatalf("sign in as %q: %d", email, r.Status)
	}
	page := b.get("/dashboard/").Body
	if strings.ContainsRune(page, '\u202e') {
		t.Errorf("the top bar obeys the bidi control in the user's email")
	}
	mustContain(t, page, "<bdi>x@ex.com</bdi>")
}

// TestLiveStreamOutlivesTheWriteBound: the API bounds the writing of every
// answer, but a live stream bounds its own writes: quiet for many times
// that bound, it still tells of a change.
func TestLiveStreamOutlivesTheWriteBound(t *testing.T) {
	const bound = 200 * time.Millisecond
	e := startEnv(t, envOptions{Options: testenv.Options{ResponseWriteTimeout: bound}})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/h")
	live := openLive(t, e, e.signedIn(t))
	time.Sleep(10 * bound)
	if st, body := e.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, e.APIKey, map[string]any{"status": "disabled"}); st != http.StatusOK {
		t.Fatalf("disable: %d %s", st, body)
	}
	waitEvent(t, live, 5*time.Second, "endpoint event after a quiet stream",
		func(ev liveEvent) bool { return ev.Name == "endpoint" && ev.Data["endpoint_id"] == ep })
}

// saysDuplicateOf tells whether a page says that its URL is endpoint id's,
// with a link to it.
func saysDuplicateOf(body, id string) bool {
	return strings.Contains(body, "This URL is already configured as endpoint ") &&
		strings.Contains(body, `<a href="/dashboard/endpoints/`+id+`">`)
}

// storedMove makes req's move on the order in the store, as the API did
// before it refused bidi controls and other hidden characters in a move's
// text (order.TextField): a database written then still holds such text,
// which every page must show harmless.
func storedMove(t *testing.T, e *env, orderID string, req order.Request) {
	t.Helper()
	req.Now = time.Now().UTC()
	_, err := e.Store.TransitionOrder(context.Background(), store.TransitionParams{OrderID: orderID, AccountID: e.AccountID, Now: req.Now,
		Decide: func(cur store.Order) (store.Transition, error) { return order.Apply(cur, req) }})
	if err != nil {
		t.Fatalf("%s the order in the store: %v", req.Move, err)
	}
}
