package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/postgres"
	"github.com/esahayak/esahayak/internal/testenv"
)

// gatedReceiver answers /warm and /new at once and holds every request to
// /held until open is closed; it counts requests per path and the
// signatures each carried.
type gatedReceiver struct {
	*httptest.Server
	open     chan struct{}
	release  func() // opens the gate (once)
	mu       sync.Mutex
	byPath   map[string]int
	oneSig   atomic.Int64 // requests signed with one secret only
	multiSig atomic.Int64
}

func newGatedReceiver(t *testing.T) *gatedReceiver {
	g := &gatedReceiver{open: make(chan struct{}), byPath: map[string]int{}}
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		g.byPath[r.URL.Path]++
		g.mu.Unlock()
		if n := len(strings.Fields(r.Header.Get("webhook-signature"))); n == 1 {
			g.oneSig.Add(1)
		} else if n > 1 {
			g.multiSig.Add(1)
		}
		if r.URL.Path == "/held" {
			select {
			case <-g.open:
			case <-r.Context().Done():
			}
		}
		w.WriteHeader(http.StatusOK)
	}))
	g.release = sync.OnceFunc(func() { close(g.open) })
	t.Cleanup(func() { g.release(); g.Close() })
	return g
}

func (g *gatedReceiver) count(path string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.byPath[path]
}

// heldOptions are the options of a server whose attempts queueBehindHeldAttempts
// holds: attempts that never time out while the test runs. At the default
// 10 s, uploads slowed by a loaded machine outlasted the first held
// attempts, whose retries went to /held again before the PATCH and were
// counted as sent after it (4 of 4, with 36 at /new: 44 requests for 40
// deliveries).
func heldOptions(perEndpoint int) testenv.Options {
	return testenv.Options{PerEndpoint: perEndpoint, AttemptTimeout: 5 * time.Minute}
}

