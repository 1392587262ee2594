package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestRecoverIncludesMissedEvents: the events created while an endpoint
// was disabled reach its receiver, once each, when a recover after the
// endpoint is enabled again asks for them with include_missed; a second
// recover makes none, and one without include_missed answers as before.
func TestRecoverIncludesMissedEvents(t *testing.T) {
	eachStore(t, testenv.Options{}, func(t *testing.T, s *testenv.Server) {
		rcv := newEventCounter(t)
		count := rcv.count
		since := time.Now().UTC().Add(-time.Minute).Format(time.RFC3339)
		st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "`+rcv.URL+`/h"}`)
		if st != 201 {
			t.Fatalf("endpoint: %d %s", st, b)
		}
		ep := testenv.JSON(t, b)["id"].(string)
		sent := newEvent(t, s, "upload")
		testenv.Eventually(t, 10*time.Second, "the event before the disable to arrive", func() bool { return count(sent) == 1 })

		if st, b := s.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, s.APIKey, `{"status": "disabled"}`); st != 200 {
			t.Fatalf("disable: %d %s", st, b)
		}
		missed := []string{newEvent(t, s, "upload"), newEvent(t, s, "fail")}
		recover := func(body string) (int, []byte) {
			return s.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/recover", s.APIKey, body)
		}
		withMissed := `{"since": "` + since + `", "include_missed": true}`
		if st, b := recover(withMissed); st != 409 {
			t.Fatalf("recover of a disabled endpoint: %d %s; want 409", st, b)
		} else if code, _ := errCode(t, b); code != "endpoint_disabled" {
			t.Fatalf("recover of a disabled endpoint: %s; want endpoint_disabled", b)
		}
		if st, b := s.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, s.APIKey, `{"status": "enabled"}`); st != 200 {
			t.Fatalf("enable: %d %s", st, b)
		}
		for _, bad := range []string{`"yes"`, `1`, `"true"`} {
			st, b := recover(`{"since": "` + since + `", "include_missed": ` + bad + `}`)
			if code, param := errCode(t, b); st != 422 || code != "invalid_type" || param != "include_missed" {
				t.Fatalf("include_missed %s: %d %s; want 422 invalid_type on include_missed", bad, st, b)
			}
		}
		st, b = recover(`{"since": "` + since + `"}`)
		if r := testenv.JSON(t, b); st != 202 || r["recovered"] != float64(0) || r["missed"] != nil {
			t.Fatalf("recover without include_missed: %d %s; want recovered 0 and no missed", st, b)
		}
		st, b = recover(withMissed)
		if r := testenv.JSON(t, b); st != 202 || r["recovered"] != float64(0) || r["missed"] != float64(2) {
			t.Fatalf("recover with include_missed: %d %s; want recovered 0, missed 2", st, b)
		}
		testenv.Eventually(t, 10*time.Second, "the missed events to arrive", func() bool {
			return count(missed[0]) > 0 && count(missed[1]) > 0
		})
		st, b = recover(withMissed)
		if r := testenv.JSON(t, b); st != 202 || r["missed"] != float64(0) {
			t.Fatalf("second recover with include_missed: %d %s; want missed 0", st, b)
		}
		var page struct{ Data []map[string]any }
		testenv.Eventually(t, 10*time.Second, "every delivery to succeed", func() bool {
			_, b := s.Do(t, "GET", "/v1/deliveries?endpoint_id="+ep, s.APIKey, nil)
			page.Data = nil
			json.Unmarshal(b, &page)
			for _, d := range page.Data {
				if d["status"] != "succeeded" {
					return false
				}
			}
			return true
		})
		if len(page.Data) != 3 {
			t.Fatalf("%d deliveries to the endpoint, want 3: %v", len(page.Data), page.Data)
		}
		for _, id := range append([]string{sent}, missed...) {
			if n := count(id); n != 1 {
				t.Errorf("event %s arrived %d times, want once", id, n)
			}
		}
		if n := rcv.distinct(); n != 3 {
			t.Errorf("the receiver got %d different events; want only %s and %v", n, sent, missed)
		}
	})
}

// TestRecoverMissedGoesOnFromNextSince: a recover with include_missed
// reads a bounded number of events and, cut short, answers next_since;
// calling again from it, until an answer has none, sends every missed
// event once, each call making progress.
func TestRecoverMissedGoesOnFromNextSince(t *testing.T) {
	eachStore(t, testenv.Options{MissedScanLimit: 2}, func(t *testing.T, s *testenv.Server) {
		rcv := newEventCounter(t)
		since := time.Now().UTC().Add(-time.Minute).Format(time.RFC3339)
		st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "`+rcv.URL+`/h", "events": ["stamp.uploaded"]}`)
		if st != 201 {
			t.Fatalf("endpoint: %d %s", st, b)
		}
		ep := testenv.JSON(t, b)["id"].(string)
		if st, b := s.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, s.APIKey, `{"status": "disabled"}`); st != 200 {
			t.Fatalf("disable: %d %s", st, b)
		}
		var missed []string
		for i := 0; i < 7; i++ {
			missed = append(missed, newEvent(t, s, "upload"))
		}
		if st, b := s.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, s.APIKey, `{"status": "enabled"}`); st != 200 {
			t.Fatalf("enable: %d %s", st, b)
		}

		calls, total := 0, 0
		for {
			st, b := s.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/recover", s.APIKey, `{"since": "`+since+`", "include_missed": true}`)
			r := testenv.JSON(t, b)
			m, ok := r["missed"].(float64)
			if st != 202 || !ok {
				t.Fatalf("recover from %s: %d %s; want 202 with missed", since, st, b)
			}
			calls, total = calls+1, total+int(m)
			next, ok := r["next_since"].(string)
			if !ok {
				if r["next_since"] != nil {
					t.Fatalf("next_since %v; want a string or none", r["next_since"])
				}
				break
			}
			from, _ := time.Parse(time.RFC3339, since)
			to, err := time.Parse(time.RFC3339, next)
			if err != nil || !to.After(from) {
				t.Fatalf("recover from %s answered next_since %q: want a later RFC 3339 time", since, next)
			}
			if calls > len(missed) {
				t.Fatalf("%d calls and still a next_since", calls)
			}
			since = next
		}
		if calls < 2 || total != len(missed) {
			t.Fatalf("%d calls made %d deliveries in all; want more than one call (2 events each), %d in all", calls, total, len(missed))
		}
		testenv.Eventually(t, 10*time.Second, "every missed event to arrive", func() bool { return rcv.distinct() == len(missed) })
		for _, id := range missed {
			if n := rcv.count(id); n != 1 {
				t.Errorf("event %s arrived %d times, want once", id, n)
			}
		}
	})
}

