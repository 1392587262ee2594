package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
	"github.com/esahayak/esahayak/internal/store/storetest"
)

// The tests run against a real PostgreSQL: ESAHAYAK_TEST_POSTGRES, or the
// local default. Every store gets a schema of its own, dropped at the end,
// so concurrent runs on one database never see each other's rows.

func testDSN() string {
	if v := os.Getenv("ESAHAYAK_TEST_POSTGRES"); v != "" {
		return v
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// redactedDSN is testDSN without its password, for messages.
func redactedDSN() string {
	if u, err := url.Parse(testDSN()); err == nil && u.Scheme != "" {
		return u.Redacted()
	}
	return "(the DSN in ESAHAYAK_TEST_POSTGRES)"
}

var (
	reachOnce sync.Once
	reachErr  error
)

// requirePostgres fails the test when PostgreSQL is unreachable (a skipped
// conformance run would hide the very bugs it is there to find), except
// with -short, where it skips.
func requirePostgres(tb testing.TB) {
	tb.Helper()
	reachOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, testDSN())
		if err != nil {
			reachErr = err
			return
		}
		reachErr = conn.Ping(ctx)
		conn.Close(ctx)
	})
	if reachErr == nil {
		return
	}
	if testing.Short() {
		tb.Skipf("PostgreSQL at %s is unreachable; skipped with -short: %v", redactedDSN(), reachErr)
	}
	tb.Fatalf("PostgreSQL at %s is unreachable: %v\n"+
		"The PostgreSQL driver's tests need a real server: start one (scripts/test.sh does), "+
		"point ESAHAYAK_TEST_POSTGRES at one, or run with -short to skip them.", redactedDSN(), reachErr)
}

// newSchemaName returns a fresh schema name and drops that schema when tb ends.
func newSchemaName(tb testing.TB) string {
	tb.Helper()
	var b [8]byte
	rand.Read(b[:])
	name := "t_" + hex.EncodeToString(b[:])
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, testDSN())
		if err != nil {
			tb.Logf("drop schema %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{name}.Sanitize()+" CASCADE"); err != nil {
			tb.Logf("drop schema %s: %v", name, err)
		}
	})
	return name
}

