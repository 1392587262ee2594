package dashboard_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/esahayak/esahayak/internal/dashboard"
	"github.com/esahayak/esahayak/internal/testenv"
)

// The inspector page in a browser: its Copy button comes back to "Copy"
// however often it is clicked, and tells how to copy where the browser
// has no clipboard for the page; live captures stop at what the server
// keeps, the oldest going first.
func TestBrowserCopyButtonAndCaptureLimit(t *testing.T) {
	const keep = 3
	e := startEnv(t, envOptions{Inspector: dashboard.InspectorLimits{Captures: keep}})
	tb := newTab(t)
	tb.do("sign in", chromedp.Navigate(e.URL+"/dashboard/signin"), chromedp.WaitVisible(css(`#email`)),
		chromedp.SendKeys(css(`#email`), e.Email), chromedp.SendKeys(css(`#password`), e.Password+kb.Enter),
		chromedp.WaitVisible(css(`nav.mainnav`)))
	tb.do("create an inspector", chromedp.Click(chromedp.Search(`//nav[@aria-label="Main"]//a[normalize-space()="Inspector"]`)),
		chromedp.Click(button("Create inspector URL")), chromedp.WaitVisible(css(`[data-capture-url]`)))
	captureURL := tb.text(`[data-capture-url]`)
	const copyButton = `button[data-copy="#capture-url"]`
	label := func() string { return eval[string](tb, `document.querySelector('`+copyButton+`').textContent`) }

	t.Run("copy twice", func(t *testing.T) {
		tb.t = t
		// A clipboard that always takes the text, so that the test does
		// not depend on the headless browser's permissions.
		eval[bool](tb, `(function () {
			window.__copied = [];
			Object.defineProperty(navigator, "clipboard", { configurable: true,
				value: { writeText: function (s) { window.__copied.push(s); return Promise.resolve(); } } });
			return true;
		})()`)
		// The second click while the first still says "Copied".
		eval[bool](tb, `(function () { var b = document.querySelector('`+copyButton+`'); b.click(); b.click(); return true; })()`)
		testenv.Eventually(t, 5*time.Second, "both copies", func() bool { return eval[int](tb, `window.__copied.length`) == 2 })
		if got := label(); got != "Copied" {
			t.Fatalf("after copying, the button says %q", got)
		}
		if got := eval[string](tb, `window.__copied[1]`); got != captureURL {
			t.Fatalf("copied %q, want the capture URL %q", got, captureURL)
		}
		// Past the 1.5 s the button shows "Copied" for, and then some.
		time.Sleep(2500 * time.Millisecond)
		if got := label(); got != "Copy" {
			t.Fatalf("after two quick clicks the button says %q for good; want Copy", got)
		}
	})

	t.Run("no clipboard", func(t *testing.T) {
		tb.t = t
		// As on a page served over plain HTTP to another host: no
		// navigator.clipboard.
		eval[bool](tb, `(Object.defineProperty(navigator, "clipboard", { configurable: true, value: undefined }), true)`)
		tb.do("click Copy", chromedp.Click(css(copyButton)))
		if got := label(); got != "Press Ctrl+C to copy" {
			t.Fatalf("without a clipboard the button says %q; want it to say how to copy", got)
		}
		if got := eval[string](tb, `window.getSelection().toString().trim()`); got != captureURL {
			t.Fatalf("selected %q, want the capture URL", got)
		}
	})

	t.Run("capture limit", func(t *testing.T) {
		tb.t = t
		tb.waitLive()
		const sent = keep + 2
		for i := 1; i <= sent; i++ {
			if st, body := send(t, "POST", captureURL+"/n"+strconv.Itoa(i), "{}", nil); st >= 300 {
				t.Fatalf("capture %d: %d %s", i, st, body)
			}
		}
		tb.do("the last capture arrives", chromedp.WaitVisible(css(fmt.Sprintf(`.capture[data-seq="%d"]`, sent))))
		seqs := eval[[]string](tb, `Array.prototype.map.call(document.querySelectorAll(".capture[data-seq]"), function (c) { return c.dataset.seq; })`)
		want := []string{"5", "4", "3"}
		if fmt.Sprint(seqs) != fmt.Sprint(want) {
			t.Fatalf("captures shown: %v; want the newest %d, %v", seqs, keep, want)
		}
	})

	t.Run("deleted in another tab", func(t *testing.T) {
		tb.t = t
		// The page said "Inspector expired" for an inspector its owner
		// deleted an hour before it would have.
		page := strings.TrimPrefix(eval[string](tb, `location.pathname`), e.URL)
		other := e.signedIn(t)
		if r := other.postForm(page, page+"/delete", url.Values{"confirmed": {"1"}}); r.Status >= 400 {
			t.Fatalf("delete from another tab = %d", r.Status)
		}
		testenv.Eventually(t, 10*time.Second, "the page to say the inspector was deleted", func() bool {
			return tb.text(`[data-live-indicator]`) == "Inspector deleted"
		})
	})

	tb.noBrowserErrors(t)
}

