package dashboard_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/webhook"
)

// The dashboard in a real browser: Debian's Chromium, driven by chromedp,
// against a real server (API, delivery engine, dashboard) and a real
// receiver on loopback. Screenshots of each main page are saved under
// test-artifacts/screenshots/ at the repository root (git-ignored).

// chromium finds the browser. Missing, it fails the test (a skipped
// browser test hides exactly what it is for), except with -short.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if testing.Short() {
		t.Skip("Chromium is not installed; the browser tests are skipped with -short")
	}
	t.Fatal("Chromium is not installed. The dashboard's browser tests need Debian's chromium package: " +
		"apt-get install -y chromium (scripts/test.sh installs it), or run with -short to skip them.")
	return ""
}

// screenshotDir is test-artifacts/screenshots at the repository root.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
	out := filepath.Join(dir, "test-artifacts", "screenshots")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	// Screenshots of an earlier run's failures would mislead.
	old, _ := filepath.Glob(filepath.Join(out, "failed-*.png"))
	for _, f := range old {
		os.Remove(f)
	}
	return out
}

type tab struct {
	t      *testing.T
	ctx    context.Context
	shots  string
	mu     sync.Mutex
	errors []string // JavaScript exceptions and console errors (CSP violations among them)
	// dismissDialogs answers confirm() with Cancel instead of OK.
	dismissDialogs atomic.Bool
	// dialogs counts the dialogs answered.
	dialogs atomic.Int64
}

// noBrowserErrors fails the test on the script errors the tab reported.
func (tb *tab) noBrowserErrors(t *testing.T) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, e := range tb.errors {
		t.Errorf("browser reported: %s", e)
	}
}

func newTab(t *testing.T) *tab {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 8*time.Minute)
	// Cleanups run last-registered first: the browser goes before the
	// server, so the server's open event streams end with it.
	t.Cleanup(func() { cancelTimeout(); cancelTab(); cancelAlloc() })
	tb := &tab{t: t, ctx: ctx, shots: screenshotDir(t)}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	// The confirm() of destructive buttons: accept, as a person would
	// (unless the test has them cancelled).
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: !tb.dismissDialogs.Load()})
			tb.dialogs.Add(1)
		}
	}()
	// Script exceptions and console errors (CSP violations among them) fail the test.
	console := chromedp.Console(ctx)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			if (m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException) && !expectedConsoleError(m) {
				tb.mu.Lock()
				tb.errors = append(tb.errors, string(m.Type)+": "+m.Text+" "+m.URL)
				tb.mu.Unlock()
			}
		}
	}()
	return tb
}

// expectedConsoleError: pages answered with an error status on purpose (a
// wrong password is a 401) are logged by the browser as failed loads.
func expectedConsoleError(m chromedp.ConsoleMessage) bool {
	return strings.HasPrefix(m.Text, "Failed to load resource: the server responded with a status of 4") &&
		!strings.Contains(m.URL, "/dashboard/static/")
}

// do runs steps with a time limit, failing the test with what was being done.
func (tb *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 45*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.fail(what, err)
	}
}

func (tb *tab) fail(what string, err error) {
	tb.t.Helper()
	tb.screenshot("failed-" + strings.ReplaceAll(what, " ", "-"))
	url, _ := chromedp.Run(tb.ctx, chromedp.Location())
	tb.t.Fatalf("%s (at %s): %v", what, url, err)
}

// value runs one action that returns a value.
func value[T any](tb *tab, what string, a chromedp.Action[T]) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 45*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		tb.fail(what, err)
	}
	return v
}

func (tb *tab) text(sel string) string {
	tb.t.Helper()
	return strings.TrimSpace(value(tb, "read "+sel, chromedp.Text(chromedp.CSS(sel))))
}