// queueBehindHeldAttempts gives an endpoint a lane that has measured it
// fast (so it queues deeply), points it at /held, and uploads n events:
// perEndpoint attempts hang there, the rest wait in the lane's queue.
func queueBehindHeldAttempts(t *testing.T, s *testenv.Server, rc *gatedReceiver, perEndpoint, n int) string {
	t.Helper()
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "`+rc.URL+`/warm"}`)
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	ep := testenv.JSON(t, b)["id"].(string)
	for range 30 {
		newEvent(t, s, "upload")
	}
	testenv.Eventually(t, 10*time.Second, "warm-up deliveries", func() bool { return rc.count("/warm") >= 30 })
	if st, b := s.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, s.APIKey, `{"url": "`+rc.URL+`/held"}`); st != 200 {
		t.Fatalf("patch to /held: %d %s", st, b)
	}
	for range n {
		newEvent(t, s, "upload")
	}
	testenv.Eventually(t, 10*time.Second, "attempts held", func() bool { return rc.count("/held") >= perEndpoint })
	return ep
}

// TestNewURLReachesQueuedDeliveries: once PATCH with a new url returns,
// deliveries the engine had already queued go to the new URL; only the
// attempts on the wire at that moment finish at the old one.
func TestNewURLReachesQueuedDeliveries(t *testing.T) {
	const perEndpoint, events = 4, 40
	eachStore(t, heldOptions(perEndpoint), func(t *testing.T, s *testenv.Server) {
		rc := newGatedReceiver(t)
		ep := queueBehindHeldAttempts(t, s, rc, perEndpoint, events)
		if st, b := s.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, s.APIKey, `{"url": "`+rc.URL+`/new"}`); st != 200 {
			t.Fatalf("patch to /new: %d %s", st, b)
		}
		rc.release()
		testenv.Eventually(t, 15*time.Second, "every delivery", func() bool { return rc.count("/held")+rc.count("/new") >= events })
		time.Sleep(200 * time.Millisecond) // nothing is awaited: a late request, if any, to the old URL
		if held := rc.count("/held"); held > perEndpoint {
			t.Errorf("%d requests went to the old URL after the PATCH returned; only the %d on the wire may (the new URL got %d)", held-perEndpoint, perEndpoint, rc.count("/new"))
		}
	})
}

// TestRotationReachesQueuedDeliveries: once rotate_secret returns, queued
// deliveries are signed with the new secret too (one signature per valid
// secret); only the attempts on the wire carry the old one alone.
func TestRotationReachesQueuedDeliveries(t *testing.T) {
	const perEndpoint, events = 4, 40
	eachStore(t, heldOptions(perEndpoint), func(t *testing.T, s *testenv.Server) {
		rc := newGatedReceiver(t)
		ep := queueBehindHeldAttempts(t, s, rc, perEndpoint, events)
		single := rc.oneSig.Load() // everything so far: warm-up and the held attempts
		if st, b := s.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/rotate_secret", s.APIKey, `{}`); st != 200 {
			t.Fatalf("rotate: %d %s", st, b)
		}
		rc.release()
		testenv.Eventually(t, 15*time.Second, "every delivery", func() bool { return rc.count("/held") >= events })
		time.Sleep(200 * time.Millisecond) // nothing is awaited: a late request, if any, signed with the old secret
		if late := rc.oneSig.Load() - single; late > 0 {
			t.Errorf("%d requests after the rotation were signed with the old secret only (%d with both)", late, rc.multiSig.Load())
		}
	})
}

// heardRefreshes is a PostgreSQL store that counts, per endpoint, the
// notifications of a new URL or secret its engine has acted on (its queue
// given back), as they arrive in commit order; and, under "", the times it
// listened again and its engine gave back all its queued work.
type heardRefreshes struct {
	*postgres.Store
	mu sync.Mutex
	n  map[string]int
}

func (h *heardRefreshes) ListenStatus(ctx context.Context, wake func(), status func(string, store.EndpointChange)) error {
	return h.Store.ListenStatus(ctx, wake, func(id string, c store.EndpointChange) {
		status(id, c)
		if c == store.EndpointRefreshed || c == store.EndpointsMissed {
			h.mu.Lock()
			h.n[id]++
			h.mu.Unlock()
		}
	})
}

func (h *heardRefreshes) heard(id string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n[id]
}

// TestNewURLReachesAnotherInstancesQueue: on PostgreSQL the PATCH may reach
// another instance than the one whose lane holds the work; a notification
// tells that one to claim its queue again.
func TestNewURLReachesAnotherInstancesQueue(t *testing.T) {
	const perEndpoint, events = 4, 40
	schema := testenv.NewSchema(t)
	o := heldOptions(perEndpoint)
	h := &heardRefreshes{Store: testenv.PostgresOn(t, schema).(*postgres.Store), n: map[string]int{}}
	a := testenv.Start(t, h, o)
	b := testenv.Start(t, testenv.PostgresOn(t, schema), o)
	rc := newGatedReceiver(t)
	ep := queueBehindHeldAttempts(t, a, rc, perEndpoint, events)
	// a has heard its own change to /held; the next is b's.
	testenv.Eventually(t, 10*time.Second, "the change to /held heard", func() bool { return h.heard(ep) == 1 })
	if st, body := b.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, a.APIKey, `{"url": "`+rc.URL+`/new"}`); st != 200 {
		t.Fatalf("patch to /new through the other instance: %d %s", st, body)
	}
	// The attempts on the wire when the PATCH returned: a's perEndpoint,
	// and b's own if b claimed some of the deliveries that a's lane had no
	// room to lease at insert (a loaded machine can leave a's lane not yet
	// measured fast, so it queues less): each instance has perEndpoint
	// slots. All of them wait at the gate, counted.
	onWire := rc.count("/held")
	// The notification's way to a (it slept 300 ms for it, which a loaded
	// machine could outlast: queued work then went to /held).
	testenv.Eventually(t, 15*time.Second, "the other instance's change heard", func() bool { return h.heard(ep) == 2 })
	rc.release()
	testenv.Eventually(t, 15*time.Second, "every delivery", func() bool { return rc.count("/held")+rc.count("/new") >= events })
	time.Sleep(200 * time.Millisecond) // nothing is awaited: a late request, if any, to the old URL
	if held := rc.count("/held"); held > onWire {
		t.Errorf("%d requests went to the old URL after the other instance's PATCH returned; only the %d on the wire may (the new URL got %d)", held-onWire, onWire, rc.count("/new"))
	}
}

// heldClaims holds a claim that found work after it committed (its work
// read and leased), until release: the window in which a PATCH can
// commit between a claim's read and its hand-over to the lane.
type heldClaims struct {
	store.Store
	armed   atomic.Bool
	claimed chan struct{}
	release chan struct{}
}

func (h *heldClaims) ClaimDeliveries(ctx context.Context, p store.ClaimParams) ([]store.Work, error) {
	work, err := h.Store.ClaimDeliveries(ctx, p)
	if len(work) > 0 && h.armed.CompareAndSwap(true, false) {
		close(h.claimed)
		<-h.release
	}
	return work, err
}

// TestNewURLReachesWorkClaimedBeforeIt: a retry claimed (with the old URL)
// just before a PATCH commits, and handed to its lane just after, is not
// sent to the old URL: its lease began before the change, so it is claimed
// again with the new one.
func TestNewURLReachesWorkClaimedBeforeIt(t *testing.T) {
	h := &heldClaims{Store: testenv.SQLite(t), claimed: make(chan struct{}), release: make(chan struct{})}
	s := testenv.Start(t, h, testenv.Options{Schedule: "200ms,200ms,200ms"})
	var old, fresh atomic.Int64
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			old.Add(1)
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		fresh.Add(1)
	}))
	t.Cleanup(rc.Close)
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "`+rc.URL+`/old"}`)
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	ep := testenv.JSON(t, b)["id"].(string)
	h.armed.Store(true)
	newEvent(t, s, "upload") // its first attempt fails; its retry is claimed and held
	select {
	case <-h.claimed:
	case <-time.After(10 * time.Second):
		t.Fatal("the retry was never claimed")
	}
	if st, b := s.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, s.APIKey, `{"url": "`+rc.URL+`/new"}`); st != 200 {
		t.Fatalf("patch: %d %s", st, b)
	}
	close(h.release)
	testenv.Eventually(t, 10*time.Second, "the retry at the new URL", func() bool { return fresh.Load() >= 1 })
	if n := old.Load(); n != 1 {
		t.Errorf("the old URL got %d requests; want only the first attempt, made before the PATCH", n)
	}
}

