package api_test

import (
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestListParameterRefusalsRepeatTheValue: ?limit=0 was refused with
// "limit must be a whole number from 1 to 100" alone, as were ?limit=500
// and ?limit=ten, ?status=done "status must be one of …" and
// ?endpoint_id=foo the rule of an id; a client that built its query in
// code was left to find what the server had read. Each refusal now
// repeats the value sent, quoted, after its rule.
func TestListParameterRefusalsRepeatTheValue(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "http://127.0.0.1:9/h"}`)
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	we := testenv.JSON(t, b)["id"].(string)
	const limitRule = "limit must be a whole number from 1 to 100"
	cases := []struct{ path, code, param, want string }{
		{"/v1/webhook_endpoints/" + we + "/stats?window=2h", "invalid_window", "window", `window must be 1h, 24h or 7d, not "2h"`},
		{"/v1/orders?status=done", "invalid_status", "status", `status must be one of PROCESSING, COMPLETED, FAILED, DELIVERED, CANCELLED, not "done"`},
		{"/v1/deliveries?status=done", "invalid_status", "status", `status must be one of pending, retrying, succeeded, failed, not "done"`},
		{"/v1/listen_sessions?status=done", "invalid_status", "status", `status must be one of open, closed, not "done"`},
		{"/v1/deliveries?endpoint_id=foo", "invalid_endpoint_id", "endpoint_id",
			`endpoint_id must be a webhook endpoint id (we_…) or a listen session id (ls_…); "foo" is not one`},
	}
	for _, list := range []string{"/v1/orders", "/v1/events", "/v1/deliveries", "/v1/webhook_endpoints", "/v1/listen_sessions"} {
		for _, v := range []string{"0", "101", "500", "ten", "-1"} {
			cases = append(cases, struct{ path, code, param, want string }{list + "?limit=" + v, "invalid_limit", "limit", limitRule + `, not "` + v + `"`})
		}
	}
	for _, c := range cases {
		st, code, param, msg := refusal(t, s, "GET", c.path, "")
		if st != 422 || code != c.code || param != c.param || msg != c.want {
			t.Errorf("GET %s: %d %s %s %q;\nwant 422 %s %s %q", c.path, st, code, param, msg, c.code, c.param, c.want)
		}
	}
	// A long value is quoted cut, as every refusal quotes one.
	long := "9999999999999999999999999999999999999999999999999999999999999999999999"
	if _, _, _, msg := refusal(t, s, "GET", "/v1/orders?limit="+long, ""); msg != limitRule+`, not "`+long[:64]+`…"` {
		t.Errorf("GET /v1/orders?limit=<70 digits>: %q", msg)
	}
}
