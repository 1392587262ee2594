package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestPlaceholderInAQueryIsNamed: README.md and docs/receiving.md write
// GET /v1/deliveries?endpoint_id=ls_… and ?event_id=evt_…, and a new user
// who ran them as printed was answered "endpoint_id must be a webhook
// endpoint id (we_…) or a listen session id (ls_…)", which reads as if
// ls_… were right. An id given as a value (a filter, a cursor,
// Last-Event-ID) is now worded as a path's id is: the placeholder named,
// a whole id of another kind named as that kind's, an id in upper case
// given in lower case.
func TestPlaceholderInAQueryIsNamed(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	const tail = "01m8s1wyypk0y6r82m2j1wh4g8"
	st, b := s.Do(t, http.MethodPost, "/v1/listen_sessions", s.APIKey, "{}")
	if st != http.StatusCreated {
		t.Fatalf("POST /v1/listen_sessions: %d %s", st, b)
	}
	stream := testenv.JSON(t, b)["stream_url"].(string)
	for _, c := range []struct{ path, code, param, want string }{
		{"/v1/deliveries?endpoint_id=ls_…", "invalid_endpoint_id", "endpoint_id", "ls_… is the documentation's placeholder; put in the whole id (ls_ and 26 letters and digits)"},
		{"/v1/deliveries?endpoint_id=we_…", "invalid_endpoint_id", "endpoint_id", "we_… is the documentation's placeholder"},
		{"/v1/deliveries?endpoint_id=ls_01k…", "invalid_endpoint_id", "endpoint_id", "ls_… is the documentation's placeholder"},
		{"/v1/deliveries?event_id=evt_…", "invalid_event_id", "event_id", "evt_… is the documentation's placeholder; put in the whole id (evt_ and 26 letters and digits)"},
		{"/v1/deliveries?endpoint_id=evt_…", "invalid_endpoint_id", "endpoint_id", `"evt_…" is a placeholder of the documentation`},
		{"/v1/deliveries?event_id=dlv_" + tail, "invalid_event_id", "event_id", `"dlv_` + tail + `" is the id of a delivery`},
		{"/v1/deliveries?endpoint_id=WE_" + strings.ToUpper(tail), "invalid_endpoint_id", "endpoint_id", `ids are lower case, as the API gives them: "we_` + tail + `"`},
		{"/v1/events?order_id=order_…", "invalid_order_id", "order_id", "order_… is the documentation's placeholder"},
		{"/v1/events?order_id=stamp_" + tail, "invalid_order_id", "order_id", `"stamp_` + tail + `" is the id of a stamp request`},
		{"/v1/events?ending_before=evt_01k…", "invalid_cursor", "ending_before", "evt_… is the documentation's placeholder"},
		{"/v1/orders?starting_after=order_…", "invalid_cursor", "starting_after", "order_… is the documentation's placeholder"},
		{stream + "?last_event_id=evt_…", "invalid_last_event_id", "last_event_id", "evt_… is the documentation's placeholder"},
	} {
		path := strings.Replace(c.path, "…", url.QueryEscape("…"), 1)
		st, code, param, msg := refusal(t, s, http.MethodGet, path, "")
		if st != http.StatusUnprocessableEntity || code != c.code || param != c.param || !strings.Contains(msg, c.want) {
			t.Errorf("GET %s: %d %s (%s) %q; want 422 %s naming %s, its message saying %q", c.path, st, code, param, msg, c.code, c.param, c.want)
		}
	}
}
