package api_test

import (
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestRefusedMoveSaysWhatItNeeds: a refused move's 409 invalid_transition
// said "cannot deliver an order that is PROCESSING (current status:
// PROCESSING)", the status twice and not a word of which status the move
// takes, so an integrator could not tell a move made too early from one
// made too late, nor a customer why their cancel of a COMPLETED order
// was refused when the operator's is taken. The message now names the
// current status once and the statuses the move takes from its caller.
func TestRefusedMoveSaysWhatItNeeds(t *testing.T) {
	eachStore(t, testenv.Options{}, func(t *testing.T, s *testenv.Server) {
		processing := createOrder(t, s, s.APIKey, true)["id"].(string)
		completed := createOrder(t, s, s.APIKey, true)["id"].(string)
		if st, r := move(t, s, s.Operator, completed, "upload", ""); st != 200 {
			t.Fatalf("upload: %d %v", st, r)
		}
		for _, tc := range []struct {
			key, id, move, body, want string
		}{
			{s.Operator, processing, "deliver", `{"delivery": {"partner": "P", "tracking_id": "T"}}`,
				"cannot deliver an order that is PROCESSING: only a COMPLETED order that requested physical delivery can be delivered"},
			{s.Operator, processing, "retry", "",
				"cannot retry an order that is PROCESSING: only a FAILED order can be retried"},
			{s.Operator, completed, "upload", "",
				"cannot upload an order that is COMPLETED: only a PROCESSING order can be uploaded"},
			{s.Operator, completed, "fail", `{"error": {"code": "X", "message": "Y"}}`,
				"cannot fail an order that is COMPLETED: only a PROCESSING order can be failed"},
			{s.APIKey, completed, "cancel", "",
				"cannot cancel an order that is COMPLETED: only a PROCESSING or FAILED order can be cancelled by the customer"},
		} {
			st, r := move(t, s, tc.key, tc.id, tc.move, tc.body)
			e, _ := r["error"].(map[string]any)
			if st != 409 || e["code"] != "invalid_transition" || e["message"] != tc.want {
				t.Errorf("%s of %s: %d %v; want 409 invalid_transition %q", tc.move, tc.id, st, r, tc.want)
			}
		}
		// The operator's cancel takes a COMPLETED order; refused from a
		// final status, it says so.
		if st, r := move(t, s, s.Operator, completed, "cancel", ""); st != 200 {
			t.Fatalf("operator cancel of a completed order: %d %v", st, r)
		}
		st, r := move(t, s, s.Operator, completed, "cancel", "")
		want := "cannot cancel an order that is CANCELLED: only a PROCESSING, FAILED or COMPLETED order can be cancelled"
		if e, _ := r["error"].(map[string]any); st != 409 || e["message"] != want {
			t.Errorf("second cancel: %d %v; want 409 %q", st, r, want)
		}
	})
}
