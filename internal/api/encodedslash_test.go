package api_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestEncodedSlashIsNamed: a client that escaped a path's / as %2F (one
// that escapes the id it is given, given "order_…/cancel", or a whole
// path with encodeURIComponent) sent /v1/orders/order_…%2Fcancel, which
// the routes read as one id: a POST was answered 405 "POST is not allowed
// on /v1/orders/order_…%2Fcancel; allowed: GET, HEAD", which sent the
// client to the method, a GET "no such order", as if the order were
// gone, and GET /v1/orders%2Forder_… "no route". The 405 and the
// route_not_found now name the %2F and the route meant with a plain /,
// and resource_missing says the id holds a / written as %2F. Codes and
// statuses are as before.
func TestEncodedSlashIsNamed(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	id := createOrder(t, s, s.APIKey, false)["id"].(string)
	for _, c := range []struct {
		method, path string
		status       int
		code, want   string
	}{
		{"POST", "/v1/orders/" + id + "%2Fcancel", 405, "method_not_allowed", "did you mean POST /v1/orders/" + id + "/cancel?"},
		{"POST", "/v1/orders/" + id + "%2fcancel", 405, "method_not_allowed", "did you mean POST /v1/orders/" + id + "/cancel?"},
		{"GET", "/v1/orders%2F" + id, 404, "route_not_found", "did you mean GET /v1/orders/" + id + "?"},
		{"GET", "/v1%2Forders", 404, "route_not_found", "did you mean GET /v1/orders?"},
		{"GET", "/v1/orders/" + id + "%2F", 404, "resource_missing", `"` + id + `/" holds a / written as %2F`},
		{"GET", "/v1/orders/" + id + "%2Fcancel", 404, "resource_missing", `"` + id + `/cancel" holds a / written as %2F`},
	} {
		st, code, _, msg := refusal(t, s, c.method, c.path, "")
		if st != c.status || code != c.code || !strings.Contains(msg, "%2F") || !strings.Contains(msg, c.want) {
			t.Errorf("%s %s: %d %s %q; want %d %s with %s", c.method, c.path, st, code, msg, c.status, c.code, c.want)
		}
	}
	// A %2F after which no route is left keeps the plain 405.
	if st, _, _, msg := refusal(t, s, "POST", "/v1/orders/"+id+"%2Fnothing", ""); st != 405 || strings.Contains(msg, "did you mean") {
		t.Errorf("%%2F before no route: %d %q", st, msg)
	}
	// The route with a plain / answers.
	if st, b := s.Do(t, "POST", "/v1/orders/"+id+"/cancel", s.APIKey, nil); st != 200 {
		t.Errorf("cancel: %d %s", st, b)
	}
}
