package api_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/testenv"
)

// outage is an API of its own on a PostgreSQL schema, its log kept, and
// a way to take a table away from it and give it back: the store reports
// a table gone as the database unavailable (a restore half done), and
// answers again once it is back.
type outage struct {
	*testenv.Server
	api  *api.Server
	http *httptest.Server
	logs *testenv.Output
	down func(table string)
	up   func(table string)
}

func startOutage(t *testing.T, interval time.Duration) *outage {
	t.Helper()
	schema := testenv.NewSchema(t)
	st := testenv.PostgresOn(t, schema)
	seeded := testenv.Start(t, st, testenv.Options{})
	o := &outage{logs: &testenv.Output{}}
	o.api = api.New(api.Config{AllowInsecureURLs: true, Version: "test", OutageLogInterval: interval}, st, nil, slog.New(slog.NewTextHandler(o.logs, nil)))
	o.http = httptest.NewServer(o.api)
	t.Cleanup(o.http.Close)
	o.Server = &testenv.Server{URL: o.http.URL, Store: st, API: o.api, AccountID: seeded.AccountID, APIKey: seeded.APIKey}
	tables := testenv.SchemaTables(t, schema)
	o.down = func(table string) { t.Helper(); tables.Gone(table) }
	o.up = func(table string) { t.Helper(); tables.Back(table) }
	return o
}

// failOrders makes n orders while the orders table is gone: each is 503.
func (o *outage) failOrders(t *testing.T, n int) {
	t.Helper()
	for i := range n {
		code, b := o.Do(t, "POST", "/v1/orders", o.APIKey, goodOrder)
		if c, _ := errCode(t, b); code != http.StatusServiceUnavailable || c != "unavailable" {
			t.Fatalf("order %d with the orders table gone: %d %s", i, code, b)
		}
	}
}

// TestAShortOutagesRequestsAreAllCounted: the "database unavailable"
// warning counted the requests it held back only on its next line, so an
// outage that ended within its interval logged one failed request where
// there were six (hundreds, under load). Once the database answers again
// and an interval has passed since the last line, an info line of the
// same message gives the rest, with recovered=true.
func TestAShortOutagesRequestsAreAllCounted(t *testing.T) {
	const interval = time.Second
	o := startOutage(t, interval)
	o.down("orders")
	o.failOrders(t, 6)
	failedAt := time.Now()
	if lines, _ := testenv.OutageLines(t, o.logs.String(), "database unavailable"); len(lines) >= 6 {
		t.Fatalf("six requests within %v logged %d lines: nothing was held back to count\n%s", interval, len(lines), o.logs.String())
	}
	o.up("orders")
	// Within the interval of the last line, a success logs nothing yet:
	// an outage that comes and goes writes at most a line of each kind
	// per interval.
	if code, b := o.Do(t, "GET", "/v1/orders", o.APIKey, nil); code != http.StatusOK {
		t.Fatalf("GET /v1/orders with the table back: %d %s", code, b)
	}
	if strings.Contains(o.logs.String(), "recovered=true") {
		t.Fatalf("a recovery within the interval of the last line was logged:\n%s", o.logs.String())
	}
	time.Sleep(time.Until(failedAt.Add(interval)))
	if code, b := o.Do(t, "GET", "/v1/orders", o.APIKey, nil); code != http.StatusOK {
		t.Fatalf("GET /v1/orders with the table back: %d %s", code, b)
	}
	out := o.logs.String()
	lines, failed := testenv.OutageLines(t, out, "database unavailable")
	if failed != 6 {
		t.Fatalf("6 requests failed, the log accounts for %d:\n%s", failed, out)
	}
	last := lines[len(lines)-1]
	if !strings.Contains(last, "level=INFO") || !strings.Contains(last, "recovered=true") {
		t.Fatalf("the count held back is not on an info line with recovered=true: %s", last)
	}
	// Said once: more successes log nothing more.
	o.Do(t, "GET", "/v1/orders", o.APIKey, nil)
	if again := o.logs.String(); again != out {
		t.Fatalf("a success after the recovery line logged again:\n%s", again[len(out):])
	}
}

// TestAStopMidOutageCountsTheRest: a server stopped during an outage left
// the requests its last warning held back uncounted for good; FlushLogs,
// which serve calls once the HTTP server has shut down, writes them with
// stopping=true.
func TestAStopMidOutageCountsTheRest(t *testing.T) {
	o := startOutage(t, 0) // the production interval: 10 s
	o.down("orders")
	o.failOrders(t, 5)
	o.http.Close()
	o.api.FlushLogs()
	out := o.logs.String()
	lines, failed := testenv.OutageLines(t, out, "database unavailable")
	if failed != 5 {
		t.Fatalf("5 requests failed before the stop, the log accounts for %d:\n%s", failed, out)
	}
	last := lines[len(lines)-1]
	if !strings.Contains(last, "level=WARN") || !strings.Contains(last, "stopping=true") || !strings.Contains(last, "also_failed_since_last_warning=4") {
		t.Fatalf("the stop's line is not a warning with stopping=true and the 4 held back: %s", last)
	}
	o.api.FlushLogs()
	if again := o.logs.String(); again != out {
		t.Fatalf("a second FlushLogs logged again:\n%s", again[len(out):])
	}
}

// TestADatabaseThatStopsAnsweringIsLogged: a request whose database did
// not answer by its deadline was answered 503 "the database did not answer
// in time" and logged nothing, so a database that hung (locked, or its
// host gone without a reset) left no line in the log at all. It is logged
// as the outage it is, on the same line per interval, and counted.
func TestADatabaseThatStopsAnsweringIsLogged(t *testing.T) {
	const timeout = 300 * time.Millisecond
	schema := testenv.NewSchema(t)
	st := testenv.PostgresOn(t, schema)
	seeded := testenv.Start(t, st, testenv.Options{})
	logs := &testenv.Output{}
	a := api.New(api.Config{AllowInsecureURLs: true, Version: "test", RequestTimeout: timeout}, st, nil, slog.New(slog.NewTextHandler(logs, nil)))
	hs := httptest.NewServer(a)
	t.Cleanup(hs.Close)
	srv := &testenv.Server{URL: hs.URL, Store: st, API: a, AccountID: seeded.AccountID, APIKey: seeded.APIKey}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, testenv.PostgresURL(schema))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "LOCK TABLE orders IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	const n = 3
	for i := range n {
		code, b := srv.Do(t, "POST", "/v1/orders", srv.APIKey, goodOrder)
		if c, _ := errCode(t, b); code != http.StatusServiceUnavailable || c != "unavailable" {
			t.Fatalf("order %d with the orders table locked: %d %s; want 503 unavailable", i, code, b)
		}
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	a.FlushLogs()
	lines, failed := testenv.OutageLines(t, logs.String(), "database unavailable")
	if len(lines) == 0 || !strings.Contains(lines[0], "deadline exceeded") || !strings.Contains(lines[0], "path=/v1/orders") {
		t.Fatalf("no warning for requests the database did not answer in time:\n%s", logs)
	}
	if failed != n {
		t.Errorf("the log accounts for %d requests the database did not answer; %d were:\n%s", failed, n, logs)
	}
}
