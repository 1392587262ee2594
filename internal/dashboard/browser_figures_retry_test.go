package dashboard_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestBrowserLivePartsReadAgainAfterAnOutage: Settings, told live that a
// key was created elsewhere, reads its list of keys again; a read the
// server answered 503 (the database partly out) was not tried again, and
// the page, saying Live, never listed the key until reloaded by hand.
func TestBrowserLivePartsReadAgainAfterAnOutage(t *testing.T) {
	schema := testenv.NewSchema(t)
	e := startEnv(t, envOptions{Store: testenv.PostgresOn(t, schema)})
	tables := testenv.SchemaTables(t, schema)
	b := e.signedIn(t)
	tb := signedInTab(t, e)
	tb.do("open Settings", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`[data-live-keys]`)))
	tb.waitLive()

	tables.Gone("endpoints")
	back := false
	defer func() {
		if !back {
			tables.Back("endpoints")
		}
	}()
	if r := b.get("/dashboard/settings/api-access"); r.Status != http.StatusServiceUnavailable {
		t.Fatalf("with the endpoints table gone, Settings = %d, want 503", r.Status)
	}
	const name = "made during the outage"
	_, row, err := api.NewAPIKey(e.AccountID, name, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Store.CreateAPIKey(context.Background(), row, 0); err != nil {
		t.Fatal(err)
	}
	e.Engine.APIKeysChanged(e.AccountID)
	// The page's read for the "apikeys" event is answered 503 meanwhile.
	time.Sleep(time.Second)
	tables.Back("endpoints")
	back = true
	listed := `document.querySelector("[data-live-keys]").textContent.indexOf(` + jsString(name) + `) >= 0`
	testenv.Eventually(t, 30*time.Second, "Settings to list the key created during the outage", func() bool {
		return eval[bool](tb, listed)
	})
}