// textEventually reads sel until its text holds every part (the page may
// be re-rendering a live section) or 15 seconds pass, and returns it.
func (tb *tab) textEventually(sel string, parts ...string) string {
	tb.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		// A live re-render can replace the node between finding and
		// reading it ("No node with given id found"): read again.
		ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
		got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		cancel()
		if err != nil {
			if time.Now().After(deadline) {
				tb.fail("read "+sel, err)
			}
			time.Sleep(100 * time.Millisecond)
			continue
		}
		got = strings.TrimSpace(got)
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(got, p)
		}
		if ok || time.Now().After(deadline) {
			return got
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// titleEventually reads the document's title until it holds part or 15
// seconds pass, and returns it: after a click that submits a form, the
// old page answers until the new one replaces it, and a read in between
// can fail as its document goes away.
func (tb *tab) titleEventually(part string) string {
	tb.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.title`))
		cancel()
		if (err == nil && strings.Contains(got, part)) || time.Now().After(deadline) {
			return got
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	return value(tb, "evaluate "+js, chromedp.Evaluate[T](js))
}

// indicatorShown says whether the live badge takes up room on the page.
func (tb *tab) indicatorShown() bool {
	tb.t.Helper()
	return eval[bool](tb, `(function () {
		var el = document.querySelector("[data-live-indicator]");
		if (!el) return false;
		var box = el.getBoundingClientRect();
		return getComputedStyle(el).display !== "none" && box.width > 0 && box.height > 0;
	})()`)
}

// waitLive waits for the page's event stream to be connected.
func (tb *tab) waitLive() {
	tb.t.Helper()
	tb.do("wait for the live indicator", chromedp.WaitVisible(chromedp.CSS(`[data-live-indicator]:not(.offline)`)))
}

func (tb *tab) screenshot(name string) {
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(tb.shots, name+".png"), buf, 0o644); err != nil {
		tb.t.Logf("screenshot %s: %v", name, err)
	}
}

// button selects a button by its text, as a person finds it.
func button(text string) chromedp.Search {
	return chromedp.Search(`//button[normalize-space()="` + text + `"]`)
}

func css(sel string) chromedp.CSS { return chromedp.CSS(sel) }

func TestBrowser(t *testing.T) {
	start := time.Now()
	// One retry a minute later: a failed attempt stays "retrying" for the
	// whole test instead of being retried under it.
	e := startEnv(t, envOptions{Options: testenv.Options{Schedule: "1m"}})
	rc := newReceiver(t)
	tb := newTab(t)
	ctx := context.Background()
	base := e.URL

	t.Run("sign in", func(t *testing.T) {
		tb.t = t
		tb.do("open the dashboard", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`#email`)))
		loc := value(tb, "location", chromedp.Location())
		if !strings.Contains(loc, "/dashboard/signin") {
			t.Fatalf("signed out, / went to %s", loc)
		}
		tb.screenshot("signin")
		tb.do("wrong password",
			chromedp.SendKeys(css(`#email`), e.Email),
			chromedp.SendKeys(css(`#password`), "not my password"),
			chromedp.Click(button("Sign in")),
			chromedp.WaitVisible(css(`.flash-error`)))
		if msg := tb.text(`.flash-error`); msg != "Incorrect email or password." {
			t.Fatalf("wrong-password message = %q", msg)
		}
		tb.screenshot("signin-wrong-password")
		// The email stays; the password is typed again and sent with Enter.
		tb.do("sign in with the keyboard",
			chromedp.SendKeys(css(`#password`), e.Password+kb.Enter),
			chromedp.WaitVisible(css(`nav.mainnav`)))
		if h := tb.text(`h1`); h != "Overview" {
			t.Fatalf("after sign-in: %q", h)
		}
	})

	var endpointID string
	var inspectorPage, inspectorEndpoint string // long URLs, for the phone layout
	t.Run("save webhook", func(t *testing.T) {
		tb.t = t
		tb.do("go to Settings", chromedp.Click(chromedp.Search(`//nav[@aria-label="Main"]//a[normalize-space()="Settings"]`)),
			chromedp.WaitVisible(css(`#webhook-url`)))
		// Its list of endpoints is live: the badge says so once connected.
		tb.waitLive()
		if !tb.indicatorShown() || tb.text(`[data-live-indicator]`) != "Live" {
			t.Errorf("Settings → API Access, its stream open, shows no Live badge")
		}
		for sel, want := range map[string]string{"h1": "Settings", "h2.section-title": "API Access", "#keys-title": "API keys",
			"#webhook-title": "Webhook Configuration", `nav.tabs a[aria-current="page"]`: "API Access"} {
			if got := tb.text(sel); got != want {
				t.Errorf("%s = %q, want %q", sel, got, want)
			}
		}
		hook := rc.URL + "/webhooks/esahayak"
		tb.do("enter the URL and click Save Webhook",
			chromedp.SendKeys(css(`#webhook-url`), hook),
			chromedp.Click(button("Save Webhook")),
			chromedp.WaitVisible(css(`.flash-ok`)))
		if msg := tb.text(`.flash-ok`); !strings.HasPrefix(msg, "Webhook saved.") {
			t.Fatalf("notice = %q", msg)
		}
		// The list is live: a refresh that replaces it (the stream catching
		// up with the save) between finding the row and reading it failed
		// the read once under load ("No node with given id found").
		if row := tb.textEventually(`tr.highlight`, hook); !strings.Contains(row, hook) {
			t.Fatalf("new endpoint row = %q", row)
		}
		eps, _, err := e.Store.ListEndpoints(ctx, store.ListParams{AccountID: e.AccountID, Limit: 10})
		if err != nil || len(eps) != 1 || eps[0].URL != hook || strings.Join(eps[0].Events, ",") != strings.Join(order.EventTypes, ",") {
			t.Fatalf("endpoints = %+v, %v", eps, err)
		}
		endpointID = eps[0].ID
		tb.screenshot("settings-api-access")
	})

	t.Run("test event appears live", func(t *testing.T) {
		tb.t = t
		tb.do("manage the endpoint", chromedp.Click(css(`tr.highlight a.btn`)), chromedp.WaitVisible(css(`#test-type`)))
		tb.waitLive()
		eval[string](tb, `window.__sameDocument = "yes"`)
		tb.do("send a test event",
			chromedp.SetValue(css(`#test-type`), order.EventOrderCancelled),
			chromedp.Click(button("Send test event")),
			chromedp.WaitVisible(css(`#recent tr[data-status="succeeded"][data-type="order.cancelled"]`)))
		same := eval[string](tb, `window.__sameDocument`)
		if same != "yes" {
			t.Fatal("the page reloaded: the delivery did not arrive live")
		}
		// The form's answer and the delivery's live row race: under load the
		// row (the stream) can arrive before the answer to the post (the
		// fetch), so the answer is waited for, not read once.
		if msg := tb.textEventually(`[data-async-result]`, "Test order.cancelled event sent"); !strings.HasPrefix(msg, "Test order.cancelled event sent") {
			t.Fatalf("result = %q", msg)
		}
		tb.screenshot("endpoint")
	})

	t.Run("a hidden tab pauses its stream", func(t *testing.T) {
		tb.t = t
		// Tabs left in the background must not hold the browser's few
		// connections to the server: a hidden page closes its stream, and
		// catches up when shown again.
		setHidden := func(hidden bool) {
			eval[bool](tb, fmt.Sprintf(`window.__hidden = %v;
				Object.defineProperty(document, "hidden", {configurable: true, get: function () { return window.__hidden; }});
				document.dispatchEvent(new Event("visibilitychange")); true`, hidden))
		}
		setHidden(true)
		if got := tb.text(`[data-live-indicator]`); got != "Paused" {
			t.Fatalf("hidden tab's indicator = %q", got)
		}
		st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+endpointID+"/test", e.APIKey, map[string]string{"type": order.EventOrderDelivered})
		if st != 202 {
			t.Fatalf("test event: %d %s", st, body)
		}
		awaitSucceeded(t, e, testenv.JSON(t, body)["delivery"].(map[string]any)["id"].(string), time.Minute)
		time.Sleep(500 * time.Millisecond)
		if n := eval[int](tb, `document.querySelectorAll('#recent tr[data-type="order.delivered"]').length`); n != 0 {
			t.Fatal("a hidden tab kept its stream open: the delivery arrived live")
		}
		setHidden(false)
		tb.do("shown again, it catches up", chromedp.WaitVisible(css(`#recent tr[data-type="order.delivered"][data-status="succeeded"]`)))
		tb.waitLive()

		// A page loaded in a background tab opens its stream when first
		// shown, and catches up on what happened in between.
		var script page.ScriptIdentifier
		tb.do("load the page hidden", chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
			added, err := cdp.Call(ctx, tgt, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
				Source: `window.__hidden = true;
					Object.defineProperty(document, "hidden", {configurable: true, get: function () { return window.__hidden; }});`})
			if err == nil {
				script = added.Identifier
			}
			return err
		}), chromedp.Navigate(base+"/dashboard/endpoints/"+endpointID), chromedp.WaitVisible(css(`#test-type`)))
		tb.do("forget the hidden start", chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
			_, err := cdp.Call(ctx, tgt, page.RemoveScriptToEvaluateOnNewDocument, page.RemoveScriptToEvaluateOnNewDocumentParams{Identifier: script})
			return err
		}))
		st, body = e.Do(t, "POST", "/v1/webhook_endpoints/"+endpointID+"/test", e.APIKey, map[string]string{"type": order.EventStampUploaded})
		if st != 202 {
			t.Fatalf("test event: %d %s", st, body)
		}
		awaitSucceeded(t, e, testenv.JSON(t, body)["delivery"].(map[string]any)["id"].(string), time.Minute)
		setHidden(false)
		tb.do("shown for the first time, it catches up", chromedp.WaitVisible(css(`#recent tr[data-type="stamp.uploaded"][data-status="succeeded"]`)))
		tb.waitLive()
	})

	t.Run("failing receiver, retrying, resend", func(t *testing.T) {
		tb.t = t
		rc.failing.Store(true)
		tb.do("send a test event to the failing receiver",
			chromedp.SetValue(css(`#test-type`), order.EventStampFailed),
			chromedp.Click(button("Send test event")))
		// Its first attempt recorded before the page is asked to show it:
		// a slow machine reads differently from a page that does not.
		testenv.Eventually(t, time.Minute, "the stamp.failed test event's first attempt to be recorded as retrying", func() bool {
			ds, _, _ := e.Store.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: e.AccountID, Limit: 1}})
			return len(ds) == 1 && ds[0].EventType == order.EventStampFailed && ds[0].Status == store.DeliveryRetrying
		})
		tb.do("see the failure", chromedp.WaitVisible(css(`#recent tr[data-status="retrying"][data-type="stamp.failed"]`)))
		if row := tb.textEventually(`#recent tr[data-status="retrying"]`, "503"); !strings.Contains(row, "503") {
			t.Fatalf("retrying row = %q", row)
		}
		tb.screenshot("endpoint-retrying")
		tb.do("open the delivery", chromedp.Click(css(`#recent tr[data-status="retrying"] td a`)),
			chromedp.WaitVisible(css(`#delivery-detail[data-status="retrying"]`)))
		if a := tb.textEventually(`.attempt`, "503 Service Unavailable", "webhook-signature", "maintenance"); !strings.Contains(a, "503 Service Unavailable") || !strings.Contains(a, "webhook-signature") || !strings.Contains(a, "maintenance") {
			t.Fatalf("attempt = %q", a)
		}
		tb.screenshot("delivery-retrying")
		rc.failing.Store(false)
		tb.do("resend", chromedp.Click(button("Resend")),
			chromedp.WaitVisible(css(`#delivery-detail[data-status="succeeded"]`)))
		n := eval[int](tb, `document.querySelectorAll(".attempt").length`)
		if n != 2 {
			t.Fatalf("%d attempts shown, want 2", n)
		}
		tb.screenshot("delivery")
	})

	t.Run("a second resend while the first is on the wire says so, and the page keeps saying it", func(t *testing.T) {
		tb.t = t
		// The first resend's attempt is held at the receiver long enough
		// for the page to come back and the second click to land while
		// it is on the wire: 3 s was not, once, at load 30 (the second
		// click came after the attempt had ended, and no 409 was shown).
		// Under the 10 s attempt timeout.
		rc.hold.Store(int64(8 * time.Second))
		defer rc.hold.Store(0)
		before := rc.received.Load()
		// Clicked from the page's own script: a live refresh may replace
		// the button between finding and clicking it.
		const click = `document.querySelector('#delivery-detail form[action$="/resend"] button').click(), true`
		eval[bool](tb, `window.beforeResend = true`) // gone once the resend's answer has loaded
		eval[bool](tb, click)
		testenv.Eventually(t, 15*time.Second, "the resend to reach the receiver", func() bool { return rc.received.Load() > before })
		testenv.Eventually(t, 7*time.Second, "the page after the first resend", func() bool {
			return eval[bool](tb, `!window.beforeResend && document.readyState === "complete" && !!document.querySelector('#delivery-detail form[action$="/resend"] button')`)
		})
		eval[bool](tb, click)
		tb.do("resend again", chromedp.WaitVisible(css(`.flash-error[role="alert"]`)))
		// The live stream refreshes the delivery as its attempt ends: the
		// answer to the click must outlive that.
		tb.do("the attempt ends", chromedp.WaitVisible(css(`#delivery-detail[data-status="succeeded"]`)))
		time.Sleep(500 * time.Millisecond)
		if msg := tb.text(`.flash-error[role="alert"]`); !strings.Contains(msg, "being sent right now") {
			t.Fatalf("after the live refresh the page says %q; want the 409's message", msg)
		}
		if got := rc.received.Load() - before; got != 1 {
			t.Fatalf("the receiver got %d requests for two clicks; want 1", got)
		}
	})

	t.Run("rotate secret", func(t *testing.T) {
		tb.t = t
		tb.do("back to the endpoint", chromedp.Navigate(base+"/dashboard/endpoints/"+endpointID),
			chromedp.Click(button("Reveal signing secret")),
			chromedp.WaitVisible(css(`[data-secret]`)))
		old := tb.text(`[data-secret]`)
		if !strings.HasPrefix(old, "whsec_") {
			t.Fatalf("revealed secret = %q", old)
		}
		tb.do("rotate", chromedp.Click(button("Rotate secret")), chromedp.WaitVisible(css(`[data-previous-secret]`)))
		cur, prev := tb.text(`[data-secret]`), tb.text(`[data-previous-secret]`)
		if cur == old || prev != old || !strings.HasPrefix(cur, "whsec_") {
			t.Fatalf("after rotation: current %q previous %q (was %q)", cur, prev, old)
		}
		got, _ := e.Store.GetEndpoint(ctx, e.AccountID, endpointID)
		if got.Secret != cur || got.PreviousSecret != old {
			t.Fatal("the page and the store disagree about the secrets")
		}
		tb.screenshot("endpoint-secret-rotated")
		// The address bar holds the endpoint's page, not the rotation's
		// form address: reloading does not rotate again.
		if loc := eval[string](tb, `location.pathname`); loc != "/dashboard/endpoints/"+endpointID {
			t.Fatalf("after rotating, the address is %s", loc)
		}
		tb.do("reload", chromedp.Reload(), chromedp.WaitVisible(css(`main`)))
		if again, _ := e.Store.GetEndpoint(ctx, e.AccountID, endpointID); again.Secret != cur {
			t.Fatal("reloading the page rotated the secret again")
		}
	})

	t.Run("inspector", func(t *testing.T) {
		tb.t = t
		tb.do("create an inspector", chromedp.Click(chromedp.Search(`//nav[@aria-label="Main"]//a[normalize-space()="Inspector"]`)),
			chromedp.Click(button("Create inspector URL")), chromedp.WaitVisible(css(`[data-capture-url]`)))
		captureURL := tb.text(`[data-capture-url]`)
		tb.do("point an endpoint at it", chromedp.Click(button("Create an endpoint for this URL")),
			chromedp.WaitVisible(chromedp.Search(`//p[contains(@class, "flash-ok") and contains(., "Endpoint created")]`)))
		tb.waitLive()
		eval[string](tb, `window.__sameDocument = "yes"`)
		var secret string
		eps, _, _ := e.Store.ListEndpoints(ctx, store.ListParams{AccountID: e.AccountID, Limit: 10})
		for _, ep := range eps {
			if ep.URL == captureURL {
				secret, inspectorEndpoint = ep.Secret, ep.ID
			}
		}
		if secret == "" {
			t.Fatalf("no endpoint for %s", captureURL)
		}
		// A signed request sent by hand, as curl would.
		signer, _ := webhook.NewSigner(secret)
		now := time.Now()
		body := `{"id":"evt_manual","type":"stamp.uploaded","created_at":"2026-01-15T10:30:00.000Z","data":{"order":{"id":"order_1","status":"COMPLETED","created_at":"2026-01-15T10:00:00.000Z"}}}`
		st, _ := send(t, http.MethodPost, captureURL+"/webhooks/esahayak", body, http.Header{
			"Content-Type": {"application/json"}, "Webhook-Id": {"evt_manual"}, "Webhook-Timestamp": {strconv.FormatInt(now.Unix(), 10)},
			"Webhook-Signature": {signer.Sign("evt_manual", now, []byte(body))}})
		if st != 200 {
			t.Fatalf("capture = %d", st)
		}
		tb.do("watch it arrive", chromedp.WaitVisible(css(`.capture .verdict-ok`)))
		// And an unsigned one.
		send(t, http.MethodGet, captureURL+"?ping=1", "", nil)
		tb.do("and another", chromedp.WaitVisible(css(`.capture[data-seq="2"] .verdict-none`)))
		same := eval[string](tb, `window.__sameDocument`)
		if same != "yes" {
			t.Fatal("the page reloaded: the requests did not arrive live")
		}
		if c := tb.text(`.capture[data-seq="1"]`); !strings.Contains(c, "evt_manual") || !strings.Contains(c, "webhook-signature") {
			t.Fatalf("capture = %q", c)
		}
		tb.screenshot("inspector")
		// The signed-in browser opening a capture URL (someone's link)
		// sends it no dashboard cookie: a capture shows every header to
		// its owner, who may be another account.
		here := eval[string](tb, `location.href`)
		inspectorPage = strings.TrimPrefix(here, base)
		tb.do("open the capture URL", chromedp.Navigate(captureURL+"?opened=by-browser"))
		tb.do("back to the inspector", chromedp.Navigate(here), chromedp.WaitVisible(css(`.capture[data-seq="3"]`)))
		// (Read until it shows: the page's live stream may re-render the
		// captures as it connects.)
		if c := tb.textEventually(`.capture[data-seq="3"]`, "opened=by-browser"); !strings.Contains(c, "opened=by-browser") || strings.Contains(c, "esahayak_session") {
			t.Fatalf("capture of the browser's visit = %q", c)
		}

		// A request that arrives while the page catches up on what it
		// missed stays on the page when the catch-up lands. (The catch-up's
		// answer is held back here, so that it surely lands after.) The
		// page is opened as the redirect after an action leaves it, naming
		// its notice, which makes it catch up as it opens; the script has
		// taken the notice out of the address bar since.
		afterAction := here + "?notice=inspector_endpoint"
		if strings.Contains(here, "?") {
			t.Fatalf("the inspector's page %s keeps parameters in the address bar after its notice was shown", here)
		}
		var script page.ScriptIdentifier
		tb.do("hold back the page's catch-up", chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
			added, err := cdp.Call(ctx, tgt, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
				Source: `(function () {
					var fetch = window.fetch;
					window.fetch = function (url, opts) {
						var answer = fetch.apply(this, arguments);
						if (!(opts && opts.headers && opts.headers["X-Esahayak-Refresh"])) return answer;
						return answer.then(function (r) {
							return new Promise(function (ok) { setTimeout(function () { ok(r); window.__caughtUp = true; }, 1500); });
						});
					};
				})();`})
			if err == nil {
				script = added.Identifier
			}
			return err
		}), chromedp.Navigate(afterAction), chromedp.WaitVisible(css(`.capture[data-seq="3"]`)))
		tb.do("catch-up held no more", chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
			_, err := cdp.Call(ctx, tgt, page.RemoveScriptToEvaluateOnNewDocument, page.RemoveScriptToEvaluateOnNewDocumentParams{Identifier: script})
			return err
		}))
		tb.waitLive()
		send(t, http.MethodGet, captureURL+"?during=catch-up", "", nil)
		tb.do("it arrives during the catch-up", chromedp.WaitVisible(css(`.capture[data-seq="4"]`)))
		testenv.Eventually(t, 10*time.Second, "the catch-up to land", func() bool { return eval[bool](tb, `!!window.__caughtUp`) })
		if n := eval[int](tb, `document.querySelectorAll('.capture[data-seq="4"]').length`); n != 1 {
			t.Fatalf("after the catch-up the request that came during it is shown %d times; want once", n)
		}
	})

	t.Run("orders, deliveries, monitoring, overview", func(t *testing.T) {
		tb.t = t
		// Some history: one order uploaded, one failed at the portal and cancelled.
		moves := [][]struct {
			move string
			body any
		}{
			{{"upload", nil}},
			{{"fail", map[string]any{"error": map[string]string{"code": "PORTAL_DOWN", "message": "The state portal did not answer"}}},
				{"cancel", map[string]string{"reason": "Customer asked"}}},
		}
		for i, steps := range moves {
			st, body := e.Do(t, "POST", "/v1/orders", e.APIKey, fmt.Sprintf(`{"stamp_request": {"state": "Assam", "amount": %d, "article_code": "AS-RG-4", "provider": "SHCIL"}}`, 500*(i+1)))
			if st != 201 {
				t.Fatalf("order: %d %s", st, body)
			}
			id := testenv.JSON(t, body)["id"].(string)
			for _, m := range steps {
				if st, body := e.Do(t, "POST", "/v1/orders/"+id+"/"+m.move, e.Operator, m.body); st != 200 {
					t.Fatalf("%s: %d %s", m.move, st, body)
				}
			}
		}
		testenv.Eventually(t, 10*time.Second, "order events delivered", func() bool {
			ds, _, _ := e.Store.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: e.AccountID, Limit: 100},
				Status: store.DeliveryPending})
			return len(ds) == 0
		})
		tb.do("orders", chromedp.Navigate(base+"/dashboard/orders"), chromedp.WaitVisible(css(`table`)))
		if s := tb.text(`main`); !strings.Contains(s, "COMPLETED") || !strings.Contains(s, "CANCELLED") {
			t.Fatalf("orders page = %q", s)
		}
		tb.screenshot("orders")
		tb.do("an order", chromedp.Click(css(`tbody tr td a`)), chromedp.WaitVisible(css(`#events-title`)))
		tb.screenshot("order")
		tb.do("deliveries", chromedp.Navigate(base+"/dashboard/deliveries"), chromedp.WaitVisible(css(`table[data-live-deliveries]`)))
		tb.waitLive()
		if !tb.indicatorShown() || tb.text(`[data-live-indicator]`) != "Live" {
			t.Errorf("with its stream connected, the deliveries page shows no Live badge")
		}
		tb.screenshot("deliveries")
		// Without JavaScript no stream opens, and no badge claims one is.
		scripts := func(off bool) chromedp.Action[chromedp.Void] {
			return chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
				_, err := cdp.Call(ctx, tgt, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
				return err
			})
		}
		tb.do("deliveries without JavaScript", scripts(true), chromedp.Reload(), chromedp.WaitVisible(css(`table[data-live-deliveries]`)))
		shown := tb.indicatorShown()
		tb.do("JavaScript back on", scripts(false))
		if shown {
			t.Errorf("with JavaScript off, the deliveries page shows the live badge")
		}
		tb.do("filter by status", chromedp.SetValue(css(`#f-status`), "succeeded"),
			chromedp.Click(button("Filter")), chromedp.WaitReady(css(`#f-status option[selected][value="succeeded"]`)))
		statuses := eval[[]string](tb, `Array.from(document.querySelectorAll("tr[data-delivery-id]")).map(r => r.dataset.status)`)
		for _, s := range statuses {
			if s != "succeeded" {
				t.Fatalf("status filter shows %q", s)
			}
		}
		tb.do("monitoring", chromedp.Navigate(base+"/dashboard/monitoring?endpoint="+endpointID+"&window=1h"),
			chromedp.WaitVisible(css(`svg.chart`)))
		charts := eval[int](tb, `document.querySelectorAll("svg.chart").length`)
		if charts != 4 {
			t.Fatalf("%d charts", charts)
		}
		figures := strings.ToLower(tb.text(`[data-monitoring-figures]`))
		for _, f := range []string{"delivery success rate", "response time", "error rate", "retry attempts"} {
			if !strings.Contains(figures, f) {
				t.Fatalf("figures lack %q: %q", f, figures)
			}
		}
		tb.screenshot("monitoring")
		tb.do("overview", chromedp.Navigate(base+"/dashboard/"), chromedp.WaitVisible(css(`h1`)))
		tb.screenshot("overview")
	})

	t.Run("phone", func(t *testing.T) {
		tb.t = t
		tb.do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
		for name, path := range map[string]string{"phone-overview": "/dashboard/", "phone-settings": "/dashboard/settings/api-access",
			"phone-endpoint": "/dashboard/endpoints/" + endpointID, "phone-deliveries": "/dashboard/deliveries",
			// A long capture URL, in the signature verdict and in a head line.
			"phone-inspector": inspectorPage, "phone-deliveries-of-endpoint": "/dashboard/deliveries?endpoint=" + inspectorEndpoint} {
			tb.do("open "+path, chromedp.Navigate(base+path), chromedp.WaitVisible(css(`main`)))
			// Against the device's width: a mobile browser widens its layout
			// viewport (and innerWidth) to fit content that overflows.
			overflow := eval[bool](tb, `document.documentElement.scrollWidth > 391`)
			if overflow {
				t.Errorf("%s scrolls sideways on a phone", path)
			}
			tb.screenshot(name)
		}
		tb.do("desktop viewport", chromedp.EmulateViewport(1280, 900))
	})

	t.Run("sign out", func(t *testing.T) {
		tb.t = t
		// Wait for the sign-in page itself: the page signed out from may
		// carry a .flash-ok of its own (the inspector's, say; the phone
		// pages above run in map order), which a wait for .flash-ok alone
		// would take before the click's navigation has happened.
		tb.do("sign out", chromedp.Click(button("Sign out")), chromedp.WaitVisible(css(`#email`)), chromedp.WaitVisible(css(`.flash-ok`)))
		if msg := tb.text(`.flash-ok`); msg != "You have signed out." {
			t.Fatalf("after sign-out: %q", msg)
		}
		tb.do("pages need signing in again", chromedp.Navigate(base+"/dashboard/deliveries"), chromedp.WaitVisible(css(`#email`)))
	})

	tb.t = t
	tb.noBrowserErrors(t)
	t.Logf("browser scenarios took %v; screenshots in %s", time.Since(start).Round(time.Millisecond), tb.shots)
}