// TestMissedChangeReachesQueuedWork: on PostgreSQL an endpoint change made
// while an instance's notification connection is down never reaches it as
// a notification. When it listens again it gives its queued work back, and
// the claims that follow read the endpoint as it is: nothing queued goes to
// the old URL. (The change is written here straight into the database, so
// that no notification can reach the instance whatever the timing.)
func TestMissedChangeReachesQueuedWork(t *testing.T) {
	const perEndpoint, events = 4, 40
	schema := testenv.NewSchema(t)
	app := "missed_" + strings.ReplaceAll(schema, "-", "_")
	st, err := postgres.Open(context.Background(), testenv.PostgresDSN()+"&application_name="+app, postgres.Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h := &heardRefreshes{Store: st, n: map[string]int{}}
	s := testenv.Start(t, h, heldOptions(perEndpoint))
	rc := newGatedReceiver(t)
	ep := queueBehindHeldAttempts(t, s, rc, perEndpoint, events)

	ctx := context.Background()
	admin, err := pgx.Connect(ctx, testenv.PostgresURL(schema))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, `UPDATE endpoints SET url = $1 WHERE id = $2`, rc.URL+"/new", ep); err != nil {
		t.Fatal(err)
	}
	var pids []int32
	if err := admin.QueryRow(ctx, `SELECT coalesce(array_agg(pid) FILTER (WHERE pg_terminate_backend(pid)), '{}') FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'`, app).Scan(&pids); err != nil || len(pids) != 1 {
		t.Fatalf("terminated %d listening sessions (%v), want 1", len(pids), err)
	}
	// Listening again: 100 ms of delay, then a new connection, then the
	// queued work given back. A loaded machine can make that take longer
	// than a fixed wait (queued work then went to the old URL before the
	// instance knew to give it back): wait for the engine to have done it.
	testenv.Eventually(t, 15*time.Second, "the instance listening again and its queue given back", func() bool { return h.heard("") == 1 })
	rc.release()
	testenv.Eventually(t, 15*time.Second, "every delivery", func() bool { return rc.count("/held")+rc.count("/new") >= events })
	time.Sleep(200 * time.Millisecond) // nothing is awaited: a late request, if any, to the old URL
	if held := rc.count("/held"); held > perEndpoint {
		t.Errorf("%d queued deliveries went to the old URL after the instance listened again; only the %d on the wire may (the new URL got %d)", held-perEndpoint, perEndpoint, rc.count("/new"))
	}
}

