package dashboard_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// An endpoint disabled while failing (by hand, or by the auto-disable
// after failing for days) keeps the time its failures began, and the
// overview's table showed it "disabled failing", while the figures above
// counted it under Disabled endpoints and not under Failing (0), and its
// own page says only that it is disabled: a disabled endpoint is not sent
// to, so it is not failing now. The row shows it as the figures count it.
func TestOverviewDisabledEndpointIsNotAlsoFailing(t *testing.T) {
	e := startEnv(t, envOptions{Options: testenv.Options{Schedule: "1m"}})
	rc := newReceiver(t)
	rc.failing.Store(true)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	testDeliveryTo(t, e, ep, store.DeliveryRetrying, time.Minute)
	testenv.Eventually(t, 10*time.Second, "the endpoint to be failing", func() bool {
		got, err := e.Store.GetEndpoint(context.Background(), e.AccountID, ep)
		return err == nil && got.FailingSince != nil
	})
	b := e.signedIn(t)
	row := func() string {
		t.Helper()
		r := b.get("/dashboard/")
		if r.Status != http.StatusOK {
			t.Fatalf("overview = %d", r.Status)
		}
		m := regexp.MustCompile(`(?s)<td data-label="Status">(.*?)</td>`).FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatalf("the overview lists no endpoint:\n%.2000s", r.Body)
		}
		return m[1]
	}
	if got := row(); !strings.Contains(got, ">failing<") {
		t.Fatalf("a failing endpoint's row = %q; want it marked failing", got)
	}
	if st, body := e.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, e.APIKey, map[string]any{"status": "disabled"}); st != http.StatusOK {
		t.Fatalf("disable: %d %s", st, body)
	}
	if got := row(); !strings.Contains(got, ">disabled<") || strings.Contains(got, "failing") {
		t.Errorf("a disabled endpoint's row = %q; want it disabled and not failing, as the figures count it", got)
	}
}