// TestBrowserLiveRefreshKeepsYourPlace: a retrying delivery's page is
// refreshed at every attempt, and that is the page people read and act on
// while it retries. A refresh keeps the sections they opened, keeps the
// keyboard focus where it was, and does not swallow a click that was
// under way.
func TestBrowserLiveRefreshKeepsYourPlace(t *testing.T) {
	// An attempt every second and a half, for over a minute.
	e := startEnv(t, envOptions{Options: testenv.Options{Schedule: strings.Repeat("1500ms,", 49) + "1500ms"}})
	rc := newReceiver(t)
	rc.failing.Store(true)
	tb := newTab(t)
	ctx := context.Background()
	tb.do("sign in", chromedp.Navigate(e.URL+"/dashboard/signin"), chromedp.WaitVisible(css(`#email`)),
		chromedp.SendKeys(css(`#email`), e.Email), chromedp.SendKeys(css(`#password`), e.Password+kb.Enter),
		chromedp.WaitVisible(css(`nav.mainnav`)))
	ep := createEndpoint(t, e, rc.URL+"/down")
	// Its first attempt is recorded before the page opens, so that a slow
	// machine reads differently from a page that does not show it.
	id := testDeliveryTo(t, e, ep, store.DeliveryRetrying, time.Minute)
	attempts := func() int {
		d, _ := e.Store.GetDelivery(ctx, e.AccountID, id)
		return d.Attempts
	}
	tb.do("open the retrying delivery", chromedp.Navigate(e.URL+"/dashboard/deliveries/"+id),
		chromedp.WaitVisible(css(`#delivery-detail[data-status="retrying"] .attempt`)))
	tb.waitLive()

	const resend = `#delivery-detail form[action$="/resend"] button`
	// Read the first attempt's request body and the formatted payload, and
	// move the keyboard to Resend.
	// With the keyboard: a click at a node's place can land on the sticky
	// top bar, or on what a refresh has moved there. Focused from the
	// page's own script: a refresh may replace the node between finding
	// and focusing it.
	for _, key := range []string{"attempt-1-request-body", "payload-formatted"} {
		eval[bool](tb, `document.querySelector('details[data-keep="`+key+`"] > summary').focus(), true`)
		tb.do("open "+key, chromedp.KeyEvent(kb.Enter))
	}
	eval[bool](tb, `document.querySelector('`+resend+`').focus(), true`)
	shown := eval[int](tb, `document.querySelectorAll(".attempt").length`)
	eval[bool](tb, `window.__before = document.getElementById("delivery-detail"), true`)
	testenv.Eventually(t, time.Minute, "the next attempt to be recorded", func() bool { return attempts() > shown })
	testenv.Eventually(t, 15*time.Second, "the next attempt, recorded, to be shown", func() bool {
		return eval[bool](tb, fmt.Sprintf(`document.querySelectorAll(".attempt").length > %d`, shown))
	})
	if eval[bool](tb, `document.getElementById("delivery-detail") === window.__before`) {
		t.Fatal("the new attempt appeared without the block being rendered again: this test proves nothing")
	}
	for _, key := range []string{"attempt-1-request-body", "payload-formatted"} {
		if !eval[bool](tb, `document.querySelector('details[data-keep="`+key+`"]').open`) {
			t.Errorf("the live refresh closed the %s section", key)
		}
	}
	if focused := eval[string](tb, `(function () { var a = document.activeElement;
		return a.matches('`+resend+`') ? "Resend" : a.tagName + " " + a.textContent.trim().slice(0, 40); })()`); focused != "Resend" {
		t.Errorf("after the live refresh the focus is on %s; want Resend", focused)
	}
	tb.screenshot("delivery-refreshed-keeps-place")

	// A mouse button pressed on Resend while an attempt refreshes the
	// block, and released afterwards, still clicks it.
	box := eval[[]float64](tb, `(function () { window.scrollTo(0, 0);
		var b = document.querySelector('`+resend+`'), r = b.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
		return document.elementFromPoint(x, y) === b ? [x, y] : []; })()`)
	if len(box) != 2 {
		t.Fatal("Resend is not where the mouse can reach it")
	}
	eval[bool](tb, `window.__stay = true`) // gone once the resend's answer has loaded
	// The page's reads of the block, as the browser times them.
	const fetched = `(performance.setResourceTimingBufferSize(100000), performance.getEntriesByName(location.origin + location.pathname).filter(function (e) { return e.initiatorType === "fetch"; }).length)`
	reads := eval[int](tb, fetched)
	tb.do("press the mouse button on Resend", chromedp.MouseEvent(chromedp.MousePressed, box[0], box[1], chromedp.ButtonLeft, chromedp.ClickCount(1)))
	n := attempts()
	testenv.Eventually(t, time.Minute, "an attempt while the button is held", func() bool { return attempts() > n })
	// The page hears of it and fetches the new block. (A fixed second
	// here, on a loaded machine, could end before it had: the button was
	// released with nothing waiting to replace it, and the test passed
	// without the case it is about.)
	testenv.Eventually(t, 15*time.Second, "the page to read the block again while the button is held", func() bool { return eval[int](tb, fetched) > reads })
	rc.failing.Store(false)
	tb.do("release it", chromedp.MouseEvent(chromedp.MouseReleased, box[0], box[1], chromedp.ButtonLeft, chromedp.ClickCount(1)))
	testenv.Eventually(t, 10*time.Second, "the resend's answer to load", func() bool {
		return eval[bool](tb, `!window.__stay && document.readyState === "complete"`)
	})
	tb.do("resent", chromedp.WaitVisible(css(`#delivery-detail[data-status="succeeded"]`)))

	tb.noBrowserErrors(t)
}

