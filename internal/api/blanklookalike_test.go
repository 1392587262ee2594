package api_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// A tracking id of the Braille blank (U+2800) or the Khitan filler
// (U+16FE4) alone looks blank, and was taken as an order's delivery
// (200); both are refused with invalid_tracking_id now, the first as
// blank, the second as a character that renders as nothing.
func TestTextRefusesBlankLookalikes(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, c := range []struct{ tracking, says string }{
		{`\u2800`, "delivery.tracking_id must be 1-100 characters, not blank"},
		{`\ud81b\udfe4`, "U+16FE4 at character 1"},
	} {
		o := createOrder(t, s, s.APIKey, true)
		id := o["id"].(string)
		if st, r := move(t, s, s.Operator, id, "upload", ""); st != 200 {
			t.Fatalf("upload: %d %v", st, r)
		}
		st, b := s.Do(t, "POST", "/v1/orders/"+id+"/deliver", s.Operator, `{"delivery": {"partner": "India Post", "tracking_id": "`+c.tracking+`"}}`)
		if st != 422 {
			t.Errorf("tracking_id %s: %d %s, want 422 invalid_tracking_id", c.tracking, st, b)
			continue
		}
		if code, param := errCode(t, b); code != "invalid_tracking_id" || param != "delivery.tracking_id" || !strings.Contains(string(b), c.says) {
			t.Errorf("tracking_id %s: %s; want invalid_tracking_id saying %q", c.tracking, b, c.says)
		}
	}
}
