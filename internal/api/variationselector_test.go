package api_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// A variation selector draws nothing: a delivery partner of U+FE0F alone
// passed as not blank (200, and order.delivered sent with an empty-looking
// partner), and a run of selectors after an emoji carried hidden bytes in
// a cancellation reason. Both are refused with the field's code; an
// emoji's own selector is kept.
func TestTextRefusesStrayVariationSelectors(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	o := createOrder(t, s, s.APIKey, true)
	id := o["id"].(string)
	if st, r := move(t, s, s.Operator, id, "upload", ""); st != 200 {
		t.Fatalf("upload: %d %v", st, r)
	}
	st, b := s.Do(t, "POST", "/v1/orders/"+id+"/deliver", s.Operator, `{"delivery": {"partner": "\ufe0f", "tracking_id": "EE123456789IN"}}`)
	if st != 422 {
		t.Fatalf("partner U+FE0F alone: %d %s, want 422 invalid_partner", st, b)
	}
	if code, param := errCode(t, b); code != "invalid_partner" || param != "delivery.partner" || !strings.Contains(string(b), "U+FE0F at character 1") {
		t.Errorf("partner U+FE0F alone: %s; want invalid_partner naming U+FE0F at character 1", b)
	}
	c := createOrder(t, s, s.APIKey, false)
	st, b = s.Do(t, "POST", "/v1/orders/"+c["id"].(string)+"/cancel", s.APIKey, `{"reason": "Changed my mind 😀\udb40\udd48\udb40\udd49\udb40\udd21"}`)
	if st != 422 {
		t.Fatalf("reason with selectors after an emoji: %d %s, want 422 invalid_reason", st, b)
	}
	if code, param := errCode(t, b); code != "invalid_reason" || param != "reason" || !strings.Contains(string(b), "U+E0149 at character 19") {
		t.Errorf("reason with selectors after an emoji: %s; want invalid_reason naming U+E0149 at character 19", b)
	}
	// The selector an emoji is written with is kept, as sent.
	if st, r := move(t, s, s.APIKey, c["id"].(string), "cancel", `{"reason": "Wrong amount ❤\ufe0f"}`); st != 200 {
		t.Fatalf("reason with ❤️: %d %v", st, r)
	} else if got := r["cancellation"].(map[string]any)["reason"]; got != "Wrong amount ❤\ufe0f" {
		t.Errorf("reason stored as %q", got)
	}
}
