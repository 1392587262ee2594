package dashboard_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Monitoring's select lists the newest 1,000 endpoints: an older one
// asked for by ?endpoint= showed its figures under the first option,
// selected, so Show (or a period) then showed that one's instead.
func TestMonitoringSelectsAnEndpointPastTheListedThousand(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	rc := newReceiver(t)
	oldest := createEndpoint(t, e, rc.URL+"/0")
	for i := 1; i <= 1000; i++ {
		createEndpoint(t, e, rc.URL+"/"+strconv.Itoa(i))
	}
	r := b.get("/dashboard/monitoring?endpoint=" + oldest)
	if r.Status != http.StatusOK {
		t.Fatalf("monitoring of the oldest endpoint = %d", r.Status)
	}
	if !regexp.MustCompile(`<option value="` + oldest + `" selected`).MatchString(r.Body) {
		t.Errorf("the endpoint select does not have the endpoint shown selected")
	}
	if n := strings.Count(r.Body, `" selected title=`); n != 1 {
		t.Errorf("%d options selected in the endpoint select, want 1", n)
	}
}

// The inspector guesses the endpoint to check signatures against (one
// pointing at it) among every endpoint of the account: it looked at the
// newest 100 only, so an older one pointing at it was not found and its
// captures went unchecked.
func TestInspectorGuessesAnEndpointPastTheListedHundred(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	r := b.postForm("/dashboard/inspector", "/dashboard/inspector", nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create inspector = %d", r.Status)
	}
	page := strings.SplitN(r.Location, "?", 2)[0]
	// Pointed at it through the API (the dashboard's own button also
	// chooses it, so nothing is guessed then).
	m := regexp.MustCompile(`data-capture-url>([^<]+)</code>`).FindStringSubmatch(b.get(page).Body)
	if m == nil {
		t.Fatal("no capture URL on the inspector's page")
	}
	own := createEndpoint(t, e, m[1])
	rc := newReceiver(t)
	for i := 1; i <= 100; i++ {
		createEndpoint(t, e, rc.URL+"/"+strconv.Itoa(i))
	}
	body := b.get(page).Body
	if !regexp.MustCompile(`<option value="` + own + `" selected`).MatchString(body) {
		t.Errorf("the endpoint pointing at the inspector, past the newest 100, is not chosen")
	}
	mustContain(t, body, "Chosen because it points at this inspector.")
}
