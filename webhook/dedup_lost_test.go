package webhook

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// lossyDriver wraps a database driver so that a test can make the next
// statement beginning with a given prefix run to completion and yet be
// answered with an error, as a statement is when the request's context is
// cancelled as it commits (the sender hung up) or the connection breaks
// after the database committed it.
type lossyDriver struct {
	inner driver.Driver

	mu     sync.Mutex
	prefix string                      // armed when not ""
	lose   func(context.Context) error // the error the statement answers with
}

// loseNext arms d: the next statement beginning with prefix runs, detached
// from its context, and then lose (which may cancel that context) answers it.
func (d *lossyDriver) loseNext(prefix string, lose func(context.Context) error) {
	d.mu.Lock()
	d.prefix, d.lose = prefix, lose
	d.mu.Unlock()
}

func (d *lossyDriver) take(query string) func(context.Context) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.prefix == "" || !strings.HasPrefix(query, d.prefix) {
		return nil
	}
	lose := d.lose
	d.prefix, d.lose = "", nil
	return lose
}

func (d *lossyDriver) Open(name string) (driver.Conn, error) {
	c, err := d.inner.Open(name)
	if err != nil {
		return nil, err
	}
	return &lossyConn{Conn: c, d: d}, nil
}

type lossyConnector struct {
	d   *lossyDriver
	dsn string
}

func (c lossyConnector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.dsn) }
func (c lossyConnector) Driver() driver.Driver                        { return c.d }

type lossyConn struct {
	driver.Conn
	d *lossyDriver
}

func (c *lossyConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	ex, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	if lose := c.d.take(query); lose != nil {
		if _, err := ex.ExecContext(context.WithoutCancel(ctx), query, args); err != nil {
			return nil, err
		}
		return nil, lose(ctx)
	}
	return ex.ExecContext(ctx, query, args)
}

func (c *lossyConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	return q.QueryContext(ctx, query, args)
}

// testSQLDedupLostAnswer checks that a claim whose INSERT or takeover was
// stored but answered with an error blocks no redelivery: either the claim
// is recognised as the caller's, or it is dropped before the error is
// returned. Before, it stayed for the lease (5 minutes) with nobody
// handling the event, and every redelivery meanwhile was answered 409.
// inner and dsn open the database under test.
func testSQLDedupLostAnswer(t *testing.T, inner driver.Driver, dsn string) {
	ld := &lossyDriver{inner: inner}
	db := sql.OpenDB(lossyConnector{d: ld, dsn: dsn})
	t.Cleanup(func() { db.Close() })
	d, err := NewSQLDedup(db, "")
	if err != nil {
		t.Fatal(err)
	}
	clock := newFakeClock()
	d.now = clock.Now
	bg := context.Background()
	errLost := errors.New("connection reset by peer")

	// The sender hangs up as the INSERT commits: the claim fails, and the
	// next delivery takes the event.
	ctx, cancel := context.WithCancel(bg)
	ld.loseNext("INSERT", func(context.Context) error { cancel(); return context.Canceled })
	if st, _, err := d.ClaimOwned(ctx, "evt_hung_up"); err == nil {
		t.Fatalf("claim under a cancelled context = %v, nil; want an error", st)
	}
	if st, err := d.Claim(bg, "evt_hung_up"); err != nil || st != ClaimAcquired {
		t.Fatalf("the next delivery's claim = %v, %v; want acquired (the failed claim was left in place)", st, err)
	}

	// The INSERT commits and its answer is lost, the context still live:
	// the row read back is this claim, so it is acquired, with its token.
	ld.loseNext("INSERT", func(context.Context) error { return errLost })
	st, token, err := d.ClaimOwned(bg, "evt_lost")
	if err != nil || st != ClaimAcquired || token == "" {
		t.Fatalf("claim whose INSERT's answer was lost = %v, %q, %v; want acquired with a token", st, token, err)
	}
	if st, err := d.Claim(bg, "evt_lost"); err != nil || st != ClaimInProgress {
		t.Fatalf("a redelivery while it is held = %v, %v; want in-progress", st, err)
	}
	if err := d.ReleaseOwned(bg, "evt_lost", token); err != nil {
		t.Fatal(err)
	}
	if st, err := d.Claim(bg, "evt_lost"); err != nil || st != ClaimAcquired {
		t.Fatalf("after the release by its token = %v, %v; want acquired", st, err)
	}

	// The sender hangs up as the takeover of a lapsed claim commits.
	if st, err := d.Claim(bg, "evt_lapsed"); err != nil || st != ClaimAcquired {
		t.Fatalf("first claim = %v, %v", st, err)
	}
	clock.Advance(d.lease + 1)
	ctx, cancel = context.WithCancel(bg)
	ld.loseNext("UPDATE", func(context.Context) error { cancel(); return context.Canceled })
	if st, _, err := d.ClaimOwned(ctx, "evt_lapsed"); err == nil {
		t.Fatalf("takeover under a cancelled context = %v, nil; want an error", st)
	}
	if st, err := d.Claim(bg, "evt_lapsed"); err != nil || st != ClaimAcquired {
		t.Fatalf("the next delivery's claim = %v, %v; want acquired (the failed takeover was left in place)", st, err)
	}

	// Through a Handler: the sender hangs up during the claim (answered
	// 500 to nobody); eSahayak's retry 5 s later is handled, not 409.
	b := setupHandler(t, WithDedupStore(d))
	calls := b.count(EventStampUploaded, nil)
	ctx, cancel = context.WithCancel(bg)
	ld.loseNext("INSERT", func(context.Context) error { cancel(); return context.Canceled })
	wantStatus(t, serve(t, b.h, b.request(t, uploadedBody).WithContext(ctx)), http.StatusInternalServerError)
	wantStatus(t, serve(t, b.h, b.request(t, uploadedBody)), http.StatusOK)
	wantStatus(t, serve(t, b.h, b.request(t, uploadedBody)), http.StatusOK) // a duplicate now
	if n := calls.Load(); n != 1 {
		t.Fatalf("handler ran %d times, want 1", n)
	}
}

func TestSQLDedupClaimWhoseAnswerWasLost(t *testing.T) {
	db := openSQLite(t)
	dsn := "file:" + t.TempDir() + "/lost.db?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)"
	testSQLDedupLostAnswer(t, db.Driver(), dsn)
}
