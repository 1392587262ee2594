package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestIDWithWhiteSpaceAroundIsNamed: an id sent with a space or a line
// break at its start or end (read from a file with its newline, pasted
// with a space, then percent-encoded by the client) was answered "no such
// order" on a path, as if the order were gone, and "starting_after must
// be the id of an item of this list (order_…)" as a value, which is what
// was sent; each now says that the id has white space around it and gives
// the id alone, as an id in upper case is given in lower case.
func TestIDWithWhiteSpaceAroundIsNamed(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	id := createOrder(t, s, s.APIKey, false)["id"].(string)
	const evt = "evt_01m8s1wyypk0y6r82m2j1wh4g8"
	for _, c := range []struct {
		path       string
		status     int
		code, want string
	}{
		{"/v1/orders/" + id + "%0A", 404, "resource_missing", `"` + id + `\n" has white space at its start or end`},
		{"/v1/orders/%20" + id, 404, "resource_missing", `"` + id + `"`},
		{"/v1/orders/" + id + "%0D%0A/cancel", 404, "resource_missing", `"` + id + `"`},
		{"/v1/orders?starting_after=" + id + "%0A", 422, "invalid_cursor", `has white space at its start or end`},
		{"/v1/orders?ending_before=%20" + id, 422, "invalid_cursor", `"` + id + `"`},
		{"/v1/deliveries?event_id=" + evt + "%20", 422, "invalid_event_id", `"` + evt + `"`},
		{"/v1/events?order_id=%09" + id, 422, "invalid_order_id", `"` + id + `"`},
	} {
		method := http.MethodGet
		if strings.HasSuffix(c.path, "/cancel") {
			method = http.MethodPost
		}
		st, code, _, msg := refusal(t, s, method, c.path, "")
		if st != c.status || code != c.code || !strings.Contains(msg, "white space") || !strings.Contains(msg, c.want) {
			t.Errorf("%s %s: %d %s %q; want %d %s saying the id has white space around it, with %s", method, c.path, st, code, msg, c.status, c.code, c.want)
		}
	}
	// The id itself is still found.
	if st, b := s.Do(t, http.MethodGet, "/v1/orders/"+id, s.APIKey, nil); st != 200 {
		t.Errorf("GET the order: %d %s", st, b)
	}
}
