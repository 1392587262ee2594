package api_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestMalformedIDSaysWhatIsWrongWithIt: an id one character short (cut
// when copied), one too long, with a character no id has (a hyphen typed
// for an underscore, a NUL, an i or u), or without its prefix was
// answered "no such order" alone, as an id of the right form that names
// nothing is, and the user looked for the order rather than at the id.
// The 404 now says what in it no id of the kind has, and which kind the
// route takes; a filter given such an id says the same. Nothing is
// looked up for it.
func TestMalformedIDSaysWhatIsWrongWithIt(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	const id = "order_01m97eyc8gaf6bjn49m01wgppk"
	const takes = "; this route takes an order id (order_ and 26 letters and digits)"
	for _, tc := range []struct{ path, note string }{
		{id[:len(id)-1], `: "order_01m97eyc8gaf6bjn49m01wgpp" has 25 letters and digits after order_, not 26 (was it cut short when copied?)`},
		{id + "k", `: "order_01m97eyc8gaf6bjn49m01wgppkk" has 27 letters and digits after order_, not 26`},
		{id[:30] + "-k", `: "order_01m97eyc8gaf6bjn49m01wgp-k" has "-" at character 31, which no id has (ids are digits and lower-case letters other than i, l, o and u)`},
		{id[:30] + "uk", `: "order_01m97eyc8gaf6bjn49m01wgpuk" has "u" at character 31, which no id has (ids are digits and lower-case letters other than i, l, o and u)`},
		{id + "%00", `: "order_01m97eyc8gaf6bjn49m01wgppk\x00" has "\x00" at character 33, which no id has (ids are digits and lower-case letters other than i, l, o and u)`},
		// One letter or digit is said in the singular ("1 letters and digits" was).
		{"order_0", `: "order_0" has 1 letter or digit after order_, not 26 (was it cut short when copied?)`},
		{"order-" + id[6:], `: "order-01m97eyc8gaf6bjn49m01wgppk" does not start with order_`},
		{id[6:], `: "01m97eyc8gaf6bjn49m01wgppk" has no order_ before it: "order_01m97eyc8gaf6bjn49m01wgppk"`},
	} {
		st, code, _, msg := refusal(t, s, "GET", "/v1/orders/"+tc.path, "")
		if want := "no such order" + tc.note + takes; st != 404 || code != "resource_missing" || msg != want {
			t.Errorf("GET /v1/orders/%s: %d %s %q;\nwant 404 resource_missing %q", tc.path, st, code, msg, want)
		}
	}
	// A filter's id says the same, after the kind it takes.
	st, code, param, msg := refusal(t, s, "GET", "/v1/events?order_id="+id[:len(id)-1], "")
	const want = `order_id must be an order id (order_…); "order_01m97eyc8gaf6bjn49m01wgpp" has 25 letters and digits after order_, not 26 (was it cut short when copied?)`
	if st != 422 || code != "invalid_order_id" || param != "order_id" || msg != want {
		t.Errorf("GET /v1/events?order_id=(25 characters): %d %s %s %q;\nwant 422 invalid_order_id %q", st, code, param, msg, want)
	}
	if strings.Contains(msg, "no such") {
		t.Errorf("a filter's refusal reads as a lookup: %q", msg)
	}
}
