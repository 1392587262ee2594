package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestMoveTextLeftOutIsNamedRequired: a fail without error.code or
// error.message, or a deliver without delivery.partner or
// delivery.tracking_id (left out or null: {"error": {}}), was told
// "error.code must be 1-64 characters, not blank", which read as if a
// blank value had been sent where none was. Each now says the field is
// required and what it holds (codes and params as before); a value sent
// blank is still told it is blank.
func TestMoveTextLeftOutIsNamedRequired(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, c := range []struct{ move, body, code, param, says string }{
		{"fail", `{"error": {}}`, "invalid_error_code", "error.code", "error.code is required: 1-64 characters"},
		{"fail", `{"error": {"code": null, "message": "m"}}`, "invalid_error_code", "error.code", "error.code is required: 1-64 characters"},
		{"fail", `{"error": {"code": "E"}}`, "invalid_error_message", "error.message", "error.message is required: 1-1000 characters"},
		{"fail", `{"error": {"code": " ", "message": "m"}}`, "invalid_error_code", "error.code", "error.code must be 1-64 characters, not blank"},
		{"fail", `{"error": {"code": "E", "message": ""}}`, "invalid_error_message", "error.message", "error.message must be 1-1000 characters, not blank"},
		{"deliver", `{"delivery": {}}`, "invalid_partner", "delivery.partner", "delivery.partner is required: 1-100 characters"},
		{"deliver", `{"delivery": {"partner": "P", "tracking_id": null}}`, "invalid_tracking_id", "delivery.tracking_id", "delivery.tracking_id is required: 1-100 characters"},
		{"deliver", `{"delivery": {"partner": "", "tracking_id": "T"}}`, "invalid_partner", "delivery.partner", "delivery.partner must be 1-100 characters, not blank"},
	} {
		o := createOrder(t, s, s.APIKey, true)
		id := o["id"].(string)
		if c.move == "deliver" {
			if st, b := s.Do(t, "POST", "/v1/orders/"+id+"/upload", s.Operator, nil); st != 200 {
				t.Fatalf("upload: %d %s", st, b)
			}
		}
		st, b := s.Do(t, "POST", "/v1/orders/"+id+"/"+c.move, s.Operator, c.body)
		code, param := errCode(t, b)
		var e struct{ Error struct{ Message string } }
		json.Unmarshal(b, &e)
		msg := e.Error.Message
		if st != 422 || code != c.code || param != c.param || !strings.HasPrefix(msg, c.says) {
			t.Errorf("%s %s: %d %s %s %q; want 422 %s on %s saying %q", c.move, c.body, st, code, param, msg, c.code, c.param, c.says)
		}
	}
}
