package store

import (
	"context"
	"time"
)

// RelayStore holds what `esahayak listen` sessions need: the sessions
// themselves, an account's events read forward by id (the relay's cursor),
// and the outcome of each event a listener forwarded, recorded as a
// delivery whose EndpointID is the session's id.
//
// Deliveries to a listen session are written finished (succeeded or
// failed) and never due, so the delivery engine never claims them: the
// listener, not the server, makes the HTTP request. Even if one were made
// due by hand, a claim finds no endpoint with its id and ends it failed.
type RelayStore interface {
	// CreateListenSession stores a new session. With maxOpenPerAccount > 0
	// it first counts the account's open sessions and, when there are that
	// many, stores nothing and returns ErrListenSessionLimit: sessions do
	// not expire (a listener asleep for hours carries on with its own), so
	// the cap is what bounds the rows an account can leave open. The count
	// and the insert are atomic against the account's other creates.
	CreateListenSession(ctx context.Context, s ListenSession, maxOpenPerAccount int) error
	GetListenSession(ctx context.Context, accountID, id string) (ListenSession, error)
	// ListListenSessions lists an account's sessions, newest first, only
	// the open or only the closed ones when p.Status says so.
	ListListenSessions(ctx context.Context, p ListListenSessionsParams) ([]ListenSession, bool, error)
	// TouchListenSession records that the session was connected at at.
	// A closed session is left as it is; a missing one is ErrNotFound.
	TouchListenSession(ctx context.Context, accountID, id string, at time.Time) error
	// CloseListenSession marks the session closed at at (once; closing a
	// closed session changes nothing) and erases its signing secret, which
	// nothing uses again. A missing one is ErrNotFound.
	CloseListenSession(ctx context.Context, accountID, id string, at time.Time) (ListenSession, error)
	// ListEventsAfter lists an account's events whose id is greater than
	// p.After, oldest first. Event ids sort by creation time, so an event
	// id, or the lowest id of a moment, is a cursor.
	ListEventsAfter(ctx context.Context, p EventsAfterParams) ([]Event, error)
	// RecordListenAttempt records that the session's listener forwarded
	// the event: the first report creates the session's delivery of the
	// event with its one attempt. A session is sent each event once, so a
	// later report (a listener sending its report again after losing the
	// answer) changes nothing: it returns the delivery as recorded, with
	// added false. ErrNotFound when the session or the event is not the
	// account's; ErrListenSessionClosed when the session is closed, checked
	// in the write itself, so that a report racing the session's close is
	// recorded only if it came first.
	RecordListenAttempt(ctx context.Context, p ListenAttemptParams) (d Delivery, added bool, err error)
}

// ListenSession is one run of `esahayak listen`: the server streams the
// account's events (of Events) to it, and it forwards them to ForwardTo,
// signed with Secret.
type ListenSession struct {
	ID        string
	AccountID string
	Events    []string
	// ForwardTo is the local URL the listener says it forwards to; the
	// server never connects to it and shows it only as information.
	ForwardTo  string
	Secret     string
	CreatedAt  time.Time
	LastSeenAt *time.Time
	ClosedAt   *time.Time
}

// The statuses a listen session list can be filtered by: open (ClosedAt
// nil) or closed.
const (
	ListenSessionOpen   = "open"
	ListenSessionClosed = "closed"
)

// ListListenSessionsParams pages an account's listen sessions; Status
// (ListenSessionOpen or ListenSessionClosed) keeps only those, "" all.
type ListListenSessionsParams struct {
	ListParams
	Status string
}

type EventsAfterParams struct {
	AccountID string
	// After is an exclusive lower bound on ids ("" for none).
	After string
	// Types keeps only events of these types; empty keeps every type.
	Types []string
	// IncludeTest keeps test events (left out by default: they belong to
	// the one endpoint they were sent to).
	IncludeTest bool
	// Limit is the most events returned; see PageSize.
	Limit int
	// Newest returns the Limit newest matching events instead of the
	// oldest (still oldest first).
	Newest bool
}

// PageSize is Limit within 1..MaxPageSize, as ListParams.PageSize.
func (p EventsAfterParams) PageSize() int { return pageSize(p.Limit) }

type ListenAttemptParams struct {
	SessionID string
	AccountID string
	EventID   string
	// Attempt is what the listener reports. The store sets its
	// DeliveryID, AccountID, EndpointID, EventID and Number.
	Attempt Attempt
	Now     time.Time
}