// openTest opens a store on schema, or on a fresh one when schema is empty.
func openTest(tb testing.TB, schema string) *Store {
	tb.Helper()
	requirePostgres(tb)
	if schema == "" {
		schema = newSchemaName(tb)
	}
	s, err := Open(context.Background(), testDSN(), Options{Schema: schema})
	if err != nil {
		tb.Fatalf("open postgres: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTest(t, "") })
}

func TestConcurrentOpenMigratesOnce(t *testing.T) {
	requirePostgres(t)
	schema := newSchemaName(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(context.Background(), testDSN(), Options{Schema: schema, MaxConns: 2})
			if err != nil {
				errs <- err
				return
			}
			s.Close()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent open: %v", err)
	}
	s := openTest(t, schema)
	var n int
	if err := s.pool.QueryRow(context.Background(), `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	files, err := fs.Glob(migrations, "migrations/*.sql")
	must(t, err)
	if n != len(files) {
		t.Fatalf("schema_migrations has %d rows, want %d (one per migration)", n, len(files))
	}
}

// Without Options.Schema the tables go to the connection's search_path (as
// set in the DSN, say).
func TestSchemaFromDSN(t *testing.T) {
	requirePostgres(t)
	ctx := context.Background()
	schema := newSchemaName(t)
	conn, err := pgx.Connect(ctx, testDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(testDSN())
	if err != nil {
		t.Skipf("ESAHAYAK_TEST_POSTGRES is not a URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	s, err := Open(ctx, u.String(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.CreateAccount(ctx, store.Account{ID: ids.New(ids.Account), Name: "x", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM "+schema+".accounts").Scan(&n); err != nil || n != 1 {
		t.Fatalf("accounts in %s: %d, %v", schema, n, err)
	}
}

// TestOpenRefusesDSNWithoutDatabase: a DSN that names no database is
// refused before connecting; PostgreSQL would have used the user's name
// (root, postgres) and set up the tables there. PGDATABASE names one.
// Open is given only loopback port 1, where nothing listens: without the
// check it must not reach a database.
func TestOpenRefusesDSNWithoutDatabase(t *testing.T) {
	t.Setenv("PGDATABASE", "")
	ctx := context.Background()
	// Only CheckDSN, which never connects, is given a DSN with no host:
	// it is the local server's.
	if err := CheckDSN("postgres://"); !errors.Is(err, ErrNoDatabase) {
		t.Errorf(`CheckDSN("postgres://"): %v; want ErrNoDatabase`, err)
	}
	for _, dsn := range []string{
		"postgres://postgres@127.0.0.1:1",
		"postgres://postgres@127.0.0.1:1/",
		"postgresql://postgres@127.0.0.1:1/?sslmode=disable",
		"host=127.0.0.1 port=1 user=postgres",
	} {
		s, err := Open(ctx, dsn, Options{})
		if s != nil {
			s.Close()
		}
		var dsnErr *DSNError
		if !errors.As(err, &dsnErr) || !errors.Is(err, ErrNoDatabase) {
			t.Errorf("Open(%q): %v; want ErrNoDatabase as a *DSNError", dsn, err)
		}
		if err := CheckDSN(dsn); !errors.Is(err, ErrNoDatabase) {
			t.Errorf("CheckDSN(%q): %v; want ErrNoDatabase", dsn, err)
		}
	}
	for _, dsn := range []string{"postgres://postgres@127.0.0.1:1/esahayak", "host=127.0.0.1 port=1 dbname=esahayak", "postgres://127.0.0.1:1/?dbname=esahayak"} {
		if err := CheckDSN(dsn); err != nil {
			t.Errorf("CheckDSN(%q): %v; want nil", dsn, err)
		}
	}
	t.Setenv("PGDATABASE", "esahayak")
	if err := CheckDSN("postgres://postgres@127.0.0.1:1"); err != nil {
		t.Errorf("with PGDATABASE set: %v; want nil", err)
	}
}

var base = time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func newAccount(tb testing.TB, s store.Store) string {
	tb.Helper()
	id := ids.New(ids.Account)
	must(tb, s.CreateAccount(context.Background(), store.Account{ID: id, Name: "test", CreatedAt: base}))
	return id
}

func newEndpoint(tb testing.TB, s store.Store, account string) store.Endpoint {
	tb.Helper()
	e := store.Endpoint{
		ID: ids.New(ids.Endpoint), AccountID: account, URL: "https://example.test/hook", Events: order.EventTypes,
		Status: store.EndpointEnabled, Secret: "whsec_dGVzdHNlY3JldA", CreatedAt: base, UpdatedAt: base,
	}
	must(tb, s.CreateEndpoint(context.Background(), e, 0))
	return e
}

// upload creates an order of account and uploads it, which emits an event
// to every endpoint of the account.
func upload(tb testing.TB, s store.Store, account string, lease store.LeaseParams) store.TransitionResult {
	tb.Helper()
	ctx := context.Background()
	o := store.Order{
		ID: ids.New(ids.Order), AccountID: account, Status: store.StatusProcessing, CreatedAt: base, UpdatedAt: base,
		StampRequest: store.StampRequest{ID: ids.New(ids.Stamp), State: "Goa", Amount: 50, ArticleCode: "GA-1", Provider: "SHCIL"}, Version: 1,
	}
	_, err := s.CreateOrder(ctx, store.CreateOrderParams{Order: o, Now: base})
	must(tb, err)
	res, err := s.TransitionOrder(ctx, store.TransitionParams{OrderID: o.ID, Now: base, Lease: lease,
		Decide: func(cur store.Order) (store.Transition, error) {
			return order.Apply(cur, order.Request{Move: order.MoveUpload, Actor: order.Operator, Now: base})
		}})
	must(tb, err)
	return res
}

func waitWake(t *testing.T, wakes <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-wakes:
	case <-time.After(10 * time.Second):
		t.Fatalf("no wake-up after %s", what)
	}
}

func drain(wakes <-chan struct{}) {
	for {
		select {
		case <-wakes:
		default:
			return
		}
	}
}

func TestListen(t *testing.T) {
	s := openTest(t, "")
	a := newAccount(t, s)
	newEndpoint(t, s, a)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wakes := make(chan struct{}, 64)
	done := make(chan error, 1)
	go func() {
		done <- s.Listen(ctx, func() {
			select {
			case wakes <- struct{}{}:
			default:
			}
		})
	}()
	waitWake(t, wakes, "starting to listen")

	// A transition that writes a due delivery wakes the listener.
	drain(wakes)
	upload(t, s, a, store.LeaseParams{})
	waitWake(t, wakes, "a transition")

	// So does a delivery made due again.
	drain(wakes)
	res := upload(t, s, a, store.LeaseParams{Owner: "me", Until: base.Add(time.Minute), Reserve: func(string) bool { return true }})
	if len(res.Work) != 1 {
		t.Fatalf("leased work = %d", len(res.Work))
	}
	drain(wakes)
	if n, err := s.ReleaseLeases(ctx, "me", base); err != nil || n != 1 {
		t.Fatalf("ReleaseLeases = %d, %v", n, err)
	}
	waitWake(t, wakes, "releasing a lease")

	// The connection is lost: Listen reconnects, wakes once (what was sent
	// meanwhile is lost), and keeps relaying.
	pid := s.listenPID.Load()
	var killed bool
	must(t, s.pool.QueryRow(ctx, `SELECT pg_terminate_backend($1)`, int32(pid)).Scan(&killed))
	if !killed {
		t.Fatalf("could not terminate the listener's backend %d", pid)
	}
	deadline := time.Now().Add(10 * time.Second)
	for s.listenPID.Load() == pid {
		if time.Now().After(deadline) {
			t.Fatal("Listen did not reconnect")
		}
		time.Sleep(10 * time.Millisecond)
	}
	waitWake(t, wakes, "reconnecting")
	drain(wakes)
	upload(t, s, a, store.LeaseParams{})
	waitWake(t, wakes, "a transition after reconnecting")

	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Listen returned %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Listen did not return after its context ended")
	}
}

func TestTryLeader(t *testing.T) {
	ctx := context.Background()
	schema := newSchemaName(t)
	s1, s2 := openTest(t, schema), openTest(t, schema)

	held, rel1, err := s1.TryLeader(ctx)
	must(t, err)
	if !held {
		t.Fatal("first TryLeader did not get leadership")
	}
	defer rel1()
	if held, rel, err := s2.TryLeader(ctx); err != nil || held {
		t.Fatalf("second instance: held=%v err=%v", held, err)
	} else {
		rel() // a no-op, but never nil
	}
	if held, _, _ := s1.TryLeader(ctx); held {
		t.Fatal("a second session of the same instance got leadership too")
	}
	// Another schema (another deployment) elects on its own.
	other := openTest(t, "")
	held, relOther, err := other.TryLeader(ctx)
	must(t, err)
	if !held {
		t.Fatal("leadership in one schema blocked another schema")
	}
	relOther()

	// Released: someone else can take it at once.
	rel1()
	rel1() // twice is fine
	held, rel2, err := s2.TryLeader(ctx)
	must(t, err)
	if !held {
		t.Fatal("leadership not free after release")
	}
	defer rel2()

	if !s2.StillLeader(ctx) || s1.StillLeader(ctx) {
		t.Fatalf("StillLeader: leader %v, other %v; want true, false", s2.StillLeader(ctx), s1.StillLeader(ctx))
	}

	// The leader's connection is lost: the lock goes with it, and the
	// leader can tell (before another instance runs maintenance beside it).
	var killed bool
	must(t, s1.pool.QueryRow(ctx, `SELECT pg_terminate_backend($1)`, int32(s2.leaderPID.Load())).Scan(&killed))
	stillDeadline := time.Now().Add(10 * time.Second)
	for s2.StillLeader(ctx) {
		if time.Now().After(stillDeadline) {
			t.Fatal("StillLeader says true after the leader's connection was terminated")
		}
		time.Sleep(20 * time.Millisecond)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		held, rel, err := s1.TryLeader(ctx)
		must(t, err)
		if held {
			rel()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("leadership not free after the leader's connection was lost")
		}
		time.Sleep(20 * time.Millisecond)
	}
	rel2() // on a dead connection: must not hang or panic
}

// RecordResults applies a batch in a fixed number of statements; results
// for one delivery that appear several times in one batch must still be
// applied in order, as SQLite applies them one by one. Compare both drivers
// on the same batches.
func TestRecordResultsOrderWithinBatchMatchesSQLite(t *testing.T) {
	ctx := context.Background()
	lite, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ref.db"), sqlite.Options{})
	must(t, err)
	defer lite.Close()
	pg := openTest(t, "")

	now := base.Add(time.Second)
	next := now.Add(time.Minute)
	att := func(w store.Work, ok bool, status int) *store.Attempt {
		return &store.Attempt{ID: ids.New(ids.Attempt), DeliveryID: w.DeliveryID, AccountID: w.AccountID, EndpointID: w.EndpointID,
			EventID: w.EventID, Number: w.Attempt, StartedAt: now, Duration: time.Millisecond, ResponseStatus: status, Succeeded: ok}
	}
	res := func(w store.Work, owner string, o store.Outcome, a *store.Attempt) store.Result {
		return store.Result{DeliveryID: w.DeliveryID, EndpointID: w.EndpointID, LeaseOwner: owner, LeaseUntil: w.LeaseUntil, Outcome: o, RoundAttempt: w.RoundAttempt, NextAttemptAt: next, Attempt: a}
	}
	batches := map[string]func(w store.Work) []store.Result{
		"retry then success": func(w store.Work) []store.Result {
			return []store.Result{res(w, "A", store.OutcomeRetry, att(w, false, 500)), res(w, "A", store.OutcomeSucceeded, att(w, true, 200))}
		},
		"success then stale failure": func(w store.Work) []store.Result {
			return []store.Result{res(w, "A", store.OutcomeSucceeded, att(w, true, 200)), res(w, "A", store.OutcomeFailed, att(w, false, 500))}
		},
		"retry then park": func(w store.Work) []store.Result {
			return []store.Result{res(w, "A", store.OutcomeRetry, att(w, false, 503)), res(w, "A", store.OutcomeParked, nil)}
		},
		"park then retry": func(w store.Work) []store.Result {
			return []store.Result{res(w, "A", store.OutcomeParked, nil), res(w, "A", store.OutcomeRetry, att(w, false, 503))}
		},
		"release then fail": func(w store.Work) []store.Result {
			return []store.Result{res(w, "A", store.OutcomeReleased, nil), res(w, "A", store.OutcomeFailed, att(w, false, 410))}
		},
		"other owner fails, owner retries": func(w store.Work) []store.Result {
			return []store.Result{res(w, "B", store.OutcomeFailed, att(w, false, 500)), res(w, "A", store.OutcomeRetry, att(w, false, 502)),
				res(w, "A", store.OutcomeRetry, att(w, false, 504))}
		},
	}
	type outcome struct {
		Status                  string
		Attempts, RoundAttempts int
		NextAttemptAt           string
		LastStatusCode          int
		LastError               string
		Claimable               bool
	}
	run := func(s store.Store, batch func(store.Work) []store.Result) outcome {
		a := newAccount(t, s)
		e := newEndpoint(t, s, a)
		upload(t, s, a, store.LeaseParams{})
		ws, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "A", Now: now, LeaseUntil: now.Add(time.Minute), Limit: 10})
		must(t, err)
		if len(ws) != 1 {
			t.Fatalf("claimed %d", len(ws))
		}
		must(t, s.RecordResults(ctx, batch(ws[0])))
		d, err := s.GetDelivery(ctx, a, ws[0].DeliveryID)
		must(t, err)
		again, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "C", Now: next.Add(time.Hour), LeaseUntil: next.Add(2 * time.Hour), Limit: 10,
			Room: func(string) int { return 10 }})
		must(t, err)
		_ = e
		var nextAt string
		if d.NextAttemptAt != nil {
			nextAt = d.NextAttemptAt.Format(time.RFC3339Nano)
		}
		return outcome{d.Status, d.Attempts, d.RoundAttempts, nextAt, d.LastStatusCode, d.LastError, len(again) == 1}
	}
	for name, batch := range batches {
		want, got := run(lite, batch), run(pg, batch)
		if fmt.Sprint(want) != fmt.Sprint(got) {
			t.Errorf("%s:\n sqlite   %+v\n postgres %+v", name, want, got)
		}
	}
}

// RecordResults plans its statements once per connection: the endpoint
// health statement's custom plan always looked cheaper than its generic
// one, and PostgreSQL planned it again for every batch (about 1 ms of its
// CPU each). The setting that prevents it ends with the transaction.
func TestRecordResultsPlansOnce(t *testing.T) {
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(testDSN())
	must(t, err)
	requirePostgres(t)
	s, err := openConfig(ctx, cfg, Options{Schema: newSchemaName(t), MaxConns: 1})
	must(t, err)
	defer s.Close()
	a := newAccount(t, s)
	newEndpoint(t, s, a)
	lease := store.LeaseParams{Owner: "A", Until: base.Add(time.Minute), Reserve: func(string) bool { return true }}
	const batches = 10
	for i := range batches {
		ws := upload(t, s, a, lease).Work
		if len(ws) != 1 {
			t.Fatalf("upload %d leased %d deliveries", i, len(ws))
		}
		w := ws[0]
		must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: w.DeliveryID, EndpointID: w.EndpointID, LeaseOwner: w.LeaseOwner, LeaseUntil: w.LeaseUntil,
			Outcome: store.OutcomeSucceeded, RoundAttempt: w.RoundAttempt, Attempt: &store.Attempt{ID: ids.New(ids.Attempt),
				DeliveryID: w.DeliveryID, AccountID: w.AccountID, EndpointID: w.EndpointID, EventID: w.EventID, Number: w.Attempt,
				StartedAt: base, ResponseStatus: 200, Succeeded: true}}}))
	}
	var generic, custom int64
	var mode string
	must(t, s.pool.QueryRow(ctx, `SELECT generic_plans, custom_plans, current_setting('plan_cache_mode') FROM pg_prepared_statements WHERE statement = $1`,
		qEndpointHealth).Scan(&generic, &custom, &mode))
	if generic+custom != batches || custom != 0 {
		t.Errorf("endpoint health: %d generic and %d custom plans in %d batches; want every one generic", generic, custom, batches)
	}
	if mode != "auto" {
		t.Errorf("plan_cache_mode = %s after the batches; want auto (the setting is the transaction's)", mode)
	}
}

// Response bodies and error messages come from the network: invalid UTF-8
// and NUL bytes must not make a batch of results fail.
func TestRecordResultsUnusualBytes(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "")
	a := newAccount(t, s)
	newEndpoint(t, s, a)
	upload(t, s, a, store.LeaseParams{})
	now := base.Add(time.Second)
	ws, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "A", Now: now, LeaseUntil: now.Add(time.Minute), Limit: 1})
	must(t, err)
	w := ws[0]
	body := "caf\xe9 \x00 \xff\xfe half of \xe2\x82"
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: w.DeliveryID, EndpointID: w.EndpointID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil,
		Outcome: store.OutcomeRetry, RoundAttempt: 1, NextAttemptAt: now.Add(time.Minute), Attempt: &store.Attempt{
			ID: ids.New(ids.Attempt), DeliveryID: w.DeliveryID, AccountID: a, EndpointID: w.EndpointID, EventID: w.EventID,
			Number: 1, StartedAt: now, ResponseStatus: 500, ResponseBody: body, Error: "bad \x00 \xff",
			ResponseHeaders: map[string]string{"X-Odd": "\x00\xff"},
		}}}))
	atts, err := s.ListAttempts(ctx, a, w.DeliveryID)
	must(t, err)
	if len(atts) != 1 || atts[0].ResponseBody != body {
		t.Fatalf("attempts = %+v", atts)
	}
}

// countingConn counts the writes on a connection: with pgx buffering every
// message of a query or batch until it waits for the answer, one write is
// one round trip.
type countingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c countingConn) Write(b []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(b)
}

// The hot paths cost the round trips the package documentation promises.
func TestRoundTrips(t *testing.T) {
	requirePostgres(t)
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(testDSN())
	must(t, err)
	var writes atomic.Int64
	var d net.Dialer
	cfg.ConnConfig.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return countingConn{c, &writes}, nil
	}
	// One connection, so that the statements prepared while warming up
	// are the ones measured, and no liveness ping on acquiring it.
	cfg.ShouldPing = func(context.Context, pgxpool.ShouldPingParams) bool { return false }
	s, err := openConfig(ctx, cfg, Options{Schema: newSchemaName(t), MaxConns: 1})
	must(t, err)
	defer s.Close()
	// The sweep of held deliveries (held.go) runs beside the claims, on
	// the one connection: once, with the first claim, and not again here.
	s.heldSweepForTest = time.Hour
	a := newAccount(t, s)
	newEndpoint(t, s, a)
	newEndpoint(t, s, a)
	reserve := func(string) bool { return true }
	lease := store.LeaseParams{Owner: "A", Until: base.Add(time.Minute), Reserve: func(id string) bool { return reserve(id) }}
	record := func(ws []store.Work) error {
		var rs []store.Result
		for i, w := range ws {
			out := store.OutcomeSucceeded
			if i%2 == 1 {
				out = store.OutcomeRetry
			}
			rs = append(rs, store.Result{DeliveryID: w.DeliveryID, EndpointID: w.EndpointID, LeaseOwner: w.LeaseOwner, LeaseUntil: w.LeaseUntil, Outcome: out,
				RoundAttempt: w.RoundAttempt, NextAttemptAt: base.Add(time.Hour), Attempt: &store.Attempt{ID: ids.New(ids.Attempt),
					DeliveryID: w.DeliveryID, AccountID: w.AccountID, EndpointID: w.EndpointID, EventID: w.EventID, Number: w.Attempt,
					StartedAt: base, ResponseStatus: 200, Succeeded: out == store.OutcomeSucceeded}})
		}
		return s.RecordResults(ctx, rs)
	}
	claim := func() []store.Work {
		ws, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "B", Now: base.Add(time.Second), LeaseUntil: base.Add(time.Minute), Limit: 10})
		must(t, err)
		return ws
	}
	// Warm up: pgx prepares each statement on its first use on a connection.
	for _, first := range []bool{true, false} {
		reserve = func(string) bool { return first }
		res := upload(t, s, a, lease)
		must(t, record(res.Work))
		must(t, record(claim()))
	}
	for s.sweeps.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	rounds := func(what string, want int64, f func()) {
		t.Helper()
		before := writes.Load()
		f()
		if got := writes.Load() - before; got != want {
			t.Errorf("%s: %d round trips, want %d", what, got, want)
		}
	}
	var o store.Order
	rounds("CreateOrder", 1, func() {
		o = store.Order{ID: ids.New(ids.Order), AccountID: a, Status: store.StatusProcessing, CreatedAt: base, UpdatedAt: base,
			StampRequest: store.StampRequest{ID: ids.New(ids.Stamp), State: "Goa", Amount: 50, ArticleCode: "GA-1", Provider: "SHCIL"}, Version: 1}
		_, err := s.CreateOrder(ctx, store.CreateOrderParams{Order: o, Now: base})
		must(t, err)
	})
	reserve = func(string) bool { return false }
	rounds("TransitionOrder", 2, func() {
		_, err := s.TransitionOrder(ctx, store.TransitionParams{OrderID: o.ID, Now: base, Lease: lease,
			Decide: func(cur store.Order) (store.Transition, error) {
				return order.Apply(cur, order.Request{Move: order.MoveUpload, Actor: order.Operator, Now: base})
			}})
		must(t, err)
	})
	var ws []store.Work
	// Which endpoints have due work, then the claim of what Room allows.
	rounds("ClaimDeliveries", 2, func() { ws = claim() })
	if len(ws) != 2 {
		t.Fatalf("claimed %d", len(ws))
	}
	rounds("RecordResults", 1, func() { must(t, record(ws)) })
}

// seedDue writes n due deliveries of account to endpoints straight in SQL
// (the API path costs a transaction per event), with ids after from.
func seedDue(tb testing.TB, s *Store, account string, endpoints []string, from, n int) {
	tb.Helper()
	ctx := context.Background()
	payload := []byte(`{"type":"stamp.uploaded","data":{"id":"order_x"}}`)
	_, err := s.pool.Exec(ctx, `INSERT INTO events (id, account_id, type, payload, created_at)
		SELECT 'evt_' || lpad(g::text, 12, '0'), $1, 'stamp.uploaded', $2, $3 FROM generate_series($4::int + 1, $4::int + $5::int) g`,
		account, payload, base, from, n)
	must(tb, err)
	_, err = s.pool.Exec(ctx, `INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, due_at, created_at, updated_at)
		SELECT 'dlv_' || lpad(g::text, 12, '0'), $1, 'evt_' || lpad(g::text, 12, '0'), 'stamp.uploaded',
			($2::text[])[1 + g % cardinality($2::text[])], 'pending', $3, $3, $3
		FROM generate_series($4::int + 1, $4::int + $5::int) g`, account, endpoints, base, from, n)
	must(tb, err)
	_, err = s.pool.Exec(ctx, `ANALYZE deliveries`)
	must(tb, err)
}

func benchStore(b testing.TB, n int) (*Store, string, []string) {
	s := openTest(b, "")
	a := newAccount(b, s)
	var eps []string
	for range 20 {
		eps = append(eps, newEndpoint(b, s, a).ID)
	}
	seedDue(b, s, a, eps, 0, n)
	return s, a, eps
}

// BenchmarkClaim claims 100 deliveries out of a queue of N due ones, spread
// over 20 endpoints. Each claim's leases have run out by the next, so the
// queue never empties. In the full-lanes variant the claimer has room for
// one endpoint only (the others' lanes are full): the claim must cost the
// same, not read the others' due rows.
func BenchmarkClaim(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		for _, variant := range []string{"all-room", "full-lanes"} {
			b.Run(fmt.Sprintf("N=%d/%s", n, variant), func(b *testing.B) {
				s, _, eps := benchStore(b, n)
				var room func(string) int
				if variant == "full-lanes" {
					room = func(id string) int {
						if id == eps[len(eps)-1] {
							return 100
						}
						return 0
					}
				}
				ctx := context.Background()
				now := base.Add(time.Second)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					now = now.Add(2 * time.Minute)
					ws, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "bench", Now: now, LeaseUntil: now.Add(time.Minute), Limit: 100, Room: room})
					if err != nil {
						b.Fatal(err)
					}
					if len(ws) != 100 {
						b.Fatalf("claimed %d", len(ws))
					}
				}
				b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "deliveries/s")
			})
		}
	}
}

// BenchmarkRecordResults records 100 results (a mix of successes, retries
// and failures, with their attempts) out of a queue of N deliveries.
func BenchmarkRecordResults(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			s, a, eps := benchStore(b, n)
			ctx := context.Background()
			now := base.Add(time.Second)
			seeded := n
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				now = now.Add(2 * time.Minute)
				ws, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "bench", Now: now, LeaseUntil: now.Add(time.Minute), Limit: 100})
				if err != nil {
					b.Fatal(err)
				}
				if len(ws) < 100 {
					seedDue(b, s, a, eps, seeded, n)
					seeded += n
					i--
					continue
				}
				results := make([]store.Result, len(ws))
				for j, w := range ws {
					out, ok, status := store.OutcomeRetry, false, 503
					switch j % 4 {
					case 0:
						out, ok, status = store.OutcomeSucceeded, true, 200
					case 1:
						out = store.OutcomeFailed
					}
					results[j] = store.Result{DeliveryID: w.DeliveryID, EndpointID: w.EndpointID, LeaseOwner: "bench", LeaseUntil: w.LeaseUntil, Outcome: out,
						RoundAttempt: w.RoundAttempt, NextAttemptAt: now.Add(time.Second), Attempt: &store.Attempt{
							ID: ids.New(ids.Attempt), DeliveryID: w.DeliveryID, AccountID: w.AccountID, EndpointID: w.EndpointID,
							EventID: w.EventID, Number: w.Attempt, StartedAt: now, Duration: 40 * time.Millisecond,
							RequestHeaders: map[string]string{"Content-Type": "application/json", "Webhook-Id": w.EventID},
							ResponseStatus: status, ResponseHeaders: map[string]string{"Content-Type": "text/plain"},
							ResponseBody: "ok", Succeeded: ok,
						}}
				}
				b.StartTimer()
				if err := s.RecordResults(ctx, results); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "results/s")
		})
	}
}

// TestUnavailable: errors of reaching PostgreSQL are "unavailable" (the
// API answers 503), errors of the statement are not.
func TestUnavailable(t *testing.T) {
	var s *Store
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	_, connErr := pgx.Connect(context.Background(), "postgres://postgres@"+addr+"/test?sslmode=disable&connect_timeout=2")
	if connErr == nil {
		t.Fatal("connected to a closed port")
	}
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("list orders: %w", connErr), true},
		{&pgconn.PgError{Code: "57P01"}, true},  // admin_shutdown
		{&pgconn.PgError{Code: "53300"}, true},  // too_many_connections
		{&pgconn.PgError{Code: "08006"}, true},  // connection_failure
		{&pgconn.PgError{Code: "53100"}, true},  // disk_full
		{&pgconn.PgError{Code: "58030"}, true},  // io_error
		{&pgconn.PgError{Code: "25006"}, true},  // read_only_sql_transaction (a standby)
		{&pgconn.PgError{Code: "42501"}, true},  // insufficient_privilege (privileges revoked)
		{&pgconn.PgError{Code: "42P01"}, true},  // undefined_table (a table renamed or dropped)
		{&pgconn.PgError{Code: "55P03"}, true},  // lock_not_available (lock_timeout)
		{&pgconn.PgError{Code: "57014"}, true},  // query_canceled (statement_timeout)
		{&pgconn.PgError{Code: "25P03"}, true},  // idle_in_transaction_session_timeout (a frozen instance)
		{&pgconn.PgError{Code: "40P01"}, true},  // deadlock_detected
		{&pgconn.PgError{Code: "40001"}, true},  // serialization_failure
		{&pgconn.PgError{Code: "23505"}, false}, // unique_violation
		{&pgconn.PgError{Code: "22P02"}, false}, // invalid_text_representation
		{store.ErrNotFound, false},
		{errors.New("something else"), false},
	} {
		if got := s.Unavailable(tc.err); got != tc.want {
			t.Errorf("Unavailable(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// TestNewerSchemaIsRefused: a database a later release has migrated is
// refused at Open, not run by a binary that does not know its rows.
func TestNewerSchemaIsRefused(t *testing.T) {
	schema := newSchemaName(t)
	s := openTest(t, schema)
	ctx := context.Background()
	if _, err := s.pool.Exec(ctx, `INSERT INTO schema_migrations (version) VALUES (9999)`); err != nil {
		t.Fatal(err)
	}
	_, err := Open(ctx, testDSN(), Options{Schema: schema})
	if !errors.Is(err, store.ErrSchemaNewer) || !strings.Contains(err.Error(), "9999") {
		t.Fatalf("opening a database migrated by a later release: %v; want ErrSchemaNewer naming 9999", err)
	}
}

// TestMigrationKeepsOneAttemptPerNumber: a database written before
// attempt numbers were unique may hold two attempts of one number (a late
// success beside the other sender's attempt); the migration keeps the
// succeeded one, else the first, and then the index holds.
func TestMigrationKeepsOneAttemptPerNumber(t *testing.T) {
	schema := newSchemaName(t)
	s := openTest(t, schema)
	ctx := context.Background()
	for _, q := range []string{
		`DELETE FROM schema_migrations WHERE version = 7`,
		`DROP INDEX attempts_delivery`,
		`CREATE INDEX attempts_delivery ON attempts (delivery_id, number)`,
	} {
		if _, err := s.pool.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []struct {
		id, delivery string
		number       int
		ok           bool
	}{{"att_1", "dlv_a", 1, false}, {"att_2", "dlv_a", 1, true}, {"att_3", "dlv_a", 2, false}, {"att_4", "dlv_b", 1, true}, {"att_5", "dlv_b", 1, true}, {"att_6", "dlv_c", 1, false}, {"att_7", "dlv_c", 1, false}} {
		if _, err := s.pool.Exec(ctx, `INSERT INTO attempts (id, delivery_id, account_id, endpoint_id, event_id, number, started_at, duration_us,
			request_headers, response_status, response_headers, response_body, error, error_kind, succeeded)
			VALUES ($1, $2, 'acct_x', 'we_x', 'evt_x', $3, now(), 0, '{}', 200, '{}', '', '', '', $4)`, a.id, a.delivery, a.number, a.ok); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s = openTest(t, schema)
	rows, err := s.pool.Query(ctx, `SELECT id FROM attempts ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	kept, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"att_2", "att_3", "att_4", "att_6"}; !slices.Equal(kept, want) {
		t.Fatalf("attempts after the migration: %v; want %v", kept, want)
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO attempts (id, delivery_id, account_id, endpoint_id, event_id, number, started_at, duration_us,
			request_headers, response_status, response_headers, response_body, error, error_kind, succeeded)
			VALUES ('att_8', 'dlv_a', 'acct_x', 'we_x', 'evt_x', 2, now(), 0, '{}', 200, '{}', '', '', '', true)`); err == nil {
		t.Fatal("a second attempt #2 of dlv_a was accepted after the migration")
	}
}

// TestPruneSparesADeliveryRetriedMeanwhile: a retry that commits after
// Prune read its candidates (here it holds the delivery's row while Prune
// runs) leaves its event and delivery in place: the delivery waits, and
// nothing waiting is pruned.
func TestPruneSparesADeliveryRetriedMeanwhile(t *testing.T) {
	s := openTest(t, "")
	ctx := context.Background()
	a := newAccount(t, s)
	newEndpoint(t, s, a)
	res := upload(t, s, a, store.LeaseParams{})
	now := base.Add(time.Second)
	ws, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "A", Now: now, LeaseUntil: now.Add(time.Minute), Limit: 10})
	must(t, err)
	if len(ws) != 1 {
		t.Fatalf("claimed %d", len(ws))
	}
	w := ws[0]
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: w.DeliveryID, EndpointID: w.EndpointID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil, Outcome: store.OutcomeSucceeded,
		RoundAttempt: 1, Attempt: &store.Attempt{ID: ids.New(ids.Attempt), DeliveryID: w.DeliveryID, AccountID: a, EndpointID: w.EndpointID,
			EventID: w.EventID, Number: 1, StartedAt: now, Duration: time.Millisecond, ResponseStatus: 200, Succeeded: true}}}))

	// A retry in progress: it holds the row, and commits once Prune waits.
	tx, err := s.pool.Begin(ctx)
	must(t, err)
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT id FROM deliveries WHERE id = $1 FOR UPDATE`, w.DeliveryID); err != nil {
		t.Fatal(err)
	}
	pruned := make(chan error, 1)
	go func() {
		_, err := s.Prune(ctx, time.Now().Add(time.Hour), 100)
		pruned <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var waiting int
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%event_id = ANY%'`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("Prune never waited for the delivery's row")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := tx.Exec(ctx, `UPDATE deliveries SET status = 'pending', due_at = $2, next_attempt_at = NULL WHERE id = $1`, w.DeliveryID, now); err != nil {
		t.Fatal(err)
	}
	must(t, tx.Commit(ctx))
	must(t, <-pruned)
	d, err := s.GetDelivery(ctx, a, w.DeliveryID)
	if err != nil {
		t.Fatalf("the delivery retried while Prune ran was pruned: %v", err)
	}
	if d.Status != store.DeliveryPending {
		t.Fatalf("delivery %s, want pending", d.Status)
	}
	if _, err := s.GetEvent(ctx, a, res.Event.ID); err != nil {
		t.Fatalf("the event of a waiting delivery was pruned: %v", err)
	}
}

// TestLateSuccessesInOppositeOrders: two instances record successes of the
// same attempts at once (one was paused past its leases, the other sent
// them again), their batches in opposite orders. Each insert of an attempt
// number the other holds waits for it: in any order but one, they would
// deadlock.
func TestLateSuccessesInOppositeOrders(t *testing.T) {
	s := openTest(t, "")
	ctx := context.Background()
	a := newAccount(t, s)
	newEndpoint(t, s, a)
	const n = 2000
	for range n {
		upload(t, s, a, store.LeaseParams{})
	}
	now := base.Add(time.Second)
	first, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "A", Now: now, LeaseUntil: now.Add(time.Minute), Limit: n})
	must(t, err)
	later := now.Add(2 * time.Minute)
	again, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "B", Now: later, LeaseUntil: later.Add(time.Minute), Limit: n})
	must(t, err)
	if len(first) != n || len(again) != n {
		t.Fatalf("claimed %d, then %d; want %d twice", len(first), len(again), n)
	}
	results := func(ws []store.Work, owner string, at time.Time) []store.Result {
		var rs []store.Result
		for _, w := range ws {
			rs = append(rs, store.Result{DeliveryID: w.DeliveryID, EndpointID: w.EndpointID, LeaseOwner: owner, LeaseUntil: w.LeaseUntil, Outcome: store.OutcomeSucceeded,
				RoundAttempt: 1, Attempt: &store.Attempt{ID: ids.New(ids.Attempt), DeliveryID: w.DeliveryID, AccountID: a, EndpointID: w.EndpointID,
					EventID: w.EventID, Number: w.Attempt, StartedAt: at, Duration: time.Millisecond, ResponseStatus: 200, Succeeded: true}})
		}
		return rs
	}
	slices.SortFunc(first, func(x, y store.Work) int { return strings.Compare(x.DeliveryID, y.DeliveryID) })
	slices.SortFunc(again, func(x, y store.Work) int { return strings.Compare(y.DeliveryID, x.DeliveryID) })
	var wg sync.WaitGroup
	errs := make([]error, 2)
	start := make(chan struct{})
	for i, rs := range [][]store.Result{results(first, "A", now), results(again, "B", later)} {
		wg.Go(func() {
			<-start
			errs[i] = s.RecordResults(ctx, rs)
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("instance %d: %v", i, err)
		}
	}
}

