package dashboard_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestBrowserDeliveryRowsFitANarrowPhone: at 320 px the deliveries table's
// rows (Deliveries, the overview, an endpoint's page), each a card of
// label and value, cut the last attempt's time off at the card's edge
// ("2026-12-06 05:42:5"): the time, nowrap, shrank with its label instead
// of the label giving way. A test delivery's event type and its TEST tag
// broke inside their words ("order.cancelle d", "TES T"). The time now
// keeps its width and reads whole, and the event type and the tag break
// only between them.
func TestBrowserDeliveryRowsFitANarrowPhone(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hooks/orders")
	// Delivered before the pages open: the row is measured as it stays,
	// not as a live refresh redraws it.
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/test", e.APIKey, map[string]string{"type": "order.cancelled"})
	if st != 202 {
		t.Fatalf("test event: %d %s", st, body)
	}
	awaitSucceeded(t, e, testenv.JSON(t, body)["delivery"].(map[string]any)["id"].(string), time.Minute)
	tb := signedInTab(t, e)
	tb.do("a narrow phone's screen", chromedp.EmulateViewport(320, 640, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	for _, p := range []string{"/dashboard/deliveries", "/dashboard/", "/dashboard/endpoints/" + ep} {
		tb.do("open "+p, chromedp.Navigate(e.URL+p), chromedp.WaitVisible(css(`table.deliveries td.when time`)))
		// Each value: its text, the lines it takes, and whether it ends
		// within its cell and the screen.
		cells := eval[[][]string](tb, `Array.prototype.map.call(document.querySelectorAll("table.deliveries tbody td.when time, table.deliveries tbody td[data-label='Event type'] a, table.deliveries tbody .tag"), function (el) {
			var r = document.createRange(); r.selectNodeContents(el);
			var tops = [];
			Array.prototype.forEach.call(r.getClientRects(), function (b) {
				if (b.width > 0 && !tops.some(function (t) { return Math.abs(t - b.top) < 4; })) tops.push(b.top);
			});
			var box = el.closest("td").getBoundingClientRect(), wrap = el.closest(".table-wrap").getBoundingClientRect();
			var right = r.getBoundingClientRect().right;
			return [el.textContent.trim(), String(tops.length), String(right <= box.right + 0.5 && right <= wrap.right + 0.5 && right <= window.innerWidth + 0.5)];
		})`)
		if len(cells) < 3 {
			t.Fatalf("%s: %d cells", p, len(cells))
		}
		for _, c := range cells {
			if lines, _ := strconv.Atoi(c[1]); lines != 1 {
				t.Errorf("%s at 320 px: %q takes %s lines", p, c[0], c[1])
			}
			if c[2] != "true" {
				t.Errorf("%s at 320 px: %q does not fit its card", p, c[0])
			}
		}
	}
	tb.screenshot("phone320-deliveries")
	tb.noBrowserErrors(t)
}
