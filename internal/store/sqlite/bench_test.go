package sqlite_test

// Benchmarks of the SQLite driver's hot paths: the order transition that
// writes an event and its fan-out, the claim of due deliveries, and the
// batched recording of attempt outcomes. Rows the benchmarks only read are
// seeded with plain SQL on a second connection, so a 1,000,000-delivery
// backlog takes seconds, not minutes.
//
//	go test ./internal/store/sqlite -run '^$' -bench . -benchtime 2s

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
)

const benchAccount = "acct_bench"

// benchDB is a store and a second, plain connection to the same file for seeding.
type benchDB struct {
	st   *sqlite.Store
	raw  *sql.DB
	path string
	base int64 // Unix µs that seeded times count from
}

func openBench(b testing.TB) *benchDB {
	b.Helper()
	path := filepath.Join(b.TempDir(), "bench.db")
	st, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		b.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	b.Cleanup(func() { raw.Close() })
	ctx := context.Background()
	now := time.Now().UTC()
	if err := st.CreateAccount(ctx, store.Account{ID: benchAccount, Name: "bench", CreatedAt: now}); err != nil {
		b.Fatal(err)
	}
	return &benchDB{st: st, raw: raw, path: path, base: now.Add(-24 * time.Hour).UnixMicro()}
}

func (d *benchDB) exec(b testing.TB, q string, args ...any) {
	b.Helper()
	if _, err := d.raw.Exec(q, args...); err != nil {
		b.Fatalf("%s: %v", q, err)
	}
}

// count is the number a SELECT COUNT(*) q answers.
func (d *benchDB) count(b testing.TB, q string, args ...any) int {
	b.Helper()
	var n int
	if err := d.raw.QueryRow(q, args...).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}

