package api_test

import (
	"encoding/json"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestDeleteReadsItsBody: DELETE /v1/webhook_endpoints/{id} and DELETE
// /v1/listen_sessions/{id} never read their body, so one holding
// garbage, or fields (a {"status": "disabled"} meant for a PATCH), still
// deleted the endpoint or closed the session, where a POST that takes no
// fields (rotate_secret) refuses the same body and changes nothing. They
// now read it as those POSTs do: none or {} (or {} with spaces) is taken,
// anything else is the same 400 and leaves the endpoint and the session
// as they were.
func TestDeleteReadsItsBody(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "https://127.0.0.1/del"}`)
	if st != 201 {
		t.Fatalf("create endpoint = %d %s", st, b)
	}
	var ep struct{ ID string }
	json.Unmarshal(b, &ep)
	st, b = s.Do(t, "POST", "/v1/listen_sessions", s.APIKey, `{}`)
	if st != 201 {
		t.Fatalf("create listen session = %d %s", st, b)
	}
	var ls struct{ ID string }
	json.Unmarshal(b, &ls)

	for _, tc := range []struct{ body, code, param string }{
		{`garbage`, "invalid_json", ""},
		{`{"status": "disabled"}`, "unknown_field", "status"},
		{`[]`, "invalid_json", ""},
		{`null`, "invalid_json", ""},
	} {
		for _, path := range []string{"/v1/webhook_endpoints/" + ep.ID, "/v1/listen_sessions/" + ls.ID} {
			st, b := s.Do(t, "DELETE", path, s.APIKey, tc.body)
			code, param := errCode(t, b)
			if st != 400 || code != tc.code || param != tc.param {
				t.Errorf("DELETE %s with %s = %d %q %q, want 400 %s %q\n%s", path, tc.body, st, code, param, tc.code, tc.param, b)
			}
		}
	}
	// Both are still there, as they were.
	if st, b := s.Do(t, "GET", "/v1/webhook_endpoints/"+ep.ID, s.APIKey, ""); st != 200 {
		t.Errorf("the endpoint after refused DELETEs = %d %s", st, b)
	}
	st, b = s.Do(t, "GET", "/v1/listen_sessions/"+ls.ID, s.APIKey, "")
	var got struct{ Status string }
	json.Unmarshal(b, &got)
	if st != 200 || got.Status != "open" {
		t.Errorf("the listen session after refused DELETEs = %d %s, want it open", st, b)
	}

	// No body, and {}, delete and close as before.
	if st, b := s.Do(t, "DELETE", "/v1/webhook_endpoints/"+ep.ID, s.APIKey, " {} "); st != 200 {
		t.Errorf("DELETE endpoint with {} = %d %s", st, b)
	}
	if st, b := s.Do(t, "DELETE", "/v1/listen_sessions/"+ls.ID, s.APIKey, ""); st != 200 {
		t.Errorf("DELETE listen session without a body = %d %s", st, b)
	}
	if st, b := s.Do(t, "DELETE", "/v1/listen_sessions/"+ls.ID, s.APIKey, "{}"); st != 200 {
		t.Errorf("DELETE listen session again with {} = %d %s", st, b)
	}
}
