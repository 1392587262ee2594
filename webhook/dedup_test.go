package webhook

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/esahayak/esahayak/internal/backoff"
)

// fakeClock is an injectable clock, so lease and TTL tests never sleep.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: testNow} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// openSQLite opens a fresh SQLite database file with WAL and a busy timeout,
// as a multi-connection receiver would.
func openSQLite(t *testing.T) *sql.DB {
	t.Helper()
	dsn := "file:" + filepath.Join(t.TempDir(), "dedup.db") + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

type dedupFactory func(t *testing.T, clock *fakeClock) DedupStore

var dedupStores = map[string]dedupFactory{
	"memory": func(t *testing.T, clock *fakeClock) DedupStore {
		m := NewMemoryDedup(DefaultDedupTTL)
		m.now = clock.Now
		return m
	},
	"sqlite": func(t *testing.T, clock *fakeClock) DedupStore {
		d, err := NewSQLDedup(openSQLite(t), "")
		if err != nil {
			t.Fatal(err)
		}
		d.now = clock.Now
		return d
	},
}

// TestDedupConformance is the contract every DedupStore must meet; each
// implementation runs the same suite.
func TestDedupConformance(t *testing.T) {
	t.Parallel()
	for name, factory := range dedupStores {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testDedupStore(t, factory)
		})
	}
}

