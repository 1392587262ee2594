package dashboard_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
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

	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, e := range tb.errors {
		t.Errorf("browser reported: %s", e)
	}
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
