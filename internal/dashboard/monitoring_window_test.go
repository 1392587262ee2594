package dashboard_test

import (
	"html"
	"net/http"
	"strings"
	"testing"
)

// TestMonitoringSaysAnUnknownWindow: a ?window= the page does not know
// (2h, 30d, a typo) showed the last 24 hours' figures without a word, so
// "window=2h" read as two hours' figures that were a day's. The page now
// says the period was not understood, names those it shows, and still
// shows the 24 hours (a page, not an error). No window, or a known one,
// says nothing.
func TestMonitoringSaysAnUnknownWindow(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	const warn = `The period "2h" is not one this page shows (1h, 24h, 7d): the last 24h are shown.`
	get := func(path string) string {
		t.Helper()
		r := b.get(path)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s = %d:\n%.2000s", path, r.Status, r.Body)
		}
		return html.UnescapeString(r.Body)
	}

	// With no endpoint yet, too.
	mustContain(t, get("/dashboard/monitoring?window=2h"), warn)

	ep := createEndpoint(t, e, newReceiver(t).URL)
	body := get("/dashboard/monitoring?window=2h&endpoint=" + ep)
	mustContain(t, body, `<p class="flash flash-warn">`+warn+`</p>`,
		`window=24h" aria-current="page">24h</a>`, "Delivery success rate <span class=\"muted\">· 24h · times in UTC</span>")
	for path, bad := range map[string]string{
		"/dashboard/monitoring":                                   "is not one this page shows",
		"/dashboard/monitoring?window=":                           "is not one this page shows",
		"/dashboard/monitoring?window=1h&endpoint=" + ep:          "is not one this page shows",
		"/dashboard/monitoring?window=7d":                         "is not one this page shows",
		"/dashboard/monitoring?window=" + strings.Repeat("9", 30): `"` + strings.Repeat("9", 30) + `"`,
	} {
		if body := get(path); strings.Contains(body, bad) {
			t.Errorf("GET %s shows %q", path, bad)
		}
	}
	// A long value is named by its start.
	mustContain(t, get("/dashboard/monitoring?window="+strings.Repeat("9", 30)), `The period "`+strings.Repeat("9", 20)+`…" is not one`)
}
