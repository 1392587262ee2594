package api_test

// Benchmarks of the two API calls every event costs: creating the order
// (POST /v1/orders) and the operator's upload that emits stamp.uploaded
// (POST /v1/orders/{id}/upload), through the real handler, store (SQLite)
// and delivery engine. Requests go straight to the handler
// (httptest.NewRecorder), so the figures leave out the HTTP transport.
//
//	go test ./internal/api -run '^$' -bench . -benchtime 5000x

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

const benchOrderBody = `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}, "delivery_requested": true}`

func benchServe(b *testing.B, h http.Handler, method, path, token, body string, header map[string]string, want int) {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != want {
		b.Errorf("%s %s: %d %s", method, path, w.Code, w.Body.String())
	}
}

// BenchmarkCreateOrder is POST /v1/orders with 64 requests in flight
// (group commit), with and without an Idempotency-Key.
func BenchmarkCreateOrder(b *testing.B) {
	for _, idem := range []bool{false, true} {
		b.Run("idempotency-key="+strconv.FormatBool(idem), func(b *testing.B) {
			s := testenv.Start(b, testenv.SQLite(b), testenv.Options{})
			var n atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			b.SetParallelism(32)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					var h map[string]string
					if idem {
						h = map[string]string{"Idempotency-Key": "bench-" + strconv.FormatInt(n.Add(1), 10)}
					}
					benchServe(b, s.API, "POST", "/v1/orders", s.APIKey, benchOrderBody, h, http.StatusCreated)
				}
			})
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "orders/s")
		})
	}
}

// BenchmarkUpload is the operator's POST /v1/orders/{id}/upload with 64 in
// flight: the transition, the event and its fan-out in one group-committed
// transaction, and the hand-over to the engine, which delivers (to a
// loopback receiver answering 200) while the benchmark runs. The orders
// are created beforehand, outside the timer.
func BenchmarkUpload(b *testing.B) {
	for _, endpoints := range []int{0, 1, 10} {
		b.Run(fmt.Sprintf("endpoints=%d", endpoints), func(b *testing.B) {
			var arrived atomic.Int64
			rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				arrived.Add(1)
				w.WriteHeader(http.StatusOK)
			}))
			defer rcv.Close()
			s := testenv.Start(b, testenv.SQLite(b), testenv.Options{})
			for i := 0; i < endpoints; i++ {
				benchServe(b, s.API, "POST", "/v1/webhook_endpoints", s.APIKey,
					fmt.Sprintf(`{"url": %q, "events": ["stamp.uploaded"]}`, rcv.URL+"/hooks/"+strconv.Itoa(i)), nil, http.StatusCreated)
			}
			orders := benchOrders(b, s, b.N)
			var next atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			b.SetParallelism(32)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					id := orders[next.Add(1)-1]
					benchServe(b, s.API, "POST", "/v1/orders/"+id+"/upload", s.Operator, "", nil, http.StatusOK)
				}
			})
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
			// Let the engine finish, so the next benchmark starts on an idle machine.
			want := int64(b.N * endpoints)
			for deadline := time.Now().Add(time.Minute); arrived.Load() < want && time.Now().Before(deadline); {
				time.Sleep(5 * time.Millisecond)
			}
		})
	}
}

// benchOrders creates n PROCESSING orders directly in the store, 64 at a time.
func benchOrders(b *testing.B, s *testenv.Server, n int) []string {
	b.Helper()
	out := make([]string, n)
	var next atomic.Int64
	errs := make(chan error, 64)
	for range 64 {
		go func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					errs <- nil
					return
				}
				now := time.Now().UTC()
				o := store.Order{ID: ids.NewAt(ids.Order, now), AccountID: s.AccountID, Status: store.StatusProcessing,
					CreatedAt: now, UpdatedAt: now, Version: 1, DeliveryRequested: true,
					StampRequest: store.StampRequest{ID: ids.NewAt(ids.Stamp, now), State: "Assam", Amount: 1000, ArticleCode: "AS-RG-4", Provider: "SHCIL"}}
				if _, err := s.Store.CreateOrder(context.Background(), store.CreateOrderParams{Order: o, Now: now}); err != nil {
					errs <- err
					return
				}
				out[i] = o.ID
			}
		}()
	}
	for range 64 {
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
	}
	return out
}
