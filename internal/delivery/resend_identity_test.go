package delivery_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/webhook"
)

// TestResendsCarryTheEventToDeduplicate holds the guide's idempotency
// advice ("Use webhook ID to detect duplicates") and the README's promise
// behind it (webhook-id and X-eSahayak-Delivery are the event id, "the same
// on every attempt and endpoint") to every way an event reaches a receiver
// again, not only the schedule's retries (TestRetries):
// a resend of a delivery that succeeded (POST /v1/deliveries/{id}/retry),
// a failed delivery sent again by recover, and the new delivery that
// recover's include_missed makes for an event created while the endpoint
// was disabled. Each request must carry the event's id in webhook-id,
// X-eSahayak-Delivery and the body, the stored event's body byte for byte,
// and a signature that verifies with its endpoint's secret; a receiver that
// deduplicates as docs/receiving.md says (webhook.Handler) then handles the
// event once, answering every other request 200 as a duplicate. A resend
// that made a new id, or re-rendered the body, would have receivers act on
// the same order change twice.
func TestResendsCarryTheEventToDeduplicate(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		s := testenv.Start(t, open(t), testenv.Options{Schedule: "100ms"})
		var up atomic.Bool
		healthy := newReceiver(t, nil)
		failing := newReceiver(t, func(_ int, w http.ResponseWriter, _ *http.Request, _ []byte) {
			if !up.Load() {
				w.WriteHeader(http.StatusServiceUnavailable)
			}
		})
		missing := newReceiver(t, nil)
		healthyEP, healthySecret := createEndpoint(t, s, s.APIKey, healthy.URL("/webhooks/esahayak"))
		failingEP, failingSecret := createEndpoint(t, s, s.APIKey, failing.URL("/webhooks/esahayak"))
		missingEP, missingSecret := createEndpoint(t, s, s.APIKey, missing.URL("/webhooks/esahayak"))
		since := time.Now().UTC().Add(-time.Minute).Format(time.RFC3339)
		call := func(method, path, body string, want int) []byte {
			t.Helper()
			st, b := s.Do(t, method, path, s.APIKey, body)
			if st != want {
				t.Fatalf("%s %s: %d %s; want %d", method, path, st, b, want)
			}
			return b
		}
		call("PATCH", "/v1/webhook_endpoints/"+missingEP, `{"status": "disabled"}`, http.StatusOK)

		ev := upload(t, s, s.APIKey)
		healthyDlv := deliveryOf(t, s, s.APIKey, ev.EventID, healthyEP)
		waitStatus(t, s, s.APIKey, healthyDlv, store.DeliverySucceeded, 10*time.Second)
		waitStatus(t, s, s.APIKey, deliveryOf(t, s, s.APIKey, ev.EventID, failingEP), store.DeliveryFailed, 10*time.Second)

		// The three ways of sending it again.
		call("POST", "/v1/deliveries/"+healthyDlv+"/retry", "", http.StatusAccepted)
		up.Store(true)
		if b := call("POST", "/v1/webhook_endpoints/"+failingEP+"/recover", `{"since": "`+since+`"}`, http.StatusAccepted); testenv.JSON(t, b)["recovered"] != 1.0 {
			t.Fatalf("recover of the failed delivery: %s; want recovered 1", b)
		}
		call("PATCH", "/v1/webhook_endpoints/"+missingEP, `{"status": "enabled"}`, http.StatusOK)
		if b := call("POST", "/v1/webhook_endpoints/"+missingEP+"/recover", `{"since": "`+since+`", "include_missed": true}`, http.StatusAccepted); testenv.JSON(t, b)["missed"] != 1.0 {
			t.Fatalf("recover with include_missed: %s; want missed 1", b)
		}
		// Two attempts and the recovered one; the first and the resend; the missed one.
		byEndpoint := []struct {
			name   string
			rc     *receiver
			n      int
			secret string
		}{{"failing, recovered", failing, 3, failingSecret}, {"healthy, resent", healthy, 2, healthySecret}, {"disabled, missed", missing, 1, missingSecret}}
		for _, e := range byEndpoint {
			e.rc.waitCount(t, e.n, 10*time.Second)
		}

		stored := bytes.TrimSuffix(call("GET", "/v1/events/"+ev.EventID, "", http.StatusOK), []byte("\n"))
		v, err := webhook.NewVerifier([]string{failingSecret, healthySecret, missingSecret})
		if err != nil {
			t.Fatal(err)
		}
		var handled, duplicates atomic.Int32
		h := webhook.NewHandler(v, webhook.WithLogger(slog.New(slog.DiscardHandler)))
		h.On(webhook.EventStampUploaded, func(context.Context, *webhook.Event) error {
			handled.Add(1)
			return nil
		})
		for _, e := range byEndpoint {
			reqs := e.rc.Requests()
			if len(reqs) != e.n {
				t.Fatalf("%s endpoint: %d requests, want %d", e.name, len(reqs), e.n)
			}
			for i, r := range reqs {
				if got := r.Header.Get(webhook.HeaderID); got != ev.EventID {
					t.Errorf("%s endpoint, request %d: webhook-id %q; want the event's id %s", e.name, i+1, got, ev.EventID)
				}
				if got := r.Header.Get(webhook.HeaderDelivery); got != ev.EventID {
					t.Errorf("%s endpoint, request %d: X-eSahayak-Delivery %q; want the event's id %s", e.name, i+1, got, ev.EventID)
				}
				if got := r.Header.Get(webhook.HeaderEvent); got != webhook.EventStampUploaded {
					t.Errorf("%s endpoint, request %d: X-eSahayak-Event %q", e.name, i+1, got)
				}
				if !bytes.Equal(r.Body, stored) {
					t.Errorf("%s endpoint, request %d: body\n%s\nis not the stored event\n%s", e.name, i+1, r.Body, stored)
				}
				if got := verifyBoth(t, r, e.secret); got.ID != ev.EventID {
					t.Errorf("%s endpoint, request %d: verified event id %q; want %s", e.name, i+1, got.ID, ev.EventID)
				}

				req := httptest.NewRequest(http.MethodPost, "/webhooks/esahayak", bytes.NewReader(r.Body))
				req.Header = r.Header.Clone()
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				var ans struct{ Duplicate bool }
				json.Unmarshal(w.Body.Bytes(), &ans)
				if w.Code != http.StatusOK {
					t.Errorf("%s endpoint, request %d: the deduplicating handler answered %d %s; want 200", e.name, i+1, w.Code, w.Body)
				}
				if ans.Duplicate {
					duplicates.Add(1)
				}
			}
		}
		if n, d := handled.Load(), duplicates.Load(); n != 1 || d != 5 {
			t.Errorf("a receiver deduplicating on webhook-id handled the event %d times over the six requests, and answered %d as duplicates; want once, and the other 5", n, d)
		}
	})
}
