package api_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestOrderTextRefusesHiddenCharacters sends each free-text field of a
// move (a cancellation's reason, a failure's code and message, a
// delivery's partner and tracking id) a character that would make a
// dashboard line, an e-mail or an SMS showing it read otherwise (a bidi
// override), break it (a line break, an escape) or hide in it (a
// zero-width space): each is 422 with the field's own code and param,
// naming the character, and the order is left as it was. Text in any
// script, a joiner where writing needs one, is kept.
func TestOrderTextRefusesHiddenCharacters(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, tc := range []struct {
		name, move, key, body, code, param, says string
	}{
		{"override in a reason", "cancel", "customer", `{"reason": "Refund \u202edeunitnoc"}`, "invalid_reason", "reason", "U+202E at character 8"},
		{"isolate in a reason", "cancel", "operator", `{"reason": "a\u2066b"}`, "invalid_reason", "reason", "U+2066"},
		{"line break in a reason", "cancel", "customer", `{"reason": "one\ntwo"}`, "invalid_reason", "reason", "U+000A"},
		{"NUL in a reason", "cancel", "customer", `{"reason": "a\u0000b"}`, "invalid_reason", "reason", "U+0000 at character 2"},
		{"escape in an error code", "fail", "operator", `{"error": {"code": "E\u001b[31m", "message": "m"}}`, "invalid_error_code", "error.code", "U+001B"},
		{"NUL in an error code", "fail", "operator", `{"error": {"code": "E\u0000", "message": "m"}}`, "invalid_error_code", "error.code", "U+0000"},
		{"zero-width space in an error message", "fail", "operator", `{"error": {"code": "E", "message": "portal\u200bdown"}}`, "invalid_error_message", "error.message", "U+200B"},
		{"tab in an error message", "fail", "operator", `{"error": {"code": "E", "message": "a\tb"}}`, "invalid_error_message", "error.message", "U+0009"},
		{"override in a partner", "deliver", "operator", `{"delivery": {"partner": "\u202eIndia Post", "tracking_id": "T1"}}`, "invalid_partner", "delivery.partner", "U+202E at character 1"},
		{"byte order mark in a tracking id", "deliver", "operator", `{"delivery": {"partner": "P", "tracking_id": "EE1\ufeff"}}`, "invalid_tracking_id", "delivery.tracking_id", "U+FEFF"},
		{"tag characters in a tracking id", "deliver", "operator", `{"delivery": {"partner": "P", "tracking_id": "EE1\udb40\udc41"}}`, "invalid_tracking_id", "delivery.tracking_id", "U+E0041"},
	} {
		o := createOrder(t, s, s.APIKey, true)
		id := o["id"].(string)
		if tc.move == "deliver" {
			if st, b := s.Do(t, "POST", "/v1/orders/"+id+"/upload", s.Operator, nil); st != 200 {
				t.Fatalf("upload: %d %s", st, b)
			}
		}
		key := s.APIKey
		if tc.key == "operator" {
			key = s.Operator
		}
		st, b := s.Do(t, "POST", "/v1/orders/"+id+"/"+tc.move, key, tc.body)
		if st != 422 {
			t.Errorf("%s: %d %s, want 422", tc.name, st, b)
			continue
		}
		if code, param := errCode(t, b); code != tc.code || param != tc.param || !strings.Contains(string(b), tc.says) {
			t.Errorf("%s: %s; want %s on %s saying %q", tc.name, b, tc.code, tc.param, tc.says)
		}
		want := "PROCESSING"
		if tc.move == "deliver" {
			want = "COMPLETED"
		}
		if st, b := s.Do(t, "GET", "/v1/orders/"+id, s.APIKey, nil); st != 200 || testenv.JSON(t, b)["status"] != want {
			t.Errorf("%s: the order after the refusal: %d %s", tc.name, st, b)
		}
	}
	// Kept: other scripts, and the joiner of a conjunct.
	o := createOrder(t, s, s.APIKey, true)
	id := o["id"].(string)
	s.Do(t, "POST", "/v1/orders/"+id+"/upload", s.Operator, nil)
	st, b := s.Do(t, "POST", "/v1/orders/"+id+"/deliver", s.Operator, `{"delivery": {"partner": "भारतीय डाक क्\u200dष", "tracking_id": "EE123456789IN"}}`)
	if st != 200 || !strings.Contains(string(b), "भारतीय डाक क्\u200dष") {
		t.Errorf("a partner in Devanagari with a joiner: %d %s", st, b)
	}
}
