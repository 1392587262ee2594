// Package store defines the one storage interface every part of esahayak
// talks to, and the driver-neutral rows it returns. Two drivers implement it:
// store/sqlite (the embedded default) and store/postgres. Both pass the same
// conformance suite in store/storetest, so the rest of the code never needs
// to know which one it runs on.
//
// # Transactions and the outbox
//
// Every order status change is committed together with the event it emits and
// the deliveries that event fans out to (TransitionOrder). There is no moment
// at which a status change exists without its event or the reverse, whatever
// kills the process. The event's JSON is written once and is the exact body
// of every delivery attempt.
//
// # Deliveries and leases
//
// A delivery is due when its due_at is in the past. Claiming a delivery moves
// due_at to the end of a lease and records the owner; recording the attempt's
// outcome clears the lease and sets due_at to the next retry (or NULL when no
// attempt remains). A process that dies holding leases needs no clean-up: when
// the leases run out the deliveries are simply due again.
package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Errors every driver returns for the same conditions, so callers can use
// errors.Is without knowing the driver.
var (
	// ErrNotFound: no such row, or one of another account (callers answer
	// both alike, so that ids of other accounts cannot be probed).
	ErrNotFound = errors.New("not found")
	// ErrIdempotencyMismatch: the Idempotency-Key was used before with a different request.
	ErrIdempotencyMismatch = errors.New("idempotency key reused with a different request")
	// ErrSchemaNewer: the database holds migrations this binary does not
	// know, applied by a later release. Running on it could write rows
	// that release no longer expects (see SchemaNewer).
	ErrSchemaNewer = errors.New("database schema is newer than this binary")
	// ErrConflict: the write lost to another one (a key or an e-mail
	// already taken, an order changed since it was read); drivers wrap it
	// with what collided.
	ErrConflict = errors.New("conflict")
	// ErrInFlight: the delivery is leased to an engine that is attempting
	// it now (the lease has not ended), so it cannot be resent yet.
	ErrInFlight = errors.New("delivery attempt in flight")
	// ErrEndpointDisabled: the endpoint is disabled, so nothing is sent to it.
	ErrEndpointDisabled = errors.New("endpoint disabled")
	// ErrEndpointLimit: the account has as many endpoints as it may.
	ErrEndpointLimit = errors.New("endpoint limit reached")
	// ErrListenSessionLimit: the account has as many open listen sessions
	// as it may.
	ErrListenSessionLimit = errors.New("listen session limit reached")
	// ErrListenSessionClosed: the listen session was closed, so nothing
	// more is recorded for it.
	ErrListenSessionClosed = errors.New("listen session closed")
	// ErrAPIKeyLimit: the account has as many active (unrevoked) API keys
	// as it may.
	ErrAPIKeyLimit = errors.New("API key limit reached")
	// ErrTablesUnreadable: Ping reached the database, but this server's
	// tables were not there to read (a schema dropped or restored under
	// it, privileges revoked): every request fails as if it were down.
	ErrTablesUnreadable = errors.New("the database answers, but this server's tables cannot be read")
	// ErrNoSchema: the database named holds no esahayak tables, where
	// Open needs them (PostgreSQL's Existing option: a database no
	// server has started on) or cannot add them (a SQLite file of
	// another program's tables, whatever the caller). Nothing was
	// created in it.
	ErrNoSchema = errors.New("the database holds no esahayak tables")
	// ErrForeignMigrations comes with ErrNoSchema when the database holds
	// a schema_migrations that another program made (golang-migrate,
	// Rails, dbmate and Ecto name theirs so too): Open refuses it with or
	// without the Existing option, and creates nothing in it.
	ErrForeignMigrations = errors.New("its schema_migrations is another program's")
)

// IdempotencyMismatchError is ErrIdempotencyMismatch (errors.Is) with the
// order that holds the key, so that the refusal can name it: a client
// told only that its key was used could not find what it had used it for.
type IdempotencyMismatchError struct{ OrderID string }

func (e *IdempotencyMismatchError) Error() string {
	return ErrIdempotencyMismatch.Error() + " (the key is order " + e.OrderID + "'s)"
}

func (e *IdempotencyMismatchError) Is(target error) bool { return target == ErrIdempotencyMismatch }

