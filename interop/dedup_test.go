package interop_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/webhook"
)

// TestDedupAdviceHoldsWithRetriesAndTestEvents holds the docs' advice
// (deduplicate on the event id: webhook-id, or the verified body's id) to
// a running server, with webhook.Handler deduplicating in memory (its
// default) and in a SQLite file (NewSQLDedup, the docs' way for several
// instances): a delivery whose handler failed is retried and handled
// again; one whose 200 was lost on the way back is retried and not
// handled twice; a delivery retried by hand (POST /v1/deliveries/{id}/retry)
// after it succeeded is not handled twice; and two test events of one
// type are two events, each handled once, with webhook-id equal to the
// body's id on every request.
func TestDedupAdviceHoldsWithRetriesAndTestEvents(t *testing.T) {
	for _, store := range []string{"memory", "sqlite"} {
		t.Run(store, func(t *testing.T) {
			s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
			// The handler's log says what it did; the test counts it itself.
			opts := []webhook.HandlerOption{webhook.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))}
			if store == "sqlite" {
				db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "dedup.db")+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)")
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				d, err := webhook.NewSQLDedup(db, "")
				if err != nil {
					t.Fatal(err)
				}
				opts = append(opts, webhook.WithDedupStore(d))
			}

			var mu sync.Mutex
			calls := map[string]int{}       // event id → handler calls
			tests := map[string]bool{}      // event id → e.Test
			var mismatch []string           // requests whose ids differ
			answersLost := map[string]int{} // event id → 200s dropped

			// The secret is known once the endpoint exists; the handler is
			// built then, and the server below waits for it.
			var h *webhook.Handler
			ready := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				<-ready
				// Every request's webhook-id is its body's id (the docs
				// say to deduplicate on either).
				body, err := io.ReadAll(r.Body)
				if err != nil {
					w.WriteHeader(http.StatusBadRequest)
					return
				}
				var ev struct{ ID string }
				if json.Unmarshal(body, &ev); ev.ID != r.Header.Get(webhook.HeaderID) || ev.ID != r.Header.Get(webhook.HeaderDelivery) {
					mu.Lock()
					mismatch = append(mismatch, fmt.Sprintf("webhook-id %s, X-eSahayak-Delivery %s, body id %s",
						r.Header.Get(webhook.HeaderID), r.Header.Get(webhook.HeaderDelivery), ev.ID))
					mu.Unlock()
				}
				r.Body = io.NopCloser(bytes.NewReader(body))
				// order.cancelled's first answer is lost: the handler
				// runs, its 200 never reaches the sender.
				if r.Header.Get(webhook.HeaderEvent) == webhook.EventOrderCancelled && r.Header.Get(webhook.HeaderAttempt) == "1" {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, r)
					if rec.Code == http.StatusOK {
						mu.Lock()
						answersLost[r.Header.Get(webhook.HeaderID)]++
						mu.Unlock()
						conn, _, err := w.(http.Hijacker).Hijack()
						if err != nil {
							t.Error(err)
							return
						}
						conn.Close()
						return
					}
					w.WriteHeader(rec.Code)
					return
				}
				h.ServeHTTP(w, r)
			}))
			t.Cleanup(srv.Close)
			st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]any{"url": srv.URL + "/webhooks/esahayak"})
			if st != 201 {
				t.Fatalf("create endpoint: %d %s", st, b)
			}
			ep := testenv.JSON(t, b)
			epID := ep["id"].(string)
			v, err := webhook.NewVerifier([]string{ep["secret"].(string)})
			if err != nil {
				t.Fatal(err)
			}
			h = webhook.NewHandler(v, opts...)
			failedOnce := false
			for _, typ := range webhook.EventTypes {
				h.On(typ, func(_ context.Context, e *webhook.Event) error {
					mu.Lock()
					defer mu.Unlock()
					calls[e.ID]++
					tests[e.ID] = e.Test
					// stamp.failed's handler fails the first time.
					if e.Type == webhook.EventStampFailed && !failedOnce {
						failedOnce = true
						return context.DeadlineExceeded
					}
					return nil
				})
			}
			close(ready)

			failed := emit(t, s, webhook.EventStampFailed)[0]
			cancelled := emit(t, s, webhook.EventOrderCancelled)[0]
			uploaded := emit(t, s, webhook.EventStampUploaded)[0]
			var testIDs []string
			for range 2 {
				st, b := s.Do(t, "POST", "/v1/webhook_endpoints/"+epID+"/test", s.APIKey, map[string]any{"type": "stamp.uploaded"})
				if st != 202 {
					t.Fatalf("test event: %d %s", st, b)
				}
				testIDs = append(testIDs, testenv.JSON(t, b)["event_id"].(string))
			}
			if testIDs[0] == testIDs[1] {
				t.Fatalf("two test events share the id %s", testIDs[0])
			}
			all := append([]string{failed, cancelled, uploaded}, testIDs...)
			succeeded := func(id string) bool {
				_, b := s.Do(t, "GET", "/v1/deliveries?status=succeeded&event_id="+id, s.APIKey, nil)
				return strings.Contains(string(b), `"last_status_code":200`)
			}
			for _, id := range all {
				testenv.Eventually(t, 15*time.Second, "the delivery of "+id+" to succeed", func() bool { return succeeded(id) })
			}

			// The upload, retried by hand after it succeeded.
			_, b = s.Do(t, "GET", "/v1/deliveries?event_id="+uploaded, s.APIKey, nil)
			dlv := testenv.JSON(t, b)["data"].([]any)[0].(map[string]any)
			if st, b := s.Do(t, "POST", "/v1/deliveries/"+dlv["id"].(string)+"/retry", s.APIKey, nil); st != 202 {
				t.Fatalf("retry: %d %s", st, b)
			}
			testenv.Eventually(t, 15*time.Second, "the retried delivery's second attempt", func() bool {
				_, b := s.Do(t, "GET", "/v1/deliveries/"+dlv["id"].(string), s.APIKey, nil)
				d := testenv.JSON(t, b)
				return d["attempt_count"] == float64(2) && d["status"] == "succeeded"
			})

			// The lost answer made a second attempt.
			_, b = s.Do(t, "GET", "/v1/deliveries?event_id="+cancelled, s.APIKey, nil)
			if d := testenv.JSON(t, b)["data"].([]any)[0].(map[string]any); d["attempt_count"] != float64(2) {
				t.Fatalf("the delivery whose answer was lost: %v attempts, want 2", d["attempt_count"])
			}

			mu.Lock()
			defer mu.Unlock()
			if len(mismatch) > 0 {
				t.Errorf("requests whose ids differ: %v", mismatch)
			}
			if answersLost[cancelled] != 1 {
				t.Fatalf("%d answers of %s lost, want 1", answersLost[cancelled], cancelled)
			}
			want := map[string]int{failed: 2, cancelled: 1, uploaded: 1, testIDs[0]: 1, testIDs[1]: 1}
			for id, n := range want {
				if calls[id] != n {
					t.Errorf("%s: handled %d times, want %d", id, calls[id], n)
				}
			}
			if len(calls) != len(want) {
				t.Errorf("handled %v, want %v", calls, want)
			}
			for _, id := range testIDs {
				if !tests[id] {
					t.Errorf("test event %s: Event.Test is false", id)
				}
			}
			if tests[uploaded] {
				t.Errorf("%s: a real event's Event.Test is true", uploaded)
			}
		})
	}
}
