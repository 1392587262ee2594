package api_test

import (
	"encoding/json"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestEndpointURLEmptyPortIsDropped: a URL with an empty port
// ("http://127.0.0.1:/x", RFC 3986's default port) is stored and shown
// without its ":", on create and on update, for an IPv6 host too; it was
// stored as given, while port 0 is refused. Only loopback hosts, on a
// server that takes them (--allow-insecure-urls); no event is created,
// so nothing is delivered.
func TestEndpointURLEmptyPortIsDropped(t *testing.T) {
	eachStore(t, testenv.Options{}, func(t *testing.T, s *testenv.Server) {
		urlOf := func(t *testing.T, b []byte) string {
			t.Helper()
			var e struct{ ID, URL string }
			if err := json.Unmarshal(b, &e); err != nil {
				t.Fatalf("%v: %s", err, b)
			}
			return e.URL
		}
		for given, stored := range map[string]string{
			"http://127.0.0.1:/x":     "http://127.0.0.1/x",
			"http://[::1]:/x?k=1":     "http://[::1]/x?k=1",
			"http://localhost:":       "http://localhost",
			"http://127.0.0.1:8080/x": "http://127.0.0.1:8080/x",
		} {
			st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]any{"url": given, "events": []string{"order.delivered"}})
			if st != 201 || urlOf(t, b) != stored {
				t.Fatalf("create %s: %d %s; want 201 and url %s", given, st, b, stored)
			}
			var e struct{ ID string }
			json.Unmarshal(b, &e)
			if st, b := s.Do(t, "GET", "/v1/webhook_endpoints/"+e.ID, s.APIKey, nil); st != 200 || urlOf(t, b) != stored {
				t.Errorf("get %s: %d %s; want url %s", given, st, b, stored)
			}
			if st, b := s.Do(t, "DELETE", "/v1/webhook_endpoints/"+e.ID, s.APIKey, nil); st != 200 && st != 204 {
				t.Errorf("delete %s: %d %s", e.ID, st, b)
			}
		}

		st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]any{"url": "http://127.0.0.1/a"})
		if st != 201 {
			t.Fatalf("create: %d %s", st, b)
		}
		var e struct{ ID string }
		json.Unmarshal(b, &e)
		path := "/v1/webhook_endpoints/" + e.ID
		for _, c := range []struct{ given, stored string }{
			{"http://[::1]:/b", "http://[::1]/b"},
			{"http://127.0.0.1:/", "http://127.0.0.1/"},
			{"http://127.0.0.1:/", "http://127.0.0.1/"}, // sent again: no change
		} {
			if st, b := s.Do(t, "PATCH", path, s.APIKey, map[string]any{"url": c.given}); st != 200 || urlOf(t, b) != c.stored {
				t.Errorf("update to %s: %d %s; want 200 and url %s", c.given, st, b, c.stored)
			}
		}
		// Port 0 is still refused: it names no port.
		if st, b := s.Do(t, "PATCH", path, s.APIKey, map[string]any{"url": "http://127.0.0.1:0/"}); st != 422 {
			t.Errorf("update to port 0: %d %s; want 422", st, b)
		}
	})
}