// A catch-up (the page reloading its tables after a break in the stream)
// can read the rows before a change that reaches the page while the reload
// is on its way: the change must not vanish when the reloaded rows replace
// the table.
func TestBrowserCatchUpKeepsChangesThatArriveDuringIt(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	tb := signedInTab(t, e)
	ep := createEndpoint(t, e, rc.URL+"/ok")
	sendTest := func() string {
		t.Helper()
		return testDeliveryTo(t, e, ep, store.DeliverySucceeded, time.Minute)
	}
	first := sendTest()
	tb.do("open the deliveries", chromedp.Navigate(e.URL+"/dashboard/deliveries"),
		chromedp.WaitVisible(css(`tr[data-delivery-id="`+first+`"]`)))
	tb.waitLive()

	// The next reload reads the rows at once but reaches the page only when
	// the test releases it.
	holdNextReload(tb)
	eval[bool](tb, `window.__tbody = document.querySelector("table[data-live-deliveries] tbody"), true`)
	// A break in the stream: the tab hidden and shown again.
	breakStream(tb)
	testenv.Eventually(t, 10*time.Second, "the catch-up to read the rows", func() bool { return eval[bool](tb, `window.__read === true`) })
	tb.waitLive()

	second := sendTest()
	tb.do("the new delivery arrives live", chromedp.WaitVisible(css(`tr[data-delivery-id="`+second+`"][data-status="succeeded"]`)))
	eval[bool](tb, `window.__release()`)
	testenv.Eventually(t, 10*time.Second, "the reloaded rows to be in place", func() bool {
		return eval[bool](tb, `document.querySelector("table[data-live-deliveries] tbody") !== window.__tbody`)
	})
	if eval[bool](tb, `!!document.querySelector("table[data-live-deliveries] tbody").querySelector('tr[data-delivery-id="`+first+`"]')`) == false {
		t.Fatal("the reloaded table lost the delivery it was read with: this test proves nothing")
	}
	if !eval[bool](tb, `!!document.querySelector('tr[data-delivery-id="`+second+`"][data-status="succeeded"]')`) {
		tb.screenshot("catch-up-lost-live-row")
		t.Logf("the table: %s", eval[string](tb, `(function(){ var b = document.querySelector("table[data-live-deliveries] tbody"); return JSON.stringify({rows: Array.prototype.map.call(b.rows, function(r){ return [r.dataset.deliveryId, r.dataset.updated, r.dataset.status]; })}); })()`))
		t.Error("the delivery that arrived during the catch-up vanished from the table")
	}
	tb.noBrowserErrors(t)
}