// A tab whose live stream was refused (the account's 32 were open) catches
// up when one opens: it said "Live" but missed what happened meanwhile,
// since only a stream that had opened before counted as a reconnect.
func TestBrowserRefusedLiveTabCatchesUp(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	first := sendTestEvent(t, e, ep)
	b := e.signedIn(t)
	var closers []context.CancelFunc
	defer func() {
		for _, c := range closers {
			c()
		}
	}()
	for range 32 {
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, "GET", e.URL+"/dashboard/live", nil)
		req.AddCookie(&http.Cookie{Name: "esahayak_session", Value: b.cookies["esahayak_session"].Value})
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 {
			cancel()
			t.Fatalf("stream: %v %v", resp, err)
		}
		closers = append(closers, cancel)
	}
	tb := newTab(t)
	tb.do("sign in", chromedp.Navigate(e.URL+"/dashboard/signin"), chromedp.WaitVisible(css(`#email`)),
		chromedp.SendKeys(css(`#email`), e.Email), chromedp.SendKeys(css(`#password`), e.Password+kb.Enter),
		chromedp.WaitVisible(css(`nav.mainnav`)))
	tb.do("open the endpoint's deliveries", chromedp.Navigate(e.URL+"/dashboard/deliveries?endpoint="+ep),
		chromedp.WaitVisible(css(`tr[data-delivery-id="`+first+`"]`)))
	second := sendTestEvent(t, e, ep) // while the tab has no stream
	closers[0]()                      // a place frees; the tab's retry takes it
	tb.do("the delivery made while the tab had no stream", chromedp.WaitVisible(css(`tr[data-delivery-id="`+second+`"]`)))
}