// TestRecoverIncludeMissedNull: "include_missed": null is the same as
// leaving it out, as every optional field's null is (delivery_requested's
// too): failed deliveries only, and no missed count; a non-boolean is
// refused.
func TestRecoverIncludeMissedNull(t *testing.T) {
	eachStore(t, testenv.Options{}, func(t *testing.T, s *testenv.Server) {
		st, b := s.Do(t, "POST", "/v1/orders", s.APIKey, `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}, "delivery_requested": null}`)
		if st != 201 || testenv.JSON(t, b)["delivery_requested"] != false {
			t.Fatalf("order with delivery_requested null: %d %s; want 201, false", st, b)
		}
		st, b = s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "http://127.0.0.1:1/h", "events": null}`)
		if st != 201 {
			t.Fatalf("endpoint: %d %s", st, b)
		}
		ep := testenv.JSON(t, b)["id"].(string)
		since := time.Now().UTC().Add(-time.Minute).Format(time.RFC3339)
		st, b = s.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/recover", s.APIKey, `{"since": "`+since+`", "include_missed": null}`)
		if r := testenv.JSON(t, b); st != 202 || r["recovered"] != float64(0) {
			t.Fatalf("include_missed null: %d %s; want 202", st, b)
		} else if _, ok := r["missed"]; ok {
			t.Fatalf("include_missed null: %s; want no missed, as when it is left out", b)
		}
		st, b = s.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/recover", s.APIKey, `{"since": "`+since+`", "include_missed": []}`)
		if code, param := errCode(t, b); st != 422 || code != "invalid_type" || param != "include_missed" {
			t.Fatalf("include_missed []: %d %s; want 422 invalid_type", st, b)
		}
	})
}

// TestRecoverMissedSendsTypesAddedSince: include_missed sends every event
// since `since` of a type the endpoint takes now that it has no delivery
// of, so an endpoint never disabled that added a type gets that type's
// older events, as docs/api.md says: nothing records when a type was added.
func TestRecoverMissedSendsTypesAddedSince(t *testing.T) {
	eachStore(t, testenv.Options{}, func(t *testing.T, s *testenv.Server) {
		since := time.Now().UTC().Add(-time.Minute).Format(time.RFC3339)
		st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "http://127.0.0.1:1/h", "events": ["stamp.uploaded"]}`)
		if st != 201 {
			t.Fatalf("endpoint: %d %s", st, b)
		}
		ep := testenv.JSON(t, b)["id"].(string)
		newEvent(t, s, "fail")
		newEvent(t, s, "fail")
		if st, b := s.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, s.APIKey, `{"events": ["stamp.uploaded", "stamp.failed"]}`); st != 200 {
			t.Fatalf("add stamp.failed: %d %s", st, b)
		}
		st, b = s.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/recover", s.APIKey, `{"since": "`+since+`", "include_missed": true}`)
		if r := testenv.JSON(t, b); st != 202 || r["missed"] != float64(2) {
			t.Fatalf("recover with include_missed after adding a type: %d %s; want missed 2", st, b)
		}
	})
}

// eventCounter is a receiver on loopback that counts the deliveries of
// each event id.
type eventCounter struct {
	*httptest.Server
	mu       sync.Mutex
	received map[string]int
}

func newEventCounter(t *testing.T) *eventCounter {
	c := &eventCounter{received: map[string]int{}}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var ev struct{ ID string }
		json.Unmarshal(b, &ev)
		c.mu.Lock()
		c.received[ev.ID]++
		c.mu.Unlock()
	}))
	t.Cleanup(c.Close)
	return c
}

// count is how many times the event arrived.
func (c *eventCounter) count(id string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.received[id]
}

// distinct is how many different events arrived.
func (c *eventCounter) distinct() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.received)
}
