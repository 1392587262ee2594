package main_test

// TestUpgradeFromOlderReleases starts the current binary on databases that
// older releases really made (testdata/upgrade; its README says which commit
// made each and how) and checks what a customer would: the server migrates
// and starts, the deliveries the old server left waiting arrive signed with
// the secrets the customer has, retrying deliveries go on from where they
// were, and the API lists every delivery the old server recorded.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/webhook"
)

// upgradeFixtures are the releases the fixtures come from, oldest first,
// each with the stores it has a fixture for: one for each schema a release
// left (ca56981 and 3e52ebf changed only SQLite's, so their PostgreSQL
// schema is 0a11861's).
var upgradeFixtures = []struct {
	commit string
	kinds  []string
}{
	{"4135dfb", []string{"sqlite", "pg"}}, // SQLite 0001, PostgreSQL 0001
	{"0cc5558", []string{"sqlite", "pg"}}, // SQLite 0001–0003, PostgreSQL 0001–0003
	{"0a11861", []string{"sqlite", "pg"}},
	{"ca56981", []string{"sqlite"}}, // SQLite 0001–0005
	{"3e52ebf", []string{"sqlite"}}, // SQLite 0001–0006
	{"207c275", []string{"sqlite", "pg"}},
	{"1b5b254", []string{"sqlite", "pg"}},
	{"d81e3cc", []string{"sqlite", "pg"}},
	{"77cad1e", []string{"sqlite", "pg"}},
}

// oldestFixture is the release whose databases have the most migrations to run.
var oldestFixture = upgradeFixtures[0].commit

type upgradeMeta struct {
	APIKey    string `json:"api_key"`
	Endpoints map[string]struct {
		ID      string   `json:"id"`
		URL     string   `json:"url"`
		Secrets []string `json:"secrets"` // oldest first; the last is the current one
	} `json:"endpoints"`
}

// received is one request a receiver answered.
type received struct {
	attempt int
	body    []byte
	header  http.Header
}

type recorder struct {
	mu   sync.Mutex
	reqs []received
}

func (r *recorder) server(t *testing.T, code int) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		n, _ := strconv.Atoi(req.Header.Get("X-eSahayak-Attempt"))
		r.mu.Lock()
		r.reqs = append(r.reqs, received{n, b, req.Header.Clone()})
		r.mu.Unlock()
		w.WriteHeader(code)
	}))
	t.Cleanup(s.Close)
	return s
}

func (r *recorder) all() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.reqs...)
}

// fixtureDB runs the fixture's SQL before the upgrade: what the test reads
// from the old database and the receivers' addresses it points it at.
type fixtureDB struct {
	exec  func(q string, args ...any)
	query func(q string, args ...any) []string // the first column of each row, as text
}

func TestUpgradeFromOlderReleases(t *testing.T) {
	for _, fixture := range upgradeFixtures {
		commit := fixture.commit
		for _, kind := range fixture.kinds {
			t.Run(commit+"/"+kind, func(t *testing.T) {
				t.Parallel()
				testUpgrade(t, commit, kind)
			})
		}
	}
}