func testDedupStore(t *testing.T, factory dedupFactory) {
	ctx := context.Background()
	claim := func(t *testing.T, s DedupStore, id string, want ClaimStatus) {
		t.Helper()
		got, err := s.Claim(ctx, id)
		if err != nil {
			t.Fatalf("Claim(%q): %v", id, err)
		}
		if got != want {
			t.Fatalf("Claim(%q) = %v, want %v", id, got, want)
		}
	}
	must := func(t *testing.T, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	t.Run("claim, in progress, commit, duplicate", func(t *testing.T) {
		t.Parallel()
		s := factory(t, newFakeClock())
		claim(t, s, "evt_1", ClaimAcquired)
		claim(t, s, "evt_1", ClaimInProgress)
		claim(t, s, "evt_2", ClaimAcquired) // ids are independent
		must(t, s.Commit(ctx, "evt_1"))
		claim(t, s, "evt_1", ClaimDuplicate)
		claim(t, s, "evt_1", ClaimDuplicate)
	})

	t.Run("release lets the retry in", func(t *testing.T) {
		t.Parallel()
		s := factory(t, newFakeClock())
		claim(t, s, "evt_1", ClaimAcquired)
		must(t, s.Release(ctx, "evt_1"))
		claim(t, s, "evt_1", ClaimAcquired)
	})

	t.Run("release after commit keeps the event handled", func(t *testing.T) {
		t.Parallel()
		s := factory(t, newFakeClock())
		claim(t, s, "evt_1", ClaimAcquired)
		must(t, s.Commit(ctx, "evt_1"))
		must(t, s.Release(ctx, "evt_1"))
		claim(t, s, "evt_1", ClaimDuplicate)
	})

	t.Run("commit and release without a claim", func(t *testing.T) {
		t.Parallel()
		s := factory(t, newFakeClock())
		must(t, s.Release(ctx, "evt_never"))
		must(t, s.Commit(ctx, "evt_direct"))
		must(t, s.Commit(ctx, "evt_direct")) // twice is fine
		claim(t, s, "evt_direct", ClaimDuplicate)
		claim(t, s, "evt_never", ClaimAcquired)
	})

	t.Run("abandoned claim expires after the lease", func(t *testing.T) {
		t.Parallel()
		clock := newFakeClock()
		s := factory(t, clock)
		claim(t, s, "evt_1", ClaimAcquired)
		clock.Advance(DefaultClaimLease - time.Second)
		claim(t, s, "evt_1", ClaimInProgress)
		clock.Advance(2 * time.Second)
		claim(t, s, "evt_1", ClaimAcquired) // taken over
		claim(t, s, "evt_1", ClaimInProgress)
		must(t, s.Commit(ctx, "evt_1"))
		clock.Advance(DefaultClaimLease * 2)
		claim(t, s, "evt_1", ClaimDuplicate) // a handled event does not expire with the lease
	})

	t.Run("a renewed claim outlives the lease", func(t *testing.T) {
		t.Parallel()
		clock := newFakeClock()
		s := factory(t, clock)
		r, ok := s.(ClaimRenewer)
		if !ok {
			t.Fatalf("%T is not a ClaimRenewer", s)
		}
		claim(t, s, "evt_1", ClaimAcquired)
		for range 3 {
			clock.Advance(DefaultClaimLease - time.Second)
			must(t, r.Renew(ctx, "evt_1"))
		}
		clock.Advance(DefaultClaimLease - time.Second)
		claim(t, s, "evt_1", ClaimInProgress) // 4 leases on, still held
		clock.Advance(2 * time.Second)
		claim(t, s, "evt_1", ClaimAcquired) // not renewed for a lease: taken over
		// Renewing a handled or an unknown event changes nothing.
		must(t, s.Commit(ctx, "evt_1"))
		must(t, r.Renew(ctx, "evt_1"))
		claim(t, s, "evt_1", ClaimDuplicate)
		must(t, r.Renew(ctx, "evt_never"))
		claim(t, s, "evt_never", ClaimAcquired)
	})

	t.Run("the reported lease is the lease", func(t *testing.T) {
		t.Parallel()
		clock := newFakeClock()
		s := factory(t, clock)
		l, ok := s.(ClaimLeaser)
		if !ok {
			t.Fatalf("%T is not a ClaimLeaser", s)
		}
		lease := l.ClaimLease()
		if lease <= 0 {
			t.Fatalf("ClaimLease() = %v", lease)
		}
		claim(t, s, "evt_1", ClaimAcquired)
		clock.Advance(lease - time.Second)
		claim(t, s, "evt_1", ClaimInProgress)
		clock.Advance(2 * time.Second)
		claim(t, s, "evt_1", ClaimAcquired)
	})

	// A holder whose lease lapsed (paused, or its renewals failed) and
	// whose handler then fails must not release the claim a redelivery
	// took over meanwhile: a third delivery would run the handler beside
	// the one still running. A late Release used to drop any claim.
	t.Run("a stale holder's release keeps the claim taken over", func(t *testing.T) {
		t.Parallel()
		clock := newFakeClock()
		s := factory(t, clock)
		o, ok := s.(ClaimOwner)
		if !ok {
			t.Fatalf("%T is not a ClaimOwner", s)
		}
		claimOwned := func(t *testing.T, want ClaimStatus) string {
			t.Helper()
			got, token, err := o.ClaimOwned(ctx, "evt_1")
			if err != nil {
				t.Fatalf("ClaimOwned: %v", err)
			}
			if got != want {
				t.Fatalf("ClaimOwned = %v, want %v", got, want)
			}
			if (token != "") != (want == ClaimAcquired) {
				t.Fatalf("ClaimOwned = %v with token %q", got, token)
			}
			return token
		}
		a := claimOwned(t, ClaimAcquired)
		claimOwned(t, ClaimInProgress)
		clock.Advance(DefaultClaimLease + time.Second)
		b := claimOwned(t, ClaimAcquired) // a's claim lapsed: taken over
		if a == b {
			t.Fatalf("the takeover kept the old claim's token %q", a)
		}
		must(t, o.ReleaseOwned(ctx, "evt_1", a)) // a's handler failed, late
		claimOwned(t, ClaimInProgress)           // b still holds it
		must(t, o.ReleaseOwned(ctx, "evt_1", "not-a-token"))
		claimOwned(t, ClaimInProgress)
		// A renewal keeps the owner: b can still release its own claim.
		if r, ok := s.(ClaimRenewer); ok {
			clock.Advance(time.Minute)
			must(t, r.Renew(ctx, "evt_1"))
		}
		must(t, o.ReleaseOwned(ctx, "evt_1", b))
		c := claimOwned(t, ClaimAcquired) // the retry gets in
		// A handled event stays handled whatever is released; a late
		// Commit by a stale holder is fine: its handler did succeed.
		must(t, s.Commit(ctx, "evt_1"))
		must(t, o.ReleaseOwned(ctx, "evt_1", c))
		claimOwned(t, ClaimDuplicate)
		must(t, o.ReleaseOwned(ctx, "evt_never", "x")) // nothing to release is no error
		claim(t, s, "evt_never", ClaimAcquired)
	})

	t.Run("concurrent claims: exactly one wins", func(t *testing.T) {
		t.Parallel()
		s := factory(t, newFakeClock())
		var acquired, inProgress atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 16 {
			wg.Go(func() {
				<-start
				st, err := s.Claim(ctx, "evt_race")
				if err != nil {
					t.Errorf("Claim: %v", err)
					return
				}
				switch st {
				case ClaimAcquired:
					acquired.Add(1)
				case ClaimInProgress:
					inProgress.Add(1)
				default:
					t.Errorf("Claim = %v", st)
				}
			})
		}
		close(start)
		wg.Wait()
		if acquired.Load() != 1 || inProgress.Load() != 15 {
			t.Fatalf("acquired %d, in progress %d; want 1 and 15", acquired.Load(), inProgress.Load())
		}
	})

	t.Run("long ids", func(t *testing.T) {
		t.Parallel()
		s := factory(t, newFakeClock())
		a := strings.Repeat("a", 300) + "1"
		b := strings.Repeat("a", 300) + "2"
		claim(t, s, a, ClaimAcquired)
		claim(t, s, b, ClaimAcquired)
		must(t, s.Commit(ctx, a))
		claim(t, s, a, ClaimDuplicate)
		claim(t, s, b, ClaimInProgress)
	})

	t.Run("cancelled context", func(t *testing.T) {
		t.Parallel()
		s := factory(t, newFakeClock())
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, ok := s.(*MemoryDedup); ok {
			t.Skip("the memory store does no I/O and ignores the context")
		}
		if st, err := s.Claim(cctx, "evt_1"); err == nil {
			t.Fatalf("Claim with a cancelled context = %v, want an error", st)
		}
		claim(t, s, "evt_1", ClaimAcquired) // and nothing was left behind
	})
}

func TestClaimStatusString(t *testing.T) {
	t.Parallel()
	for st, want := range map[ClaimStatus]string{
		ClaimAcquired: "acquired", ClaimDuplicate: "duplicate", ClaimInProgress: "in-progress", 0: "ClaimStatus(invalid)",
	} {
		if got := st.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(st), got, want)
		}
	}
}

