package dashboard_test

import (
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/store"
)

// TestAttemptShowsBinaryResponseAsHex: a receiver that answers with bytes
// that are not text (a gzip or protobuf error page, a NUL-padded answer)
// had them written into the delivery page as they were kept, control
// characters and all, which Chromium draws as rows of empty boxes; the
// inspector already showed such bodies as hex. The attempt shows them as
// hex too, and a text body stays text.
func TestAttemptShowsBinaryResponseAsHex(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/octet-stream")
		if r.URL.Path == "/bin" {
			w.Write([]byte("\x00\x01\x1b[2Jok\xff\x7f"))
			return
		}
		io.WriteString(w, "caf\u00e9\tok\n")
	}))
	t.Cleanup(rc.Close)
	b := e.signedIn(t)

	page := b.get("/dashboard/deliveries/" + testDeliveryTo(t, e, createEndpoint(t, e, rc.URL+"/bin"), store.DeliverySucceeded, time.Minute)).Body
	for _, want := range []string{
		"Not text: the body as it was kept, in hex.",
		"00000000  00 01 1b 5b 32 4a 6f 6b  ef bf bd 7f              |...[2Jok....|",
		"recorded as U+FFFD",
	} {
		if !strings.Contains(page, html.EscapeString(want)) {
			t.Errorf("the delivery page does not show %q", want)
		}
	}
	if strings.ContainsAny(page, "\x00\x01\x1b\x7f") {
		t.Errorf("the delivery page holds the body's control characters as they are")
	}

	page = b.get("/dashboard/deliveries/" + testDeliveryTo(t, e, createEndpoint(t, e, rc.URL+"/text"), store.DeliverySucceeded, time.Minute)).Body
	if !strings.Contains(page, "caf\u00e9\tok") || strings.Contains(page, "Not text") {
		t.Errorf("a text response body is not shown as text")
	}
}

// TestBrowserEndpointPageSaysItWasDeleted: an endpoint's page open while
// the endpoint is deleted elsewhere (another tab, the API, Delete
// inspector) read itself again, got a 404, and kept showing the endpoint
// as enabled, its waiting deliveries as retrying and the badge as Live,
// for good. It now says the endpoint was deleted, links to its
// deliveries (whose statuses the deliveries page shows), and stops its
// live updates.
func TestBrowserEndpointPageSaysItWasDeleted(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hooks/gone")
	sendTestEvent(t, e, ep)
	tb := signedInTab(t, e)
	tb.do("open the endpoint's page", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(css(`tr[data-delivery-id]`)))
	tb.waitLive()
	if st, body := e.Do(t, "DELETE", "/v1/webhook_endpoints/"+ep, e.APIKey, nil); st != 200 {
		t.Fatalf("delete: %d %s", st, body)
	}
	got := tb.textEventually(`main`, "This endpoint has been deleted")
	if !strings.Contains(got, "This endpoint has been deleted") {
		t.Fatalf("the page of a deleted endpoint does not say so: %.400s", got)
	}
	if href := eval[string](tb, `(document.querySelector("[data-gone-notice] a")||{}).getAttribute("href")||""`); href != "/dashboard/deliveries?endpoint="+ep {
		t.Errorf("the notice links to %q, want the endpoint's deliveries", href)
	}
	if badge := tb.text(`[data-live-indicator]`); badge != "Deleted" {
		t.Errorf("the live badge says %q, want Deleted", badge)
	}
	tb.noBrowserErrors(t)
}

// TestBrowserLiveUpdatesGoOnAfterAConfirmIsCancelledWithTheKeyboard: live
// content is replaced only while no key or mouse button is held (a click
// under way is not lost), and a key counts as released at its keyup. Enter
// on Rotate secret (or Delete endpoint, Revoke, Delete inspector) opens
// the confirm() dialog during its keydown, and the keyup goes to the
// dialog, never to the page: after Cancel the page thought the key was
// still down and held every live change (a delivery stayed "pending"
// after it succeeded) until the next key or click. The dialog's answer
// now ends the press.
func TestBrowserLiveUpdatesGoOnAfterAConfirmIsCancelledWithTheKeyboard(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	// The receiver answers after a second: the row shows "pending" first
	// and must then change in place.
	rc.hold.Store(int64(time.Second))
	ep := createEndpoint(t, e, rc.URL+"/hooks/ok")
	tb := signedInTab(t, e)
	tb.dismissDialogs.Store(true)
	tb.do("open the endpoint's page", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(button("Rotate secret")))
	tb.waitLive()
	tb.do("focus Rotate secret", chromedp.Focus(button("Rotate secret")))
	// Enter's keydown, as the page gets it: its keyup goes to the dialog.
	if _, err := chromedp.Call(tb.ctx, input.DispatchKeyEvent, input.DispatchKeyEventParams{
		Type: input.DispatchKeyEventTypeKeyDown, Key: "Enter", Code: "Enter", Text: "\r", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13,
	}); err != nil {
		t.Fatal(err)
	}
	if url := value(tb, "read the address", chromedp.Location()); !strings.HasSuffix(url, "/dashboard/endpoints/"+ep) {
		t.Fatalf("cancelling the dialog left the page for %s", url)
	}
	waitRowSucceeded(t, tb, sendTestEvent(t, e, ep), "the cancelled dialog")
	tb.noBrowserErrors(t)
}

