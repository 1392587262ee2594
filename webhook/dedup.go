package webhook

import (
	"context"
	"strconv"
	"sync"
	"time"
)

// ClaimStatus is the answer of DedupStore.Claim.
type ClaimStatus int

const (
	// ClaimAcquired: the caller now holds the event and must end the claim
	// with Commit (handled) or Release (failed, let a retry in).
	ClaimAcquired ClaimStatus = iota + 1
	// ClaimDuplicate: the event was already handled; acknowledge it without
	// handling it again.
	ClaimDuplicate
	// ClaimInProgress: another delivery of the same event holds a live
	// claim. Its outcome is unknown yet, so neither acknowledge nor handle:
	// ask the sender to try again later.
	ClaimInProgress
)

// String is the status as the Handler's log lines and test failures name
// it: "acquired", "duplicate", "in-progress", or "ClaimStatus(invalid)" for
// a value no store should return.
func (s ClaimStatus) String() string {
	switch s {
	case ClaimAcquired:
		return "acquired"
	case ClaimDuplicate:
		return "duplicate"
	case ClaimInProgress:
		return "in-progress"
	}
	return "ClaimStatus(invalid)"
}

// DefaultClaimLease is how long a claim blocks other deliveries of the same
// event without being committed or released. It only matters when a claim
// is abandoned — the process died mid-handler — and bounds how long the
// event stays blocked: after it, the next retry takes the claim over.
// It is well beyond the guide's 10-second response deadline, so a live
// handler is never overtaken by a retry of its own event.
const DefaultClaimLease = 5 * time.Minute

// DefaultDedupTTL is how long MemoryDedup remembers a handled event when
// NewMemoryDedup is given no positive TTL, and the TTL of the store a
// Handler uses when no WithDedupStore option is given. It must outlast the
// sender's retry schedule, or a late retry would run the handler twice:
// eSahayak's default schedule spans about 27.6 hours (30.3 with its
// jitter), and 72 hours also covers a resend from the dashboard or the API
// in the days after.
const DefaultDedupTTL = 72 * time.Hour

// DedupStore remembers which events were handled, so that retries and
// redeliveries of an event run its handler at most once after it succeeded.
//
// It is a claim/commit protocol rather than a "seen?"/"mark" pair because
// the pair has two holes: two concurrent deliveries of one event can both see
// "not seen" and both run the handler; and marking before handling loses the
// event if the handler then fails, while marking after leaves the first hole
// open. With Claim the check and the reservation are one atomic step, and the
// handler's outcome decides whether the reservation becomes permanent:
//
//	            Claim → ClaimAcquired
//	(absent) ───────────────────────────▶ claimed ──Commit──▶ handled
//	    ▲                                    │                   │
//	    └─────── Release, or lease expiry ───┘                   │
//	    └─────────────────────── TTL / Purge ────────────────────┘
//
// Claim on a claimed event returns ClaimInProgress, and on a handled event
// ClaimDuplicate. Implementations must be safe for concurrent use, and
// Claim must be atomic across every process that shares the store (for
// SQLDedup, the database's primary key guarantees it). Commit and Release
// of an event that is not claimed must not fail.
//
// A store may also implement ClaimRenewer, ClaimLeaser and ClaimOwner; the
// Handler then renews its claims in time and releases only its own.
type DedupStore interface {
	Claim(ctx context.Context, eventID string) (ClaimStatus, error)
	Commit(ctx context.Context, eventID string) error
	Release(ctx context.Context, eventID string) error
}

// ClaimRenewer is a DedupStore whose live claims can be extended. The
// Handler renews the claims it holds while their events wait in the
// background queue or run, so that a handler slower than the claim lease
// is never overtaken by a redelivery of its own event. It renews three
// times per lease: the store's ClaimLease if it is a ClaimLeaser,
// DefaultClaimLease otherwise, so a renewer whose lease is shorter than
// DefaultClaimLease must also be a ClaimLeaser or its claims lapse between
// renewals. MemoryDedup and SQLDedup implement both; a store that
// implements neither is used as before, its claims lapsing after its lease.
type ClaimRenewer interface {
	// Renew extends the lease of a live claim of eventID from now. It does
	// nothing to a handled event, nor to one that is not claimed.
	Renew(ctx context.Context, eventID string) error
}

// ClaimLeaser is a DedupStore that reports how long its claims last
// without a renewal. The Handler paces its renewals by it: a store whose
// lease is shorter than DefaultClaimLease (NewMemoryDedup with a short
// TTL) would otherwise see its claims lapse before the first renewal, and
// a redelivery run the handler beside the one still running.
type ClaimLeaser interface {
	// ClaimLease is the lease of a claim, counted from its Claim or its
	// last Renew. It must be positive and must not change.
	ClaimLease() time.Duration
}

// ClaimOwner is a DedupStore whose claims carry an owner token, so that
// ending a claim cannot end somebody else's. Without it, a holder whose
// lease lapsed (a process paused, a renewal that failed) and whose handler
// then fails would Release the claim that a redelivery took over meanwhile,
// and a third delivery would run the handler while that redelivery still
// does. The Handler uses ClaimOwned and ReleaseOwned instead of Claim and
// Release when the store implements them; MemoryDedup and SQLDedup do.
//
// It is a separate interface, not new DedupStore methods, so that stores
// written against DedupStore keep compiling and working as before. Commit
// needs no token: a late Commit by a stale holder records an event whose
// handler did succeed, which is what "handled" means.
type ClaimOwner interface {
	// ClaimOwned is Claim that also returns the token of the claim when
	// it is ClaimAcquired (empty otherwise). The token must differ from
	// that of every other claim of the event, including takeovers.
	ClaimOwned(ctx context.Context, eventID string) (ClaimStatus, string, error)
	// ReleaseOwned drops the claim of eventID only if it is still the one
	// token names; a claim taken over since, and a handled event, stay.
	// Like Release, it must not fail when there is nothing to drop.
	ReleaseOwned(ctx context.Context, eventID, token string) error
}