func TestMemoryDedupTTL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := newFakeClock()
	m := NewMemoryDedup(time.Hour)
	m.now = clock.Now
	for _, id := range []string{"evt_1", "evt_2", "evt_3"} {
		if st, _ := m.Claim(ctx, id); st != ClaimAcquired {
			t.Fatalf("Claim(%s) = %v", id, st)
		}
		_ = m.Commit(ctx, id)
	}
	if seen, _ := m.Seen(ctx, "evt_1"); !seen {
		t.Fatal("Seen(evt_1) = false after Commit")
	}
	clock.Advance(59 * time.Minute)
	if st, _ := m.Claim(ctx, "evt_1"); st != ClaimDuplicate {
		t.Fatalf("Claim within TTL = %v, want duplicate", st)
	}
	clock.Advance(2 * time.Minute)
	if seen, _ := m.Seen(ctx, "evt_2"); seen {
		t.Fatal("Seen(evt_2) = true after the TTL")
	}
	if st, _ := m.Claim(ctx, "evt_1"); st != ClaimAcquired {
		t.Fatalf("Claim after TTL = %v, want acquired", st)
	}
	// The sweep on that Claim dropped the other expired entries.
	if n := m.Len(); n != 1 {
		t.Fatalf("Len after sweep = %d, want 1", n)
	}
	if err := m.Mark(ctx, "evt_9"); err != nil {
		t.Fatal(err)
	}
	if st, _ := m.Claim(ctx, "evt_9"); st != ClaimDuplicate {
		t.Fatalf("Claim after Mark = %v, want duplicate", st)
	}
}

func TestNewMemoryDedupDefaults(t *testing.T) {
	t.Parallel()
	m := NewMemoryDedup(0)
	if m.ttl != DefaultDedupTTL || m.lease != DefaultClaimLease {
		t.Fatalf("ttl %v lease %v", m.ttl, m.lease)
	}
	// A TTL shorter than the lease caps the lease: a claim never outlives
	// what a commit would have been remembered for.
	if m := NewMemoryDedup(time.Minute); m.lease != time.Minute {
		t.Fatalf("lease with a 1m TTL = %v", m.lease)
	}
}

