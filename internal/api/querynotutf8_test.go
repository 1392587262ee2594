package api_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestQueryNotUTF8SaysWhichByte: a query value percent-encoded from
// Latin-1 or Windows-1252 (?status=%E9 for an "é", ?status=%FF) was
// refused naming U+FFFD, the replacement character, which the client
// never sent and could not find in its URL; ?limit=%FF was refused with
// the rule alone, and a parameter named %FF was given back in param as
// "\ufffd". Every value now names the byte and its place, as a body that
// is not UTF-8 is refused, with the status and code each had before; an
// unknown parameter's name is given in param as the URL has it.
func TestQueryNotUTF8SaysWhichByte(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	const we = "we_01m8s1wyypk0y6r82m2j1wh4g8"
	for _, tc := range []struct {
		query, code, param, note string
	}{
		{"/v1/deliveries?status=%FF", "invalid_status", "status", "the byte 0xFF at character 1"},
		{"/v1/deliveries?status=pend%E9ng", "invalid_status", "status", "the byte 0xE9 at character 5"},
		{"/v1/orders?status=%FF", "invalid_status", "status", "the byte 0xFF at character 1"},
		{"/v1/listen_sessions?status=%FF", "invalid_status", "status", "the byte 0xFF at character 1"},
		{"/v1/deliveries?event_type=stamp.%FF", "unknown_event_type", "event_type", "the byte 0xFF at character 7"},
		{"/v1/events?type=%FF", "unknown_event_type", "type", "the byte 0xFF at character 1"},
		{"/v1/deliveries?endpoint_id=we_%FF", "invalid_endpoint_id", "endpoint_id", "the byte 0xFF at character 4"},
		{"/v1/deliveries?event_id=evt_%FF", "invalid_event_id", "event_id", "the byte 0xFF at character 5"},
		{"/v1/events?order_id=order_%FF", "invalid_order_id", "order_id", "the byte 0xFF at character 7"},
		{"/v1/orders?starting_after=order_%ff%fe", "invalid_cursor", "starting_after", "the byte 0xFF at character 7"},
		{"/v1/events?ending_before=evt_%ff", "invalid_cursor", "ending_before", "the byte 0xFF at character 5"},
		{"/v1/orders?limit=%FF", "invalid_limit", "limit", "the byte 0xFF at character 1"},
		{"/v1/orders?limit=1%FF", "invalid_limit", "limit", "the byte 0xFF at character 2"},
		{"/v1/webhook_endpoints/" + we + "/stats?window=%FF", "invalid_window", "window", "the byte 0xFF at character 1"},
	} {
		st, b := s.Do(t, "GET", tc.query, s.APIKey, nil)
		code, param := errCode(t, b)
		msg, _ := testenv.JSON(t, b)["error"].(map[string]any)["message"].(string)
		want := "; it has " + tc.note + ", which starts no UTF-8 character (text in Latin-1 or Windows-1252 reads so)"
		if st != 422 || code != tc.code || param != tc.param || !strings.Contains(msg, want) || strings.Contains(msg, "U+FFFD") {
			t.Errorf("GET %s: %d %s;\nwant 422 %s naming %s, its message saying %q", tc.query, st, b, tc.code, tc.param, want)
		}
	}
	st, b := s.Do(t, "GET", "/v1/orders?st%E9tus=1", s.APIKey, nil)
	code, param := errCode(t, b)
	msg, _ := testenv.JSON(t, b)["error"].(map[string]any)["message"].(string)
	const want = `unknown query parameter "st\xe9tus"; it has the byte 0xE9 at character 3, which starts no UTF-8 character (text in Latin-1 or Windows-1252 reads so)`
	if st != 400 || code != "unknown_parameter" || param != "st%E9tus" || !strings.HasPrefix(msg, want) {
		t.Errorf("GET /v1/orders?st%%E9tus=1: %d %s;\nwant 400 unknown_parameter, param \"st%%E9tus\", message starting %q", st, b, want)
	}
}