// MemoryDedup is an in-process DedupStore. It is the right choice for a
// single receiver instance; several instances behind a load balancer need
// a shared store such as SQLDedup, or each would handle its own copy of a
// retried event. Everything is lost on restart, so an event retried across a
// restart is handled again: handlers should still be idempotent.
//
// Expired entries are swept lazily during Claim, so there is no background
// goroutine to stop.
type MemoryDedup struct {
	ttl   time.Duration
	lease time.Duration
	now   func() time.Time

	mu        sync.Mutex
	entries   map[string]memEntry
	nextSweep time.Time
	lastToken uint64 // the token of the latest claim; each claim gets the next
}

type memEntry struct {
	handled bool
	expires time.Time
	token   uint64 // the claim's owner token (0 once handled)
}

// NewMemoryDedup returns a MemoryDedup that remembers handled events for
// ttl (DefaultDedupTTL if ttl <= 0).
func NewMemoryDedup(ttl time.Duration) *MemoryDedup {
	if ttl <= 0 {
		ttl = DefaultDedupTTL
	}
	return &MemoryDedup{
		ttl:     ttl,
		lease:   min(DefaultClaimLease, ttl),
		now:     time.Now,
		entries: make(map[string]memEntry),
	}
}

// Claim implements DedupStore.
func (m *MemoryDedup) Claim(ctx context.Context, eventID string) (ClaimStatus, error) {
	st, _, err := m.ClaimOwned(ctx, eventID)
	return st, err
}

// ClaimOwned implements ClaimOwner. Tokens are a counter: unique within
// this MemoryDedup, which is the only place they mean anything.
func (m *MemoryDedup) ClaimOwned(_ context.Context, eventID string) (ClaimStatus, string, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sweepLocked(now)
	if e, ok := m.entries[eventID]; ok && now.Before(e.expires) {
		if e.handled {
			return ClaimDuplicate, "", nil
		}
		return ClaimInProgress, "", nil
	}
	m.lastToken++
	m.entries[eventID] = memEntry{expires: now.Add(m.lease), token: m.lastToken}
	return ClaimAcquired, strconv.FormatUint(m.lastToken, 10), nil
}

// ClaimLease implements ClaimLeaser: DefaultClaimLease, or the TTL if that
// is shorter.
func (m *MemoryDedup) ClaimLease() time.Duration { return m.lease }

// Commit implements DedupStore: the event is remembered as handled for the
// TTL, counted from now.
func (m *MemoryDedup) Commit(_ context.Context, eventID string) error {
	now := m.now()
	m.mu.Lock()
	m.entries[eventID] = memEntry{handled: true, expires: now.Add(m.ttl)}
	m.mu.Unlock()
	return nil
}

// Release implements DedupStore: a pending claim is dropped, whoever holds
// it; a handled event stays handled. Prefer ReleaseOwned, which drops only
// the caller's own claim.
func (m *MemoryDedup) Release(_ context.Context, eventID string) error {
	m.mu.Lock()
	if e, ok := m.entries[eventID]; ok && !e.handled {
		delete(m.entries, eventID)
	}
	m.mu.Unlock()
	return nil
}

// ReleaseOwned implements ClaimOwner: the claim is dropped only if token
// is its own.
func (m *MemoryDedup) ReleaseOwned(_ context.Context, eventID, token string) error {
	m.mu.Lock()
	if e, ok := m.entries[eventID]; ok && !e.handled && strconv.FormatUint(e.token, 10) == token {
		delete(m.entries, eventID)
	}
	m.mu.Unlock()
	return nil
}

// Renew implements ClaimRenewer. The claim keeps its owner token.
func (m *MemoryDedup) Renew(_ context.Context, eventID string) error {
	now := m.now()
	m.mu.Lock()
	if e, ok := m.entries[eventID]; ok && !e.handled {
		e.expires = now.Add(m.lease)
		m.entries[eventID] = e
	}
	m.mu.Unlock()
	return nil
}

// Seen reports whether the event is handled or claimed right now. It is a
// read-only look for diagnostics; deciding whether to handle must go through
// Claim, or two deliveries can race.
func (m *MemoryDedup) Seen(_ context.Context, eventID string) (bool, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[eventID]
	return ok && now.Before(e.expires), nil
}

// Mark records the event as handled without a claim, e.g. to pre-seed the
// store with events handled by an earlier system. Same as Commit.
func (m *MemoryDedup) Mark(ctx context.Context, eventID string) error {
	return m.Commit(ctx, eventID)
}

// Len returns the number of remembered events (handled or claimed),
// including expired ones not swept yet.
func (m *MemoryDedup) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.entries)
}

// sweepLocked drops expired entries, at most once per minute (or per TTL
// if shorter), so the cost of a sweep is spread over many Claims.
func (m *MemoryDedup) sweepLocked(now time.Time) {
	if now.Before(m.nextSweep) {
		return
	}
	for id, e := range m.entries {
		if !now.Before(e.expires) {
			delete(m.entries, id)
		}
	}
	m.nextSweep = now.Add(min(time.Minute, m.ttl))
}