func TestSQLDedupSharedTableAndPurge(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openSQLite(t)
	clock := newFakeClock()
	a, err := NewSQLDedup(db, "main.webhook_events")
	if err != nil {
		t.Fatal(err)
	}
	a.now = clock.Now
	// A second instance on the same table (another receiver process) sees
	// the first one's claims; creating the table again is a no-op.
	b, err := NewSQLDedup(db, "main.webhook_events")
	if err != nil {
		t.Fatal(err)
	}
	b.now = clock.Now

	if st, err := a.Claim(ctx, "evt_1"); err != nil || st != ClaimAcquired {
		t.Fatalf("a.Claim = %v, %v", st, err)
	}
	if st, err := b.Claim(ctx, "evt_1"); err != nil || st != ClaimInProgress {
		t.Fatalf("b.Claim = %v, %v; want in progress", st, err)
	}
	if seen, err := b.Seen(ctx, "evt_1"); err != nil || !seen {
		t.Fatalf("b.Seen = %v, %v", seen, err)
	}
	if err := a.Commit(ctx, "evt_1"); err != nil {
		t.Fatal(err)
	}
	if st, _ := b.Claim(ctx, "evt_1"); st != ClaimDuplicate {
		t.Fatalf("b.Claim after a.Commit = %v", st)
	}
	if err := b.Mark(ctx, "evt_2"); err != nil {
		t.Fatal(err)
	}
	if seen, _ := a.Seen(ctx, "evt_2"); !seen {
		t.Fatal("a.Seen(evt_2) = false after b.Mark")
	}
	if seen, _ := a.Seen(ctx, "evt_unknown"); seen {
		t.Fatal("Seen(unknown) = true")
	}

	clock.Advance(48 * time.Hour)
	if _, err := a.Claim(ctx, "evt_3"); err != nil { // fresh row, not purged
		t.Fatal(err)
	}
	n, err := a.Purge(ctx, clock.Now().Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("Purge deleted %d rows, want 2", n)
	}
	if st, _ := a.Claim(ctx, "evt_1"); st != ClaimAcquired {
		t.Fatalf("Claim after purge = %v, want acquired", st)
	}
	if st, _ := a.Claim(ctx, "evt_3"); st != ClaimInProgress {
		t.Fatalf("Claim of unpurged claim = %v, want in progress", st)
	}
}

func TestNewSQLDedupErrors(t *testing.T) {
	t.Parallel()
	db := openSQLite(t)
	for _, table := range []string{"bad name", "x; DROP TABLE y", "1abc", "a.b.c", `"quoted"`, strings.Repeat("t", 64)} {
		if _, err := NewSQLDedup(db, table); err == nil {
			t.Errorf("NewSQLDedup(%q): want error", table)
		}
	}
	if _, err := NewSQLDedup(nil, ""); err == nil {
		t.Error("NewSQLDedup(nil): want error")
	}
	closed := openSQLite(t)
	closed.Close()
	if _, err := NewSQLDedup(closed, ""); err == nil {
		t.Error("NewSQLDedup on a closed DB: want error")
	}
}

func TestSQLPlaceholders(t *testing.T) {
	t.Parallel()
	if got := placeholders(openSQLite(t))(2); got != "?" {
		t.Fatalf("sqlite placeholder = %q, want ?", got)
	}
}

// TestDefaultDedupTTLOutlastsRetries: a retry of the server's default
// schedule, jittered as late as it can be, still finds its event
// remembered.
func TestDefaultDedupTTLOutlastsRetries(t *testing.T) {
	var span time.Duration
	for _, d := range backoff.DefaultSchedule().Delays() {
		span += time.Duration(float64(d) * (1 + backoff.Jitter))
	}
	if DefaultDedupTTL <= span {
		t.Fatalf("DefaultDedupTTL %s does not outlast the default retry schedule's %s", DefaultDedupTTL, span)
	}
}

