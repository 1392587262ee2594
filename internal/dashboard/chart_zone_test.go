package dashboard_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// The monitoring charts' times had no zone: a point's tooltip said
// "12:48: 100.0%" and the axis "11:50 … 12:48", with nothing near them
// saying UTC (every other time on the dashboard says it), so a reader in
// India took 12:48 for local time, 5½ hours off. Each point's tooltip now
// names the zone, and so does each chart's caption, under which its axis
// is read.
func TestMonitoringChartTimesSayUTC(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	sendTestEvent(t, e, ep)
	b := e.signedIn(t)
	for _, window := range []string{"1h", "24h", "7d"} {
		r := b.get("/dashboard/monitoring?window=" + window + "&endpoint=" + ep)
		if r.Status != http.StatusOK {
			t.Fatalf("monitoring %s = %d", window, r.Status)
		}
		tips := regexp.MustCompile(`<(?:circle|rect|line) class="chart-(?:dot|bar|zero)"[^>]*><title>([^<]*)</title>`).FindAllStringSubmatch(r.Body, -1)
		if len(tips) == 0 {
			t.Fatalf("%s: no chart point with a tooltip:\n%.3000s", window, r.Body)
		}
		for _, m := range tips {
			if !strings.Contains(m[1], " UTC: ") {
				t.Errorf("%s: a point's tooltip is %q; want its time's zone (UTC)", window, m[1])
			}
		}
		caps := regexp.MustCompile(`(?s)<figcaption>(.*?)</figcaption>`).FindAllStringSubmatch(r.Body, -1)
		if len(caps) != 4 {
			t.Fatalf("%s: %d chart captions; want 4", window, len(caps))
		}
		for _, m := range caps {
			if !strings.Contains(m[1], "UTC") {
				t.Errorf("%s: a chart's caption is %q; want it to say its times are UTC", window, m[1])
			}
		}
	}
}
