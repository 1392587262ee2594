package api_test

import (
	"testing"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/testenv"
)

// A listen result's event_id or started_at sent as "" was told the field
// "is required", as if it had been left out, where an endpoint's url and
// recover's since sent as "" are told they are empty. It is told it is
// empty now, with the same code; left out or null, it is still required.
func TestListenResultEmptyFieldIsToldEmpty(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	path := "/v1/listen_sessions/" + s.NewListenSession(t, s.APIKey, `{}`) + "/results"
	evt := ids.New(ids.Event)
	const (
		eventRequired = "event_id is required: the id (evt_…) of the event the result is for"
		startRequired = "started_at is required: when the request was sent to the local URL, an RFC 3339 time"
	)
	for _, c := range []struct{ body, code, param, want string }{
		{`{"event_id": "", "started_at": "2024-01-15T10:30:00Z", "status": 200}`, "invalid_event_id", "event_id",
			"event_id is empty; send the id (evt_…) of the event the result is for"},
		{`{"event_id": "` + evt + `", "started_at": "", "status": 200}`, "invalid_started_at", "started_at",
			"started_at is empty; send when the request was sent to the local URL, an RFC 3339 time such as 2024-01-15T10:30:00Z"},
		{`{"started_at": "", "status": 200}`, "invalid_event_id", "event_id", eventRequired},
		{`{"event_id": null, "status": 200}`, "invalid_event_id", "event_id", eventRequired},
		{`{"event_id": "` + evt + `", "status": 200}`, "invalid_started_at", "started_at", startRequired},
		{`{"event_id": "` + evt + `", "started_at": null, "status": 200}`, "invalid_started_at", "started_at", startRequired},
	} {
		st, code, param, msg := refusal(t, s, "POST", path, c.body)
		if st != 422 || code != c.code || param != c.param || msg != c.want {
			t.Errorf("%s: %d %s %s %q; want 422 %s %s %q", c.body, st, code, param, msg, c.code, c.param, c.want)
		}
	}
}