// Store is implemented by every driver. All methods are safe for concurrent use.
// The List methods return a page and whether more items follow it (see
// ListParams); a Get of another account's row is ErrNotFound.
type Store interface {
	// Ping reports whether the database answers and this server's tables
	// can be read there (ErrTablesUnreadable when they cannot); /healthz
	// uses it.
	Ping(ctx context.Context) error
	Close() error
	// Driver names the driver ("sqlite" or "postgres").
	Driver() string
	// Unavailable reports whether err means the database could not be
	// reached or was busy (locked by another process, shutting down, out of
	// connections): the request was not refused, and may succeed if
	// retried. The API answers such errors 503, not 500.
	Unavailable(err error) bool

	CreateAccount(ctx context.Context, a Account) error
	GetAccount(ctx context.Context, id string) (Account, error)
	CountAccounts(ctx context.Context) (int, error)
	// ListAccounts is every account, oldest first: what an operator lists
	// with `esahayak accounts list` (accounts are a server's customers,
	// few enough to list at once).
	ListAccounts(ctx context.Context) ([]Account, error)
	// CreateAPIKey adds k unless its account already has maxActive
	// unrevoked keys: then ErrAPIKeyLimit (0: no limit). The count and the
	// insert are one step for every instance on the database, as
	// CreateEndpoint's, so that creates at the same moment cannot pass the
	// limit together.
	CreateAPIKey(ctx context.Context, k APIKey, maxActive int) error
	// APIKeyByHash finds an unrevoked key by the SHA-256 of its secret.
	APIKeyByHash(ctx context.Context, hash []byte) (APIKey, error)
	ListAPIKeys(ctx context.Context, accountID string) ([]APIKey, error)
	RevokeAPIKey(ctx context.Context, accountID, id string, at time.Time) error
	TouchAPIKey(ctx context.Context, id string, at time.Time) error

	CreateUser(ctx context.Context, u User) error
	UserByEmail(ctx context.Context, email string) (User, error)
	GetUser(ctx context.Context, id string) (User, error)

	CreateOrder(ctx context.Context, p CreateOrderParams) (CreateOrderResult, error)
	// GetOrder finds an order of accountID; an empty accountID (operators) finds any order.
	GetOrder(ctx context.Context, accountID, id string) (Order, error)
	ListOrders(ctx context.Context, p ListOrdersParams) ([]Order, bool, error)
	TransitionOrder(ctx context.Context, p TransitionParams) (TransitionResult, error)

	GetEvent(ctx context.Context, accountID, id string) (Event, error)
	ListEvents(ctx context.Context, p ListEventsParams) ([]Event, bool, error)
	// CreateTestEvent stores a test event and its single delivery to
	// endpointID, or nothing: ErrNotFound if the endpoint is gone,
	// ErrEndpointDisabled if it is disabled (checked in the same write).
	CreateTestEvent(ctx context.Context, ev Event, endpointID string, lease LeaseParams) (TransitionResult, error)

	// CreateEndpoint adds e unless its account already has maxPerAccount
	// endpoints (not deleted): then ErrEndpointLimit. The count and the
	// insert are atomic, so concurrent creates cannot pass the limit.
	// maxPerAccount <= 0 sets no limit.
	CreateEndpoint(ctx context.Context, e Endpoint, maxPerAccount int) error
	GetEndpoint(ctx context.Context, accountID, id string) (Endpoint, error)
	ListEndpoints(ctx context.Context, p ListParams) ([]Endpoint, bool, error)
	// UpdateEndpoint reads the endpoint, lets update change it, and writes it
	// back in one transaction. Disabling parks the endpoint's due deliveries;
	// enabling makes parked ones due again.
	UpdateEndpoint(ctx context.Context, accountID, id string, update func(*Endpoint) error) (Endpoint, error)
	DeleteEndpoint(ctx context.Context, accountID, id string, at time.Time) error

	GetDelivery(ctx context.Context, accountID, id string) (Delivery, error)
	ListDeliveries(ctx context.Context, p ListDeliveriesParams) ([]Delivery, bool, error)
	ListAttempts(ctx context.Context, accountID, deliveryID string) ([]Attempt, error)
	// ClaimDeliveries leases up to p.Limit due deliveries. It visits the
	// endpoints that have due work, the one with the oldest due delivery
	// first, and takes each one's oldest, up to what p.Room allows; so its
	// cost follows the work it returns, never the size of the backlog.
	ClaimDeliveries(ctx context.Context, p ClaimParams) ([]Work, error)
	// RecordResults writes attempt outcomes, in one transaction or in a few
	// (SQLite writes chunks that requests' writes can pass). Recording the
	// same results again after an error is safe: attempts already written
	// are skipped and the delivery updates are guarded. A success marks
	// its delivery only when the log did not have it yet: written once
	// already, it may have been shown, and the delivery resent since.
	RecordResults(ctx context.Context, results []Result) error
	// ReleaseLeases makes every delivery leased to owner due at once; an
	// empty owner releases every lease (a single-process store at start-up,
	// when no other process can hold one). A released delivery is due just
	// before its endpoint's oldest waiting one (the released ones in the
	// order they were created), like a resend (RetryDelivery): its attempt
	// was cut short, and it must not wait behind a backlog due earlier.
	ReleaseLeases(ctx context.Context, owner string, now time.Time) (int, error)
	// RetryDelivery makes a delivery due now with a fresh retry schedule,
	// unless an attempt of it is in flight (leased, the lease not ended at
	// now): then ErrInFlight, and nothing changes. Resending while the
	// attempt runs would send the same delivery twice at once.
	RetryDelivery(ctx context.Context, accountID, id string, now time.Time) (Delivery, error)
	// RecoverEndpoint makes every failed delivery of the endpoint created at or after since due now.
	RecoverEndpoint(ctx context.Context, accountID, endpointID string, since, now time.Time) (int, error)
	// CreateMissedDeliveries gives the endpoint a delivery, due at now
	// (attempt 1, as a fan-out's), of every event it has none of: each
	// event of its account created at or after since and not before the
	// endpoint itself, of a type it is subscribed to now, not a test event,
	// and with no delivery to it whatever its status. An event's fan-out
	// skips a disabled endpoint, so this is how the events of a disabled
	// spell reach it once it is enabled again (and, as nothing records when
	// a type was added, also the older events of a type it subscribed to
	// later). ErrNotFound if the endpoint is gone, ErrEndpointDisabled if it
	// is disabled (checked in each batch's write). Events are read in id
	// order, in batches of MissedBatch, each batch its own transaction, up
	// to those made at now and at most p.Limit of them: a walk stopped
	// there says where to go on (MissedResult.NextSince). Running it again,
	// or twice at once, makes no delivery twice.
	CreateMissedDeliveries(ctx context.Context, p MissedParams) (MissedResult, error)
	EndpointStats(ctx context.Context, accountID, endpointID string, since time.Time) (Stats, error)
	// AccountEndpointStats is EndpointStats of each of the account's
	// endpoints (deleted ones too; not its listen sessions), in one grouped
	// read: the overview and Monitoring asked once per endpoint, 1,000
	// queries a page. An endpoint with no attempt and no delivery since
	// `since` is absent from the map; its figures are the zero Stats.
	AccountEndpointStats(ctx context.Context, accountID string, since time.Time) (map[string]Stats, error)
	// StatsSeries buckets the endpoint's attempts since `since` into buckets of width step.
	StatsSeries(ctx context.Context, accountID, endpointID string, since time.Time, step time.Duration) ([]StatsBucket, error)

	// Maintenance, run by one elected instance at a time.
	// DisableFailingEndpoints disables the enabled endpoints whose failing
	// run has lasted the period: it began at least period before now, and
	// an attempt that started period or more after its beginning failed
	// too. A run whose failures were all within a moment (one event's
	// schedule, then silence) is not a period of failing: the endpoint was
	// not tried since, and may well work.
	DisableFailingEndpoints(ctx context.Context, period time.Duration, now time.Time) ([]Endpoint, error)
	// EraseExpiredSecrets erases the retired signing secrets (previous and
	// older) of the endpoints whose previous secret expired at or before
	// now, and returns how many endpoints it changed. Nothing signs with
	// them any more (Secrets leaves them out), and a secret rotated out
	// because it leaked must not stay in the database file and its
	// backups for as long as no one rotates again. Each retired secret
	// expires a fixed overlap after its rotation, and rotations are in
	// time order (a change is never dated before the last), so the
	// previous secret is the last of them to expire: once it has, every
	// older one has too. The current secret is never touched.
	EraseExpiredSecrets(ctx context.Context, now time.Time) (int, error)
	// Prune removes, in one write of about limit rows (DefaultPruneLimit
	// if limit <= 0; see PruneBatch), events created before `before`
	// whose deliveries are all finished and unchanged since, with those
	// deliveries, then their attempts; and idempotency keys and closed
	// listen sessions older than that, the rows of endpoints deleted
	// before then that no delivery or attempt names any more, and API
	// keys revoked before then (but an account's newest key). It returns
	// how many rows of each went (nothing with an error: the write was
	// rolled back): the caller calls again while the events, deliveries
	// and attempts (Pruned.Rows) are limit or more.
	Prune(ctx context.Context, before time.Time, limit int) (Pruned, error)
	// Counts reads the backlog's figures as of now, for the metrics.
	Counts(ctx context.Context, now time.Time) (Counts, error)

	// Capabilities of the dashboard and of `esahayak listen`, declared in
	// their own files (dashboard.go, relay.go).
	DashboardStore
	RelayStore
}

