// Package testenv gives tests real parts to run against: a fresh SQLite
// file, a fresh schema on the real PostgreSQL, and a real HTTP server
// running the API and the delivery engine on loopback. Nothing here is a
// mock; it only saves each test the wiring.
package testenv

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/backoff"
	"github.com/esahayak/esahayak/internal/delivery"
	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/postgres"
	"github.com/esahayak/esahayak/internal/store/sqlite"
	"github.com/esahayak/esahayak/internal/testenv/loopback"
)

// PostgresDSN is the database the tests use: ESAHAYAK_TEST_POSTGRES or the local default.
func PostgresDSN() string {
	if v := os.Getenv("ESAHAYAK_TEST_POSTGRES"); v != "" {
		return v
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// SQLite opens a store on a new file in t's temporary directory.
func SQLite(t testing.TB) store.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "esahayak.db"), sqlite.Options{})
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// NoDNS resolves from /etc/hosts only (localhost) and sends no DNS query:
// tests create endpoints with names such as example.com, and the engine
// must not look those up. Any name the machine does not know fails at
// once, as a DNS error in the attempt log.
var NoDNS = &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
	return nil, errors.New("testenv: tests send no DNS queries")
}}

// NewSchema creates an empty schema on the test PostgreSQL and drops it
// when t ends, so concurrent test runs never see each other's rows.
// PostgreSQL being unreachable fails the test: a skipped conformance run
// would hide exactly the bugs it exists to find.
func NewSchema(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("PostgreSQL tests are skipped with -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, PostgresDSN())
	if err != nil {
		t.Fatalf("PostgreSQL at %s is unreachable (set ESAHAYAK_TEST_POSTGRES, or run the README's test command, which starts it): %v", PostgresDSN(), err)
	}
	defer conn.Close(ctx)
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, PostgresDSN())
		if err != nil {
			return
		}
		defer c.Close(ctx)
		c.Exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
	})
	return schema
}

// PostgresURL returns a DSN that selects schema (for child processes).
func PostgresURL(schema string) string {
	dsn := PostgresDSN()
	sep := "?"
	if bytes.ContainsRune([]byte(dsn), '?') {
		sep = "&"
	}
	return dsn + sep + "search_path=" + schema
}

// Postgres opens a store on a new schema of the test PostgreSQL.
func Postgres(t testing.TB) store.Store {
	t.Helper()
	schema := NewSchema(t)
	s, err := postgres.Open(context.Background(), PostgresDSN(), postgres.Options{Schema: schema})
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// PostgresOn opens another store on an existing schema (see NewSchema), as
// a second instance sharing the database would.
func PostgresOn(t testing.TB, schema string) store.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), PostgresDSN(), postgres.Options{Schema: schema})
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Stores lists both drivers, for tests that must hold on each.
func Stores() map[string]func(testing.TB) store.Store {
	return map[string]func(testing.TB) store.Store{"sqlite": SQLite, "postgres": Postgres}
}

// Options shape a test server.
type Options struct {
	AllowInsecureURLs bool   // default true: receivers in tests are http on loopback
	Secure            bool   // set to keep https-only and the private-address guard on
	OperatorToken     string // default "op-token"
	Schedule          string // default "200ms,400ms"
	AttemptTimeout    time.Duration
	// Lease is how long the engine's claims and insert leases last (0: the
	// engine's default, 60 s; it raises a value under AttemptTimeout + 5 s).
	Lease             time.Duration
	PerEndpoint       int
	Proxy             string
	AutoDisableAfter  time.Duration
	MaintenanceEvery  time.Duration
	Retention         time.Duration // prune finished events older than this (0: never)
	MaxEndpoints      int           // per account (0: no limit)
	MaxListenSessions int           // open ones per account (0: no limit)
	Poll              time.Duration // the claimer's fallback interval; default 100ms
	MaxInFlight       int           // deliveries the engine holds at most (0: its default)
	RequestTimeout    time.Duration // each API request's deadline (0: the API's 20 s)
	// ResponseWriteTimeout: how long a client may leave an answer unread (0: the API's 10 s)
	ResponseWriteTimeout time.Duration
	MissedScanLimit      int // events one recover with include_missed reads (0: the API's 50,000)
}

// Server is a running API + engine on loopback.
type Server struct {
	URL       string
	Store     store.Store
	Engine    *delivery.Engine
	API       *api.Server
	Registry  *prometheus.Registry
	AccountID string
	APIKey    string
	Operator  string
}

