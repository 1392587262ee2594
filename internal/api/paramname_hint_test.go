package api_test

import (
	"os"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestUnknownNameNamesTheNameMeant: an unknown query parameter one slip
// from one the route takes (?stauts=, ?Limit=, ?event-type=) was refused
// with the list of what the route takes and no word of which was meant,
// while an unknown body field named it. It now does, as the field does;
// and both, for a name holding a character outside ASCII (?stаtus= with a
// Cyrillic а, which reads as the name it is refused for), name the first
// such character and its position. Status, code and param are as before.
func TestUnknownNameNamesTheNameMeant(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	const takes = "; this route takes only limit, starting_after, ending_before, endpoint_id, event_id, status, event_type"
	for _, c := range []struct{ method, path, body, param, want string }{
		{"GET", "/v1/deliveries?stauts=failed", "", "stauts", `unknown query parameter "stauts" (did you mean "status"?)` + takes},
		{"GET", "/v1/deliveries?Limit=5", "", "Limit", `unknown query parameter "Limit" (did you mean "limit"?)` + takes},
		{"GET", "/v1/deliveries?event-type=stamp.failed", "", "event-type", `unknown query parameter "event-type" (did you mean "event_type"?)` + takes},
		{"GET", "/v1/deliveries?st%D0%B0tus=failed", "", "stаtus", `unknown query parameter "stаtus"; it has U+0430 at character 3, which is not ASCII (did you mean "status"?)` + takes},
		{"GET", "/v1/deliveries?zz=1", "", "zz", `unknown query parameter "zz"` + takes},
		{"GET", "/v1/events/evt_01m94xj9f0gzwj5jnxaet4crxk?limit=1", "", "limit", `unknown query parameter "limit"; this route takes no query parameters`},
		{"POST", "/v1/orders", `{"stamp_requеst": {}}`, "stamp_requеst", `unknown field "stamp_requеst"; it has U+0435 at character 11, which is not ASCII (did you mean "stamp_request"?)`},
		{"POST", "/v1/orders", `{"stamp_reqest": {}}`, "stamp_reqest", `unknown field "stamp_reqest" (did you mean "stamp_request"?)`},
	} {
		st, code, param, msg := refusal(t, s, c.method, c.path, c.body)
		want := "unknown_parameter"
		if c.body != "" {
			want = "unknown_field"
		}
		if st != 400 || code != want || param != c.param {
			t.Errorf("%s %s %s: %d %s %q, want 400 %s %q", c.method, c.path, c.body, st, code, param, want, c.param)
			continue
		}
		if msg != c.want {
			t.Errorf("%s %s %s: message\n %q, want\n %q", c.method, c.path, c.body, msg, c.want)
		}
	}
}

// TestUnknownFieldNoteAsDocumented: docs/api.md's example of an unknown
// field with a look-alike letter is the API's answer.
func TestUnknownFieldNoteAsDocumented(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	_, _, _, msg := refusal(t, s, "POST", "/v1/orders", `{"stamp_request": {"stаte": "Assam"}}`)
	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "`"+msg+"`") {
		t.Errorf("docs/api.md does not show the answer %q", msg)
	}
}
