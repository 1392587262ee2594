package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestFragmentInTheRequestTarget: a request-target never holds a "#" (RFC
// 9112), but Go's server keeps one as part of the query or path, so a raw
// client's fragment was refused for whatever it made of a parameter
// (?limit=5#frag 422 invalid_limit, ?#frag an unknown parameter "#frag")
// or, in a path, read into an id ("no such order" for an order that
// exists). It is now named: in the query, 400 invalid_query like any
// query string that cannot be read, after the credentials are checked; in
// the path, 404 route_not_found like an unclean path. A "#" written %23
// is a value's, as before.
func TestFragmentInTheRequestTarget(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/orders", s.APIKey, goodOrder)
	if st != 201 {
		t.Fatalf("create order: %d %s", st, b)
	}
	id := testenv.JSON(t, b)["id"].(string)
	long := strings.Repeat("x", 300)
	for _, c := range []struct {
		target, key string
		status      int
		code, says  string
	}{
		{"/v1/orders?limit=5#frag", s.APIKey, 400, "invalid_query", `the query string holds a fragment, "#frag", which is never sent to a server; leave it out, or write a # that belongs to a value as %23`},
		{"/v1/orders?#frag", s.APIKey, 400, "invalid_query", `"#frag"`},
		{"/v1/events?type=order.cancelled#x", s.APIKey, 400, "invalid_query", `"#x"`},
		{"/v1/webhook_endpoints/we_01m92s3mddvh8yh26mesqqhsdg/stats?window=1h#" + long, s.APIKey, 400, "invalid_query", `"#` + long[:63] + `…"`},
		{"/v1/orders?limit=5#frag", "", 401, "missing_api_key", ""}, // credentials first
		{"/v1/orders#frag", s.APIKey, 404, "route_not_found", `no route GET /v1/orders%23frag: the path holds a fragment, "#frag", which is never sent to a server; leave it out, or write a # that belongs to the path as %23; the routes are described at GET /openapi.json`},
		{"/v1/orders/" + id + "#x", s.APIKey, 404, "route_not_found", `the path holds a fragment, "#x"`},
		{"/v1/orders/" + id + "#x?limit=5", "", 404, "route_not_found", `the path holds a fragment, "#x?limit=5"`},
		{"/healthz#x", "", 404, "route_not_found", `the path holds a fragment, "#x"`},
		{"/v1/orders?status=a%23b", s.APIKey, 422, "invalid_status", ""}, // a value's #
	} {
		st, b := rawRequest(t, s.URL, "GET", c.target, c.key)
		code, param := errCode(t, b)
		var e struct{ Error struct{ Message string } }
		json.Unmarshal(b, &e)
		if st != c.status || code != c.code || !strings.Contains(e.Error.Message, c.says) {
			t.Errorf("GET %.80s: %d %s, want %d %s with %q", c.target, st, b, c.status, c.code, c.says)
		}
		if c.status != 422 && param != "" {
			t.Errorf("GET %.80s: param %q, want none", c.target, param)
		}
	}
	// /healthz, /metrics and /openapi.json ignore a query, a fragment in it too.
	if st, b := rawRequest(t, s.URL, "GET", "/healthz?probe#x", ""); st != 200 {
		t.Errorf("GET /healthz?probe#x: %d %s", st, b)
	}
}
