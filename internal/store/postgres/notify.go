package postgres

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/store"
)

// closeTimeout bounds the clean close of a dedicated connection.
const closeTimeout = 5 * time.Second

// leaderIdleTimeout is how long the leadership lock's session may stay
// idle before PostgreSQL ends it (qLeaderIdleTimeout), and leaderPing how
// often its holder uses it meanwhile: only a holder that has not run for
// about leaderIdleTimeout loses the lock so.
const (
	leaderIdleTimeout = 20 * time.Second
	leaderPing        = 4 * time.Second
)

func closeConn(conn *pgx.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	conn.Close(ctx)
}

// Reconnection delays of Listen.
const (
	listenMinDelay = 100 * time.Millisecond
	listenMaxDelay = 10 * time.Second
)

// Listen calls wake whenever a transaction of any instance commits
// deliveries that wait unleased for a claim (see the notifications in
// queries.go), until ctx ends; it then returns ctx.Err().
//
// It listens on a dedicated connection outside the pool. When that
// connection fails, Listen reconnects with capped exponential backoff, and
// calls wake once each time it is listening again, since notifications sent
// meanwhile were lost (so also once at the start). wake must not block; a
// non-blocking send on a buffered channel is the usual choice.
func (s *Store) Listen(ctx context.Context, wake func()) error {
	return s.ListenStatus(ctx, wake, nil)
}

// ListenStatus is Listen, and also calls status (when not nil) for every
// endpoint that any instance disabled or deleted, enabled again, or gave a
// new URL or secret, in its own goroutine's order. A status change sent
// while the connection was down is lost: each time it listens again it
// calls status("", store.EndpointsMissed), and the instance looks at all
// its queued work again.
func (s *Store) ListenStatus(ctx context.Context, wake func(), status func(endpointID string, change store.EndpointChange)) error {
	delay := listenMinDelay
	for again := false; ; again = true {
		listening, _ := s.listenOnce(ctx, wake, status, again)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if listening {
			delay = listenMinDelay
		}
		// Full jitter, so that instances cut off together do not reconnect together.
		t := time.NewTimer(delay/2 + rand.N(delay/2+1))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		delay = min(2*delay, listenMaxDelay)
	}
}

// listenOnce connects, listens and relays notifications until the
// connection fails or ctx ends. listening reports whether it got as far as
// listening.
func (s *Store) listenOnce(ctx context.Context, wake func(), status func(string, store.EndpointChange), again bool) (listening bool, err error) {
	conn, err := pgx.ConnectConfig(ctx, s.connConfig)
	if err != nil {
		return false, fmt.Errorf("connect to listen: %w", err)
	}
	defer closeConn(conn)
	if _, err := conn.Exec(ctx, qListen); err != nil {
		return false, fmt.Errorf("listen: %w", err)
	}
	if again && status != nil {
		// Listening from here on: what changed before is read by the
		// claims that follow.
		status("", store.EndpointsMissed)
	}
	s.listenPID.Store(conn.PgConn().PID())
	wake()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return true, fmt.Errorf("wait for notification: %w", err)
		}
		switch {
		case strings.HasPrefix(n.Payload, stopPrefix):
			if status != nil {
				status(strings.TrimPrefix(n.Payload, stopPrefix), store.EndpointStopped)
			}
		case strings.HasPrefix(n.Payload, resumePrefix):
			if status != nil {
				status(strings.TrimPrefix(n.Payload, resumePrefix), store.EndpointResumed)
			}
			wake()
		case strings.HasPrefix(n.Payload, refreshPrefix):
			if status != nil {
				status(strings.TrimPrefix(n.Payload, refreshPrefix), store.EndpointRefreshed)
			}
		default:
			wake()
		}
	}
}

