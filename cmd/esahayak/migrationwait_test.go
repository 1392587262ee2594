package main_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestStartWaitingForAMigrationSaysSo: on PostgreSQL, migrations run in
// one transaction under a lock, and a `serve` started while another
// instance migrates waits for it (README, "Upgrades": about 3 to 5 s per
// million attempts for some). It waited without a word and without
// listening, so an operator rolling out a release saw the new instances
// hang silently. Here a session holds the schema's migration lock as a
// migrating instance does: the start must say within a few seconds that it
// waits for another instance's migration, and go on once the lock is
// free.
func TestStartWaitingForAMigrationSaysSo(t *testing.T) {
	db, tx := heldMigrationLock(t)
	ctx := context.Background()
	// Not startServe, which waits for /healthz: this start must not be
	// ready while it waits (TestStartingServerAnswers503 checks its 503s).
	addr := freeAddr(t)
	p := launch(t, exec.Command(binary, "serve", "--addr", addr, "--db", db, "--log-level", "info"), "http://"+addr, nil)
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("server output:\n%s", p.output())
		}
	})
	const waiting = "waiting for another instance's database migration"
	testenv.Eventually(t, 8*time.Second, "the start to say that it waits for a migration", func() bool {
		return strings.Contains(p.output(), waiting)
	})
	if strings.Contains(p.output(), "listening on") {
		t.Fatalf("serve listened while the migration lock was held:\n%s", p.output())
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 10*time.Second, "the start to go on once the lock is free", func() bool {
		out := p.output()
		return strings.Contains(out, "listening on") && strings.Contains(out, "the other instance's database migration ended")
	})
	if n := strings.Count(p.output(), waiting); n != 1 {
		t.Errorf("the wait was logged %d times, want once", n)
	}
}

// TestStartingServerAnswers503: serve takes its address before it opens the
// database, and a start can then wait long (here another instance's
// migration; also a migration of its own, or an --instance-id in use). The
// connections the address took meanwhile were never answered: a load
// balancer's /healthz check and a client's request hung until the start
// ended. While it waits, /healthz must answer 503 "unhealthy" saying that
// the server is starting, and an API request 503 unavailable, both with
// Retry-After; once the start is done, /healthz answers 200.
func TestStartingServerAnswers503(t *testing.T) {
	db, tx := heldMigrationLock(t)
	ctx := context.Background()
	addr, pprofAddr := freeAddr(t), freeAddr(t)
	p := launch(t, exec.Command(binary, "serve", "--addr", addr, "--pprof-addr", pprofAddr, "--db", db, "--log-level", "info"), "http://"+addr, nil)
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("server output:\n%s", p.output())
		}
	})
	testenv.Eventually(t, 30*time.Second, "the start to say that it waits for a migration", func() bool {
		return strings.Contains(p.output(), "waiting for another instance's database migration")
	})
	// A hang is what this looks for: the bound is generous, far past
	// any answer's time on a loaded machine.
	client := &http.Client{Timeout: 30 * time.Second}
	get := func(path string) (*http.Response, []byte) {
		t.Helper()
		resp, err := client.Get("http://" + addr + path)
		if err != nil {
			t.Fatalf("GET %s while the start waits: %v", path, err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, body
	}
	resp, body := get("/healthz")
	var health struct{ Status, Version, Database, Error string }
	if err := json.Unmarshal(body, &health); err != nil {
		t.Fatalf("/healthz while starting: %v: %s", err, body)
	}
	if resp.StatusCode != 503 || health.Status != "unhealthy" || health.Database != "postgres" || health.Version == "" ||
		!strings.Contains(health.Error, "starting") || resp.Header.Get("Retry-After") != "5" {
		t.Errorf("/healthz while starting: %d Retry-After %q %s, want 503 unhealthy saying it is starting, Retry-After 5",
			resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	resp, body = get("/v1/orders")
	var apiErr struct {
		Error struct{ Type, Code, Message string }
	}
	if err := json.Unmarshal(body, &apiErr); err != nil {
		t.Fatalf("/v1/orders while starting: %v: %s", err, body)
	}
	if resp.StatusCode != 503 || apiErr.Error.Code != "unavailable" || !strings.Contains(apiErr.Error.Message, "starting") ||
		resp.Header.Get("Retry-After") != "5" {
		t.Errorf("/v1/orders while starting: %d Retry-After %q %s, want 503 unavailable saying it is starting, Retry-After 5",
			resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	// The dashboard, reloaded or used while its server restarts, showed
	// the API's JSON error as the page ({"error":{"type":"api_error",…}}),
	// and a Send test event pressed meanwhile, which reads the answer's
	// "message", said nothing at all. Its pages say in words that the
	// server is starting (and come back by themselves); a form says that
	// it was not done; the script's forms get their JSON.
	resp, body = get("/dashboard/deliveries")
	if resp.StatusCode != 503 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(string(body), "The dashboard is starting") || !strings.Contains(string(body), "Reload this page") ||
		resp.Header.Get("Retry-After") != "5" || resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("/dashboard/deliveries while starting: %d %s Retry-After %q CSP %q %s; want a 503 page saying the dashboard is starting",
			resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Retry-After"), resp.Header.Get("Content-Security-Policy"), body)
	}
	post := func(accept string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("POST", "http://"+addr+"/dashboard/endpoints/we_01m9734fvsb095ewqrs95y19d0/test",
			strings.NewReader("csrf=x&type=stamp.uploaded"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", accept)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("POST while the start waits: %v", err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, body
	}
	resp, body = post("text/html")
	if resp.StatusCode != 503 || !strings.Contains(string(body), "was not done") {
		t.Errorf("a dashboard form while starting: %d %s; want a 503 page saying it was not done", resp.StatusCode, body)
	}
	resp, body = post("application/json")
	var async struct {
		OK      bool
		Message string
	}
	if err := json.Unmarshal(body, &async); err != nil || resp.StatusCode != 503 || !strings.Contains(async.Message, "starting") {
		t.Errorf("the script's form while starting: %d %s; want JSON whose message says the server is starting", resp.StatusCode, body)
	}
	// --pprof-addr is taken with the address, and a slow start is what an
	// operator may want to profile: its profiles are served meanwhile.
	pprofResp, err := client.Get("http://" + pprofAddr + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatalf("pprof while the start waits: %v", err)
	}
	goroutines, _ := io.ReadAll(pprofResp.Body)
	pprofResp.Body.Close()
	if pprofResp.StatusCode != 200 || !strings.Contains(string(goroutines), "goroutine profile") {
		t.Errorf("pprof while starting: %d %.200s, want 200 and the goroutine profile", pprofResp.StatusCode, goroutines)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	waitHealthy(t, p)
}

// heldMigrationLock is a new schema's --db URL and a transaction holding the
// key serve's migration takes (postgres.qMigrateLock) for that schema, as
// another instance migrating it would; rolling it back frees the lock,
// and the test's end does.
func heldMigrationLock(t *testing.T) (db string, tx pgx.Tx) {
	t.Helper()
	schema := testenv.NewSchema(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, testenv.PostgresDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	tx, err = conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback(ctx) })
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('esahayak/migrate/' || $1::text, 0))`, schema); err != nil {
		t.Fatal(err)
	}
	return testenv.PostgresURL(schema), tx
}
