package api_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestAmountWrittenAsAFloatSaysSo: an amount of 1000.0, which Python's
// json.dumps writes for the float 1000.0, or 1e3, was refused with
// "stamp_request.amount must be a whole number of rupees, e.g. 1000":
// the client had sent a whole number of rupees, and was told to send
// what it believed it had. The refusal stands (amounts are bare JSON
// integers), and its message now names the rule broken and the integer to
// send; a whole number written so that is out of range (1e400, -1000.0)
// is told the range, as 0 and 100000001 are; a number with a fraction
// (1000.5) is still told it is not a whole number of rupees. Each of
// these refusals repeats the number as sent (0, -0 and 1e400 were told
// the rule alone). Nothing is created.
func TestAmountWrittenAsAFloatSaysSo(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, c := range []struct {
		amount, want string
	}{
		{"1000.0", `stamp_request.amount must be a bare JSON integer, without a decimal point or exponent: 1000.0 is 1000 rupees; send 1000`},
		{"1e3", `stamp_request.amount must be a bare JSON integer, without a decimal point or exponent: 1e3 is 1000 rupees; send 1000`},
		{"1.5E+2", `stamp_request.amount must be a bare JSON integer, without a decimal point or exponent: 1.5E+2 is 150 rupees; send 150`},
		{"100000000.000", `stamp_request.amount must be a bare JSON integer, without a decimal point or exponent: 100000000.000 is 100000000 rupees; send 100000000`},
		{"25000e-2", `stamp_request.amount must be a bare JSON integer, without a decimal point or exponent: 25000e-2 is 250 rupees; send 250`},
		// One rupee is one (it was "1 rupees").
		{"1.0", `stamp_request.amount must be a bare JSON integer, without a decimal point or exponent: 1.0 is 1 rupee; send 1`},
		{"10e-1", `stamp_request.amount must be a bare JSON integer, without a decimal point or exponent: 10e-1 is 1 rupee; send 1`},
		{"1e400", `stamp_request.amount must be a whole number of rupees from 1 to 100000000, not 1e400`},
		{"1e999999999999999999999", `stamp_request.amount must be a whole number of rupees from 1 to 100000000, not 1e999999999999999999999`},
		{"-1000.0", `stamp_request.amount must be a whole number of rupees from 1 to 100000000, not -1000.0`},
		{"0.0", `stamp_request.amount must be a whole number of rupees from 1 to 100000000, not 0.0`},
		{"1e9", `stamp_request.amount must be a whole number of rupees from 1 to 100000000, not 1e9`},
		{"1000.5", `stamp_request.amount must be a whole number of rupees (such as 1000), not 1000.5`},
		{"1000.0000000000000001", `stamp_request.amount must be a whole number of rupees (such as 1000), not 1000.0000000000000001`},
		{"1e-999999999999999999999", `stamp_request.amount must be a whole number of rupees (such as 1000), not 1e-999999999999999999999`},
		// Each value out of range is repeated as sent, -0 as -0.
		{"0", `stamp_request.amount must be a whole number of rupees from 1 to 100000000, not 0`},
		{"-0", `stamp_request.amount must be a whole number of rupees from 1 to 100000000, not -0`},
		{"-5", `stamp_request.amount must be a whole number of rupees from 1 to 100000000, not -5`},
		{"100000001", `stamp_request.amount must be a whole number of rupees from 1 to 100000000, not 100000001`},
		{"99999999999999999999999", `stamp_request.amount must be a whole number of rupees from 1 to 100000000, not 99999999999999999999999`},
		{strings.Repeat("9", 70), `stamp_request.amount must be a whole number of rupees from 1 to 100000000, not ` + strings.Repeat("9", 64) + `…`},
	} {
		body := strings.Replace(goodOrder, `"amount": 1000`, `"amount": `+c.amount, 1)
		st, code, param, msg := refusal(t, s, "POST", "/v1/orders", body)
		if st != 422 || code != "invalid_amount" || param != "stamp_request.amount" || msg != c.want {
			t.Errorf("amount %s: %d %s %q %q; want 422 invalid_amount %q", c.amount, st, code, param, msg, c.want)
		}
	}
	if _, b := s.Do(t, "GET", "/v1/orders", s.APIKey, nil); strings.Contains(string(b), `"order_`) {
		t.Errorf("an order was created: %s", b)
	}
}