// TryLeader tries to become the instance that runs maintenance, without
// waiting. It takes a session-level advisory lock (named after the schema,
// so deployments in different schemas elect separately) on a dedicated
// connection outside the pool. When held, the lock stays held until
// release is called or that connection is lost (PostgreSQL then frees it,
// and another instance can take it); ctx only bounds the attempt. release
// is never nil and is safe to call more than once.
func (s *Store) TryLeader(ctx context.Context) (held bool, release func(), err error) {
	noop := func() {}
	conn, err := pgx.ConnectConfig(ctx, s.lockConnConfig())
	if err != nil {
		return false, noop, fmt.Errorf("connect for leadership: %w", err)
	}
	if err := conn.QueryRow(ctx, qTryLeader).Scan(&held); err != nil || !held {
		closeConn(conn)
		if err != nil {
			return false, noop, fmt.Errorf("try leader lock: %w", err)
		}
		return false, noop, nil
	}
	// A holder that stops running (SIGSTOP, a frozen container, a
	// suspended VM) keeps its session alive: its kernel still answers the
	// keepalives. PostgreSQL ends the session once it has been idle for
	// leaderIdleTimeout, and the pings below keep a running holder's far
	// from that, so another instance takes maintenance over from a frozen
	// one within seconds of the timeout instead of when (if) it wakes;
	// waking, it finds the lock gone before its next run
	// (TestFrozenLeaderIsReplaced). PostgreSQL before 14 has no such
	// setting: the lock then waits for its holder as before.
	var ignored string
	_ = conn.QueryRow(ctx, qLeaderIdleTimeout, leaderIdleTimeout.String()).Scan(&ignored)
	s.leaderPID.Store(conn.PgConn().PID())
	stopPing, pinged := make(chan struct{}), make(chan struct{})
	go s.pingLeader(stopPing, pinged)
	var once sync.Once
	release = func() {
		once.Do(func() {
			// The pings end before the connection does, and before
			// release returns: none outlives the leadership (or Close).
			close(stopPing)
			<-pinged
			s.leaderMu.Lock()
			if s.leaderConn == conn {
				s.leaderConn, s.leaderRelease = nil, nil
			}
			s.leaderMu.Unlock()
			// Unlock first so that the lock is free when release returns;
			// closing alone frees it only once the server notices. An error
			// means the connection is gone, and the lock with it.
			cctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
			var unlocked bool
			_ = conn.QueryRow(cctx, qReleaseLeader).Scan(&unlocked)
			cancel()
			closeConn(conn)
		})
	}
	s.leaderMu.Lock()
	s.leaderConn, s.leaderRelease = conn, release
	s.leaderMu.Unlock()
	return true, release, nil
}

// pingLeader uses the leadership lock's session every leaderPing, so that
// only a holder that stops running reaches leaderIdleTimeout, until stop
// is closed; it closes done as it returns.
func (s *Store) pingLeader(stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(leaderPing)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			s.StillLeader(context.Background())
		}
	}
}

// StillLeader reports whether the lock that TryLeader took is still held:
// a session-level lock lasts as long as its session, so it asks that
// session. The maintenance loop asks before every run, so a leader whose
// connection was cut (a terminated backend, a restart or failover of
// PostgreSQL, a dropped idle connection) stops at once rather than running
// beside the instance that took the lock after it.
func (s *Store) StillLeader(ctx context.Context) bool {
	s.leaderMu.Lock()
	defer s.leaderMu.Unlock()
	if s.leaderConn == nil {
		return false
	}
	cctx, cancel := context.WithTimeout(ctx, closeTimeout)
	defer cancel()
	var held bool
	err := s.leaderConn.QueryRow(cctx, qStillLeader).Scan(&held)
	return err == nil && held
}

// lockConnConfig is the configuration of a connection that holds a
// session-level lock (leadership, an instance id). If its process dies
// with its host, or the network between them, PostgreSQL would keep the
// session and its lock until the operating system's TCP keepalive gives
// up, two hours by default: the server's keepalives are set to notice a
// silent client within about 25 s (10 s idle, then 3 probes 5 s apart).
func (s *Store) lockConnConfig() *pgx.ConnConfig {
	c := s.connConfig.Copy()
	if c.RuntimeParams == nil {
		c.RuntimeParams = map[string]string{}
	}
	for k, v := range map[string]string{"tcp_keepalives_idle": "10", "tcp_keepalives_interval": "5", "tcp_keepalives_count": "3"} {
		if _, set := c.RuntimeParams[k]; !set {
			c.RuntimeParams[k] = v
		}
	}
	return c
}

