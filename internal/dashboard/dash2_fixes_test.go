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
