package dashboard_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// The overview of an account with no endpoint yet said, under Recent
// deliveries, "Send a test event from an endpoint's page to see one":
// there was no endpoint, so no such page, right below the callout that
// says to add one. It now says where to add one, as the Deliveries page
// does; once there is an endpoint, how to see a delivery.
func TestOverviewWithoutEndpointsSaysWhereToAddOne(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	emptyRow := func() string {
		t.Helper()
		r := b.get("/dashboard/")
		if r.Status != http.StatusOK {
			t.Fatalf("overview = %d", r.Status)
		}
		m := regexp.MustCompile(`(?s)<tr class="empty-row[^"]*"[^>]*>(.*?)</tr>`).FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatalf("the overview's deliveries table has no empty row:\n%.3000s", r.Body)
		}
		return m[1]
	}
	if got := emptyRow(); strings.Contains(got, "test event") || !strings.Contains(got, "Save Webhook") {
		t.Errorf("with no endpoint, the overview's empty deliveries table says %q; want where to add an endpoint", got)
	}
	rc := newReceiver(t)
	createEndpoint(t, e, rc.URL+"/hook")
	if got := emptyRow(); !strings.Contains(got, "Send a test event") {
		t.Errorf("with an endpoint, the overview's empty deliveries table says %q; want how to see a delivery", got)
	}
}
