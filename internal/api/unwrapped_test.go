package api_test

import (
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestFieldsLeftOutOfTheirObjectAreNamed: an order sent with its stamp
// request's fields at the top level ({"state": "Assam", "amount": 1000,
// …}, the shape most order APIs take), a failure with its code and
// message beside "error" rather than in it, a delivery's partner beside
// "delivery", were refused with `unknown field "state"` alone, a field
// the client could find in the docs' example under that very name. Each
// is still 400 unknown_field naming the key sent, and the message now
// names the field meant and the object it goes in. A key close to a
// top-level field is still told that field.
func TestFieldsLeftOutOfTheirObjectAreNamed(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	order := createOrder(t, s, s.APIKey, true)["id"].(string)
	for _, tc := range []struct {
		name, key, path, body, param, want string
	}{
		{"an order's fields at the top", s.APIKey, "/v1/orders",
			`{"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}`, "state",
			`unknown field "state" (did you mean "stamp_request.state"? it goes inside the stamp_request object)`},
		{"after a field that is right", s.APIKey, "/v1/orders",
			`{"delivery_requested": true, "article_code": "AS-RG-4"}`, "article_code",
			`unknown field "article_code" (did you mean "stamp_request.article_code"? it goes inside the stamp_request object)`},
		{"a failure's code", s.Operator, "/v1/orders/" + order + "/fail",
			`{"code": "PORTAL_DOWN", "message": "portal down"}`, "code",
			`unknown field "code" (did you mean "error.code"? it goes inside the error object)`},
		{"a delivery's partner", s.Operator, "/v1/orders/" + order + "/deliver",
			`{"partner": "BlueDart", "tracking_id": "BD1"}`, "partner",
			`unknown field "partner" (did you mean "delivery.partner"? it goes inside the delivery object)`},
		{"a misspelt top-level field", s.APIKey, "/v1/orders",
			`{"stamp_reqest": {}}`, "stamp_reqest",
			`unknown field "stamp_reqest" (did you mean "stamp_request"?)`},
		{"a field of no object", s.APIKey, "/v1/orders",
			`{"colour": "red"}`, "colour",
			`unknown field "colour"`},
	} {
		st, b := s.Do(t, "POST", tc.path, tc.key, tc.body)
		code, param := errCode(t, b)
		msg, _ := testenv.JSON(t, b)["error"].(map[string]any)["message"].(string)
		if st != 400 || code != "unknown_field" || param != tc.param || msg != tc.want {
			t.Errorf("%s: %d %s %q %q; want 400 unknown_field %q %q", tc.name, st, code, param, msg, tc.param, tc.want)
		}
	}
	if _, b := s.Do(t, "GET", "/v1/orders/"+order, s.APIKey, nil); testenv.JSON(t, b)["status"] != "PROCESSING" {
		t.Errorf("the order moved: %s", b)
	}
}