// TestConcurrentChangesKeepTimesInOrder: concurrent changes of one endpoint
// are made one after another (on PostgreSQL each waits for the row's lock),
// and their times must follow that order: updated_at never goes back, and
// the retired secrets stay newest first, each expiring no later than the
// one retired after it. The clock was read before the wait.
func TestConcurrentChangesKeepTimesInOrder(t *testing.T) {
	eachStore(t, testenv.Options{}, func(t *testing.T, s *testenv.Server) {
		st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "https://example.com/h"}`)
		if st != 201 {
			t.Fatalf("create: %d %s", st, b)
		}
		ep := testenv.JSON(t, b)["id"].(string)
		const n = 30
		var wg sync.WaitGroup
		updated := make([]string, n)
		for i := range n {
			wg.Add(2)
			go func() {
				defer wg.Done()
				st, b := s.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, s.APIKey, fmt.Sprintf(`{"description": "d%d"}`, i))
				if st == 200 {
					updated[i] = testenv.JSON(t, b)["updated_at"].(string)
				} else {
					t.Errorf("PATCH: %d %s", st, b)
				}
			}()
			go func() {
				defer wg.Done()
				if st, b := s.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/rotate_secret", s.APIKey, nil); st != 200 {
					t.Errorf("rotate: %d %s", st, b)
				}
			}()
		}
		wg.Wait()
		_, b = s.Do(t, "GET", "/v1/webhook_endpoints/"+ep, s.APIKey, nil)
		last := testenv.JSON(t, b)["updated_at"].(string)
		for _, u := range updated {
			if u > last {
				t.Errorf("a PATCH answered updated_at %s, later than the endpoint's last, %s", u, last)
			}
		}
		_, b = s.Do(t, "GET", "/v1/webhook_endpoints/"+ep+"/secret", s.APIKey, nil)
		var sec struct {
			PreviousExpiresAt string `json:"previous_secret_expires_at"`
			Older             []struct {
				ExpiresAt string `json:"expires_at"`
			} `json:"older_secrets"`
		}
		if err := json.Unmarshal(b, &sec); err != nil || len(sec.Older) == 0 {
			t.Fatalf("secret: %v %s", err, b)
		}
		exp := []string{sec.PreviousExpiresAt}
		for _, o := range sec.Older {
			exp = append(exp, o.ExpiresAt)
		}
		for i := 1; i < len(exp); i++ {
			if exp[i] > exp[i-1] {
				t.Errorf("retired secrets not newest first: expiries %v", exp)
				break
			}
		}
	})
}

// TestTooManyListenersSaysWhenToRetry: the 21st open stream of an account
// is 429 too_many_listeners with a Retry-After, which `esahayak listen`
// waits for before it tries again.
func TestTooManyListenersSaysWhenToRetry(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	ls := s.NewListenSession(t, s.APIKey, `{}`)
	open := func() *http.Response {
		req, _ := http.NewRequest("GET", s.URL+"/v1/listen_sessions/"+ls+"/stream", nil)
		req.Header.Set("Authorization", "Bearer "+s.APIKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	for i := range 20 {
		if resp := open(); resp.StatusCode != 200 {
			t.Fatalf("stream %d: %d", i+1, resp.StatusCode)
		}
	}
	resp := open()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "5" {
		t.Fatalf("stream 21: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}
