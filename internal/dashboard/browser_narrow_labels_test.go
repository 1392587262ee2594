package dashboard_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// Below 600 px wide a table's head is hidden and each cell shows its
// column's name beside its value (data-label). Those names were shorter
// than the columns': a phone showed a delivery's last attempt as
// "TIME 2026-12-05 06:30:01", an API key's creation as "CREATED …", an
// order's update as "UPDATED …", with no zone anywhere on the screen (the
// head saying "(UTC)" hidden, the footer's "Times are UTC" a page below),
// and the overview's p95 as "P95". Each cell now shows its column's name
// as the head says it, the zone of a time with it, and fits the screen.
func TestBrowserPhoneTableCellsNameTheirColumn(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ctx := context.Background()
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]string{"url": rc.URL + "/hooks"})
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, body)
	}
	var ep struct{ ID string }
	if err := json.Unmarshal(body, &ep); err != nil {
		t.Fatal(err)
	}
	if st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+ep.ID+"/test", e.APIKey, map[string]string{"type": order.EventOrderCancelled}); st != 202 {
		t.Fatalf("test event: %d %s", st, body)
	}
	orderID := cancelledOrder(t, e)
	testenv.Eventually(t, time.Minute, "a delivery that was attempted", func() bool {
		ds, _, _ := e.Store.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: e.AccountID, Limit: 10}})
		for _, d := range ds {
			if d.Attempts > 0 {
				return true
			}
		}
		return false
	})
	tb := signedInTab(t, e)
	tb.do("make an inspector", chromedp.Navigate(e.URL+"/dashboard/inspector"), chromedp.Click(button("Create inspector URL")),
		chromedp.WaitVisible(css(`[data-capture-url]`)))
	tb.do("phone size", chromedp.EmulateViewport(360, 740))
	for _, p := range []struct{ page, path string }{
		{"Overview", "/dashboard/"},
		{"Deliveries", "/dashboard/deliveries"},
		{"Endpoint", "/dashboard/endpoints/" + ep.ID},
		{"Monitoring", "/dashboard/monitoring"},
		{"Orders", "/dashboard/orders"},
		{"Order", "/dashboard/orders/" + orderID},
		{"Settings → API Access", "/dashboard/settings/api-access"},
		{"Inspector", "/dashboard/inspector"},
	} {
		tb.do("open "+p.page, chromedp.Navigate(e.URL+p.path), chromedp.WaitVisible(css(`table.table tbody tr td[data-label]`)))
		// Each labelled cell: the label it shows, its column's head, and
		// whether it fits the screen.
		cells := eval[[][]string](tb, `Array.prototype.map.call(document.querySelectorAll("table.table tbody td[data-label]"), function (td) {
			var th = td.closest("table").querySelectorAll("thead th")[td.cellIndex];
			var shown = getComputedStyle(td, "::before").content.replace(/^"|"$/g, "");
			// The value's right edge: its elements' and its text's.
			var box = td.getBoundingClientRect(), right = box.left;
			Array.prototype.forEach.call(td.childNodes, function (n) {
				if (n.nodeType === Node.TEXT_NODE && !n.textContent.trim()) return;
				var r;
				if (n.nodeType === Node.TEXT_NODE) { r = document.createRange(); r.selectNodeContents(n); } else { r = n; }
				right = Math.max(right, r.getBoundingClientRect().right);
			});
			return [shown, th ? th.textContent.trim() : "(no head)", td.textContent.trim(),
				String(box.right <= window.innerWidth + 0.5 && right <= box.right + 0.5)];
		})`)
		if len(cells) == 0 {
			t.Errorf("%s: no labelled cell", p.page)
		}
		seen := map[string]bool{}
		for _, c := range cells {
			shown, head, val, fits := c[0], c[1], c[2], c[3]
			if seen[head] {
				continue
			}
			seen[head] = true
			if !strings.EqualFold(shown, head) {
				t.Errorf("%s at 360 px: the cell %q is labelled %q; its column is %q", p.page, val, shown, head)
			}
			if fits != "true" {
				t.Errorf("%s at 360 px: the cell %s %q does not fit the screen", p.page, shown, val)
			}
		}
	}
	tb.noBrowserErrors(t)
}
