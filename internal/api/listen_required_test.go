package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestListenResultRequiredFieldIsNamedMissing: a listen result without
// its event_id or started_at (left out, null or "") was told "event_id
// must be an event id (evt_…)" and "started_at must be an RFC 3339
// time", which read as a value of the wrong form where none was sent; an
// order's or an endpoint's required field is told "… is required". Each
// now says the field is required and what it holds (codes as before).
// One sent as "" is told it is empty instead, as an endpoint's url is
// (TestListenResultEmptyFieldIsToldEmpty).
func TestListenResultRequiredFieldIsNamedMissing(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	ls := s.NewListenSession(t, s.APIKey, `{}`)
	evt := newEvent(t, s, "upload")
	now := time.Now().UTC().Format(time.RFC3339Nano)
	for _, c := range []struct{ body, code, param string }{
		{`{"started_at": "` + now + `", "status": 200}`, "invalid_event_id", "event_id"},
		{`{"event_id": null, "started_at": "` + now + `", "status": 200}`, "invalid_event_id", "event_id"},
		{`{"event_id": "` + evt + `", "status": 200}`, "invalid_started_at", "started_at"},
		{`{"event_id": "` + evt + `", "started_at": null, "status": 200}`, "invalid_started_at", "started_at"},
	} {
		st, code, param, msg := refusal(t, s, "POST", "/v1/listen_sessions/"+ls+"/results", c.body)
		if st != 422 || code != c.code || param != c.param || !strings.HasPrefix(msg, c.param+" is required") {
			t.Errorf("%s: %d %s %s %q; want 422 %s saying %s is required", c.body, st, code, param, msg, c.code, c.param)
		}
	}
	// A value of the wrong form is still told the form.
	st, _, _, msg := refusal(t, s, "POST", "/v1/listen_sessions/"+ls+"/results", `{"event_id": "`+evt+`", "started_at": "yesterday", "status": 200}`)
	if st != 422 || msg != "started_at must be an RFC 3339 time" {
		t.Errorf("started_at yesterday: %d %q", st, msg)
	}
}