// ListParams is the cursor of list calls. A page is newest first: the
// items strictly older than StartingAfter, or, with EndingBefore, the
// items strictly newer than it that are nearest to it (the page before
// it, walking towards the newest). The two are not given together.
type ListParams struct {
	AccountID string
	// Limit is the page's size; see PageSize.
	Limit         int
	StartingAfter string
	// EndingBefore pages backwards: with it, "more" means that newer
	// items follow the page.
	EndingBefore string
}

// Page sizes of lists whose caller gave no usable Limit.
const (
	DefaultPageSize = 10
	MaxPageSize     = 10_000
)

// PageSize is Limit, or DefaultPageSize when it is not positive, and at
// most MaxPageSize. The API refuses limits outside 1–100 itself; this keeps
// a caller inside the process that passes 0 or less from a panic on one
// driver and an SQL error on the other.
func (p ListParams) PageSize() int { return pageSize(p.Limit) }

func pageSize(limit int) int {
	switch {
	case limit <= 0:
		return DefaultPageSize
	case limit > MaxPageSize:
		return MaxPageSize
	}
	return limit
}

type Account struct {
	ID        string
	Name      string
	CreatedAt time.Time
}

type APIKey struct {
	ID         string
	AccountID  string
	Name       string
	Prefix     string // the first characters of the key, shown in lists so people can tell keys apart
	Hash       []byte // SHA-256 of the whole key; keys are random, so a fast hash suffices
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

type User struct {
	ID           string
	AccountID    string
	Email        string
	PasswordHash string
	CreatedAt    time.Time
}

// Order statuses, as the guide spells them.
const (
	StatusProcessing = "PROCESSING"
	StatusCompleted  = "COMPLETED"
	StatusFailed     = "FAILED"
	StatusDelivered  = "DELIVERED"
	StatusCancelled  = "CANCELLED"
)

type StampRequest struct {
	ID          string
	State       string
	Amount      int64
	ArticleCode string
	Provider    string
}

type Order struct {
	ID                string
	AccountID         string
	Status            string
	CreatedAt         time.Time
	UpdatedAt         time.Time
	StampRequest      StampRequest
	DeliveryRequested bool
	// Details of the latest move, kept so the order resource can show them.
	ErrorCode       string
	ErrorMessage    string
	DeliveryPartner string
	TrackingID      string
	DeliveredAt     *time.Time
	CancelReason    string
	CancelledAt     *time.Time
	RefundAmount    int64
	RefundStatus    string
	// Version increases with every change; it guards concurrent transitions.
	Version int64
}

type CreateOrderParams struct {
	Order Order
	// IdempotencyKey, when set, makes the create happen at most once per
	// (account, key). RequestHash identifies the request body; Response is the
	// exact response to replay on a repeat.
	IdempotencyKey string
	RequestHash    []byte
	// LegacyRequestHash, when set, is accepted for a stored key as the same
	// request too: the hash an earlier release stored for this body (see
	// api.legacyRequestHash), so that keys stored before an upgrade still
	// replay for their retention period.
	LegacyRequestHash []byte
	Response          []byte
	Now               time.Time
}

// SameRequest says whether a stored idempotency key's hash is p's request.
func (p CreateOrderParams) SameRequest(stored []byte) bool {
	return bytes.Equal(stored, p.RequestHash) || (len(p.LegacyRequestHash) > 0 && bytes.Equal(stored, p.LegacyRequestHash))
}

type CreateOrderResult struct {
	Order    Order
	Replayed bool
	Response []byte // the stored response when Replayed
}

type ListOrdersParams struct {
	ListParams
	Status string
}

// Transition is what the order domain decides for a move: the new order
// state and, for moves that emit one, the event.
type Transition struct {
	Order Order
	Event *Event
}

type TransitionParams struct {
	OrderID   string
	AccountID string // "" for operators
	// Decide runs inside the transaction with the current order and returns
	// the change to write, or an error that aborts it. It must not do I/O.
	Decide func(current Order) (Transition, error)
	Lease  LeaseParams
	Now    time.Time
}

// LeaseParams lets the writer of new deliveries claim them at once for the
// local delivery engine, saving a claim round trip and its latency. Reserve
// is called inside the transaction for each new delivery; when it returns
// true the delivery is written already leased to Owner until Until and is
// returned in TransitionResult.Work. A nil Reserve writes them due now.
type LeaseParams struct {
	Owner   string
	Until   time.Time
	Reserve func(endpointID string) bool
	// Dispatch, when set, may be called by TransitionOrder with the leased
	// deliveries as soon as they are durable, before the rest of the event's
	// deliveries are written; they are then left out of
	// TransitionResult.Work. A driver that writes everything in one
	// transaction never calls it. It must not block. It may be called a
	// second time, once the rest are written, with those of them that were
	// leased too.
	Dispatch func(work []Work)
	// Fast, when set, tells which leased deliveries are worth sending
	// before the rest of the event is written: those to endpoints that have
	// lately answered with success, quickly. A driver that splits an event's
	// writes (see Dispatch) writes the others after them, so endpoints that
	// are new, slow or failing never delay the ones that work. Nil: all.
	Fast func(endpointID string) bool
}

type TransitionResult struct {
	Order Order
	Event *Event
	// Deliveries created for the event (all of them).
	Deliveries int
	// Work holds the deliveries that were leased at creation (see LeaseParams).
	Work []Work
	// Held counts those of Deliveries that the store holds back, not due,
	// for endpoints whose lanes were full (LeaseParams.Fast): a claim
	// writes them once their endpoint has room, so none of them asks for a
	// claim now. The rest, neither leased nor held, are due at once.
	Held int
}

// FanOutTime is the time an event's deliveries are stamped with: now (the
// request's clock), or the event's own created_at when that is later. The
// order machine moves an event's time past its order's last change (made
// by another instance, or by a request that committed before this one in
// a group commit); a delivery made with its event must not read as older
// than it.
func FanOutTime(ev *Event, now time.Time) time.Time {
	if ev.CreatedAt.After(now) {
		return ev.CreatedAt
	}
	return now
}

type Event struct {
	ID        string
	AccountID string
	OrderID   string // empty for test events
	Type      string
	Payload   []byte // the exact JSON body of every delivery
	CreatedAt time.Time
	Test      bool
}

type ListEventsParams struct {
	ListParams
	Type    string
	OrderID string
}

// Endpoint statuses.
const (
	EndpointEnabled  = "enabled"
	EndpointDisabled = "disabled"
)

type Endpoint struct {
	ID             string
	AccountID      string
	URL            string
	Description    string
	Events         []string
	Status         string
	DisabledReason string
	Secret         string
	// PreviousSecret stays valid (requests are signed with both) until PreviousSecretExpiresAt.
	PreviousSecret          string
	PreviousSecretExpiresAt *time.Time
	// OlderSecrets are the secrets retired before PreviousSecret that are
	// still within their own overlap (a second rotation inside the first
	// one's 24 hours): requests are signed with each until it expires.
	OlderSecrets []RetiredSecret
	// FailingSince is the start of the current run of failed attempts; nil after a success.
	FailingSince *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// MissedBatch is how many events one transaction of
// CreateMissedDeliveries reads: a recovery over a busy account's month of
// events must not hold SQLite's single writer (or PostgreSQL's locks) for
// seconds, so it goes in steps of a few milliseconds each.
const MissedBatch = 1000

// MissedLimit is how many events one CreateMissedDeliveries reads when
// its caller sets no Limit: 50 batches, a second or two, so that one API
// request answers well within its deadline however many events the
// account has; the caller goes on from MissedResult.NextSince.
const MissedLimit = 50 * MissedBatch

// MissedParams is one CreateMissedDeliveries call.
type MissedParams struct {
	AccountID, EndpointID string
	// Since is the earliest creation time of the events it reads; Now
	// makes the deliveries, and bounds the walk to the events made by then.
	Since, Now time.Time
	// Limit bounds how many events it reads (0 or less: MissedLimit).
	Limit int
}

// MissedResult is what one CreateMissedDeliveries did.
type MissedResult struct {
	// Made is how many deliveries it made.
	Made int
	// NextSince, unless zero, is where a walk stopped by the limit left
	// off: the creation time (to the millisecond) of the first event it
	// did not read. Every event created before it was read; a call with
	// it as since goes on from there, skipping none (events of that very
	// millisecond read already are read again, and have their delivery by
	// then). Zero when the walk reached the events made at now.
	NextSince time.Time
}

// Walk is CreateMissedDeliveries' walk, the same on both drivers:
// it calls batch, which reads and writes one batch of events in one
// operation of its driver (and may run it again to retry), until the walk
// reaches the events made at now or the limit stops it. batch begins each
// run with b.Begin, gives b.Take every event it reads in id order, makes
// the deliveries Take asks for, and returns how many it made. An error of
// batch ends the walk with what the batches before it made.
func (p MissedParams) Walk(batch func(b *MissedStep) (made int, err error)) (MissedResult, error) {
	var res MissedResult
	b := &MissedStep{p: p}
	for {
		b.Size = p.batchSize(b.scanned)
		made, err := batch(b)
		if err != nil {
			return res, err
		}
		res.Made += made
		b.scanned, b.After = b.scanned+b.read, b.last
		if !b.next.IsZero() {
			res.NextSince = b.next
			return res, nil
		}
		if b.read < b.Size {
			return res, nil
		}
	}
}

// MissedStep is one batch of a Walk: the driver reads at most Size
// events with ids after After.
type MissedStep struct {
	After string
	Size  int

	p       MissedParams
	scanned int // events read by the batches before
	e       Endpoint
	from    time.Time
	read    int
	last    string
	next    time.Time
}

// Begin starts a run of the batch for the endpoint e, read within it, and
// returns where the walk starts: the later of Since and e's creation
// (event ids carry their created_at's millisecond, so the driver reads
// from the first id that can be of that time or later).
func (b *MissedStep) Begin(e Endpoint) (from time.Time) {
	b.e, b.read, b.last, b.next = e, 0, b.After, time.Time{}
	b.from = b.p.Since
	if e.CreatedAt.After(b.from) {
		b.from = e.CreatedAt
	}
	return b.from
}

// Take is the next event the batch read: created at created, with a
// delivery to the endpoint already or not. It reports whether the walk
// stops before it (the batch reads no more, and the next call begins
// with it), and else whether the endpoint missed it (a delivery to make).
func (b *MissedStep) Take(id, typ string, test bool, created time.Time, delivered bool) (missed, stop bool) {
	b.read++
	if b.p.stopBefore(b.scanned+b.read-1, created, b.from) {
		b.next = created.UTC().Truncate(time.Millisecond)
		return false, true
	}
	b.last = id
	return !delivered && b.e.Missed(typ, test, created, b.p.Since), false
}

// batchSize is how many events the batch after scanned ones reads:
// MissedBatch, or, near the limit, one more than the limit leaves, so that
// the walk sees the first event it leaves to the next call.
func (p MissedParams) batchSize(scanned int) int {
	left := p.limit() - scanned
	if left < 0 || left >= MissedBatch {
		return MissedBatch
	}
	return left + 1
}

// stopBefore reports whether a walk that has read scanned events, and
// started at from (the later of Since and the endpoint's creation), stops
// before an event created at created, leaving it to the next call. Past
// the limit it stops at the first event of a later millisecond than from:
// a NextSince of from's own millisecond would have the next call read the
// same events again, and never get past them.
func (p MissedParams) stopBefore(scanned int, created, from time.Time) bool {
	return scanned >= p.limit() && created.UnixMilli() > from.UnixMilli()
}

func (p MissedParams) limit() int {
	if p.Limit <= 0 {
		return MissedLimit
	}
	return p.Limit
}

// Missed reports whether an event CreateMissedDeliveries reads, with no
// delivery to the endpoint, is one to send it: of a type it is subscribed
// to now (so also an older event of a type added since), not a test event (those go to the one endpoint they were made for),
// and created at or after since and not before the endpoint itself (an
// endpoint receives only events made while it exists).
func (e *Endpoint) Missed(eventType string, test bool, created, since time.Time) bool {
	return !test && e.Subscribed(eventType) && !created.Before(since) && !created.Before(e.CreatedAt)
}

// Subscribed reports whether the endpoint wants events of type t.
func (e *Endpoint) Subscribed(t string) bool {
	for _, s := range e.Events {
		if s == t {
			return true
		}
	}
	return false
}

// RetiredSecret is a secret replaced by a rotation, valid until ExpiresAt.
type RetiredSecret struct {
	Secret    string    `json:"secret"`
	ExpiresAt time.Time `json:"expires_at"`
}

// MaxRetiredSecrets bounds the secrets an endpoint keeps signing with
// besides its current one, however often it is rotated within a day.
const MaxRetiredSecrets = 5

// Secrets returns the secrets a request must be signed with at now: the
// current one, then every retired one still in its overlap, newest first.
func (e *Endpoint) Secrets(now time.Time) []string {
	out := []string{e.Secret}
	for _, r := range e.RetiredSecrets(now) {
		out = append(out, r.Secret)
	}
	return out
}

// RetiredSecrets returns the retired secrets still valid at now, newest
// first.
func (e *Endpoint) RetiredSecrets(now time.Time) []RetiredSecret {
	var out []RetiredSecret
	if e.PreviousSecret != "" && e.PreviousSecretExpiresAt != nil && now.Before(*e.PreviousSecretExpiresAt) {
		out = append(out, RetiredSecret{e.PreviousSecret, *e.PreviousSecretExpiresAt})
	}
	for _, r := range e.OlderSecrets {
		if now.Before(r.ExpiresAt) {
			out = append(out, r)
		}
	}
	return out
}

// Rotate makes secret the current one. The current one becomes the
// previous, valid until now+overlap; those retired before it keep their
// own expiry (at most MaxRetiredSecrets in all, the oldest dropped first).
func (e *Endpoint) Rotate(secret string, now time.Time, overlap time.Duration) {
	older := e.RetiredSecrets(now)
	if len(older) > MaxRetiredSecrets-1 {
		older = older[:MaxRetiredSecrets-1]
	}
	exp := now.Add(overlap)
	e.OlderSecrets = older
	if len(older) == 0 {
		e.OlderSecrets = nil
	}
	e.PreviousSecret, e.PreviousSecretExpiresAt, e.Secret = e.Secret, &exp, secret
}

// EncodeOlderSecrets is the stored form of OlderSecrets: "" or a JSON array.
func EncodeOlderSecrets(rs []RetiredSecret) string {
	if len(rs) == 0 {
		return ""
	}
	b, _ := json.Marshal(rs)
	return string(b)
}

// DecodeOlderSecrets reads what EncodeOlderSecrets wrote.
func DecodeOlderSecrets(s string) ([]RetiredSecret, error) {
	if s == "" {
		return nil, nil
	}
	var rs []RetiredSecret
	if err := json.Unmarshal([]byte(s), &rs); err != nil {
		return nil, fmt.Errorf("older secrets: %w", err)
	}
	return rs, nil
}

// Delivery statuses a user sees.
const (
	DeliveryPending   = "pending"
	DeliverySucceeded = "succeeded"
	DeliveryRetrying  = "retrying"
	DeliveryFailed    = "failed"
)

// EndpointDeletedError is the last_error of the deliveries that were
// waiting when their endpoint was deleted: they end failed, never sent.
const EndpointDeletedError = "not sent: the webhook endpoint was deleted"

// EndpointDeletedAfterAttempt ends the last_error of a delivery whose
// attempt failed on the wire while its endpoint was deleted: it was sent,
// and will not be sent again.
const EndpointDeletedAfterAttempt = " (not tried again: the webhook endpoint was deleted)"

type Delivery struct {
	ID             string
	AccountID      string
	EventID        string
	EventType      string
	EndpointID     string
	Status         string
	Attempts       int // attempts made in all
	RoundAttempts  int // attempts made in the current retry schedule (a resend starts a new one)
	NextAttemptAt  *time.Time
	LastAttemptAt  *time.Time
	LastStatusCode int
	LastError      string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Test           bool
}

type ListDeliveriesParams struct {
	ListParams
	EndpointID string
	EventID    string
	Status     string
	EventType  string
}

// EndpointChange is what a store that several instances share tells each
// instance about an endpoint another one changed (see
// delivery.Engine.StopSending and RefreshEndpoint).
type EndpointChange int

const (
	// EndpointStopped: disabled or deleted; nothing more is sent to it.
	EndpointStopped EndpointChange = iota
	// EndpointResumed: enabled again.
	EndpointResumed
	// EndpointRefreshed: its URL or signing secrets changed; work queued
	// with the old ones is claimed again.
	EndpointRefreshed
	// EndpointsMissed (with no endpoint id): changes may have been sent
	// while the instance could not hear them; all queued work is claimed
	// again, with the endpoints as they are now.
	EndpointsMissed
)

// Work is a leased delivery with everything needed to send it.
type Work struct {
	DeliveryID   string
	AccountID    string
	EventID      string
	EventType    string
	EndpointID   string
	URL          string
	Secrets      []string
	Payload      []byte
	Attempt      int // number of this attempt overall (1-based)
	RoundAttempt int // number of this attempt in the current schedule (1-based)
	LeaseOwner   string
	// LeaseUntil is the lease's end exactly as the store wrote it (due_at,
	// whole microseconds: see LeaseEnd). Results carry it back
	// (Result.LeaseUntil), so that they end this lease and no later one.
	LeaseUntil   time.Time
	CreatedAt    time.Time
	EventCreated time.Time
	// LeaseExpired: the claim took the delivery over from a lease that
	// had run out (its instance died or stalled holding it). Set by the
	// PostgreSQL driver only: one SQLite process hands its predecessor's
	// leases back at start.
	LeaseExpired bool
	// TakenOverFrom names the instance whose lease ran out when
	// LeaseExpired is set (its --instance-id), for the log line that says
	// which instance died or stalled.
	TakenOverFrom string
}

type ClaimParams struct {
	Owner      string
	Now        time.Time
	LeaseUntil time.Time
	Limit      int
	// Room says how many deliveries of an endpoint the claimer can take
	// now (its local queue's free space); 0 leaves the endpoint's work due
	// for a later claim or another instance. Nil means no per-endpoint cap.
	Room func(endpointID string) int
}

// Outcome of one attempt as the delivery engine decided it.
type Outcome int

const (
	OutcomeSucceeded Outcome = iota + 1
	OutcomeRetry             // failed; NextAttemptAt says when to try again
	OutcomeFailed            // failed; no attempt remains
	OutcomeParked            // not attempted: the endpoint is disabled or gone
	OutcomeReleased          // not attempted: the lease is given back, due again at NextAttemptAt
)

type Result struct {
	DeliveryID string
	EndpointID string
	LeaseOwner string
	// LeaseUntil is the end of the lease the attempt was made under
	// (Work.LeaseUntil). A retry, failure, park or release applies only
	// while the delivery is still under that lease: owner and due_at both
	// match. An attempt that outlived its lease, whose delivery the same
	// instance claimed again (same owner, a later lease end) and is
	// attempting again, must not end that second lease: the delivery
	// would be due, or given back, with an attempt on the wire, and be
	// sent once more. A zero LeaseUntil matches no lease. A success
	// applies whatever the lease (the receiver has the event; see the
	// drivers' guards).
	LeaseUntil    time.Time
	Outcome       Outcome
	RoundAttempt  int       // the attempt's number within the current retry schedule
	NextAttemptAt time.Time // for OutcomeRetry
	Attempt       *Attempt  // nil for OutcomeParked
}

// LeaseEnd is the lease end t as a store keeps it: whole microseconds
// (PostgreSQL's timestamptz, SQLite's integer columns). Drivers write
// and return this value, so that the Result.LeaseUntil a result brings
// back compares equal to the stored due_at whatever the driver's
// encoding of the nanoseconds (truncated or rounded).
func LeaseEnd(t time.Time) time.Time { return t.Truncate(time.Microsecond) }

// ParkedDueAt is when a delivery given back parked (OutcomeParked) is due
// again if its endpoint is enabled by the time the result is recorded (an
// enable that came while its attempt was held, and left it alone as
// leased): its NextAttemptAt if set, else now. Drivers park it only while
// the endpoint is disabled.
func ParkedDueAt(r Result) time.Time {
	if !r.NextAttemptAt.IsZero() {
		return r.NextAttemptAt
	}
	return time.Now().UTC()
}

// EndpointHealth is what one batch of outcomes says about an endpoint: a
// success clears its failing_since if the failing run began no later than
// the success; otherwise the batch's earliest failed attempt starts a run,
// unless one is running or an attempt that started at or after it
// succeeded. Results arrive out of order (a timeout is recorded seconds
// after a later attempt's success, an instance that was paused records
// its attempt late), and an older failure must not reopen a run that a
// newer success closed.
type EndpointHealth struct {
	OK          bool      // an attempt of the batch succeeded
	LastOK      time.Time // the latest successful attempt's start, when OK
	FirstFailed time.Time // the earliest failed attempt's start, when !OK
	LastFailed  time.Time // the latest failed attempt's start, when !OK
}

// HealthOf sums up the attempts among results per endpoint, for every
// driver's RecordResults. Outcomes without an attempt (parked, released)
// say nothing about an endpoint's health.
func HealthOf(results []Result) map[string]EndpointHealth {
	out := map[string]EndpointHealth{}
	for _, r := range results {
		a := r.Attempt
		if r.Outcome == OutcomeReleased || r.Outcome == OutcomeParked || a == nil {
			continue
		}
		h := out[r.EndpointID]
		if a.Succeeded {
			h.OK = true
			if a.StartedAt.After(h.LastOK) {
				h.LastOK = a.StartedAt
			}
		} else {
			if h.FirstFailed.IsZero() || a.StartedAt.Before(h.FirstFailed) {
				h.FirstFailed = a.StartedAt
			}
			if a.StartedAt.After(h.LastFailed) {
				h.LastFailed = a.StartedAt
			}
		}
		out[r.EndpointID] = h
	}
	return out
}

type Attempt struct {
	ID              string
	DeliveryID      string
	AccountID       string
	EndpointID      string
	EventID         string
	Number          int
	StartedAt       time.Time
	Duration        time.Duration
	RequestHeaders  map[string]string
	ResponseStatus  int // 0 when no response arrived
	ResponseHeaders map[string]string
	ResponseBody    string // first 4 KiB
	Error           string
	ErrorKind       string
	Succeeded       bool
}

// LastError is what a delivery shows as its last error after attempt a
// (last_error): the attempt's error, else "HTTP <status>" for the answer
// it got. Both drivers record it, so that the two show the same.
func (a *Attempt) LastError() string {
	if a.Error != "" {
		return a.Error
	}
	if a.ResponseStatus != 0 {
		return fmt.Sprintf("HTTP %d", a.ResponseStatus)
	}
	return ""
}

// ListenLastError is LastError after a listener's attempt, which shows
// nothing once it succeeded (the delivery then ends).
func (a *Attempt) ListenLastError() string {
	if a.Succeeded {
		return ""
	}
	return a.LastError()
}

// Stats are the guide's four monitoring figures for one endpoint and window.
type Stats struct {
	Attempts       int
	Succeeded      int
	Failed         int
	Retries        int // attempts after the first of their delivery
	P50, P95, P99  time.Duration
	DeliveriesOK   int
	DeliveriesDone int
}

type StatsBucket struct {
	Start     time.Time
	Attempts  int
	Succeeded int
	Failed    int
	Retries   int
	AvgMillis float64
}

// Counts feed the Prometheus gauges.
type Counts struct {
	DueDeliveries     int
	PendingDeliveries int
	OldestDue         *time.Time
	// NextDue is the earliest due time of any pending delivery, due or
	// not yet (nil: none pending): while the store cannot be counted, the
	// oldest due delivery's age is at most the time since then.
	NextDue           *time.Time
	DisabledEndpoints int
}

// SchemaNewer is the error Open returns for a database whose newest
// applied migration, applied, is past newest, the last one this binary
// embeds: rolling back is restoring the backup taken before the upgrade,
// not starting the older binary on the upgraded database.
func SchemaNewer(applied, newest int) error {
	return fmt.Errorf("%w: it is at migration %04d, this binary knows migrations up to %04d (a later release upgraded it); run that release, or restore the backup taken before the upgrade", ErrSchemaNewer, applied, newest)
}

// DefaultPruneLimit is Prune's limit when it is given none.
const DefaultPruneLimit = 1000

// PruneBatch chooses the events one Prune write removes, oldest first, so
// that the write stays small whatever an event's fan-out: an event joins
// while the batch's events and their deliveries number at most limit (the
// first always joins). The events and their deliveries go together, then
// their attempts, limit at a time, in that write and the next ones: a
// delivery is shown with its whole attempt log until it goes, and its
// attempts are never read without it.
type PruneBatch struct {
	Events []string
	rows   int
}

// Pruned counts the rows one Prune call deleted, table by table.
type Pruned struct {
	Events, Deliveries, Attempts    int
	IdempotencyKeys, ListenSessions int
	Endpoints, APIKeys              int // deleted endpoints' rows, revoked API keys
	// More reports that the walk of old events stopped before the cutoff
	// (PruneWalk is not ""): the next call goes on with it, though this
	// one may have deleted little or nothing, having read only events
	// that are kept.
	More bool
}

// Rows is the events, deliveries and attempts pruned: what tells the
// caller to go on with the next batch at once.
func (p Pruned) Rows() int { return p.Events + p.Deliveries + p.Attempts }

// Tables is each table's count by the name esahayak_pruned_rows_total's
// table label gives it.
func (p Pruned) Tables() map[string]int {
	return map[string]int{"events": p.Events, "deliveries": p.Deliveries, "attempts": p.Attempts,
		"idempotency_keys": p.IdempotencyKeys, "listen_sessions": p.ListenSessions,
		"endpoints": p.Endpoints, "api_keys": p.APIKeys}
}

// ReadPruneWindow reads the rows of a driver's query for a window of
// Prune's old events, kept or not (at most limit rows of an event's id,
// its number of deliveries and whether it may go, oldest first) into a
// batch, taking those that may go while they fit and none after the
// first that does not. It returns the batch and where the next call walks
// from. A call then reads at most limit events however many of them are
// kept (a disabled endpoint's parked deliveries keep theirs), where a
// query for limit events that may go read every kept one on its way to
// them, in one statement. The walk goes on after the last event read, or
// after the last taken when the batch filled first (the event that did
// not fit is read again), and starts again ("") once a window reached the
// cutoff: events the walk passed because they must be kept are not read
// again until the next sweep. The caller closes rows.
func ReadPruneWindow(rows Rows, limit int) (PruneBatch, string, error) {
	var batch PruneBatch
	var last string
	read, full := 0, false
	for rows.Next() {
		var id string
		var deliveries int64
		var prunable bool
		if err := rows.Scan(&id, &deliveries, &prunable); err != nil {
			return PruneBatch{}, "", err
		}
		read++
		if full {
			continue
		}
		if prunable && !batch.Add(id, int(deliveries), limit) {
			full = true
			continue
		}
		last = id
	}
	if err := rows.Err(); err != nil {
		return PruneBatch{}, "", err
	}
	if !full && read < limit {
		return batch, "", nil
	}
	return batch, last, nil
}

// Add offers an event with its number of deliveries; false means the batch
// is full and the event was not taken.
func (b *PruneBatch) Add(eventID string, deliveries, limit int) bool {
	if len(b.Events) > 0 && b.rows+1+deliveries > limit {
		return false
	}
	b.Events = append(b.Events, eventID)
	b.rows += 1 + deliveries
	return true
}