// endpoints creates n enabled endpoints subscribed to stamp.uploaded.
func (d *benchDB) endpoints(b testing.TB, prefix string, n int) []string {
	b.Helper()
	var ids []string
	now := time.Now().UTC()
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("we_%s%02d", prefix, i)
		err := d.st.CreateEndpoint(context.Background(), store.Endpoint{ID: id, AccountID: benchAccount, URL: "https://hooks.example.com/" + id,
			Events: []string{order.EventStampUploaded}, Status: store.EndpointEnabled, Secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
			CreatedAt: now, UpdatedAt: now}, 0)
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// seedOrders inserts n PROCESSING orders named order_<prefix><i>.
func (d *benchDB) seedOrders(b testing.TB, prefix string, n int) {
	d.exec(b, `INSERT INTO orders (id, account_id, status, created_at, updated_at, stamp_id, state, amount, article_code, provider, delivery_requested, version)
		WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ? - 1)
		SELECT 'order_' || ? || i, ?, 'PROCESSING', ?, ?, 'stamp_' || ? || i, 'Assam', 1000, 'AS-RG-4', 'SHCIL', 1, 1 FROM s`,
		n, prefix, benchAccount, d.base, d.base, prefix)
}

// payload is a representative stamp.uploaded body (the size the engine sends).
var payload = `{"id":"evt_01kd3qbbz5d1m6q0v1b6p8w0xg","type":"stamp.uploaded","created_at":"2026-01-15T10:30:00.000Z","data":{"order":{"id":"order_01kd3qbbz5d1m6q0v1b6p8w0xg","status":"COMPLETED","created_at":"2026-01-15T10:29:58.112Z"},"stamp_request":{"id":"stamp_01kd3qbbz5d1m6q0v1b6p8w0xg","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"}}}`

// seedEvents inserts n events evt_<i>.
func (d *benchDB) seedEvents(b testing.TB, n int) {
	d.exec(b, `INSERT INTO events (id, account_id, order_id, type, payload, created_at)
		WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ? - 1)
		SELECT 'evt_' || i, ?, NULL, 'stamp.uploaded', CAST(? AS BLOB), ? FROM s`, n, benchAccount, payload, d.base)
}

// seedDeliveries inserts n pending deliveries dlv_<prefix><i, 9 digits> to
// endpoint, due at base+dueFrom+i µs, each for one of the events
// evt_0…evt_<events-1>; leased to owner when owner is not empty. As with
// real (time-sortable) ids, the oldest due are the lowest ids.
func (d *benchDB) seedDeliveries(b testing.TB, prefix, endpoint string, n int, dueFrom int64, events int, owner string) {
	var lease any
	if owner != "" {
		lease = owner
	}
	d.exec(b, `INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, due_at, lease_owner, created_at, updated_at)
		WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ? - 1)
		SELECT 'dlv_' || ? || printf('%09d', i), ?, 'evt_' || (i % ?), 'stamp.uploaded', ?, 'pending', ? + i, ?, ?, ? FROM s`,
		n, prefix, benchAccount, events, endpoint, d.base+dueFrom, lease, d.base, d.base)
}

func upload(now time.Time) func(store.Order) (store.Transition, error) {
	return func(cur store.Order) (store.Transition, error) {
		return order.Apply(cur, order.Request{Move: order.MoveUpload, Actor: order.Operator, Now: now})
	}
}

var leaseAll = store.LeaseParams{Owner: "bench", Until: time.Now().Add(time.Hour), Reserve: func(string) bool { return true }}

// BenchmarkTransitionOrder is one upload: read the order, update it, write
// the event and one delivery per subscribed endpoint, leased to the local
// engine, all in one group-committed transaction. serial waits for each
// commit; parallel keeps 64 callers waiting (the API under load), so the
// writer commits many in one transaction.
func BenchmarkTransitionOrder(b *testing.B) {
	for _, endpoints := range []int{1, 10, 50} {
		for _, mode := range []string{"serial", "parallel64", "serial-lease-one", "parallel64-lease-one"} {
			if strings.HasSuffix(mode, "lease-one") && endpoints == 1 {
				continue
			}
			b.Run(fmt.Sprintf("endpoints=%d/%s", endpoints, mode), func(b *testing.B) {
				d := openBench(b)
				d.endpoints(b, "t", endpoints)
				d.seedOrders(b, "t", b.N)
				ctx := context.Background()
				var next atomic.Int64
				// *-lease-one leases only the first endpoint's delivery (the
				// others' lanes are full): a deferred fan-out.
				lease, wantWork := leaseAll, endpoints
				if strings.HasSuffix(mode, "lease-one") {
					lease = store.LeaseParams{Owner: "bench", Until: time.Now().Add(time.Hour),
						Reserve: func(ep string) bool { return ep == "we_t00" }, Dispatch: func([]store.Work) {}}
					wantWork = 0 // dispatched
				}
				one := func() {
					i := next.Add(1) - 1
					res, err := d.st.TransitionOrder(ctx, store.TransitionParams{OrderID: "order_t" + strconv.FormatInt(i, 10),
						Decide: upload(time.Now().UTC()), Lease: lease, Now: time.Now().UTC()})
					if err != nil {
						b.Error(err)
					} else if res.Deliveries != endpoints || len(res.Work) != wantWork {
						b.Errorf("deliveries = %d, work = %d; want %d and %d", res.Deliveries, len(res.Work), endpoints, wantWork)
					}
				}
				b.ReportAllocs()
				b.ResetTimer()
				if !strings.HasPrefix(mode, "parallel64") {
					for i := 0; i < b.N; i++ {
						one()
					}
				} else {
					b.SetParallelism(32)
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							one()
						}
					})
				}
				b.StopTimer()
				b.ReportMetric(float64(b.N*endpoints)/b.Elapsed().Seconds(), "deliveries/s")
			})
		}
	}
}

// BenchmarkClaimDeliveries claims 100 of a backlog of due deliveries. Each
// claim leases the 100 oldest and moves them to the back of the queue
// (their lease ends after every other due time but before "now"), so the
// backlog stays the same size however many claims run: the cost per claim
// must not depend on the backlog size (the partial index on
// endpoint_id, due_at).
//
// skip-oldest puts the whole backlog on an endpoint the claimer skips (its
// lane is full: a slow or held endpoint) and 10,000 due deliveries of a
// healthy endpoint behind it: the claim must find the healthy ones.
func BenchmarkClaimDeliveries(b *testing.B) {
	for _, backlog := range []int{10_000, 100_000, 1_000_000} {
		for _, variant := range []string{"all-claimable", "skip-oldest"} {
			if testing.Short() && backlog > 10_000 {
				continue
			}
			b.Run(fmt.Sprintf("backlog=%d/%s/limit=100", backlog, variant), func(b *testing.B) {
				d := openBench(b)
				eps := d.endpoints(b, "c", 2)
				d.seedEvents(b, 10_000)
				var room func(string) int
				if variant == "all-claimable" {
					d.seedDeliveries(b, "c", eps[0], backlog, 0, 10_000, "")
				} else {
					d.seedDeliveries(b, "s", eps[1], backlog, 0, 10_000, "")
					d.seedDeliveries(b, "c", eps[0], 10_000, int64(backlog), 10_000, "")
					room = func(id string) int {
						if id == eps[1] {
							return 0
						}
						return 100
					}
				}
				d.exec(b, `ANALYZE`)
				ctx := context.Background()
				now := time.UnixMicro(d.base + 1e12)
				tail := d.base + int64(2*backlog) + 10_000
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					work, err := d.st.ClaimDeliveries(ctx, store.ClaimParams{Owner: "bench", Now: now,
						LeaseUntil: time.UnixMicro(tail + int64(i)), Limit: 100, Room: room})
					if err != nil {
						b.Fatal(err)
					}
					if len(work) != 100 || work[0].URL == "" || len(work[0].Payload) == 0 {
						b.Fatalf("claimed %d (want 100, with URL and payload)", len(work))
					}
				}
				b.StopTimer()
				b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "claims/s")
			})
		}
	}
}

