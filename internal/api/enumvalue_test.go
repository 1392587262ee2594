package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestEnumValuesNameNonASCIIAndTheValueMeant: a filter's or a field's
// value from a fixed list (a status, an event type, a stats window) that
// holds a look-alike letter ("pеnding" with a Cyrillic е) was refused
// with the list alone, which the value, as it reads, is in; and a slip
// ("retring", "24H") got no word of the value meant. The message now names
// the first character that is not ASCII and its position, as
// invalid_state's and invalid_provider's do, and the value meant when one
// is close; status, code and param are as before.
func TestEnumValuesNameNonASCIIAndTheValueMeant(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "http://127.0.0.1:9/h"}`)
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	we := testenv.JSON(t, b)["id"].(string)
	ls := s.NewListenSession(t, s.APIKey, `{}`)
	report := func(kind string) string {
		return `{"event_id": "` + newEvent(t, s, "upload") + `", "duration_ms": 3, "started_at": "` + time.Now().UTC().Format(time.RFC3339Nano) +
			`", "status": 0, "error": "boom", "error_kind": "` + kind + `"}`
	}
	for _, c := range []struct {
		method, path, body, code, param string
		want, notWant                   []string
	}{
		// The task's case: a Cyrillic е (U+0435) in "pending", which is no
		// order status at all: the character is named, nothing is guessed.
		{"GET", "/v1/orders?status=p%D0%B5nding", "", "invalid_status", "status",
			[]string{"status must be one of PROCESSING, COMPLETED, FAILED, DELIVERED, CANCELLED", "; it has U+0435 at character 2, which is not ASCII"}, []string{"did you mean"}},
		{"GET", "/v1/orders?status=PROCESING", "", "invalid_status", "status",
			[]string{`(did you mean "PROCESSING"?)`}, []string{"not ASCII"}},
		{"GET", "/v1/orders?status=c%D0%B0ncelled", "", "invalid_status", "status",
			[]string{"U+0430 at character 2, which is not ASCII", `(did you mean "CANCELLED"?)`}, nil},
		{"GET", "/v1/deliveries?status=p%D0%B5nding", "", "invalid_status", "status",
			[]string{"status must be one of pending, retrying, succeeded, failed", "U+0435 at character 2, which is not ASCII", `(did you mean "pending"?)`}, nil},
		{"GET", "/v1/deliveries?status=retring", "", "invalid_status", "status",
			[]string{`(did you mean "retrying"?)`}, []string{"not ASCII"}},
		{"GET", "/v1/deliveries?status=shipped", "", "invalid_status", "status",
			[]string{"status must be one of pending, retrying, succeeded, failed"}, []string{"did you mean", "not ASCII"}},
		{"GET", "/v1/deliveries?event_type=st%D0%B0mp.uploaded", "", "unknown_event_type", "event_type",
			[]string{"U+0430 at character 3, which is not ASCII", `(did you mean "stamp.uploaded"?)`}, nil},
		{"GET", "/v1/events?type=order.cancell%D0%B5d", "", "unknown_event_type", "type",
			[]string{"U+0435 at character 14, which is not ASCII", `(did you mean "order.cancelled"?)`}, nil},
		{"GET", "/v1/listen_sessions?status=%D0%BEpen", "", "invalid_status", "status",
			[]string{"status must be one of open, closed", "U+043E at character 1, which is not ASCII", `(did you mean "open"?)`}, nil},
		{"GET", "/v1/listen_sessions?status=closd", "", "invalid_status", "status",
			[]string{`(did you mean "closed"?)`}, nil},
		{"GET", "/v1/webhook_endpoints/" + we + "/stats?window=24H", "", "invalid_window", "window",
			[]string{"window must be 1h, 24h or 7d", `(did you mean "24h"?)`}, nil},
		{"GET", "/v1/webhook_endpoints/" + we + "/stats?window=7%D0%B4", "", "invalid_window", "window",
			[]string{"U+0434 at character 2, which is not ASCII", `(did you mean "7d"?)`}, nil},
		{"PATCH", "/v1/webhook_endpoints/" + we, `{"status": "dis\u0430bled"}`, "invalid_status", "status",
			[]string{"status must be enabled or disabled", "U+0430 at character 4, which is not ASCII", `(did you mean "disabled"?)`}, nil},
		{"PATCH", "/v1/webhook_endpoints/" + we, `{"status": "Enabled"}`, "invalid_status", "status",
			[]string{`(did you mean "enabled"?)`}, nil},
		// A listen result's error_kind (the CLI's, but any client may report).
		{"POST", "/v1/listen_sessions/" + ls + "/results", report("Timeout"), "invalid_error_kind", "error_kind",
			[]string{"error_kind must be one of http_status, redirect, timeout,", `(did you mean "timeout"?)`}, []string{"not ASCII"}},
		{"POST", "/v1/listen_sessions/" + ls + "/results", report("timеout"), "invalid_error_kind", "error_kind",
			[]string{"U+0435 at character 4, which is not ASCII", `(did you mean "timeout"?)`}, nil},
	} {
		st, code, param, msg := refusal(t, s, c.method, c.path, c.body)
		if st != 422 || code != c.code || param != c.param {
			t.Errorf("%s %s %s: %d %s %q, want 422 %s %q", c.method, c.path, c.body, st, code, param, c.code, c.param)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s %s %s: message %q lacks %q", c.method, c.path, c.body, msg, w)
			}
		}
		for _, w := range c.notWant {
			if strings.Contains(msg, w) {
				t.Errorf("%s %s %s: message %q has %q", c.method, c.path, c.body, msg, w)
			}
		}
	}
}
