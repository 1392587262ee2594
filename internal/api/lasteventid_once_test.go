package api_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// A stream's cursor is given once. Two Last-Event-ID headers, or the
// header and ?last_event_id= naming different events, were not refused:
// the stream replayed from the first header, or from the header whatever
// the query said (a malformed query value too), where a repeated query
// parameter is 400 and a repeated Idempotency-Key 400. They are 422
// invalid_last_event_id, naming what was sent twice; the header and the
// query parameter naming the same event still open the stream.
func TestStreamLastEventIDGivenOnce(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	stream := s.URL + "/v1/listen_sessions/" + s.NewListenSession(t, s.APIKey, `{}`) + "/stream"
	var evts []string
	for i := 0; i < 2; i++ {
		st, b := s.Do(t, "POST", "/v1/orders", s.APIKey, `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`)
		if st != 201 {
			t.Fatalf("create order: %d %s", st, b)
		}
		st, b = s.Do(t, "POST", "/v1/orders/"+testenv.JSON(t, b)["id"].(string)+"/upload", s.Operator, nil)
		if st != 200 {
			t.Fatalf("upload: %d %s", st, b)
		}
		evts = append(evts, testenv.JSON(t, b)["event"].(map[string]any)["id"].(string))
	}
	open := func(t *testing.T, query string, headers ...string) (int, []byte) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, "GET", stream+query, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+s.APIKey)
		for _, h := range headers {
			req.Header.Add("Last-Event-ID", h)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode == 200 {
			return 200, nil // a stream: it does not end
		}
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	for _, tc := range []struct {
		name, query string
		headers     []string
		param       string
	}{
		{"two headers", "", []string{evts[0], evts[1]}, "Last-Event-ID"},
		{"a valid header, then a malformed one", "", []string{evts[0], "bad"}, "Last-Event-ID"},
		{"header and query naming different events", "?last_event_id=" + evts[1], []string{evts[0]}, "last_event_id"},
		{"header and a malformed query", "?last_event_id=bad", []string{evts[0]}, "last_event_id"},
		// One of the two in upper case is told the lower-case id it
		// reads as (the event the other names), not that they differ.
		{"the header in upper case", "?last_event_id=" + evts[0], []string{strings.ToUpper(evts[0])}, "Last-Event-ID"},
		{"the query in upper case", "?last_event_id=" + strings.ToUpper(evts[0]), []string{evts[0]}, "last_event_id"},
	} {
		st, b := open(t, tc.query, tc.headers...)
		if st != 422 {
			t.Fatalf("%s: %d %s; want 422 invalid_last_event_id", tc.name, st, b)
		}
		if code, param := errCode(t, b); code != "invalid_last_event_id" || param != tc.param {
			t.Fatalf("%s: %s; want invalid_last_event_id naming %s", tc.name, b, tc.param)
		}
		if upper := strings.ToUpper(evts[0]); strings.Contains(tc.query+strings.Join(tc.headers, ""), upper) && !strings.Contains(string(b), "ids are lower case, as the API gives them: \\\""+evts[0]) {
			t.Errorf("%s: %s; want it told the lower-case id %s", tc.name, b, evts[0])
		}
	}
	// The same event both ways, or either alone, opens the stream.
	for name, tc := range map[string]struct {
		query   string
		headers []string
	}{
		"header and query alike": {"?last_event_id=" + evts[0], []string{evts[0]}},
		"header":                 {"", []string{evts[0]}},
		"query":                  {"?last_event_id=" + evts[0], nil},
	} {
		if st, b := open(t, tc.query, tc.headers...); st != 200 {
			t.Fatalf("%s: %d %s; want the stream", name, st, b)
		}
	}
}
