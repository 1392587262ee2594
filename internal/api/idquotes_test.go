package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestIDInQuotesIsNamed: an id sent in its JSON quotes (ID=$(… | jq .id)
// keeps them, as jq prints a string without -r) was answered "no such
// order" on a path, as if the order just made were gone, and
// "starting_after must be the id of an item of this list (order_…)" as a
// value, which is what was sent; each now says the id is in quotes and
// gives it alone, as an id with white space around it is.
func TestIDInQuotesIsNamed(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	id := createOrder(t, s, s.APIKey, false)["id"].(string)
	const evt = "evt_01m8s1wyypk0y6r82m2j1wh4g8"
	for _, c := range []struct {
		method, path string
		status       int
		code         string
	}{
		{"GET", "/v1/orders/%22" + id + "%22", 404, "resource_missing"},
		{"GET", "/v1/orders/'" + id + "'", 404, "resource_missing"},
		{"POST", "/v1/orders/%22" + id + "%22/cancel", 404, "resource_missing"},
		{"GET", "/v1/orders?starting_after=%22" + id + "%22", 422, "invalid_cursor"},
		{"GET", "/v1/events?order_id=%22" + id + "%22", 422, "invalid_order_id"},
		{"GET", "/v1/deliveries?event_id=%27" + evt + "%27", 422, "invalid_event_id"},
	} {
		want := `"` + id + `"`
		if strings.Contains(c.path, "event_id") {
			want = `"` + evt + `"`
		}
		st, code, _, msg := refusal(t, s, c.method, c.path, "")
		if st != c.status || code != c.code || !strings.Contains(msg, "is in quotes") || !strings.HasSuffix(msg, "send the id alone: "+want) {
			t.Errorf("%s %s: %d %s %q; want %d %s saying the id is in quotes, then %s", c.method, c.path, st, code, msg, c.status, c.code, want)
		}
	}
	// An id that is nothing but quotes, or quotes around no id, is named as before.
	if st, _, _, msg := refusal(t, s, http.MethodGet, "/v1/orders/%22order_x%22", ""); st != 404 || strings.Contains(msg, "quotes") {
		t.Errorf("quotes around no id: %d %q", st, msg)
	}
	// The id itself is still found.
	if st, b := s.Do(t, http.MethodGet, "/v1/orders/"+id, s.APIKey, nil); st != 200 {
		t.Errorf("GET the order: %d %s", st, b)
	}
}