// ErrInstanceIDInUse: another running instance holds the instance id.
var ErrInstanceIDInUse = errors.New("another running instance uses this instance id")

// ClaimInstanceID holds id for this process until release (or until the
// process ends): two live instances with one --instance-id would take
// each other's in-flight work at start-up (ReleaseLeases) and record each
// other's results as their own. It waits up to wait for the id, as a
// predecessor killed a moment ago may still have its session open.
//
// The lock lives on a connection of its own, which a database restart or
// an administrator can end; the lock would go with it, silently, and a
// second start with this id would then be let in. So the connection is
// checked every instanceCheck and, when it is gone, the id is taken again
// on a new one; lost is called (from another goroutine) when that fails
// because another session took the id meanwhile.
func (s *Store) ClaimInstanceID(ctx context.Context, id string, wait time.Duration, lost func(error)) (release func(), err error) {
	conn, err := s.takeInstanceID(ctx, id, wait)
	if err != nil {
		return nil, err
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func(conn *pgx.Conn) {
		defer close(done)
		t := time.NewTicker(instanceCheck)
		defer t.Stop()
		reported := false
		var takenSince time.Time // since when another session holds the id
		for {
			select {
			case <-stop:
				if conn != nil {
					closeConn(conn)
				}
				return
			case <-t.C:
			}
			if conn != nil {
				pctx, cancel := context.WithTimeout(context.Background(), instanceCheck)
				err := conn.Ping(pctx)
				cancel()
				if err == nil {
					continue
				}
				closeConn(conn)
				conn = nil
			}
			cctx, cancel := context.WithTimeout(context.Background(), instanceCheck)
			c, err := s.takeInstanceID(cctx, id, 0)
			cancel()
			if err != nil {
				if errors.Is(err, ErrInstanceIDInUse) && !reported && lost != nil {
					// Another instance's sweep of held deliveries takes the
					// lock of an id no session holds, which ours did not
					// while it was down, for the length of a write (held.go:
					// writeGoneHolder, within heldSweep*5): only a session
					// that keeps it longer is another instance.
					if takenSince.IsZero() {
						takenSince = time.Now()
					} else if time.Since(takenSince) >= instanceTakenGrace {
						reported = true
						lost(err)
					}
				}
				continue // the database is away: try again
			}
			conn, reported, takenSince = c, false, time.Time{}
		}
	}(conn)
	var once sync.Once
	return func() { once.Do(func() { close(stop); <-done }) }, nil
}

// instanceCheck is how often the connection holding an instance id is checked.
const instanceCheck = 2 * time.Second

// instanceTakenGrace is how long another session must hold an instance id
// that this store held before ClaimInstanceID reports it lost: longer than
// a sweep holds it (heldSweep*5) and one more check.
var instanceTakenGrace = heldSweep*5 + instanceCheck

// takeInstanceID opens a connection and takes id's lock on it, waiting up
// to wait while another session holds it.
func (s *Store) takeInstanceID(ctx context.Context, id string, wait time.Duration) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, s.lockConnConfig())
	if err != nil {
		return nil, interpretError(err)
	}
	deadline := time.Now().Add(wait)
	for {
		var held bool
		if err := conn.QueryRow(ctx, qTryInstance, id).Scan(&held); err != nil {
			closeConn(conn)
			return nil, interpretError(err)
		}
		if held {
			s.instancePID.Store(conn.PgConn().PID())
			return conn, nil
		}
		if !time.Now().Before(deadline) {
			closeConn(conn)
			return nil, ErrInstanceIDInUse
		}
		select {
		case <-ctx.Done():
			closeConn(conn)
			return nil, ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// WithStartLock runs fn while holding an advisory lock (named after the
// schema) that every instance takes for the same purpose: instances that
// start together on an empty database check for and create its first
// account one at a time, so exactly one development account is made.
func (s *Store) WithStartLock(ctx context.Context, fn func() error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return interpretError(err)
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, qStartLock); err != nil {
		return interpretError(err)
	}
	if err := fn(); err != nil {
		return err
	}
	return tx.Commit(ctx) // ends the transaction, and the lock with it
}