// testSQLDedupUpgrade: a table created before claims had owner tokens gets
// its claim_token column, and the rows already in it keep their meaning.
// Run on SQLite here and on PostgreSQL in dedup_pg_test.go.
func testSQLDedupUpgrade(t *testing.T, db *sql.DB, table string) {
	ctx := context.Background()
	p := placeholders(db)
	for _, q := range []string{
		"CREATE TABLE " + table + " (event_id VARCHAR(255) NOT NULL PRIMARY KEY, " +
			"state SMALLINT NOT NULL CHECK (state IN (1, 2)), updated_at BIGINT NOT NULL)",
		"INSERT INTO " + table + " (event_id, state, updated_at) VALUES (" + p(1) + ", 1, " + p(2) + ")",
		"INSERT INTO " + table + " (event_id, state, updated_at) VALUES (" + p(1) + ", 2, " + p(2) + ")",
	} {
		var args []any
		switch {
		case strings.Contains(q, ", 1, "):
			args = []any{"evt_old_claim", testNow.UnixMilli()}
		case strings.Contains(q, ", 2, "):
			args = []any{"evt_old_done", testNow.UnixMilli()}
		}
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// Several instances upgrade it together; each must end up working.
	var wg sync.WaitGroup
	stores := make([]*SQLDedup, 4)
	for i := range stores {
		wg.Go(func() {
			d, err := NewSQLDedup(db, table)
			if err != nil {
				t.Errorf("NewSQLDedup on an old table: %v", err)
				return
			}
			d.now = fixedClock
			stores[i] = d
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	d := stores[0]
	if st, err := d.Claim(ctx, "evt_old_claim"); err != nil || st != ClaimInProgress {
		t.Fatalf("Claim of a claim made before the upgrade = %v, %v", st, err)
	}
	if st, err := d.Claim(ctx, "evt_old_done"); err != nil || st != ClaimDuplicate {
		t.Fatalf("Claim of an event handled before the upgrade = %v, %v", st, err)
	}
	// A claim without a token belongs to no token; the old Release still drops it.
	if err := d.ReleaseOwned(ctx, "evt_old_claim", "any"); err != nil {
		t.Fatal(err)
	}
	if st, _ := d.Claim(ctx, "evt_old_claim"); st != ClaimInProgress {
		t.Fatalf("ReleaseOwned dropped a claim made before the upgrade: Claim = %v", st)
	}
	if err := d.Release(ctx, "evt_old_claim"); err != nil {
		t.Fatal(err)
	}
	st, token, err := stores[1].ClaimOwned(ctx, "evt_old_claim")
	if err != nil || st != ClaimAcquired || token == "" {
		t.Fatalf("ClaimOwned after Release = %v, %q, %v", st, token, err)
	}
	if err := stores[2].ReleaseOwned(ctx, "evt_old_claim", token); err != nil {
		t.Fatal(err)
	}
	if st, _ := stores[3].Claim(ctx, "evt_old_claim"); st != ClaimAcquired {
		t.Fatalf("Claim after ReleaseOwned = %v, want acquired", st)
	}
}

func TestSQLDedupUpgradesOldTable(t *testing.T) {
	t.Parallel()
	testSQLDedupUpgrade(t, openSQLite(t), "webhook_events_v1")
}

// TestNewSQLDedupRefusalSaysWhy: a table name NewSQLDedup refuses was
// answered only `invalid table name "…"`, so one a character over the
// 63 it takes, which reads like any other name, left its writer looking
// for a fault that the message did not name. The refusal says the length
// and the limit, or else the rule.
func TestNewSQLDedupRefusalSaysWhy(t *testing.T) {
	t.Parallel()
	db := openSQLite(t)
	for _, c := range []struct{ table, want string }{
		{strings.Repeat("t", 64), "the table's name has 64 characters; at most 63 are taken"},
		{"webhooks." + strings.Repeat("t", 70), "the table's name has 70 characters; at most 63 are taken"},
		{strings.Repeat("s", 64) + ".dedup", "the schema's name has 64 characters; at most 63 are taken"},
		{"webhook events", "want letters, digits and _, not starting with a digit, or schema.table"},
		{"1dedup", "want letters, digits and _, not starting with a digit"},
		{"a.b.c", "or schema.table of two such names"},
	} {
		_, err := NewSQLDedup(db, c.table)
		if err == nil {
			t.Errorf("NewSQLDedup(%q): want an error", c.table)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewSQLDedup(%q) = %q; want it to say %q", c.table, err, c.want)
		}
	}
	// 63 characters, and schema.table of two 63s, are taken.
	for _, table := range []string{strings.Repeat("t", 63), "main." + strings.Repeat("u", 63)} {
		if _, err := NewSQLDedup(db, table); err != nil {
			t.Errorf("NewSQLDedup(%q): %v", table, err)
		}
	}
}

// TestReceivingDocsSayTheDedupLimits: docs/receiving.md names NewSQLDedup's
// table-name rule and its key column's width as the package applies them.
func TestReceivingDocsSayTheDedupLimits(t *testing.T) {
	b, err := os.ReadFile("../docs/receiving.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(b)), " ")
	// The refusal the page quotes is the one given.
	const quoted = "the table's name has 64 characters; at most 63 are taken"
	_, refusal := NewSQLDedup(openSQLite(t), strings.Repeat("t", 64))
	if refusal == nil || !strings.Contains(refusal.Error(), quoted) {
		t.Fatalf("NewSQLDedup of a 64-character name: %v; the page quotes %q", refusal, quoted)
	}
	for _, sentence := range []string{
		fmt.Sprintf("(`%s` when empty)", DefaultDedupTable),
		fmt.Sprintf("at most %d characters (PostgreSQL's limit", maxTableNamePart),
		"(a name of 64 characters: `" + quoted + "`)",
		fmt.Sprintf("Its key column holds %d bytes: an event id longer than that", maxSQLKey),
		"is stored as `sha256:` and the id's hash",
	} {
		if !strings.Contains(text, sentence) {
			t.Errorf("docs/receiving.md does not say %q", sentence)
		}
	}
}