// Connections run with sequential scans priced out and JIT off (README,
// Operations).
func TestSessionSettings(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "")
	var seqscan, jit string
	must(t, s.pool.QueryRow(ctx, `SELECT current_setting('enable_seqscan'), current_setting('jit')`).Scan(&seqscan, &jit))
	if seqscan != "off" || jit != "off" {
		t.Errorf("enable_seqscan = %s, jit = %s; want off, off", seqscan, jit)
	}
	// The DSN's own value wins, as a key or in options.
	for _, extra := range []string{"&jit=on&enable_seqscan=on", "&options=-c%20jit%3Don%20-c%20enable_seqscan%3Don"} {
		schema := newSchemaName(t)
		o, err := Open(ctx, testDSN()+extra, Options{Schema: schema})
		if err != nil {
			t.Fatalf("open with %s: %v", extra, err)
		}
		must(t, o.pool.QueryRow(ctx, `SELECT current_setting('enable_seqscan'), current_setting('jit')`).Scan(&seqscan, &jit))
		o.Close()
		if seqscan != "on" || jit != "on" {
			t.Errorf("with %s: enable_seqscan = %s, jit = %s; want on, on", extra, seqscan, jit)
		}
	}
}

// A database set to force generic plans does not give them to the claim,
// whose generic plan reads whole primary keys on a large table; the
// DSN's own value still wins.
func TestPlanCacheModeStaysAuto(t *testing.T) {
	requirePostgres(t)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, testDSN())
	must(t, err)
	name := newSchemaName(t) // a fresh name; here a database's
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close(ctx)
		t.Skipf("cannot create a database as %s (a database-level setting needs one): %v", redactedDSN(), err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		defer admin.Close(ctx)
		if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	_, err = admin.Exec(ctx, "ALTER DATABASE "+name+" SET plan_cache_mode = force_generic_plan")
	must(t, err)
	u, err := url.Parse(testDSN())
	must(t, err)
	u.Path = "/" + name
	base := u.Query()
	for query, want := range map[string]string{
		"":                                  "auto",
		"plan_cache_mode=force_custom_plan": "force_custom_plan",
		"options=-c plan-cache-mode=force_custom_plan": "force_custom_plan",
	} {
		v := maps.Clone(base)
		if key, value, ok := strings.Cut(query, "="); ok {
			v.Set(key, value)
		}
		u.RawQuery = strings.ReplaceAll(v.Encode(), "+", "%20") // pgx reads no + as a space
		s, err := Open(ctx, u.String(), Options{})
		if err != nil {
			t.Fatalf("open the database with %q: %v", query, err)
		}
		var mode string
		err = s.pool.QueryRow(ctx, `SELECT current_setting('plan_cache_mode')`).Scan(&mode)
		s.Close()
		must(t, err)
		if mode != want {
			t.Errorf("with %q in the DSN: plan_cache_mode = %s, want %s", query, mode, want)
		}
	}
}

