package api_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestListenSessionsStatusFilter: GET /v1/listen_sessions takes ?status=
// as the other lists do (open or closed, any ASCII case, empty for all),
// pages within it, and refuses another value as they do: 422
// invalid_status naming the values. It was 400 unknown_parameter, so a
// dashboard or script had to read every session to find the open ones.
func TestListenSessionsStatusFilter(t *testing.T) {
	eachStore(t, testenv.Options{}, func(t *testing.T, s *testenv.Server) {
		var made []string
		for range 3 {
			made = append(made, s.NewListenSession(t, s.APIKey, `{"forward_to": "http://localhost:3000/hook"}`))
		}
		if st, b := s.Do(t, "DELETE", "/v1/listen_sessions/"+made[1], s.APIKey, nil); st != 200 {
			t.Fatalf("close session: %d %s", st, b)
		}
		_, other := s.NewAccount(t)
		s.NewListenSession(t, other, `{"forward_to": "http://localhost:3000/hook"}`) // another account's
		list := func(query string) (ids, statuses []string, more bool) {
			t.Helper()
			st, b := s.Do(t, "GET", "/v1/listen_sessions"+query, s.APIKey, nil)
			if st != 200 {
				t.Fatalf("GET /v1/listen_sessions%s: %d %s", query, st, b)
			}
			var l struct {
				Data []struct{ ID, Status string }
				More bool `json:"has_more"`
			}
			if err := json.Unmarshal(b, &l); err != nil {
				t.Fatal(err)
			}
			for _, ls := range l.Data {
				ids, statuses = append(ids, ls.ID), append(statuses, ls.Status)
			}
			return ids, statuses, l.More
		}
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"", []string{made[2], made[1], made[0]}},
			{"?status=", []string{made[2], made[1], made[0]}},
			{"?status=open", []string{made[2], made[0]}},
			{"?status=OPEN", []string{made[2], made[0]}},
			{"?status=closed", []string{made[1]}},
			{"?status=Closed&limit=5", []string{made[1]}},
		} {
			got, statuses, more := list(tc.query)
			if !slices.Equal(got, tc.want) || more {
				t.Errorf("GET /v1/listen_sessions%s: %v (has_more %v), want %v", tc.query, got, more, tc.want)
			}
			for _, st := range statuses {
				if want := map[string]string{"?status=open": "open", "?status=closed": "closed"}[tc.query]; want != "" && st != want {
					t.Errorf("GET /v1/listen_sessions%s listed a session %s", tc.query, st)
				}
			}
		}
		// Paged within the filter: the closed session between the two
		// open ones is skipped, and has_more counts only the open.
		if got, _, more := list("?status=open&limit=1"); !slices.Equal(got, []string{made[2]}) || !more {
			t.Errorf("first page of the open: %v (has_more %v)", got, more)
		}
		if got, _, more := list("?status=open&limit=1&starting_after=" + made[2]); !slices.Equal(got, []string{made[0]}) || more {
			t.Errorf("second page of the open: %v (has_more %v)", got, more)
		}
		// A value with a letter outside ASCII has it named, and the value
		// meant (TestEnumValuesNameNonASCIIAndTheValueMeant).
		// The value is repeated (TestListParameterRefusalsRepeatTheValue).
		for q, note := range map[string]string{"?status=active": `, not "active"`, "?status=opened": `, not "opened"`,
			"?status=open,closed": `, not "open,closed"; it holds 2 values separated by commas, and status takes one`,
			"?status=%C3%B6pen":   `, not "öpen"; it has U+00F6 at character 1, which is not ASCII (did you mean "open"?)`} {
			st, b := s.Do(t, "GET", "/v1/listen_sessions"+q, s.APIKey, nil)
			var e struct {
				Error struct{ Type, Code, Message, Param string }
			}
			json.Unmarshal(b, &e)
			if st != 422 || e.Error.Type != "invalid_request_error" || e.Error.Code != "invalid_status" || e.Error.Param != "status" ||
				e.Error.Message != "status must be one of open, closed"+note {
				t.Errorf("GET /v1/listen_sessions%s: %d %s; want 422 invalid_status naming open, closed", q, st, b)
			}
		}
	})
}
