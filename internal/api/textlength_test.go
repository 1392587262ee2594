package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestTooLongTextSaysItsLength: an order move's error.code of 65
// characters (or a partner, tracking id or error message past its bound)
// was refused with "must be 1-64 characters, not blank", which read as if
// the value were blank, and said nothing of its length; a cancel reason
// and a listen result's error were told their bound alone, as was an
// endpoint's description. Each now says
// how long the value is, in characters as the bound counts them, as a
// url too long does.
func TestTooLongTextSaysItsLength(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	o := createOrder(t, s, s.APIKey, true)
	id := o["id"].(string)
	long := func(n int) string { return strings.Repeat("é", n) } // two bytes each: lengths count characters
	for _, tc := range []struct{ path, body, code, param, want string }{
		{"/fail", `{"error": {"code": "` + long(65) + `", "message": "m"}}`, "invalid_error_code", "error.code",
			"error.code must be 1-64 characters (this one has 65); shorten it"},
		{"/fail", `{"error": {"code": "C", "message": "` + long(1001) + `"}}`, "invalid_error_message", "error.message",
			"error.message must be 1-1000 characters (this one has 1001); shorten it"},
		{"/deliver", `{"delivery": {"partner": "` + long(101) + `", "tracking_id": "T"}}`, "invalid_partner", "delivery.partner",
			"delivery.partner must be 1-100 characters (this one has 101); shorten it"},
		{"/deliver", `{"delivery": {"partner": "P", "tracking_id": "  ` + long(102) + `  "}}`, "invalid_tracking_id", "delivery.tracking_id",
			"delivery.tracking_id must be 1-100 characters (this one has 102); shorten it"},
		{"/cancel", `{"reason": "` + long(501) + `"}`, "invalid_reason", "reason",
			"reason must be at most 500 characters (this one has 501); shorten it"},
	} {
		st, b := s.Do(t, "POST", "/v1/orders/"+id+tc.path, s.Operator, tc.body)
		code, param := errCode(t, b)
		msg, _ := testenv.JSON(t, b)["error"].(map[string]any)["message"].(string)
		if st != 422 || code != tc.code || param != tc.param || msg != tc.want {
			t.Errorf("POST %s %s…: %d %s %s %q;\nwant 422 %s %q", tc.path, tc.body[:20], st, code, param, msg, tc.code, tc.want)
		}
	}
	// An endpoint's description, on create and on PATCH, said "at most 500
	// characters" alone.
	const wantDescription = "description must be at most 500 characters (this one has 501); shorten it"
	st, code, param, msg := refusal(t, s, "POST", "/v1/webhook_endpoints", `{"url": "http://127.0.0.1:9/h", "description": "`+long(501)+`"}`)
	if st != 422 || code != "invalid_description" || param != "description" || msg != wantDescription {
		t.Errorf("create an endpoint with a 501-character description: %d %s %s %q; want 422 invalid_description %q", st, code, param, msg, wantDescription)
	}
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "http://127.0.0.1:9/h", "description": "`+long(500)+`"}`)
	if st != 201 {
		t.Fatalf("create an endpoint with a 500-character description: %d %s", st, b)
	}
	we := testenv.JSON(t, b)["id"].(string)
	st, code, param, msg = refusal(t, s, "PATCH", "/v1/webhook_endpoints/"+we, `{"description": "`+long(501)+`"}`)
	if st != 422 || code != "invalid_description" || param != "description" || msg != wantDescription {
		t.Errorf("PATCH a 501-character description: %d %s %s %q; want 422 invalid_description %q", st, code, param, msg, wantDescription)
	}
	st, b = s.Do(t, "POST", "/v1/listen_sessions", s.APIKey, `{"forward_to": "http://localhost:3000/hook", "events": ["stamp.uploaded"]}`)
	if st != 201 {
		t.Fatalf("create listen session: %d %s", st, b)
	}
	ls := testenv.JSON(t, b)["id"].(string)
	st, code, param, msg = refusal(t, s, "POST", "/v1/listen_sessions/"+ls+"/results",
		`{"event_id": "evt_01m8s1wyypk0y6r82m2j1wh4g8", "status": 0, "started_at": "`+time.Now().UTC().Format(time.RFC3339)+`", "error": "`+long(1001)+`"}`)
	const want = "error must be at most 1000 characters (this one has 1001); shorten it"
	if st != 422 || code != "invalid_error" || param != "error" || msg != want {
		t.Errorf("listen result with a 1001-character error: %d %s %s %q; want 422 invalid_error %q", st, code, param, msg, want)
	}
}
