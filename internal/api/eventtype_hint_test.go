package api_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestUnknownEventTypeNamesTheTypeMeant: an event type one slip from a
// known one (the US "order.canceled", "STAMP_UPLOADED" as the constant is
// written) was refused with the four types listed and no word of which
// was meant, wherever the API takes a type, while trigger, listen and
// webhook.Handler.On name it. The message now does too; status, code and
// param are as before, and a type near none, or far longer than any, gets
// no guess.
func TestUnknownEventTypeNamesTheTypeMeant(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{Secure: true})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "https://hooks.example.com/h"}`)
	if st != 201 {
		t.Fatalf("create: %d %s", st, b)
	}
	we := testenv.JSON(t, b)["id"].(string)
	const known = "; known types: stamp.uploaded, stamp.failed, order.delivered, order.cancelled"
	long := strings.Repeat("order.cancelled", 1000)
	for _, typ := range []struct{ sent, want string }{
		{"order.canceled", ` (did you mean "order.cancelled"?)`},
		{"STAMP_UPLOADED", ` (did you mean "stamp.uploaded"?)`},
		{"stamp.upload", ` (did you mean "stamp.uploaded"?)`},
		{"stamp.exploded", ""},
		{long, ""},
	} {
		for _, c := range []struct{ method, path, body, param string }{
			{"POST", "/v1/webhook_endpoints", `{"url": "https://hooks.example.com/h", "events": ["` + typ.sent + `"]}`, "events"},
			{"PATCH", "/v1/webhook_endpoints/" + we, `{"events": ["stamp.uploaded", "` + typ.sent + `"]}`, "events"},
			{"POST", "/v1/webhook_endpoints/" + we + "/test", `{"type": "` + typ.sent + `"}`, "type"},
			{"GET", "/v1/events?type=" + typ.sent, "", "type"},
			{"GET", "/v1/deliveries?event_type=" + typ.sent, "", "event_type"},
		} {
			st, code, param, msg := refusal(t, s, c.method, c.path, c.body)
			if st != 422 || code != "unknown_event_type" || param != c.param {
				t.Errorf("%s %.60s %.60s: %d %s %q, want 422 unknown_event_type %q", c.method, c.path, c.body, st, code, param, c.param)
				continue
			}
			if typ.sent == long {
				if strings.Contains(msg, "did you mean") || !strings.HasSuffix(msg, known) {
					t.Errorf("%s %.60s, a long type: %q", c.method, c.path, msg)
				}
				continue
			}
			if want := `unknown event type "` + typ.sent + `"` + typ.want + known; msg != want {
				t.Errorf("%s %.60s %.60s: message %q, want %q", c.method, c.path, c.body, msg, want)
			}
		}
	}
}