// gateStore holds RecordResults while closed: the time between an
// attempt's end (the delivery's updated_at) and the commit of its outcome,
// which the engine's batched recorder makes non-zero, made long.
type gateStore struct {
	store.Store
	mu   sync.Mutex
	gate chan struct{}
	// held counts the outcomes that have reached the gate.
	held atomic.Int64
}

func (g *gateStore) RecordResults(ctx context.Context, rs []store.Result) error {
	g.mu.Lock()
	ch := g.gate
	g.mu.Unlock()
	if ch != nil {
		g.held.Add(int64(len(rs)))
		<-ch
	}
	return g.Store.RecordResults(ctx, rs)
}

// A change whose outcome is committed after a catch-up's reload has read
// the rows, although its attempt (the delivery's updated_at) ended before
// that read, is put back too: the engine records outcomes in batches, so
// the two moments differ.
func TestBrowserCatchUpKeepsAChangeRecordedAfterItsRead(t *testing.T) {
	gs := &gateStore{Store: testenv.SQLite(t)}
	e := startEnv(t, envOptions{Store: gs})
	rc := newReceiver(t)
	tb := signedInTab(t, e)
	ctx := context.Background()
	ep := createEndpoint(t, e, rc.URL+"/ok")
	tb.do("open succeeded deliveries", chromedp.Navigate(e.URL+"/dashboard/deliveries?status=succeeded"),
		chromedp.WaitVisible(css(`table[data-live-deliveries]`)))
	tb.waitLive()

	// The outcome of the next attempt waits before it is written.
	gate := make(chan struct{})
	gs.mu.Lock()
	gs.gate = gate
	gs.mu.Unlock()
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/test", e.APIKey, nil)
	if st != 202 {
		t.Fatalf("test event: %d %s", st, body)
	}
	id := testenv.JSON(t, body)["delivery"].(map[string]any)["id"].(string)
	testenv.Eventually(t, time.Minute, "the attempt to reach the receiver", func() bool { return rc.received.Load() == 1 })
	// The attempt has ended; its outcome waits at the gate. (A fixed
	// 200 ms here, on a loaded machine, let the catch-up read the rows
	// while the attempt was still on its way: its updated_at came after
	// that read, and the test passed without the case it is about.)
	testenv.Eventually(t, time.Minute, "the attempt's outcome to wait at the gate", func() bool { return gs.held.Load() >= 1 })

	// A catch-up whose reload reads now, and reaches the page when released.
	holdNextReload(tb)
	breakStream(tb)
	testenv.Eventually(t, 10*time.Second, "the catch-up to read the rows", func() bool { return eval[bool](tb, `window.__read === true`) })
	tb.waitLive()

	// The outcome is written now, after the reload's read.
	close(gate)
	awaitSucceeded(t, e, id, time.Minute)
	tb.do("the success arrives live", chromedp.WaitVisible(css(`tr[data-delivery-id="`+id+`"][data-status="succeeded"]`)))
	eval[bool](tb, `window.__tbody = document.querySelector("table[data-live-deliveries] tbody"), window.__release()`)
	testenv.Eventually(t, 10*time.Second, "the reloaded rows to be in place", func() bool {
		return eval[bool](tb, `document.querySelector("table[data-live-deliveries] tbody") !== window.__tbody`)
	})
	if !eval[bool](tb, `!!document.querySelector('tr[data-delivery-id="`+id+`"][data-status="succeeded"]')`) {
		d, _ := e.Store.GetDelivery(ctx, e.AccountID, id)
		t.Errorf("delivery %s (succeeded, updated_at %d) vanished from the succeeded deliveries table after the catch-up", id, d.UpdatedAt.UnixMicro())
	}
}

