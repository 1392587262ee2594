package webhook

import (
	"context"
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
type DedupStore interface {
	Claim(ctx context.Context, eventID string) (ClaimStatus, error)
	Commit(ctx context.Context, eventID string) error
	Release(ctx context.Context, eventID string) error
}

// ClaimRenewer is a DedupStore whose live claims can be extended. The
// Handler renews the claims it holds while their events wait in the
// background queue or run, so that a handler slower than the claim lease
// (DefaultClaimLease) is never overtaken by a redelivery of its own event.
// MemoryDedup and SQLDedup implement it; a store that does not is used as
// before, its claims lapsing after the lease.
type ClaimRenewer interface {
	// Renew extends the lease of a live claim of eventID from now. It does
	// nothing to a handled event, nor to one that is not claimed.
	Renew(ctx context.Context, eventID string) error
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
}

type memEntry struct {
	handled bool
	expires time.Time
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
func (m *MemoryDedup) Claim(_ context.Context, eventID string) (ClaimStatus, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sweepLocked(now)
	if e, ok := m.entries[eventID]; ok && now.Before(e.expires) {
		if e.handled {
			return ClaimDuplicate, nil
		}
		return ClaimInProgress, nil
	}
	m.entries[eventID] = memEntry{expires: now.Add(m.lease)}
	return ClaimAcquired, nil
}

// Commit implements DedupStore: the event is remembered as handled for the
// TTL, counted from now.
func (m *MemoryDedup) Commit(_ context.Context, eventID string) error {
	now := m.now()
	m.mu.Lock()
	m.entries[eventID] = memEntry{handled: true, expires: now.Add(m.ttl)}
	m.mu.Unlock()
	return nil
}

// Release implements DedupStore: a pending claim is dropped; a handled event
// stays handled.
func (m *MemoryDedup) Release(_ context.Context, eventID string) error {
	m.mu.Lock()
	if e, ok := m.entries[eventID]; ok && !e.handled {
		delete(m.entries, eventID)
	}
	m.mu.Unlock()
	return nil
}

// Renew implements ClaimRenewer.
func (m *MemoryDedup) Renew(_ context.Context, eventID string) error {
	now := m.now()
	m.mu.Lock()
	if e, ok := m.entries[eventID]; ok && !e.handled {
		m.entries[eventID] = memEntry{expires: now.Add(m.lease)}
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