// openFixture puts the database the fixture of commit holds where a test
// can start the binary on it (a SQLite file in t's temporary directory, or
// a new PostgreSQL schema), and returns its --db and the SQL to reach it.
func openFixture(t *testing.T, commit, kind string) (string, fixtureDB) {
	t.Helper()
	dir := filepath.Join("testdata", "upgrade")
	switch kind {
	case "sqlite":
		path := filepath.Join(t.TempDir(), "e.db")
		b, err := os.ReadFile(filepath.Join(dir, commit+".sqlite.db"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return "sqlite:" + path, connectDB(t, "sqlite", path)
	case "pg":
		ctx := context.Background()
		schema := testenv.NewSchema(t)
		dump, err := os.ReadFile(filepath.Join(dir, commit+".pg.sql"))
		if err != nil {
			t.Fatal(err)
		}
		// A plain pg_dump of the old release's schema: drop psql's
		// meta-commands and the CREATE SCHEMA (NewSchema made it), and
		// restore into the fresh schema.
		var script []string
		for _, line := range strings.Split(string(dump), "\n") {
			if strings.HasPrefix(line, `\`) || strings.HasPrefix(line, "CREATE SCHEMA ") {
				continue
			}
			script = append(script, strings.ReplaceAll(line, "s_"+commit+".", schema+"."))
		}
		conn, err := pgx.Connect(ctx, testenv.PostgresDSN())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, strings.Join(script, "\n")); err != nil {
			t.Fatalf("restore %s.pg.sql: %v", commit, err)
		}
		return testenv.PostgresURL(schema), connectDB(t, "pg", schema)
	}
	t.Fatalf("no fixture kind %q", kind)
	return "", fixtureDB{}
}

// connectDB returns the SQL to reach the SQLite file at target, or the
// PostgreSQL schema target, for t's duration.
func connectDB(t *testing.T, kind, target string) fixtureDB {
	t.Helper()
	var fx fixtureDB
	ctx := context.Background()
	switch kind {
	case "sqlite":
		sdb, err := sql.Open("sqlite", target)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { sdb.Close() })
		dollar := regexp.MustCompile(`\$[0-9]+`)
		fx.exec = func(q string, args ...any) {
			if _, err := sdb.Exec(dollar.ReplaceAllString(q, "?"), args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		fx.query = func(q string, args ...any) []string {
			rows, err := sdb.Query(dollar.ReplaceAllString(q, "?"), args...)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var s string
				rows.Scan(&s)
				out = append(out, s)
			}
			return out
		}
	case "pg":
		conn, err := pgx.Connect(ctx, testenv.PostgresDSN())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close(ctx) })
		if _, err := conn.Exec(ctx, "SET search_path TO "+target); err != nil {
			t.Fatal(err)
		}
		fx.exec = func(q string, args ...any) {
			if _, err := conn.Exec(ctx, q, args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		fx.query = func(q string, args ...any) []string {
			rows, err := conn.Query(ctx, q, args...)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				v, _ := rows.Values()
				out = append(out, fmt.Sprint(v[0]))
			}
			return out
		}
	}
	return fx
}

func testUpgrade(t *testing.T, commit, kind string) {
	dir := filepath.Join("testdata", "upgrade")
	var meta upgradeMeta
	b, err := os.ReadFile(filepath.Join(dir, commit+"."+kind+".json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		t.Fatal(err)
	}

	db, fx := openFixture(t, commit, kind)

	// What the old server left: its deliveries by status, the events waiting
	// for ok1 (in flight when it was killed), the retrying ones of e500.
	ep := func(name string) string { return meta.Endpoints[name].ID }
	before := map[string]int{}
	for _, s := range []string{"pending", "retrying", "succeeded", "failed"} {
		n, _ := strconv.Atoi(fx.query(`SELECT count(*) FROM deliveries WHERE status = $1`, s)[0])
		before[s] = n
	}
	total := before["pending"] + before["retrying"] + before["succeeded"] + before["failed"]
	waitingOK := fx.query(`SELECT event_id FROM deliveries WHERE endpoint_id = $1 AND status IN ('pending', 'retrying')`, ep("ok1"))
	retrying500 := fx.query(`SELECT event_id FROM deliveries WHERE endpoint_id = $1 AND status = 'retrying' AND attempts = 1`, ep("e500"))
	events := len(fx.query(`SELECT id FROM events`))
	finished := map[string][]string{}
	for _, st := range []string{"succeeded", "failed"} {
		finished[st] = fx.query(`SELECT id FROM deliveries WHERE status = $1`, st)
	}
	if before["succeeded"] == 0 || before["failed"] == 0 || before["retrying"] == 0 || len(retrying500) == 0 || events == 0 {
		t.Fatalf("the fixture lacks a state it was made to have: %v, %d retrying at e500, %d events", before, len(retrying500), events)
	}
	t.Logf("old database: %v; %d waiting for ok1", before, len(waitingOK))

	// The fixtures of the oldest releases (4135dfb to 3e52ebf) have two
	// endpoints more, whose deliveries were retrying when the old server
	// stopped: park was disabled then (its deliveries parked), del deleted
	// (left waiting, or ended as failed by the releases that did so).
	_, hasPark := meta.Endpoints["park"]
	_, hasDel := meta.Endpoints["del"]
	var parked, delAll []string
	if hasPark {
		parked = fx.query(`SELECT event_id FROM deliveries WHERE endpoint_id = $1 AND status = 'retrying' AND attempts = 1`, ep("park"))
		if len(parked) == 0 {
			t.Fatal("the fixture's disabled endpoint park has no retrying delivery")
		}
	}
	if hasDel {
		delAll = fx.query(`SELECT id FROM deliveries WHERE endpoint_id = $1`, ep("del"))
		if len(delAll) == 0 {
			t.Fatal("the fixture's deleted endpoint del has no delivery")
		}
	}

	// Receivers: the fixture's endpoints pointed at them, as if the
	// customer's servers were here; "down" points at a closed port. The
	// rotation was made days ago: put its 24 hours back so the previous
	// secret still signs, as it does for an upgrade made the same day.
	recs := map[string]*recorder{}
	answers := map[string]int{"ok1": 200, "ok2": 200, "e500": 500, "dis": 200}
	for _, name := range []string{"park", "del"} {
		if _, ok := meta.Endpoints[name]; ok {
			answers[name] = 200
		}
	}
	for name, code := range answers {
		recs[name] = &recorder{}
		s := recs[name].server(t, code)
		fx.exec(`UPDATE endpoints SET url = $1 WHERE id = $2`, s.URL+"/hook", ep(name))
	}
	fx.exec(`UPDATE endpoints SET url = $1 WHERE id = $2`, "http://"+freeAddr(t)+"/hook", ep("down"))
	if kind == "sqlite" {
		fx.exec(`UPDATE endpoints SET previous_secret_expires_at = $1 WHERE previous_secret <> ''`, time.Now().Add(time.Hour).UnixMicro())
	} else {
		fx.exec(`UPDATE endpoints SET previous_secret_expires_at = now() + interval '1 hour' WHERE previous_secret <> ''`)
	}

	// The fixture's events and failures are older than any retention or
	// auto-disable span, by design: neither is what this test checks.
	p := startServe(t, "--db", db, "--retention", "0", "--auto-disable-after", "0", "--log-level", "info")
	key := meta.APIKey

	// Every event the old server left waiting for ok1 arrives, signed
	// with ok1's secret.
	verifies := func(r received, secret string) bool {
		_, err := webhook.Verify(secret, r.body, r.header)
		return err == nil
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		got := map[string]bool{}
		for _, r := range recs["ok1"].all() {
			if !verifies(r, meta.Endpoints["ok1"].Secrets[0]) {
				t.Fatalf("ok1 got a request its secret does not verify: %s", r.header.Get("webhook-signature"))
			}
			got[r.header.Get("webhook-id")] = true
		}
		missing := 0
		for _, ev := range waitingOK {
			if !got[ev] {
				missing++
			}
		}
		// The retrying deliveries to e500 go on: attempt 2, signed.
		second := map[string]bool{}
		for _, r := range recs["e500"].all() {
			if !verifies(r, meta.Endpoints["e500"].Secrets[0]) {
				t.Fatalf("e500 got a request its secret does not verify")
			}
			if r.attempt == 2 {
				second[r.header.Get("webhook-id")] = true
			}
		}
		for _, ev := range retrying500 {
			if !second[ev] {
				missing++
			}
		}
		if missing == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the upgrade, %d of the %d deliveries waiting for ok1 and the %d retrying to e500 (as attempt 2) did not arrive",
				missing, len(waitingOK), len(retrying500))
		}
		time.Sleep(100 * time.Millisecond)
	}
	wasRetrying := map[string]bool{}
	for _, ev := range retrying500 {
		wasRetrying[ev] = true
	}
	for _, r := range recs["e500"].all() {
		if wasRetrying[r.header.Get("webhook-id")] && r.attempt < 2 {
			t.Errorf("e500 got attempt %d of %s: the old server's attempt count was lost", r.attempt, r.header.Get("webhook-id"))
		}
	}

	// The parked deliveries stay parked until the customer enables park
	// again; then they go on, as attempt 2, signed with park's secret.
	if hasPark {
		if n := len(recs["park"].all()); n != 0 {
			t.Errorf("the disabled endpoint park got %d requests before it was enabled", n)
		}
		mustCall(t, p.base, "PATCH", "/v1/webhook_endpoints/"+ep("park"), key, `{"status": "enabled"}`, 200)
		deadline := time.Now().Add(30 * time.Second)
		for {
			second := map[string]bool{}
			for _, r := range recs["park"].all() {
				if !verifies(r, meta.Endpoints["park"].Secrets[0]) {
					t.Fatalf("park got a request its secret does not verify")
				}
				if r.attempt != 2 {
					t.Fatalf("park got attempt %d of %s: the old server's attempt count was lost", r.attempt, r.header.Get("webhook-id"))
				}
				second[r.header.Get("webhook-id")] = true
			}
			missing := 0
			for _, ev := range parked {
				if !second[ev] {
					missing++
				}
			}
			if missing == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d of the %d deliveries parked at park did not arrive once it was enabled again", missing, len(parked))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}

	// The rotated secret: a test event to ok2 carries a signature for each
	// of the customer's secrets, the new and the previous.
	mustCall(t, p.base, "POST", "/v1/webhook_endpoints/"+ep("ok2")+"/test", key, `{"type": "order.cancelled"}`, 202)
	deadline = time.Now().Add(20 * time.Second)
	for len(recs["ok2"].all()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the test event to ok2 did not arrive")
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, r := range recs["ok2"].all() {
		for i, s := range meta.Endpoints["ok2"].Secrets {
			if !verifies(r, s) {
				t.Errorf("ok2's request does not verify with the customer's secret %d of %d: %s", i+1, len(meta.Endpoints["ok2"].Secrets), r.header.Get("webhook-signature"))
			}
		}
	}
	var secret struct {
		Secret         string `json:"secret"`
		PreviousSecret string `json:"previous_secret"`
	}
	json.Unmarshal(mustCall(t, p.base, "GET", "/v1/webhook_endpoints/"+ep("ok2")+"/secret", key, "", 200), &secret)
	if s := meta.Endpoints["ok2"].Secrets; secret.Secret != s[len(s)-1] || secret.PreviousSecret != s[0] {
		t.Errorf("ok2's secret after the upgrade = %q (previous %q), want %q (previous %q)", secret.Secret, secret.PreviousSecret, s[len(s)-1], s[0])
	}

	// The API lists every delivery and event the old server recorded, none
	// finished one changed; the disabled endpoint is still disabled. The
	// deliveries ok1 got are listed succeeded once the server has recorded
	// their outcome, which a receiver's answer precedes (outcomes are
	// written in batches): on a loaded machine the list read at once still
	// showed them pending.
	var byStatus map[string]int
	var statusOf map[string]string
	list := func() {
		byStatus, statusOf = map[string]int{}, map[string]string{}
		after := ""
		for {
			var page struct {
				Data []struct {
					ID         string `json:"id"`
					Status     string `json:"status"`
					EndpointID string `json:"endpoint_id"`
					Test       bool   `json:"test"`
				} `json:"data"`
				HasMore bool `json:"has_more"`
			}
			q := "/v1/deliveries?limit=100"
			if after != "" {
				q += "&starting_after=" + after
			}
			json.Unmarshal(mustCall(t, p.base, "GET", q, key, "", 200), &page)
			for _, d := range page.Data {
				if d.Test {
					continue
				}
				byStatus[d.Status]++
				statusOf[d.ID] = d.Status
			}
			if !page.HasMore || len(page.Data) == 0 {
				break
			}
			after = page.Data[len(page.Data)-1].ID
		}
	}
	delivered := func() bool { return byStatus["succeeded"] >= before["succeeded"]+len(waitingOK) }
	deadline = time.Now().Add(20 * time.Second)
	for list(); !delivered() && time.Now().Before(deadline); list() {
		time.Sleep(50 * time.Millisecond)
	}
	if n := len(statusOf); n != total {
		t.Errorf("the API lists %d deliveries (%v), the old server recorded %d (%v)", n, byStatus, total, before)
	}
	for _, st := range []string{"succeeded", "failed"} {
		for _, id := range finished[st] {
			if statusOf[id] != st {
				t.Errorf("delivery %s was %s before the upgrade, the API says %q", id, st, statusOf[id])
			}
		}
	}
	if !delivered() || byStatus["failed"] < before["failed"] {
		t.Errorf("deliveries by status after the upgrade: %v, before: %v (%d waiting for ok1 since delivered)", byStatus, before, len(waitingOK))
	}
	// The deleted endpoint's deliveries end failed, none sent.
	for _, id := range delAll {
		if statusOf[id] != "failed" {
			t.Errorf("delivery %s to the endpoint deleted before the upgrade is %q, want failed", id, statusOf[id])
		}
	}
	if hasDel {
		if n := len(recs["del"].all()); n != 0 {
			t.Errorf("the endpoint deleted before the upgrade got %d requests", n)
		}
	}
	var evs struct {
		Data []json.RawMessage `json:"data"`
	}
	json.Unmarshal(mustCall(t, p.base, "GET", "/v1/events?limit=100", key, "", 200), &evs)
	if len(evs.Data) < events {
		t.Errorf("the API lists %d events, the old server recorded %d", len(evs.Data), events)
	}
	var dis struct {
		Status string `json:"status"`
	}
	json.Unmarshal(mustCall(t, p.base, "GET", "/v1/webhook_endpoints/"+ep("dis"), key, "", 200), &dis)
	if dis.Status != "disabled" {
		t.Errorf("the endpoint disabled before the upgrade is %q", dis.Status)
	}
	for _, path := range []string{"/v1/webhook_endpoints", "/v1/orders", "/v1/webhook_endpoints/" + ep("e500") + "/stats?window=24h"} {
		mustCall(t, p.base, "GET", path, key, "", 200)
	}

	out := p.output()
	if !strings.Contains(out, "applied database migration") {
		t.Errorf("no migration was logged:\n%s", out)
	}
	if strings.Contains(out, "level=ERROR") {
		t.Errorf("the server logged an error:\n%s", out)
	}
}

// TestKillDuringUpgradeThenStartFinishes: a server killed (SIGKILL) while
// it migrates a database an older release made leaves one the next start
// finishes: it comes up, every migration is recorded once, and every
// event, endpoint and delivery the old release wrote is still there. On
// SQLite each migration commits alone, on PostgreSQL all in one
// transaction that the lost connection rolls back.
func TestKillDuringUpgradeThenStartFinishes(t *testing.T) {
	for _, kind := range []string{"sqlite", "pg"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			db, fx := openFixture(t, oldestFixture, kind)
			counts := func() string {
				return strings.Join([]string{
					fx.query(`SELECT count(*) FROM events`)[0],
					fx.query(`SELECT count(*) FROM endpoints`)[0],
					fx.query(`SELECT count(*) FROM deliveries`)[0],
					fx.query(`SELECT count(*) FROM orders`)[0],
				}, " ")
			}
			before := counts()

			migrating := make(chan struct{})
			var once sync.Once
			addr := freeAddr(t)
			p := launch(t, exec.Command(binary, "serve", "--addr", addr, "--db", db, "--operator-token", "op",
				"--allow-insecure-urls", "--log-level", "info"), "http://"+addr, func(b []byte) {
				if bytes.Contains(b, []byte("applying database migration")) {
					once.Do(func() { close(migrating) })
				}
			})
			select {
			case <-migrating:
				p.cmd.Process.Kill()
			case err := <-p.done:
				t.Fatalf("serve exited before migrating: %v\n%s", err, p.output())
			case <-time.After(time.Minute):
				p.cmd.Process.Kill()
				t.Fatalf("serve logged no migration within a minute:\n%s", p.output())
			}
			<-p.done
			// Where the kill landed varies; on SQLite it shows in the
			// migrations recorded (1 before the upgrade).
			t.Logf("killed with %s migrations recorded", fx.query(`SELECT count(*) FROM schema_migrations`)[0])

			s := startServe(t, "--db", db, "--retention", "0", "--auto-disable-after", "0")
			mustCall(t, s.base, "GET", "/healthz", "", "", 200)
			driver := map[string]string{"sqlite": "sqlite", "pg": "postgres"}[kind]
			files, err := filepath.Glob(filepath.Join("..", "..", "internal", "store", driver, "migrations", "*.sql"))
			if err != nil || len(files) == 0 {
				t.Fatalf("migration files: %v", err)
			}
			recorded := fx.query(`SELECT count(DISTINCT version) || ' ' || count(*) FROM schema_migrations`)[0]
			if want := fmt.Sprintf("%d %d", len(files), len(files)); recorded != want {
				t.Errorf("after a start killed mid-upgrade and another, schema_migrations holds (versions, rows) %s, want %s", recorded, want)
			}
			if after := counts(); after != before {
				t.Errorf("(events, endpoints, deliveries, orders) were %s before the upgrade, %s after", before, after)
			}
		})
	}
}

// TestTwoInstancesUpgradeOneSchemaTogether: two instances of the new
// release started at once on a PostgreSQL schema an older release made
// both come up, and each migration is applied once (the schema's
// migration lock: the second waits for the first's transaction, then finds
// every migration applied).
func TestTwoInstancesUpgradeOneSchemaTogether(t *testing.T) {
	db, fx := openFixture(t, oldestFixture, "pg")
	before := fx.query(`SELECT count(*) FROM deliveries`)[0]
	var procs []*proc
	for range 2 { // started before either is waited for
		addr := freeAddr(t)
		p := launch(t, exec.Command(binary, "serve", "--addr", addr, "--db", db, "--operator-token", "op",
			"--allow-insecure-urls", "--retention", "0", "--auto-disable-after", "0"), "http://"+addr, nil)
		t.Cleanup(func() {
			p.cmd.Process.Kill()
			<-p.done
			if t.Failed() {
				t.Logf("server output:\n%s", p.output())
			}
		})
		procs = append(procs, p)
	}
	for _, p := range procs {
		waitHealthy(t, p)
	}
	files, err := filepath.Glob(filepath.Join("..", "..", "internal", "store", "postgres", "migrations", "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("migration files: %v", err)
	}
	recorded := fx.query(`SELECT count(DISTINCT version) || ' ' || count(*) FROM schema_migrations`)[0]
	if want := fmt.Sprintf("%d %d", len(files), len(files)); recorded != want {
		t.Errorf("after two instances upgraded together, schema_migrations holds (versions, rows) %s, want %s", recorded, want)
	}
	if after := fx.query(`SELECT count(*) FROM deliveries`)[0]; after != before {
		t.Errorf("the old release's %s deliveries are %s after the upgrade", before, after)
	}
}

// TestUpgradeEndsWithTheSchemaOfANewDatabase: a database an older release
// made has, once the binary has migrated it, the tables, columns, indexes
// and constraints that a new database gets, so that what the migrations
// are written for (the indexes a query needs, none that each write
// maintains for nothing) holds for every install. 90e7e98 took two
// indexes out of migration 0001 itself (events_created, attempts_started):
// the databases 4135dfb had made kept them, maintained by each event and
// attempt written and read by nothing.
func TestUpgradeEndsWithTheSchemaOfANewDatabase(t *testing.T) {
	for _, kind := range []string{"sqlite", "pg"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			var db, target string
			if kind == "sqlite" {
				target = filepath.Join(t.TempDir(), "new.db")
				db = "sqlite:" + target
			} else {
				target = testenv.NewSchema(t)
				db = testenv.PostgresURL(target)
			}
			createAccount(t, db)
			want := schemaOf(kind, connectDB(t, kind, target))
			for _, f := range upgradeFixtures {
				if !slices.Contains(f.kinds, kind) {
					continue
				}
				db, fx := openFixture(t, f.commit, kind)
				if out, err := exec.Command(binary, "accounts", "list", "--db", db).CombinedOutput(); err != nil {
					t.Fatalf("accounts list on %s's database: %v\n%s", f.commit, err, out)
				}
				got := schemaOf(kind, fx)
				for _, s := range got {
					if !slices.Contains(want, s) {
						t.Errorf("%s's database, migrated, has what a new one lacks: %s", f.commit, s)
					}
				}
				for _, s := range want {
					if !slices.Contains(got, s) {
						t.Errorf("%s's database, migrated, lacks what a new one has: %s", f.commit, s)
					}
				}
			}
		})
	}
}

// schemaOf lists the database's tables, columns, indexes and constraints,
// one line each, with no schema name in them.
func schemaOf(kind string, fx fixtureDB) []string {
	var out []string
	if kind == "sqlite" {
		out = fx.query(`SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'`)
	} else {
		for _, q := range []string{
			`SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || COALESCE(column_default, '') || ' ' || COALESCE(collation_name, '')
			 FROM information_schema.columns WHERE table_schema = current_schema()`,
			`SELECT 'index ' || indexname || ': ' || replace(indexdef, current_schema() || '.', '') FROM pg_indexes WHERE schemaname = current_schema()`,
			`SELECT 'constraint ' || c.relname || ' ' || con.conname || ': ' || pg_get_constraintdef(con.oid)
			 FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid WHERE c.relnamespace = current_schema()::regnamespace`,
		} {
			out = append(out, fx.query(q)...)
		}
	}
	slices.Sort(out)
	return out
}
