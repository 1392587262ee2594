package dashboard_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A page left open in a background tab (its stream closed: Paused) while
// its user signed out in another tab and someone else signed in, in the
// same browser, read itself again as that someone when it was shown: an
// endpoint's page said "This endpoint has been deleted, here or
// elsewhere" (to the other account it does not exist) and its badge
// Deleted, and a Deliveries page would have taken in the other account's
// rows under the first user's name. The page now knows whose it is
// (data-user, and user= on its stream, which the server refuses for
// another user): it says that you were signed out, with Sign in again,
// and its badge Signed out.
func TestBrowserPageOfASignedOutUserIgnoresTheNextUser(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	other, _ := e.NewAccount(t)
	if _, err := createUserIn(e, other, "other@example.com"); err != nil {
		t.Fatal(err)
	}
	tb := signedInTab(t, e)
	tb.do("open the endpoint's page", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(css(`#status`)))
	tb.waitLive()
	setHidden := func(hidden bool) {
		t.Helper()
		eval[bool](tb, `(function () {
			Object.defineProperty(document, "hidden", { get: function () { return `+map[bool]string{true: "true", false: "false"}[hidden]+`; }, configurable: true });
			document.dispatchEvent(new Event("visibilitychange"));
			return true;
		})()`)
	}
	setHidden(true)
	if got := tb.textEventually(`[data-live-indicator]`, "Paused"); got != "Paused" {
		t.Fatalf("a hidden tab's badge says %q; want Paused", got)
	}
	// Another tab of the same browser: sign out, and sign in as the other
	// account's user (the page's own fetch carries the browser's cookies,
	// as the other tab's requests do).
	eval[bool](tb, `(function () {
		window.switched = "";
		var out = new URLSearchParams();
		out.set("csrf", document.querySelector('form[action="/dashboard/signout"] input[name=csrf]').value);
		fetch("/dashboard/signout", { method: "POST", body: out, credentials: "same-origin" })
			.then(function () { return fetch("/dashboard/signin", { credentials: "same-origin" }); })
			.then(function (r) { return r.text(); })
			.then(function (html) {
				var in_ = new URLSearchParams();
				in_.set("csrf", new DOMParser().parseFromString(html, "text/html").querySelector("input[name=csrf]").value);
				in_.set("email", "other@example.com");
				in_.set("password", `+"`"+e.Password+"`"+`);
				return fetch("/dashboard/signin", { method: "POST", body: in_, credentials: "same-origin" });
			})
			.then(function (r) { window.switched = r.url; }, function (err) { window.switched = "error " + err; });
		return true;
	})()`)
	var switched string
	deadline := time.Now().Add(30 * time.Second)
	for switched == "" && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		switched = eval[string](tb, `window.switched`)
	}
	if !strings.HasSuffix(switched, "/dashboard/") {
		t.Fatalf("signing in as the other user ended at %q; want the overview", switched)
	}
	setHidden(false)
	badge := tb.textEventually(`[data-live-indicator]`, "Signed out")
	if badge != "Signed out" {
		t.Errorf("shown again after another user signed in, the page's badge says %q; want Signed out", badge)
	}
	if eval[bool](tb, `!!document.querySelector("[data-gone-notice]")`) {
		t.Errorf("the page says its endpoint was deleted: %q", tb.text(`[data-gone-notice]`))
	}
	if !eval[bool](tb, `!!document.querySelector("[data-signed-out]")`) {
		t.Errorf("the page does not say that its user was signed out")
	}
	tb.noBrowserErrors(t)
}
