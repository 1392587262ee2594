package api_test

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestRefusedValuesAreQuotedEscaped: an unknown event type, a
// documentation placeholder of another kind in a path and a refused
// Content-Encoding were quoted in the error message as sent, between bare
// double quotes, while a refused state is quoted with Go's %q. So a type
// holding a U+202E right-to-left override turned the rest of the message
// around wherever it was shown (a log line, a dashboard, a terminal), a
// newline or an ESC went into the caller's log or terminal as is, and a
// `"` closed the quotes early, so the message no longer said where the
// value ended. Each is now quoted as the state is: printable characters in
// any script as written, and the others, `"` and `\` escaped.
func TestRefusedValuesAreQuotedEscaped(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "https://127.0.0.1/h"}`)
	if st != 201 {
		t.Fatalf("create: %d %s", st, b)
	}
	we := testenv.JSON(t, b)["id"].(string)
	message := func(b []byte) string {
		t.Helper()
		var e struct{ Error struct{ Message string } }
		if err := json.Unmarshal(b, &e); err != nil {
			t.Fatalf("not JSON: %s", b)
		}
		return e.Error.Message
	}
	const known = "; known types: stamp.uploaded, stamp.failed, order.delivered, order.cancelled"
	// A value with a character outside ASCII has it named too, as every
	// refused value of a fixed list has (TestEnumValuesNameNonASCIIAndTheValueMeant).
	for _, tc := range []struct{ typ, note string }{
		{"stamp.\u202edaolpu", "; it has U+202E at character 7, which is not ASCII"}, // reads as "stamp.uploaded" reversed, and turns what follows
		{"order.cancelled\n\x1b[2J", ""},                                             // a line break and a terminal's clear-screen
		{`a"b\c`, ""},                                                                // the quotes and the escape character themselves
		{"दादरा\u200d", "; it has U+0926 at character 1, which is not ASCII"},        // a script's letters kept, the joiner escaped
	} {
		typ := tc.typ
		want := "unknown event type " + strconv.Quote(typ) + tc.note + known
		j, _ := json.Marshal(typ)
		for _, c := range []struct{ method, path, body string }{
			{"POST", "/v1/webhook_endpoints", `{"url": "https://127.0.0.1/h", "events": [` + string(j) + `]}`},
			{"PATCH", "/v1/webhook_endpoints/" + we, `{"events": [` + string(j) + `]}`},
			{"POST", "/v1/webhook_endpoints/" + we + "/test", `{"type": ` + string(j) + `}`},
			{"POST", "/v1/listen_sessions", `{"events": [` + string(j) + `]}`},
			{"GET", "/v1/events?type=" + url.QueryEscape(typ), ""},
			{"GET", "/v1/deliveries?event_type=" + url.QueryEscape(typ), ""},
		} {
			var body any
			if c.body != "" {
				body = c.body
			}
			st, b := s.Do(t, c.method, c.path, s.APIKey, body)
			if code, _ := errCode(t, b); st != 422 || code != "unknown_event_type" {
				t.Errorf("%s %.50q: %d %s, want 422 unknown_event_type", c.method, c.path, st, code)
				continue
			}
			if got := message(b); got != want {
				t.Errorf("%s %.50q %.80q:\n message %q\n want    %q", c.method, c.path, c.body, got, want)
			}
		}
		// The state of an order, refused the same way, is the pattern.
		st, b := s.Do(t, "POST", "/v1/orders", s.APIKey, map[string]any{"stamp_request": map[string]any{
			"state": typ, "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}})
		if want := "stamp_request.state " + strconv.Quote(typ) + " is not one of India's states or union territories"; st != 422 || !strings.HasPrefix(message(b), want) {
			t.Errorf("state %q: %d %q, want it to start %q", typ, st, message(b), want)
		}
	}

	// Another kind's placeholder in a path is quoted as sent.
	st, b = s.Do(t, "GET", "/v1/deliveries/evt_%E2%80%A6%0A%E2%80%AEx", s.APIKey, nil)
	if want := strconv.Quote("evt_…\n\u202ex") + " is a placeholder of the documentation"; st != 404 || !strings.Contains(message(b), want) {
		t.Errorf("placeholder: %d %q, want it to hold %q", st, message(b), want)
	}

	// So is a refused Content-Encoding.
	st, b = testenv.DoHeaders(t, "POST", s.URL+"/v1/orders", s.APIKey, `{}`, map[string]string{"Content-Encoding": `g"zip`})
	if want := `Content-Encoding "g\"zip" is not accepted`; st != 415 || !strings.HasPrefix(message(b), want) {
		t.Errorf("Content-Encoding: %d %q, want it to start %q", st, message(b), want)
	}
}
