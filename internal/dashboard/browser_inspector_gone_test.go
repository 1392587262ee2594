package dashboard_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/testenv"
)

// An inspector page left open after its inspector went (deleted in
// another tab, or cleared by a restart of the server, which keeps
// inspectors in its memory) still showed its capture URL and its curl
// line under "Send one by hand", with nothing on the page to say that the
// URL now answered 404 and recorded nothing: only the small badge at the
// top right changed, and after a restart it said "Inspector deleted or
// expired", neither of which had happened (it now says "Inspector gone"). The page now says so at its
// top, as an endpoint's page does when its endpoint is deleted, in an
// alert naming why an inspector goes and leading to Inspector to create
// another.
func TestBrowserGoneInspectorSaysSoAtTop(t *testing.T) {
	e := startEnv(t, envOptions{})
	tb := signedInTab(t, e)
	other := e.signedIn(t)

	open := func() string {
		tb.t.Helper()
		tb.do("create an inspector", chromedp.Navigate(e.URL+"/dashboard/inspector"),
			chromedp.WaitVisible(button("Create inspector URL")), chromedp.Click(button("Create inspector URL")),
			chromedp.WaitVisible(css(`[data-capture-url]`)))
		tb.waitLive()
		return eval[string](tb, `location.pathname`)
	}
	deleteElsewhere := func(page string) {
		tb.t.Helper()
		if r := other.postForm(page, page+"/delete", url.Values{"confirmed": {"1"}}); r.Status >= 400 {
			tb.t.Fatalf("delete from another tab = %d", r.Status)
		}
	}
	// notice waits for the page's notice and returns its text, after
	// checking that it is an alert at the top of the page that links to
	// Inspector.
	notice := func() string {
		tb.t.Helper()
		testenv.Eventually(tb.t, 15*time.Second, "the page to say at its top that the inspector is gone", func() bool {
			return eval[bool](tb, `!!document.querySelector("main [data-gone-notice]")`)
		})
		first := eval[bool](tb, `document.querySelector("main").firstElementChild.matches("[data-gone-notice]")`)
		role := eval[string](tb, `document.querySelector("[data-gone-notice]").getAttribute("role") || ""`)
		link := eval[string](tb, `(function () { var a = document.querySelector("[data-gone-notice] a"); return a ? a.getAttribute("href") + " " + a.textContent.trim() : ""; })()`)
		if !first || role != "alert" || link != "/dashboard/inspector Create another under Inspector" {
			tb.t.Errorf("the notice: first in main %v, role %q, link %q; want first, an alert, linking to Inspector", first, role, link)
		}
		return strings.Join(strings.Fields(tb.text(`[data-gone-notice]`)), " ")
	}

	t.Run("deleted in another tab", func(t *testing.T) {
		tb.t = t
		page := open()
		deleteElsewhere(page)
		got := notice()
		for _, want := range []string{"This inspector was deleted", "Its capture URL now answers 404"} {
			if !strings.Contains(got, want) {
				t.Errorf("notice %q does not say %q", got, want)
			}
		}
		if b := tb.text(`[data-live-indicator]`); b != "Inspector deleted" {
			t.Errorf("badge %q, want Inspector deleted", b)
		}
	})

	t.Run("gone while the page was not listening, as in a restart", func(t *testing.T) {
		tb.t = t
		page := open()
		// The tab goes to the background (its stream closes), the
		// inspector goes meanwhile, and the tab is shown again: its
		// stream, reopened, finds no inspector, as after a restart.
		eval[bool](tb, `(function () {
			window.__hidden = false;
			Object.defineProperty(document, "hidden", { configurable: true, get: function () { return window.__hidden; } });
			window.__hidden = true; document.dispatchEvent(new Event("visibilitychange"));
			return true;
		})()`)
		deleteElsewhere(page)
		eval[bool](tb, `(window.__hidden = false, document.dispatchEvent(new Event("visibilitychange")), true)`)
		got := notice()
		for _, want := range []string{"This inspector is gone", "a restart clears it", "Its capture URL now answers 404"} {
			if !strings.Contains(got, want) {
				t.Errorf("notice %q does not say %q", got, want)
			}
		}
		if b := tb.text(`[data-live-indicator]`); b != "Inspector gone" {
			t.Errorf("badge %q, want Inspector gone (it was said deleted or expired after a restart)", b)
		}
		if n := eval[int](tb, `document.querySelectorAll("[data-gone-notice]").length`); n != 1 {
			t.Errorf("%d notices; want one", n)
		}
	})

	tb.noBrowserErrors(t)
}
