package dashboard_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserChartTablesFitANarrowPhone: Monitoring's "Show as table"
// under each chart is the phone's way to read its values (a finger cannot
// hover a point), but at 320 px its tables were wider than their cards:
// the column heads ("Response time (average)") did not wrap, and the
// values ("no attempts") were cut at the card's edge, to be scrolled to
// sideways inside the card. The heads now wrap and every table fits, at
// each window.
func TestBrowserChartTablesFitANarrowPhone(t *testing.T) {
	e := startEnv(t, envOptions{})
	ep := createEndpoint(t, e, "http://127.0.0.1:9/hooks/orders")
	tb := signedInTab(t, e)
	tb.do("a narrow phone's screen", chromedp.EmulateViewport(320, 640, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	for _, window := range []string{"1h", "24h", "7d"} {
		tb.do("open Monitoring, "+window, chromedp.Navigate(e.URL+"/dashboard/monitoring?endpoint="+ep+"&window="+window), chromedp.WaitVisible(css(`.chart-table summary`)))
		eval[bool](tb, `(document.querySelectorAll(".chart-table").forEach(function (d) { d.open = true; }), true)`)
		wide := eval[[]string](tb, `Array.prototype.filter.call(document.querySelectorAll(".chart-table .table-wrap"), function (w) {
			return w.scrollWidth > w.clientWidth + 1 || w.getBoundingClientRect().right > window.innerWidth + 0.5;
		}).map(function (w) { return w.querySelector("caption").textContent.trim() + ": " + w.scrollWidth + " px in " + w.clientWidth; })`)
		if len(wide) == 0 && eval[int](tb, `document.querySelectorAll(".chart-table .table-wrap").length`) < 4 {
			t.Fatalf("Monitoring (%s) has fewer than four chart tables", window)
		}
		for _, w := range wide {
			t.Errorf("at 320 px, window %s, a chart's table is wider than its card: %s", window, w)
		}
	}
	tb.noBrowserErrors(t)
}