// BenchmarkRecordResults records 100 attempt outcomes in one call: 100
// attempt rows with their headers, 100 delivery updates, the endpoint's
// health.
func BenchmarkRecordResults(b *testing.B) {
	for _, outcome := range []string{"succeeded", "retry"} {
		b.Run(outcome+"/batch=100", func(b *testing.B) {
			d := openBench(b)
			eps := d.endpoints(b, "r", 1)
			d.seedEvents(b, 100)
			d.seedDeliveries(b, "r", eps[0], b.N*100, 0, 100, "bench")
			ctx := context.Background()
			batch := make([]store.Result, 100)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now().UTC()
				for j := range batch {
					id := fmt.Sprintf("dlv_r%09d", i*100+j)
					a := &store.Attempt{ID: "att_" + strconv.Itoa(i*100+j), DeliveryID: id, AccountID: benchAccount, EndpointID: eps[0],
						EventID: "evt_" + strconv.Itoa(j), Number: 1, StartedAt: start, Duration: 1200 * time.Microsecond,
						RequestHeaders: requestHeaders, ResponseStatus: 200, ResponseHeaders: responseHeaders, Succeeded: true}
					// The lease seedDeliveries wrote: due_at base+n.
					r := store.Result{DeliveryID: id, EndpointID: eps[0], LeaseOwner: "bench", LeaseUntil: time.UnixMicro(d.base + int64(i*100+j)),
						RoundAttempt: 1, Attempt: a,
						Outcome: store.OutcomeSucceeded}
					if outcome == "retry" {
						a.ResponseStatus, a.Succeeded, a.Error, a.ErrorKind = 503, false, "HTTP 503 (a 2xx status is required)", "http_status"
						r.Outcome, r.NextAttemptAt = store.OutcomeRetry, start.Add(5*time.Second)
					}
					batch[j] = r
				}
				if err := d.st.RecordResults(ctx, batch); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "results/s")
		})
	}
}

var requestHeaders = map[string]string{
	"Content-Type": "application/json", "User-Agent": "eSahayak-Webhooks/1.0", "X-eSahayak-Event": "stamp.uploaded",
	"X-eSahayak-Delivery": "evt_01kd3qbbz5d1m6q0v1b6p8w0xg", "X-eSahayak-Attempt": "1", "webhook-id": "evt_01kd3qbbz5d1m6q0v1b6p8w0xg",
	"webhook-timestamp": "1768473000", "webhook-signature": "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
}

var responseHeaders = map[string]string{"Date": "Thu, 15 Jan 2026 10:30:00 GMT", "Content-Length": "0"}

// BenchmarkEndpointStats is the dashboard's overview card of one endpoint
// over 24 hours, with 1,200 attempts of its own among 120,000 of the
// account (100 endpoints, a day of steady traffic).
func BenchmarkEndpointStats(b *testing.B) {
	d := openBench(b)
	eps := d.endpoints(b, "st", 100)
	for i, ep := range eps {
		d.exec(b, `INSERT INTO attempts (id, delivery_id, account_id, endpoint_id, event_id, number, started_at, duration_us,
			request_headers, response_status, response_headers, response_body, error, error_kind, succeeded)
			WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 1199)
			SELECT 'att_' || ? || '_' || i, 'dlv_' || ? || '_' || i, ?, ?, 'evt_' || i, 1 + (i % 3 = 0), ? + i * 60000000, 1000 + (i * 7919) % 50000,
			'{}', 200, '{}', X'', '', '', i % 10 <> 0 FROM s`, i, i, benchAccount, ep, d.base+int64(i))
	}
	since := time.UnixMicro(d.base).UTC()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st, err := d.st.EndpointStats(context.Background(), benchAccount, eps[i%len(eps)], since)
		if err != nil || st.Attempts != 1200 || st.P50 == 0 {
			b.Fatalf("stats = %+v, %v", st, err)
		}
	}
}