// holdNextReload makes the page's next catch-up reload read the rows at
// once (window.__read turns true) but reach the page only when the test
// calls window.__release().
func holdNextReload(tb *tab) {
	tb.t.Helper()
	eval[bool](tb, `(function () {
		var real = window.fetch;
		window.fetch = function (url, opts) {
			if (!(opts && opts.headers && opts.headers["X-Esahayak-Refresh"])) return real.apply(this, arguments);
			window.fetch = real;
			var got = real(url, opts).then(function (r) {
				return r.text().then(function (t) { window.__read = true; return { ok: r.ok, text: function () { return Promise.resolve(t); } }; });
			});
			return new Promise(function (resolve) { window.__release = function () { got.then(resolve); return true; }; });
		};
		return true;
	})()`)
}

// breakStream makes a break in the page's live stream, as a tab hidden
// and shown again does: the stream reopens, and the page catches up.
func breakStream(tb *tab) {
	tb.t.Helper()
	eval[bool](tb, `(function () {
		var hidden = false;
		Object.defineProperty(document, "hidden", { configurable: true, get: function () { return hidden; } });
		hidden = true; document.dispatchEvent(new Event("visibilitychange"));
		hidden = false; document.dispatchEvent(new Event("visibilitychange"));
		return true;
	})()`)
}

