package dashboard_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestBrowserDeliveryPageCatchesUpAfterAnOutage: a delivery's page whose
// stream came back after a break read the delivery again once; answered
// 503 (the database partly out still), it gave up, and went on showing
// the status the delivery had before the break, beside a badge saying
// Live. It now reads it again until it is answered.
func TestBrowserDeliveryPageCatchesUpAfterAnOutage(t *testing.T) {
	schema := testenv.NewSchema(t)
	e := startEnv(t, envOptions{Store: testenv.PostgresOn(t, schema), StreamHeartbeat: 50 * time.Millisecond})
	tables := testenv.SchemaTables(t, schema)
	b := e.signedIn(t)
	ls := e.NewListenSession(t, e.APIKey, `{}`)
	delivery := reportResult(t, e, ls, uploadedEvent(t, e), `"status": 500`)
	page := "/dashboard/deliveries/" + delivery
	tb := signInTab(t, e)
	tb.do("open the delivery", chromedp.Navigate(e.URL+page), chromedp.WaitVisible(css(`#delivery-detail[data-status="failed"]`)))
	tb.waitLive()
	indicator := func() string { return eval[string](tb, `document.querySelector("[data-live-indicator]").textContent`) }

	var gone []string
	defer func() { tables.Back(gone...) }()
	tables.Gone("users")
	gone = []string{"users"}
	testenv.Eventually(t, 30*time.Second, "the stream to end with the users table gone", func() bool {
		return indicator() == "Reconnecting…"
	})
	// Meanwhile the delivery changes, and the page cannot be read yet
	// when the stream comes back.
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, testenv.PostgresURL(schema))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `UPDATE deliveries SET status = 'succeeded', last_status_code = 200 WHERE id = $1`, delivery); err != nil {
		t.Fatal(err)
	}
	tables.Gone("endpoints")
	gone = []string{"users", "endpoints"}
	tables.Back("users")
	gone = []string{"endpoints"}
	if r := b.get(page); r.Status != http.StatusServiceUnavailable {
		t.Fatalf("with the endpoints table gone, the delivery's page = %d, want 503", r.Status)
	}
	testenv.Eventually(t, 60*time.Second, "the stream to be open again", func() bool {
		return indicator() == "Live"
	})
	// Its read of the page on reconnecting is answered 503 by now.
	time.Sleep(500 * time.Millisecond)
	tables.Back("endpoints")
	gone = nil
	testenv.Eventually(t, 30*time.Second, "the delivery's page to show the status it changed to during the break", func() bool {
		return eval[bool](tb, `document.querySelector('#delivery-detail[data-status="succeeded"]') !== null`)
	})
}