// A pooled connection that the server ended does not make Ping (the
// /healthz check) fail while the database answers.
func TestPingSurvivesATerminatedConnection(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "")
	for i := 0; i < 5; i++ {
		var pid int32
		must(t, s.pool.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid))
		killer, err := pgx.Connect(ctx, testDSN())
		if err != nil {
			t.Fatal(err)
		}
		var killed bool
		must(t, killer.QueryRow(ctx, `SELECT pg_terminate_backend($1)`, pid).Scan(&killed))
		killer.Close(ctx)
		if !killed {
			t.Fatalf("could not terminate %d", pid)
		}
		if err := s.Ping(ctx); err != nil {
			t.Fatalf("Ping after a pooled connection was terminated (round %d): %v", i+1, err)
		}
	}
}

// TestConnectFailuresSayWhatToDo: a first connection that fails is named
// as such (not as a failed migration), with what to do about it.
func TestConnectFailuresSayWhatToDo(t *testing.T) {
	requirePostgres(t)
	u, err := url.Parse(testDSN())
	if err != nil {
		t.Fatal(err)
	}
	missing := *u
	missing.Path = fmt.Sprintf("/esahayak_no_such_database_%x", time.Now().UnixNano())
	refused := *u
	refused.Host = "127.0.0.1:1" // nothing listens on loopback port 1
	for dsn, want := range map[string]string{
		missing.String(): "the database does not exist: create it first",
		refused.String(): "is PostgreSQL running",
	} {
		_, err := Open(context.Background(), dsn, Options{})
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "connect to postgres:") {
			t.Errorf("Open(%s) = %v; want it to say %q", dsn, err, want)
		}
	}
}

