package dashboard_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserEndedSessionSaysSo: a person back at a tab left open past
// the session's 12 hours, who clicked a link, was sent to a bare sign-in
// form ("Sign in to your eSahayak dashboard."), with nothing to say why
// they were no longer signed in. The sign-in page, asked for with a
// session cookie that names no live session, now says the session ended
// and how long one lasts; signing in leads on to the page asked for. A
// browser without a session cookie (never signed in, or signed out) is
// told nothing of the kind.
func TestBrowserEndedSessionSaysSo(t *testing.T) {
	e := startEnv(t, envOptions{})
	tb := signedInTab(t, e)
	e.clock.Advance(13 * time.Hour)
	tb.do("follow a link after the session ended", chromedp.Click(chromedp.Search(`//nav[@aria-label="Main"]//a[normalize-space()="Deliveries"]`)),
		chromedp.WaitVisible(css(`#email`)))
	if loc := value(tb, "location", chromedp.Location()); !strings.Contains(loc, "/dashboard/signin") {
		t.Fatalf("the ended session's link went to %s", loc)
	}
	const said = "Your session has ended, so you were signed out: a session lasts 12 hours after its last use, and 7 days at most. Sign in again to go on."
	if got := eval[string](tb, `Array.from(document.querySelectorAll(".flash")).map(function (p) { return p.innerText; }).join(" | ")`); got != said {
		t.Errorf("the sign-in page said %q; want %q", got, said)
	}
	tb.do("sign in again", chromedp.SendKeys(css(`#email`), e.Email), chromedp.SendKeys(css(`#password`), e.Password+kb.Enter),
		chromedp.WaitVisible(css(`nav.mainnav`)))
	if h := tb.text(`h1`); h != "Deliveries" {
		t.Errorf("signed in again, the page is %q; want Deliveries", h)
	}
	// Signed out by the button, the page says that, and only that.
	tb.do("sign out", chromedp.Click(button("Sign out")), chromedp.WaitVisible(css(`#email`)))
	if got := eval[string](tb, `Array.from(document.querySelectorAll(".flash")).map(function (p) { return p.innerText; }).join(" | ")`); got != "You have signed out." {
		t.Errorf("after Sign out the sign-in page said %q", got)
	}
	tb.do("reload the sign-in page", chromedp.Reload(), chromedp.WaitVisible(css(`#email`)))
	if n := eval[int](tb, `document.querySelectorAll(".flash").length`); n != 0 {
		t.Errorf("a browser without a session is told %q", tb.text(`.flash`))
	}
	tb.noBrowserErrors(t)
}
