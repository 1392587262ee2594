package dashboard_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/dashboard"
	"github.com/esahayak/esahayak/internal/testenv"
)

// outageLogged is the message of the dashboard's outage lines.
const outageLogged = "dashboard request failed: database unavailable"

// outageEnv is an env whose dashboard's log is kept, served by an HTTP
// server the test can shut down, on a PostgreSQL schema whose sessions
// table the test can take away (the store reports a table gone as the
// database unavailable) and give back.
type outageEnv struct {
	*env
	http *httptest.Server
	logs *testenv.Output
	down func()
	up   func()
}

func startOutageEnv(t *testing.T) *outageEnv {
	t.Helper()
	schema := testenv.NewSchema(t)
	st := testenv.PostgresOn(t, schema)
	srv := testenv.Start(t, st, testenv.Options{})
	c := &clock{}
	o := &outageEnv{logs: &testenv.Output{}}
	d, err := dashboard.New(dashboard.Config{AllowInsecureURLs: true, Now: c.Now, Log: slog.New(slog.NewTextHandler(o.logs, nil))}, st, srv.API, srv.Engine)
	if err != nil {
		t.Fatal(err)
	}
	d.Mount(srv.API)
	o.http = httptest.NewServer(srv.API)
	t.Cleanup(o.http.Close)
	served := *srv
	served.URL = o.http.URL
	o.env = &env{Server: &served, Dash: d, clock: c, Email: "dev@example.com", Password: testPassword}
	if _, err := dashboard.CreateUser(context.Background(), st, srv.AccountID, o.Email, o.Password, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	tables := testenv.SchemaTables(t, schema)
	o.down = func() { t.Helper(); tables.Gone("dashboard_sessions") }
	o.up = func() { t.Helper(); tables.Back("dashboard_sessions") }
	return o
}

// failPages asks for n pages while the sessions table is gone: each is
// the 503 page.
func failPages(t *testing.T, b *browser, n int) {
	t.Helper()
	for i := range n {
		if r := b.get("/dashboard/orders"); r.Status != http.StatusServiceUnavailable {
			t.Fatalf("page %d with the sessions table gone: %d %.300s", i, r.Status, r.Body)
		}
	}
}

// TestAShortOutagesPagesAreAllCounted: the dashboard's outage warning
// counted the pages it held back only on its next line, so an outage that
// ended within its 10 s logged one failed page where there were six.
// Once a page is served again and 10 s have passed since the last line,
// an info line of the same message gives the rest, with recovered=true.
func TestAShortOutagesPagesAreAllCounted(t *testing.T) {
	e := startOutageEnv(t)
	b := e.signedIn(t)
	e.down()
	failPages(t, b, 6)
	e.up()
	if r := b.get("/dashboard/orders"); r.Status != http.StatusOK {
		t.Fatalf("orders page with the sessions table back: %d %.300s", r.Status, r.Body)
	}
	if strings.Contains(e.logs.String(), "recovered=true") {
		t.Fatalf("a recovery within 10 s of the last line was logged:\n%s", e.logs.String())
	}
	e.clock.Advance(11 * time.Second)
	if r := b.get("/dashboard/orders"); r.Status != http.StatusOK {
		t.Fatalf("orders page with the sessions table back: %d %.300s", r.Status, r.Body)
	}
	out := e.logs.String()
	lines, failed := testenv.OutageLines(t, out, outageLogged)
	if failed != 6 {
		t.Fatalf("6 pages failed, the log accounts for %d:\n%s", failed, out)
	}
	last := lines[len(lines)-1]
	if !strings.Contains(last, "level=INFO") || !strings.Contains(last, "recovered=true") || !strings.Contains(last, "also_failed_since_last_warning=5") {
		t.Fatalf("the 5 held back are not on an info line with recovered=true: %s", last)
	}
	b.get("/dashboard/orders")
	if again := e.logs.String(); again != out {
		t.Fatalf("a page after the recovery line logged again:\n%s", again[len(out):])
	}
}

// TestAStopMidOutageCountsTheRestOfThePages: a server stopped during an
// outage left the pages its last warning held back uncounted for good;
// FlushLogs, which serve calls once the HTTP server has shut down, writes
// them with stopping=true.
func TestAStopMidOutageCountsTheRestOfThePages(t *testing.T) {
	e := startOutageEnv(t)
	b := e.signedIn(t)
	e.down()
	failPages(t, b, 5)
	e.http.Close()
	e.Dash.FlushLogs()
	out := e.logs.String()
	lines, failed := testenv.OutageLines(t, out, outageLogged)
	if failed != 5 {
		t.Fatalf("5 pages failed before the stop, the log accounts for %d:\n%s", failed, out)
	}
	last := lines[len(lines)-1]
	if !strings.Contains(last, "level=WARN") || !strings.Contains(last, "stopping=true") || !strings.Contains(last, "also_failed_since_last_warning=4") {
		t.Fatalf("the stop's line is not a warning with stopping=true and the 4 held back: %s", last)
	}
	e.Dash.FlushLogs()
	if again := e.logs.String(); again != out {
		t.Fatalf("a second FlushLogs logged again:\n%s", again[len(out):])
	}
	var none *dashboard.Dashboard
	none.FlushLogs() // serve's, when the dashboard could not be built
}