// Disabling an endpoint does not wait for deliveries another transaction
// holds (an instance's claim or record of that endpoint's backlog): it
// parks the rest at once, and a claim that later finds a skipped one due
// parks it instead of leasing it.
func TestDisableSkipsLockedDeliveries(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "")
	a := newAccount(t, s)
	ep := newEndpoint(t, s, a)
	seedDue(t, s, a, []string{ep.ID}, 0, 50)
	// Another transaction holds one delivery, as a record batch would.
	holder, err := s.pool.Begin(ctx)
	must(t, err)
	defer holder.Rollback(ctx)
	const held = "dlv_000000000007"
	_, err = holder.Exec(ctx, `SELECT id FROM deliveries WHERE id = $1 FOR UPDATE`, held)
	must(t, err)
	dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, err = s.UpdateEndpoint(dctx, a, ep.ID, func(e *store.Endpoint) error {
		e.Status = store.EndpointDisabled
		return nil
	})
	if err != nil {
		t.Fatalf("disable beside a held delivery: %v (it waited for the holder)", err)
	}
	var due []string
	rows, err := s.pool.Query(ctx, `SELECT id FROM deliveries WHERE endpoint_id = $1 AND due_at IS NOT NULL`, ep.ID)
	must(t, err)
	for rows.Next() {
		var id string
		must(t, rows.Scan(&id))
		due = append(due, id)
	}
	must(t, rows.Err())
	if len(due) != 1 || due[0] != held {
		t.Fatalf("still due after the disable: %v, want only the held %s", due, held)
	}
	must(t, holder.Rollback(ctx))
	ws, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "i1", Now: base.Add(time.Hour), LeaseUntil: base.Add(time.Hour + time.Minute), Limit: 10})
	must(t, err)
	for _, w := range ws {
		if w.DeliveryID == held {
			t.Fatalf("the disabled endpoint's delivery %s was leased by a claim", held)
		}
	}
	var dueAt *time.Time
	must(t, s.pool.QueryRow(ctx, `SELECT due_at FROM deliveries WHERE id = $1`, held).Scan(&dueAt))
	if dueAt != nil {
		t.Fatalf("the claim left %s due at %v, want it parked", held, dueAt)
	}
}

