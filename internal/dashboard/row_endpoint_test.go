package dashboard_test

import (
	"fmt"
	"regexp"
	"testing"
)

// TestDeliveryRowsNameTheirEndpoint: a deliveries table named a row's
// endpoint by its URL, linked to its page, only when the endpoint was
// among those the page had listed (Deliveries: the newest 100), and
// otherwise showed its bare id, in grey, unlinked, alike for an endpoint
// that exists but is older than those, one that was deleted and an
// `esahayak listen` session: a person could not tell them apart, nor open
// the endpoint. An existing endpoint is named and linked wherever it is in
// the list; the others say what they are, as a delivery's page does.
func TestDeliveryRowsNameTheirEndpoint(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	// First, while there is no endpoint for its event to go to as well.
	_, listened := reportListenResult(t, e, `"status": 200`)
	oldest := createEndpoint(t, e, rc.URL+"/oldest")
	toOldest := sendTestEvent(t, e, oldest)
	gone := createEndpoint(t, e, rc.URL+"/soon-deleted")
	toGone := sendTestEvent(t, e, gone)
	if st, body := e.Do(t, "DELETE", "/v1/webhook_endpoints/"+gone, e.APIKey, nil); st >= 300 {
		t.Fatalf("delete the endpoint: %d %s", st, body)
	}
	for i := range 100 {
		createEndpoint(t, e, fmt.Sprintf("%s/newer-%d", rc.URL, i))
	}
	b := e.signedIn(t)
	for _, page := range []string{"/dashboard/deliveries", "/dashboard/"} {
		body := b.get(page).Body
		row := func(id string) string {
			t.Helper()
			m := regexp.MustCompile(`(?s)<tr data-delivery-id="` + id + `".*?</tr>`).FindString(body)
			if m == "" {
				t.Fatalf("%s: no row of delivery %s:\n%.3000s", page, id, body)
			}
			return m
		}
		mustContain(t, row(toOldest), `<a href="/dashboard/endpoints/`+oldest+`"`, "/oldest")
		mustContain(t, row(toGone), gone+" (deleted)")
		mustContain(t, row(listened), " (an esahayak listen session)")
	}
}