// A notice says what was just done once: the address bar loses it (and
// the highlight of a webhook just saved) after the page shows it, keeping
// the page's other parameters and fragment, so that a reload, Back or a
// bookmark shows the page as it is now. It used to keep notice=: a reload
// after the endpoint was enabled again through the API said "Endpoint
// disabled." above a Status of Enabled. Without JavaScript the notice
// shows as before.
func TestBrowserNoticeShownOnce(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	delivery := sendTestEvent(t, e, ep)
	page := e.URL + "/dashboard/endpoints/" + ep
	tb := signedInTab(t, e)
	location := func() string { return value(tb, "location", chromedp.Location()) }
	// addressLoses waits (5 s at most) for the page's script to take the
	// parameters out of the address bar, and says if it did not.
	addressLoses := func(what string, params ...string) {
		tb.t.Helper()
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			loc, kept := location(), ""
			for _, p := range params {
				if strings.Contains(loc, p) {
					kept = p
				}
			}
			if kept == "" {
				return
			}
			if time.Now().After(deadline) {
				tb.t.Errorf("%s, the address bar keeps %s: %s", what, kept, loc)
				return
			}
		}
	}
	flashes := func() int { return eval[int](tb, `document.querySelectorAll(".flash-ok").length`) }

	t.Run("disable, enabled elsewhere, reload", func(t *testing.T) {
		tb.t = t
		tb.do("disable the endpoint", chromedp.Navigate(page), chromedp.WaitVisible(css(`#status`)),
			chromedp.Click(button("Disable endpoint")), chromedp.WaitVisible(css(`.flash-ok`)))
		if got := tb.text(`.flash-ok`); !strings.HasPrefix(got, "Endpoint disabled.") {
			t.Fatalf("after disabling, the notice says %q", got)
		}
		addressLoses("after disabling", "notice=")
		if loc := location(); loc != page {
			t.Errorf("after disabling, the address bar says %s; want the endpoint's page, %s", loc, page)
		}
		if got := tb.text(`.flash-ok`); !strings.HasPrefix(got, "Endpoint disabled.") {
			t.Errorf("once the address lost it, the notice says %q; want it still shown", got)
		}
		if st, body := e.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, e.APIKey, map[string]any{"status": "enabled"}); st != 200 {
			t.Fatalf("enable: %d %s", st, body)
		}
		tb.do("reload", chromedp.Reload(), chromedp.WaitVisible(css(`#status`)))
		if n := flashes(); n != 0 {
			t.Errorf("a reload shows %d notices (%q) above a Status of %q; want none", n, tb.text(`.flash-ok`), tb.text(`#status p`))
		}
		if got := tb.text(`#status p`); !strings.HasPrefix(got, "Enabled") {
			t.Errorf("after the reload, Status says %q", got)
		}
	})

	t.Run("resend", func(t *testing.T) {
		tb.t = t
		tb.do("resend", chromedp.Navigate(e.URL+"/dashboard/deliveries/"+delivery), chromedp.WaitVisible(button("Resend")),
			chromedp.Click(button("Resend")), chromedp.WaitVisible(css(`.flash-ok`)))
		addressLoses("after resending", "notice=")
		tb.do("reload", chromedp.Reload(), chromedp.WaitVisible(css(`#delivery-detail`)))
		if n := flashes(); n != 0 {
			t.Errorf("a reload after the resend shows %d notices: %q", n, tb.text(`.flash-ok`))
		}
	})

	t.Run("webhook saved", func(t *testing.T) {
		tb.t = t
		tb.do("save a webhook", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`#webhook-url`)),
			chromedp.SendKeys(css(`#webhook-url`), rc.URL+"/saved"), chromedp.Click(button("Save Webhook")),
			chromedp.WaitVisible(css(`.flash-ok`)), chromedp.WaitVisible(css(`tr.highlight`)))
		addressLoses("after saving", "notice=", "new=")
		tb.do("reload", chromedp.Reload(), chromedp.WaitVisible(css(`#webhook-url`)))
		if n := flashes(); n != 0 {
			t.Errorf("a reload after saving shows %d notices", n)
		}
		if n := eval[int](tb, `document.querySelectorAll("tr.highlight").length`); n != 0 {
			t.Errorf("a reload after saving still highlights %d rows", n)
		}
	})

	t.Run("other parameters and the fragment stay", func(t *testing.T) {
		tb.t = t
		tb.do("a recovery's answer on a filtered list", chromedp.Navigate(e.URL+"/dashboard/deliveries?endpoint="+ep+"&notice=recovered&n=2&status=succeeded#main"),
			chromedp.WaitVisible(css(`table[data-live-deliveries]`)))
		addressLoses("on the list", "notice=", "n=")
		if loc, want := location(), e.URL+"/dashboard/deliveries?endpoint="+ep+"&status=succeeded#main"; loc != want {
			t.Errorf("the address bar says %s; want %s", loc, want)
		}
	})

	t.Run("without JavaScript", func(t *testing.T) {
		tb.t = t
		tb.do("JavaScript off", scriptsOff(true))
		defer tb.do("JavaScript back on", scriptsOff(false))
		tb.do("disable the endpoint", chromedp.Navigate(page), chromedp.WaitVisible(css(`#status`)),
			chromedp.Click(button("Disable endpoint")), chromedp.WaitVisible(css(`.flash-ok`)))
		if got := tb.text(`.flash-ok`); !strings.HasPrefix(got, "Endpoint disabled.") {
			t.Fatalf("without JavaScript, the notice says %q", got)
		}
	})

	t.Run("sign out", func(t *testing.T) {
		tb.t = t
		tb.do("sign out", chromedp.Navigate(page), chromedp.WaitVisible(button("Sign out")),
			chromedp.Click(button("Sign out")), chromedp.WaitVisible(css(`.flash-ok`)))
		addressLoses("after signing out", "notice=")
		tb.do("reload", chromedp.Reload(), chromedp.WaitVisible(css(`#email`)))
		if n := flashes(); n != 0 {
			t.Errorf("a reload of the sign-in page shows %d notices", n)
		}
	})

	tb.t = t
	tb.noBrowserErrors(t)
}