// TestBrowserEmptiedListLosesItsOlderLink: a filtered list that live
// changes empty loses its link to older deliveries (it led to another
// empty page).
func TestBrowserEmptiedListLosesItsOlderLink(t *testing.T) {
	// Retries an hour away: the deliveries stay retrying until the test
	// resends them. (Retries 20 s away, failing for good, once emptied the
	// list before a loaded machine had recorded all of them.)
	e := startEnv(t, envOptions{Options: testenv.Options{Schedule: "1h"}})
	rc := newReceiver(t)
	rc.failing.Store(true)
	tb := signedInTab(t, e)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	// More retrying deliveries than a page shows: the page has a link to
	// older ones. Recorded as retrying, not only received: the receiver
	// counts a request before the server has its answer.
	ids := make([]string, 30)
	for i := range ids {
		ids[i] = testDeliveryTo(t, e, ep, store.DeliveryRetrying, time.Minute)
	}
	tb.do("open the retrying ones", chromedp.Navigate(e.URL+"/dashboard/deliveries?status=retrying"), chromedp.WaitReady(css(`body`)))
	tb.waitLive()
	if !eval[bool](tb, `!!document.querySelector("tr[data-delivery-id]") && !!document.querySelector("a[data-older]")`) {
		t.Fatal("the retrying list has no rows or no link to older ones: this test proves nothing")
	}
	// Resent to a receiver that answers now, each succeeds, and the list
	// empties live.
	rc.failing.Store(false)
	for _, id := range ids {
		if st, body := e.Do(t, "POST", "/v1/deliveries/"+id+"/retry", e.APIKey, nil); st >= 300 {
			t.Fatalf("resend %s: %d %s", id, st, body)
		}
	}
	for _, id := range ids {
		awaitSucceeded(t, e, id, time.Minute)
	}
	testenv.Eventually(t, 60*time.Second, "the list to empty and lose its link", func() bool {
		return eval[bool](tb, `!document.querySelector("tr[data-delivery-id]") && !document.querySelector("a[data-older]")`)
	})
}