// A statement the database cancels for its lock_timeout or
// statement_timeout (an operator's setting, here in the DSN) while another
// session holds a lock is the database's busy state, as SQLITE_BUSY is:
// unavailable (the API's 503 with Retry-After), not a 500.
func TestTimeoutsSetOnTheDatabaseAreUnavailable(t *testing.T) {
	requirePostgres(t)
	ctx := context.Background()
	schema := newSchemaName(t)
	account := newAccount(t, openTest(t, schema))
	for _, setting := range []string{"lock_timeout", "statement_timeout"} {
		t.Run(setting, func(t *testing.T) {
			u, err := url.Parse(testDSN())
			must(t, err)
			q := u.Query()
			q.Set(setting, "200ms")
			u.RawQuery = q.Encode()
			s, err := Open(ctx, u.String(), Options{Schema: schema})
			must(t, err)
			defer s.Close()
			holder, err := pgx.Connect(ctx, testDSN())
			must(t, err)
			defer holder.Close(ctx)
			tx, err := holder.Begin(ctx)
			must(t, err)
			defer tx.Rollback(ctx)
			_, err = tx.Exec(ctx, "LOCK TABLE "+pgx.Identifier{schema, "orders"}.Sanitize()+" IN ACCESS EXCLUSIVE MODE")
			must(t, err)
			_, _, err = s.ListOrders(ctx, store.ListOrdersParams{ListParams: store.ListParams{AccountID: account, Limit: 10}})
			if err == nil {
				t.Fatal("listing orders locked by another session succeeded")
			}
			if !s.Unavailable(err) {
				t.Errorf("Unavailable(%v) = false; want true (the API answers 503, not 500)", err)
			}
		})
	}
}
