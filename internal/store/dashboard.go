package store

import (
	"context"
	"time"
)

// DashboardStore holds what the dashboard needs beyond the API's own
// methods: the sessions of people signed in to it.
//
// A session is found by the SHA-256 of its token, never by the token
// itself: the token lives only in the browser's cookie, so a copy of the
// database does not let anyone sign in.
type DashboardStore interface {
	CreateDashboardSession(ctx context.Context, s DashboardSession) error
	// DashboardSessionByHash finds the session whose token hashes to hash
	// and that expires after now; ErrNotFound otherwise.
	DashboardSessionByHash(ctx context.Context, hash []byte, now time.Time) (DashboardSession, error)
	// TouchDashboardSession records a use of the session at seen and moves
	// its expiry to expires (sliding expiry). ErrNotFound when it is gone.
	TouchDashboardSession(ctx context.Context, hash []byte, seen, expires time.Time) error
	// DeleteDashboardSession ends a session (sign-out). Deleting a missing
	// session is not an error: signing out twice signs out.
	DeleteDashboardSession(ctx context.Context, hash []byte) error
	// PruneDashboardSessions deletes sessions that expired at or before now
	// and returns how many.
	PruneDashboardSessions(ctx context.Context, now time.Time) (int, error)
}

// DashboardSession is one signed-in browser.
type DashboardSession struct {
	TokenHash []byte // SHA-256 of the cookie's token
	UserID    string
	AccountID string
	// CSRFToken must accompany every form the session posts.
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}
