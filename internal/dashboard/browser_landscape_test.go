package dashboard_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// A phone held sideways is 640–915 px wide but only 360–412 px tall: the
// top bar, two rows of links there (91–94 px), stayed on screen for good
// (sticky), taking a quarter of the page's height on every page, as it
// does not on the same phone upright (below 600 px wide it scrolls away).
// It scrolls away on a short screen too; on a laptop it stays.
func TestBrowserTopBarScrollsAwayOnALandscapePhone(t *testing.T) {
	e := startEnv(t, envOptions{})
	tb := signedInTab(t, e)
	for _, size := range []struct {
		name   string
		w, h   int64
		sticky bool
	}{{"phone held sideways", 740, 360, false}, {"large phone held sideways", 915, 412, false}, {"laptop", 1366, 768, true}} {
		tb.do(size.name, chromedp.EmulateViewport(size.w, size.h), chromedp.Navigate(e.URL+"/dashboard/settings/api-access"),
			chromedp.WaitVisible(css(`#webhook-url`)))
		bottom := eval[float64](tb, `window.scrollTo(0, document.documentElement.scrollHeight), document.querySelector(".topbar").getBoundingClientRect().bottom`)
		if !size.sticky && bottom > 0 {
			t.Errorf("%s (%dx%d): scrolled to the end, the top bar still takes %.0f px of the screen's %d", size.name, size.w, size.h, bottom, size.h)
		}
		if size.sticky && bottom <= 0 {
			t.Errorf("%s (%dx%d): the top bar scrolled away; want it on screen", size.name, size.w, size.h)
		}
	}
	tb.noBrowserErrors(t)
}