// Start runs the API and the engine on st until t ends.
func Start(t testing.TB, st store.Store, o Options) *Server {
	t.Helper()
	if o.OperatorToken == "" {
		o.OperatorToken = "op-token"
	}
	if o.Schedule == "" {
		o.Schedule = "200ms,400ms"
	}
	if o.AttemptTimeout == 0 {
		o.AttemptTimeout = 10 * time.Second
	}
	if o.Poll == 0 {
		o.Poll = 100 * time.Millisecond
	}
	sched, err := backoff.ParseSchedule(o.Schedule)
	if err != nil {
		t.Fatal(err)
	}
	insecure := !o.Secure
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("ESAHAYAK_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	reg := prometheus.NewRegistry()
	eo := egress.Options{AllowPrivate: insecure, Timeout: o.AttemptTimeout, Resolver: NoDNS}
	if o.Proxy != "" {
		eo.Proxy = mustURL(t, o.Proxy)
	}
	var b [4]byte
	rand.Read(b[:])
	engine := delivery.New(delivery.Config{Owner: "test-" + hex.EncodeToString(b[:]), Schedule: sched, Client: egress.NewClient(eo), AllowInsecureURLs: insecure,
		Timeout: o.AttemptTimeout, Lease: o.Lease, PerEndpoint: o.PerEndpoint, MaxInFlight: o.MaxInFlight, Log: log, Metrics: delivery.NewMetrics(reg), Poll: o.Poll}, st)
	ctx, cancel := context.WithCancel(context.Background())
	engine.Start(ctx)
	if o.AutoDisableAfter > 0 || o.MaintenanceEvery > 0 || o.Retention > 0 {
		engine.StartMaintenance(delivery.MaintenanceConfig{Interval: o.MaintenanceEvery, AutoDisableAfter: o.AutoDisableAfter, Retention: o.Retention})
	}
	a := api.New(api.Config{OperatorToken: o.OperatorToken, AllowInsecureURLs: insecure, Version: "test", MaxEndpointsPerAccount: o.MaxEndpoints,
		MaxListenSessionsPerAccount: o.MaxListenSessions,
		RequestTimeout:              o.RequestTimeout, ResponseWriteTimeout: o.ResponseWriteTimeout, MissedScanLimit: o.MissedScanLimit}, st, engine, log)
	a.MountMetrics(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	hs := serveAPI(a)
	t.Cleanup(func() {
		hs.Close()
		sctx, scancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer scancel()
		engine.Stop(sctx)
		cancel()
	})
	s := &Server{URL: hs.URL, Store: st, Engine: engine, API: a, Registry: reg, Operator: o.OperatorToken}
	s.AccountID, s.APIKey = s.NewAccount(t)
	return s
}

// serveAPI starts a test server for a as serve runs it: with
// api.GuardFraming, so that a connection that carried an ambiguous
// request (Content-Length and Transfer-Encoding) is closed after it.
func serveAPI(a *api.Server) *httptest.Server {
	hs := httptest.NewUnstartedServer(a)
	hs.Listener = api.GuardFraming(hs.Config, hs.Listener)
	hs.Start()
	return hs
}

func mustURL(t testing.TB, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// NewAccount creates another account and returns its id and API key.
func (s *Server) NewAccount(t testing.TB) (string, string) {
	t.Helper()
	acct, key, err := api.CreateAccount(context.Background(), s.Store, "test", time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	return acct.ID, key
}

// NewListenSession opens a listen session for the account of key with the
// request body body (`{}` for every event type) and returns its id; any
// answer but 201 ends the test.
func (s *Server) NewListenSession(t testing.TB, key string, body any) string {
	t.Helper()
	st, b := s.Do(t, "POST", "/v1/listen_sessions", key, body)
	if st != 201 {
		t.Fatalf("create listen session %v: %d %s", body, st, b)
	}
	return JSON(t, b)["id"].(string)
}

// Do sends a request with bearer token key; body may be nil, a string/[]byte
// (sent as is) or any value (JSON-encoded). It returns status and body.
func (s *Server) Do(t testing.TB, method, path, key string, body any) (int, []byte) {
	t.Helper()
	return DoHeaders(t, method, s.URL+path, key, body, nil)
}

// DoHeaders is Do with extra request headers and a full URL.
func DoHeaders(t testing.TB, method, url, key string, body any, h map[string]string) (int, []byte) {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = bytes.NewReader([]byte(b))
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

// JSON decodes b into a map, failing t on error.
func JSON(t testing.TB, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("response is not a JSON object: %v\n%s", err, b)
	}
	return m
}

// Eventually polls cond every 20ms until it holds or timeout passes.
func Eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// StartNoOperator runs a bare API (no engine) on st with no operator token configured.
func StartNoOperator(t testing.TB, st store.Store) *Server {
	t.Helper()
	a := api.New(api.Config{AllowInsecureURLs: true, Version: "test"}, st, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	hs := serveAPI(a)
	t.Cleanup(hs.Close)
	return &Server{URL: hs.URL, Store: st, API: a}
}

// SwitchingProtocols starts a server on loopback that answers every request
// 101 Switching Protocols and then keeps the socket quiet until the test
// ends; it returns its address. net/http hands such a connection over as
// the response body, and no context ends a read of it.
func SwitchingProtocols(t testing.TB) string {
	return loopback.Stalling(t, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n").Addr()
}