// TestBrowserMonitoringFiguresStayWithTheShownEndpoint: Monitoring opened
// without ?endpoint= shows the account's newest endpoint, and its live
// refresh read the same address again. Once another endpoint had been
// added (Save Webhook in another tab, the API), the refresh was that
// one's page, and its figures and charts replaced these under a select
// still naming the first: a healthy endpoint's 100 % beside a new one's
// nothing. The page now names its endpoint in its address (and so in
// every refresh).
func TestBrowserMonitoringFiguresStayWithTheShownEndpoint(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	first := createEndpoint(t, e, rc.URL+"/hooks/first")
	sendTestEvent(t, e, first)
	tb := signedInTab(t, e)
	tb.do("open Monitoring", chromedp.Navigate(e.URL+"/dashboard/monitoring"), chromedp.WaitVisible(css(`[data-monitoring-figures]`)))
	tb.waitLive()
	rate := `document.querySelector("[data-monitoring-figures] .stat-value").textContent.trim()`
	if got := eval[string](tb, rate); got != "100.0%" {
		t.Fatalf("the first endpoint's success rate is %q, want 100.0%%", got)
	}
	eval[bool](tb, `document.querySelector("[data-monitoring-figures]").dataset.old = "1", true`)
	createEndpoint(t, e, rc.URL+"/hooks/second")
	sendTestEvent(t, e, first) // the page reads its figures again 15 s later
	deadline := time.Now().Add(30 * time.Second)
	for eval[bool](tb, `!!document.querySelector("[data-monitoring-figures][data-old]")`) {
		if time.Now().After(deadline) {
			t.Fatal("the figures were not read again 30 s after a delivery")
		}
		time.Sleep(250 * time.Millisecond)
	}
	if sel := eval[string](tb, `document.getElementById("m-endpoint").value`); sel != first {
		t.Fatalf("the select names %s, want %s", sel, first)
	}
	if got := eval[string](tb, rate); got != "100.0%" {
		t.Errorf("after a live refresh the figures under the first endpoint's name say %q (another endpoint's), want 100.0%%", got)
	}
	tb.noBrowserErrors(t)
}

// TestBrowserLiveUpdatesGoOnAfterARightClick: live content waits while a
// mouse button is held, until its pointerup. A right click (to open a
// delivery in a new tab, or copy its link) opens the context menu, which
// takes the button's release: the page never saw it and held every live
// change until the next click. Only the main button, which clicks,
// holds the content now, and the context menu ends any press.
func TestBrowserLiveUpdatesGoOnAfterARightClick(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	rc.hold.Store(int64(time.Second)) // the row shows "pending" first, then changes in place
	ep := createEndpoint(t, e, rc.URL+"/hooks/ok")
	sendTestEvent(t, e, ep)
	tb := signedInTab(t, e)
	tb.do("open the deliveries", chromedp.Navigate(e.URL+"/dashboard/deliveries"), chromedp.WaitVisible(css(`tr[data-delivery-id] a`)))
	tb.waitLive()
	box := eval[map[string]float64](tb, `(function () {
		var r = document.querySelector("tr[data-delivery-id] a").getBoundingClientRect();
		return {x: r.left + r.width / 2, y: r.top + r.height / 2};
	})()`)
	// The right button's press, as the page gets it: its release goes to the context menu.
	if _, err := chromedp.Call(tb.ctx, input.DispatchMouseEvent, input.DispatchMouseEventParams{
		Type: input.DispatchMouseEventTypeMousePressed, X: box["x"], Y: box["y"], Button: input.MouseButtonRight, Buttons: 2, ClickCount: 1,
	}); err != nil {
		t.Fatal(err)
	}
	waitRowSucceeded(t, tb, sendTestEvent(t, e, ep), "a right click")
	tb.noBrowserErrors(t)
}

// waitRowSucceeded waits, up to 10 s, for the row of delivery id on tb's
// page to say succeeded: the live changes go on after what the test did
// (after, named in the failure).
func waitRowSucceeded(t *testing.T, tb *tab, id, after string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := eval[string](tb, `(document.querySelector('tr[data-delivery-id="`+id+`"]')||{dataset:{}}).dataset.status||""`)
		if st == store.DeliverySucceeded {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the delivery's row says %q 10 s after it succeeded: live changes are held after %s", st, after)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
