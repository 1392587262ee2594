package delivery_test

// Benchmarks of the engine's attempt path: lanes, signing, the egress
// client's POST to a loopback receiver, deciding and recording. Signing
// alone is benchmarked in package webhook.
//
//	go test ./internal/delivery -run '^$' -bench Engine -benchtime 20000x

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/delivery"
	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
)

// benchNullStore records nothing and never has work to claim: it isolates
// the engine's own cost from the database's. Any other store method panics.
type benchNullStore struct {
	store.Store
	recorded atomic.Int64
}

func (s *benchNullStore) Driver() string { return "null" }
func (s *benchNullStore) ClaimDeliveries(context.Context, store.ClaimParams) ([]store.Work, error) {
	return nil, nil
}
func (s *benchNullStore) RecordResults(_ context.Context, r []store.Result) error {
	for _, res := range r {
		if !strings.HasPrefix(res.DeliveryID, "dlv_warm") {
			s.recorded.Add(1)
		}
	}
	return nil
}

const benchPayload = `{"id":"evt_01kd3qbbz5d1m6q0v1b6p8w0xg","type":"stamp.uploaded","created_at":"2026-01-15T10:30:00.000Z","data":{"order":{"id":"order_01kd3qbbz5d1m6q0v1b6p8w0xg","status":"COMPLETED","created_at":"2026-01-15T10:29:58.112Z"},"stamp_request":{"id":"stamp_01kd3qbbz5d1m6q0v1b6p8w0xg","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"}}}`

// BenchmarkEngineAttempt hands the engine b.N leased deliveries (as the API
// does after a commit) and waits until the receiver has answered all of
// them and the engine has recorded every outcome. ns/op is the wall time
// per delivery with PerEndpoint (16) attempts in flight per endpoint.
func BenchmarkEngineAttempt(b *testing.B) {
	for _, st := range []string{"null", "sqlite"} {
		for _, endpoints := range []int{1, 10} {
			b.Run(fmt.Sprintf("store=%s/endpoints=%d", st, endpoints), func(b *testing.B) {
				benchEngine(b, st, endpoints)
			})
		}
	}
}

// benchReleaseCounter counts the deliveries the engine gives back (to be
// claimed again): the benchmark hands its work to the engine directly and
// no claim finds it again, so one given back would never arrive.
type benchReleaseCounter struct {
	store.Store
	released atomic.Int64
}

func (s *benchReleaseCounter) RecordResults(ctx context.Context, r []store.Result) error {
	for _, res := range r {
		if res.Outcome == store.OutcomeReleased {
			s.released.Add(1)
		}
	}
	return s.Store.RecordResults(ctx, r)
}

func benchEngine(b *testing.B, storeKind string, endpoints int) {
	var got, warm atomic.Int64
	done := make(chan struct{})
	target := int64(b.N)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusOK)
		if strings.HasPrefix(r.URL.Path, "/warm/") {
			warm.Add(1)
			return
		}
		if got.Add(1) == target {
			close(done)
		}
	}))
	defer rcv.Close()

	var st store.Store
	null := &benchNullStore{}
	switch storeKind {
	case "null":
		st = null
	case "sqlite":
		s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		st = s
	}
	counter := &benchReleaseCounter{Store: st}
	client := egress.NewClient(egress.Options{AllowPrivate: true, Timeout: 10 * time.Second, MaxConnsPerHost: 64})
	eng := delivery.New(delivery.Config{Owner: "bench", Client: client, AllowInsecureURLs: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, counter)
	eng.Start(context.Background())

	now := time.Now()
	// A new lane sends at most its start window and gives back what it
	// holds past it (the API leases no more at insert; the rest is
	// claimed). Open every lane first, one delivery per endpoint at a
	// time, as an endpoint that has been answering has its lane open:
	// handed all of b.N at once, a new lane gave back all but a few, which
	// nothing here claims, and the benchmark waited two minutes for them
	// and failed.
	sent := 0
	for {
		open := true
		for e := range endpoints {
			open = open && delivery.LaneOpen(eng, "we_bench"+strconv.Itoa(e))
		}
		if open {
			break
		}
		if sent >= 64*endpoints {
			b.Fatalf("lanes not open after %d deliveries per endpoint", sent/endpoints)
		}
		round := make([]store.Work, endpoints)
		for e := range round {
			ep := "we_bench" + strconv.Itoa(e)
			round[e] = store.Work{
				DeliveryID: "dlv_warm" + strconv.Itoa(sent), AccountID: "acct_bench", EventID: "evt_warm" + strconv.Itoa(sent),
				EventType: "stamp.uploaded", EndpointID: ep, URL: rcv.URL + "/warm/" + ep,
				Secrets: []string{"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}, Payload: []byte(benchPayload),
				Attempt: 1, RoundAttempt: 1, LeaseOwner: "bench", LeaseUntil: now.Add(time.Hour), CreatedAt: now, EventCreated: now,
			}
			sent++
		}
		eng.Submit(round, false)
		for deadline := time.Now().Add(time.Minute); warm.Load() < int64(sent); {
			if time.Now().After(deadline) {
				b.Fatalf("only %d of %d warm-up deliveries arrived", warm.Load(), sent)
			}
			time.Sleep(time.Millisecond)
		}
	}
	if n := counter.released.Load(); n > 0 {
		b.Fatalf("the engine gave back %d warm-up deliveries", n)
	}
	work := make([]store.Work, b.N)
	for i := range work {
		ep := "we_bench" + strconv.Itoa(i%endpoints)
		work[i] = store.Work{
			DeliveryID: "dlv_bench" + strconv.Itoa(i), AccountID: "acct_bench", EventID: "evt_bench" + strconv.Itoa(i),
			EventType: "stamp.uploaded", EndpointID: ep, URL: rcv.URL + "/hooks/" + ep,
			Secrets: []string{"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}, Payload: []byte(benchPayload),
			Attempt: 1, RoundAttempt: 1, LeaseOwner: "bench", LeaseUntil: now.Add(time.Hour), CreatedAt: now, EventCreated: now,
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	// Hand work over in the API's unit (one event's deliveries at a time),
	// keeping at most 4096 outstanding as the engine's MaxInFlight would.
	for i := 0; i < len(work); i += endpoints {
		for int64(i)-got.Load() > 4096 {
			time.Sleep(50 * time.Microsecond)
		}
		eng.Submit(work[i:min(i+endpoints, len(work))], false)
	}
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		b.Fatalf("only %d of %d deliveries arrived (%d given back by the engine)", got.Load(), b.N, counter.released.Load())
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	eng.Stop(ctx) // records every outcome before it returns
	cancel()
	b.StopTimer()
	if storeKind == "null" && null.recorded.Load() != int64(b.N) {
		b.Fatalf("recorded %d of %d", null.recorded.Load(), b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "deliveries/s")
}