// TestBrowserLiveFigures: on a live endpoint page the figures follow the
// deliveries shown beside them; they stayed as loaded, and showed a failing
// endpoint at 100 %.
func TestBrowserLiveFigures(t *testing.T) {
	e := startEnv(t, envOptions{Options: testenv.Options{Schedule: "1h"}})
	rc := newReceiver(t)
	tb := signedInTab(t, e)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	// Each attempt's outcome is recorded before the page is read: the
	// receiver counts a request before its answer is recorded, and a slow
	// machine reads differently from figures that do not follow.
	testDeliveryTo(t, e, ep, store.DeliverySucceeded, time.Minute)
	tb.do("open the endpoint", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(css(`[data-live-figures]`)))
	tb.waitLive()
	rate := func() string {
		return eval[string](tb, `document.querySelector("[data-live-figures] .stat-value").textContent`)
	}
	if r := rate(); r != "100.0%" {
		t.Fatalf("success rate as loaded: %q", r)
	}
	rc.failing.Store(true)
	failing := testDeliveryTo(t, e, ep, store.DeliveryRetrying, time.Minute)
	// Polled slowly: a page's timers wait while DevTools keeps evaluating.
	for deadline := time.Now().Add(20 * time.Second); rate() != "50.0%"; time.Sleep(time.Second) {
		if time.Now().After(deadline) {
			t.Fatalf("the figures did not follow the failure: %q after 20 s", rate())
		}
	}
	// The warning above the figures follows them: it stayed as loaded.
	if !eval[bool](tb, `document.body.textContent.includes("Every attempt has failed since")`) {
		t.Errorf("the endpoint's page does not warn that every attempt has failed, beside figures that say so")
	}
	// Disabled elsewhere (the API, another tab): the badge, the warning and
	// the Status section with its button follow, and agree.
	if st, body := e.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, e.APIKey, map[string]any{"status": "disabled"}); st != 200 {
		t.Fatalf("disable: %d %s", st, body)
	}
	for deadline := time.Now().Add(20 * time.Second); !eval[bool](tb, `document.querySelector("#status").textContent.includes("Enable endpoint")`); time.Sleep(time.Second) {
		if time.Now().After(deadline) {
			t.Fatalf("the Status section still offers to disable an endpoint disabled 20 s ago")
		}
	}
	if !eval[bool](tb, `document.querySelector(".head-meta").textContent.toLowerCase().includes("disabled")`) {
		t.Errorf("the badge does not say disabled beside a Status section that does")
	}
	if st, body := e.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, e.APIKey, map[string]any{"status": "enabled"}); st != 200 {
		t.Fatalf("enable: %d %s", st, body)
	}
	// Enabling again makes the failed event's parked retry due at once: a
	// third attempt, failed (1 of 3). Each page below first shows the
	// figures of the attempts so far, then follows one more failure; the
	// retry's record may land after a page has loaded, which it follows too.
	testenv.Eventually(t, time.Minute, "the retry sent on enabling to be recorded", func() bool {
		d, _ := e.Store.GetDelivery(context.Background(), e.AccountID, failing)
		return d.Attempts >= 2
	})
	// The overview's endpoints table and the monitoring page follow too:
	// the overview's rows stayed as loaded, and monitoring did not listen.
	for _, page := range []struct{ name, path, cell, before, want string }{
		{"the overview's endpoint row", "/dashboard/", `[data-live-figures] td[data-label="Success rate"]`, "33.3%", "25.0%"},
		{"the monitoring figures", "/dashboard/monitoring?endpoint=" + ep, `[data-monitoring-figures] .stat-value`, "25.0%", "20.0%"},
	} {
		tb.do("open "+page.name, chromedp.Navigate(e.URL+page.path), chromedp.WaitVisible(css(page.cell)))
		tb.waitLive()
		cell := func() string {
			return strings.TrimSpace(eval[string](tb, `document.querySelector(`+strconv.Quote(page.cell)+`).textContent`))
		}
		loaded := cell()
		for deadline := time.Now().Add(20 * time.Second); cell() != page.before; time.Sleep(time.Second) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: %q as loaded, %q after 20 s; want %q before the next event", page.name, loaded, cell(), page.before)
			}
		}
		testDeliveryTo(t, e, ep, store.DeliveryRetrying, time.Minute)
		for deadline := time.Now().Add(30 * time.Second); cell() != page.want; time.Sleep(time.Second) {
			if time.Now().After(deadline) {
				t.Fatalf("%s did not follow the failure: %q before it, %q after 30 s", page.name, page.before, cell())
			}
		}
	}
}
