package webhook

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// DefaultDedupTable is the table NewSQLDedup uses when given an empty name.
const DefaultDedupTable = "esahayak_webhook_dedup"

// Row states, guarded by a CHECK constraint.
const (
	sqlStateClaimed = 1
	sqlStateHandled = 2
)

// maxSQLKey is the key column's width. VARCHAR(255) is the widest key every
// common database accepts as a primary key without configuration (MySQL's
// index limit); longer event ids are stored as a hash.
const maxSQLKey = 255

var tableNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$`) // 62: maxTableNamePart - 1

// maxTableNamePart is the longest name tableNameRE takes for a table or its
// schema: PostgreSQL's identifier limit (63 bytes), which it would cut a
// longer name to in silence.
const maxTableNamePart = 63

// tableNameProblem says why tableNameRE refuses name: a part longer than
// maxTableNamePart, or else the rule itself.
func tableNameProblem(name string) string {
	parts := strings.Split(name, ".")
	for i, part := range parts {
		if n := utf8.RuneCountInString(part); n > maxTableNamePart {
			which := "the table's name"
			if len(parts) > 1 && i == 0 {
				which = "the schema's name"
			}
			return fmt.Sprintf("%s has %d characters; at most %d are taken (PostgreSQL's limit, past which it cuts a name short)",
				which, n, maxTableNamePart)
		}
	}
	return "want letters, digits and _, not starting with a digit, or schema.table of two such names " +
		"(the name is written into the SQL as it is, so nothing else is taken)"
}

// SQLDedup is a DedupStore in a database/sql table, for receivers that run
// several instances or must remember events across restarts. Every instance
// pointed at the same table shares one view: the table's primary key makes
// Claim atomic across processes.
//
// The table is
//
//	event_id    VARCHAR(255) PRIMARY KEY  -- ids longer than 255 bytes are stored as "sha256:<hex>"
//	state       SMALLINT                  -- 1 claimed, 2 handled
//	updated_at  BIGINT                    -- Unix milliseconds of the last claim, renewal or commit
//	claim_token VARCHAR(64) NULL          -- the claim's owner (ClaimOwner); NULL once handled
//
// and is written with portable SQL only (no upsert, no RETURNING), so it runs
// on SQLite, PostgreSQL and MySQL/MariaDB alike. The placeholder style is
// picked from the driver: $1 for PostgreSQL drivers (pgx, lib/pq), @p1 for
// SQL Server, ? for everything else; NewSQLDedup checks it against the
// database and tries the others when it fails, so a driver behind a tracing
// or metrics wrapper (whose type names no database) works too. On SQLite, open the database with a
// busy timeout and WAL (modernc.org/sqlite:
// "file.db?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)"): without
// them, concurrent claims fail with SQLITE_BUSY and are answered 500.
//
// Handled events are kept until Purge deletes them: run it periodically with
// a cut-off older than the sender's retry window.
//
// A table created by an older version, without claim_token, gets the
// column added by NewSQLDedup. Until every instance sharing the table runs
// a version that writes it, a claim an older instance took over keeps the
// previous holder's token, and that holder's late ReleaseOwned can still
// drop it.
type SQLDedup struct {
	db    *sql.DB
	table string
	lease time.Duration
	now   func() time.Time

	qInsert, qSelect, qTakeover, qRenew, qCommit, qRelease, qReleaseOwned, qPurge string
}

// NewSQLDedup returns an SQLDedup on table (DefaultDedupTable if empty),
// creating the table if it does not exist. table may be schema-qualified
// ("webhooks.dedup"); it must be a plain identifier, because it is spliced
// into the SQL: letters, digits and _, not starting with a digit, at most
// 63 characters (and as many for the schema). Another name is an error that
// says what is wrong with it.
func NewSQLDedup(db *sql.DB, table string) (*SQLDedup, error) {
	if db == nil {
		return nil, errors.New("webhook: NewSQLDedup: nil *sql.DB")
	}
	if table == "" {
		table = DefaultDedupTable
	}
	if !tableNameRE.MatchString(table) {
		return nil, fmt.Errorf("webhook: NewSQLDedup: invalid table name %q: %s", table, tableNameProblem(table))
	}
	p := placeholders(db)
	d := &SQLDedup{
		db:    db,
		table: table,
		lease: DefaultClaimLease,
		now:   time.Now,
	}
	d.setQueries(p)
	create := "CREATE TABLE IF NOT EXISTS " + table + " (" +
		"event_id VARCHAR(255) NOT NULL PRIMARY KEY, " +
		"state SMALLINT NOT NULL CHECK (state IN (1, 2)), " +
		"updated_at BIGINT NOT NULL, " +
		"claim_token VARCHAR(64) NULL)"
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Instances that start together race to create the table (on
	// PostgreSQL the losers of CREATE TABLE IF NOT EXISTS can fail, a
	// unique violation in the catalog, while the winner commits it) and to
	// add the claim_token column to an older table (the losers fail with a
	// duplicate column). Once the winner is done, both steps succeed.
	var err error
	for try := 0; try < 5; try++ {
		if _, err = db.ExecContext(ctx, create); err == nil {
			if err = d.addTokenColumn(ctx); err == nil {
				if err = d.checkPlaceholders(ctx, p); err == nil {
					return d, nil
				}
			}
		}
		if ctx.Err() != nil {
			break
		}
		time.Sleep(time.Duration(try+1) * 50 * time.Millisecond)
	}
	return nil, fmt.Errorf("webhook: creating dedup table %s: %w", table, err)
}

// addTokenColumn adds claim_token to a table created before claims had
// owners. Whether the column exists is asked by selecting it, the one
// portable way; the ALTER TABLE spelling with COLUMN is what SQLite,
// PostgreSQL and MySQL accept, and SQL Server's is tried after it.
func (d *SQLDedup) addTokenColumn(ctx context.Context) error {
	probe := "SELECT claim_token FROM " + d.table + " WHERE 1 = 0"
	rows, err := d.db.QueryContext(ctx, probe)
	if err == nil {
		return rows.Close()
	}
	_, alterErr := d.db.ExecContext(ctx, "ALTER TABLE "+d.table+" ADD COLUMN claim_token VARCHAR(64) NULL")
	if alterErr != nil {
		_, alterErr = d.db.ExecContext(ctx, "ALTER TABLE "+d.table+" ADD claim_token VARCHAR(64) NULL")
	}
	if alterErr == nil {
		return nil
	}
	// Another instance may have added it meanwhile.
	if rows, err := d.db.QueryContext(ctx, probe); err == nil {
		return rows.Close()
	}
	return fmt.Errorf("adding column claim_token: %w", alterErr)
}

// setQueries writes the queries with p's bind parameters.
func (d *SQLDedup) setQueries(p func(n int) string) {
	table := d.table
	d.qInsert = "INSERT INTO " + table + " (event_id, state, updated_at, claim_token) VALUES (" + p(1) + ", " + p(2) + ", " + p(3) + ", " + p(4) + ")"
	d.qSelect = "SELECT state, updated_at, claim_token FROM " + table + " WHERE event_id = " + p(1)
	// Take over an abandoned claim only if nobody else did first: the
	// old updated_at acts as a compare-and-swap token. The claim gets
	// the new holder's token, so the old holder can no longer release it.
	d.qTakeover = "UPDATE " + table + " SET updated_at = " + p(1) + ", claim_token = " + p(2) +
		" WHERE event_id = " + p(3) + " AND state = " + strconv.Itoa(sqlStateClaimed) + " AND updated_at = " + p(4)
	d.qRenew = "UPDATE " + table + " SET updated_at = " + p(1) + " WHERE event_id = " + p(2) + " AND state = " + strconv.Itoa(sqlStateClaimed)
	d.qCommit = "UPDATE " + table + " SET state = " + strconv.Itoa(sqlStateHandled) + ", updated_at = " + p(1) + ", claim_token = NULL WHERE event_id = " + p(2)
	d.qRelease = "DELETE FROM " + table + " WHERE event_id = " + p(1) + " AND state = " + strconv.Itoa(sqlStateClaimed)
	d.qReleaseOwned = "DELETE FROM " + table + " WHERE event_id = " + p(1) + " AND state = " + strconv.Itoa(sqlStateClaimed) +
		" AND claim_token = " + p(2)
	d.qPurge = "DELETE FROM " + table + " WHERE updated_at < " + p(1)
}

// checkPlaceholders makes sure the queries' bind parameters are ones the
// database reads, trying the guess from the driver's type first and then
// each other style, with a lookup that finds no row. The guess alone
// fails for a driver behind a wrapper (tracing and metrics libraries wrap
// drivers: otelsql, sqlhooks, …), whose type names no database: PostgreSQL
// behind one was given "?", and every Claim failed with a syntax error,
// each delivery answered 500 and retried until it failed.
func (d *SQLDedup) checkPlaceholders(ctx context.Context, guess func(n int) string) error {
	var firstErr error
	for i, p := range append([]func(n int) string{guess}, placeholderStyles...) {
		if i > 0 && p(1) == guess(1) {
			continue // the guess, tried first
		}
		d.setQueries(p)
		var state int
		var updated int64
		var owner sql.NullString
		err := d.db.QueryRowContext(ctx, d.qSelect, "").Scan(&state, &updated, &owner)
		if err == nil || errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	d.setQueries(guess)
	return fmt.Errorf("no bind parameter style works (tried ?, $1 and @p1): %w", firstErr)
}

// placeholderStyles are the bind-parameter syntaxes SQLDedup can write:
// "?" (SQLite, MySQL and most others), PostgreSQL's "$1" and SQL Server's
// "@p1".
var placeholderStyles = []func(n int) string{
	func(int) string { return "?" },
	func(n int) string { return "$" + strconv.Itoa(n) },
	func(n int) string { return "@p" + strconv.Itoa(n) },
}

// placeholders guesses the bind-parameter syntax of db's driver. database/sql
// does not abstract it, and guessing from the driver's package path (then
// checking the guess, checkPlaceholders) is what keeps NewSQLDedup's
// signature free of a dialect argument.
func placeholders(db *sql.DB) func(n int) string {
	t := reflect.TypeOf(db.Driver())
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var path string
	if t != nil {
		path = strings.ToLower(t.PkgPath() + "." + t.Name())
	}
	switch {
	case strings.Contains(path, "pgx"), strings.Contains(path, "lib/pq"), strings.Contains(path, "postgres"):
		return func(n int) string { return "$" + strconv.Itoa(n) }
	case strings.Contains(path, "sqlserver"), strings.Contains(path, "mssql"):
		return func(n int) string { return "@p" + strconv.Itoa(n) }
	default:
		return func(int) string { return "?" }
	}
}

// sqlKey maps an event id to the key column, hashing ids too long for it.
func sqlKey(eventID string) string {
	if len(eventID) <= maxSQLKey {
		return eventID
	}
	sum := sha256.Sum256([]byte(eventID))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Claim implements DedupStore. It tries to INSERT a claimed row; the primary
// key makes exactly one concurrent INSERT win. A loser reads the row to tell
// a handled event from a live claim, and takes over a claim whose lease has
// run out.
func (d *SQLDedup) Claim(ctx context.Context, eventID string) (ClaimStatus, error) {
	st, _, err := d.ClaimOwned(ctx, eventID)
	return st, err
}

// ClaimOwned implements ClaimOwner: Claim, returning the random token it
// stored in claim_token. Random rather than a counter because instances
// sharing the table share no counter.
//
// An INSERT or takeover that reports an error may have stored the claim
// all the same: the database committed it, and its answer was lost to the
// request's context being cancelled (the sender hung up) or to a broken
// connection. Such a claim belongs to nobody, and left in place it would
// answer every redelivery 409 until its lease ran out, though no handler
// runs the event. So the row read after a failed INSERT is recognised as
// this claim by its token (and the claim is acquired after all), and
// before an error is returned the claim this call may have stored is
// dropped by its token, under a fresh bounded context: only this call's
// own claim, never one somebody else holds or one whose handler runs.
func (d *SQLDedup) ClaimOwned(ctx context.Context, eventID string) (status ClaimStatus, _ string, err error) {
	key := sqlKey(eventID)
	token := rand.Text()
	mayHaveStored := false
	defer func() {
		if err != nil && mayHaveStored {
			err = errors.Join(err, d.dropUnanswered(ctx, eventID, key, token))
		}
	}()
	// A row can vanish between the failed INSERT and the SELECT (released
	// or purged meanwhile); then simply try again, a bounded number of times.
	for range 3 {
		now := d.now().UnixMilli()
		_, insErr := d.db.ExecContext(ctx, d.qInsert, key, sqlStateClaimed, now, token)
		if insErr == nil {
			return ClaimAcquired, token, nil
		}
		mayHaveStored = true
		// The INSERT failed: most likely the key exists, but it may be any
		// database error. The SELECT tells which, portably, without having
		// to recognise each driver's "unique violation" error.
		var state int
		var updated int64
		var owner sql.NullString
		err := d.db.QueryRowContext(ctx, d.qSelect, key).Scan(&state, &updated, &owner)
		if errors.Is(err, sql.ErrNoRows) {
			if ctx.Err() != nil {
				return 0, "", fmt.Errorf("webhook: claiming event %q: %w", eventID, ctx.Err())
			}
			continue
		}
		if err != nil {
			return 0, "", fmt.Errorf("webhook: claiming event %q: %w", eventID, errors.Join(insErr, err))
		}
		if state == sqlStateClaimed && owner.Valid && owner.String == token {
			// This call's INSERT did store the claim; only its answer was lost.
			return ClaimAcquired, token, nil
		}
		if state == sqlStateHandled {
			return ClaimDuplicate, "", nil
		}
		if now-updated < d.lease.Milliseconds() {
			return ClaimInProgress, "", nil
		}
		res, err := d.db.ExecContext(ctx, d.qTakeover, now, token, key, updated)
		if err != nil {
			return 0, "", fmt.Errorf("webhook: taking over claim of event %q: %w", eventID, err)
		}
		if n, err := res.RowsAffected(); err == nil && n == 1 {
			return ClaimAcquired, token, nil
		}
		return ClaimInProgress, "", nil // someone else took it over or finished it first
	}
	return 0, "", fmt.Errorf("webhook: claiming event %q: row kept disappearing", eventID)
}

// dropUnanswered deletes the claim that a failed ClaimOwned may have
// stored with token, detached from ctx (which may be what failed it) and
// bounded by storeTimeout. If that fails too, the claim lapses after the
// lease, and the error says so.
func (d *SQLDedup) dropUnanswered(ctx context.Context, eventID, key, token string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
	defer cancel()
	if _, err := d.db.ExecContext(ctx, d.qReleaseOwned, key, token); err != nil {
		return fmt.Errorf("webhook: dropping the claim of event %q that the failed claim may have stored "+
			"(retries of the event are answered 409 until it lapses, after %v): %w", eventID, d.lease, err)
	}
	return nil
}

// Commit implements DedupStore. Committing an event that holds no row (its
// claim was purged, or there never was one) inserts it as handled.
func (d *SQLDedup) Commit(ctx context.Context, eventID string) error {
	key := sqlKey(eventID)
	now := d.now().UnixMilli()
	res, err := d.db.ExecContext(ctx, d.qCommit, now, key)
	if err != nil {
		return fmt.Errorf("webhook: committing event %q: %w", eventID, err)
	}
	if n, err := res.RowsAffected(); err == nil && n > 0 {
		return nil
	}
	// No row updated: either there is none, or (MySQL counts only changed
	// rows) it is already handled. Insert it; if that loses a race or finds
	// the row, the final UPDATE settles it.
	if _, err := d.db.ExecContext(ctx, d.qInsert, key, sqlStateHandled, now, nil); err == nil {
		return nil
	}
	if _, err := d.db.ExecContext(ctx, d.qCommit, now, key); err != nil {
		return fmt.Errorf("webhook: committing event %q: %w", eventID, err)
	}
	return nil
}

// Renew implements ClaimRenewer: a claimed row's lease starts again now.
func (d *SQLDedup) Renew(ctx context.Context, eventID string) error {
	if _, err := d.db.ExecContext(ctx, d.qRenew, d.now().UnixMilli(), sqlKey(eventID)); err != nil {
		return fmt.Errorf("webhook: renewing the claim of event %q: %w", eventID, err)
	}
	return nil
}

// Release implements DedupStore: a claimed row is deleted, whoever holds it;
// a handled one is kept. Prefer ReleaseOwned, which deletes only the
// caller's own claim.
func (d *SQLDedup) Release(ctx context.Context, eventID string) error {
	if _, err := d.db.ExecContext(ctx, d.qRelease, sqlKey(eventID)); err != nil {
		return fmt.Errorf("webhook: releasing event %q: %w", eventID, err)
	}
	return nil
}

// ReleaseOwned implements ClaimOwner: the claimed row is deleted only if its
// claim_token is token.
func (d *SQLDedup) ReleaseOwned(ctx context.Context, eventID, token string) error {
	if _, err := d.db.ExecContext(ctx, d.qReleaseOwned, sqlKey(eventID), token); err != nil {
		return fmt.Errorf("webhook: releasing event %q: %w", eventID, err)
	}
	return nil
}

// ClaimLease implements ClaimLeaser: DefaultClaimLease.
func (d *SQLDedup) ClaimLease() time.Duration { return d.lease }

// Seen reports whether the event is handled or holds a live claim. It is a
// read-only look for diagnostics; deciding whether to handle must go through
// Claim, or two deliveries can race.
func (d *SQLDedup) Seen(ctx context.Context, eventID string) (bool, error) {
	var state int
	var updated int64
	var owner sql.NullString
	err := d.db.QueryRowContext(ctx, d.qSelect, sqlKey(eventID)).Scan(&state, &updated, &owner)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("webhook: looking up event %q: %w", eventID, err)
	}
	if state == sqlStateHandled {
		return true, nil
	}
	return d.now().UnixMilli()-updated < d.lease.Milliseconds(), nil
}

// Mark records the event as handled without a claim, e.g. to pre-seed the
// table with events handled by an earlier system. Same as Commit.
func (d *SQLDedup) Mark(ctx context.Context, eventID string) error {
	return d.Commit(ctx, eventID)
}

// Purge deletes every row last touched before cutoff — handled events and
// abandoned claims alike — and returns how many it deleted. Keep cutoff
// further back than the sender's retry window: an event purged before its
// last retry will be handled again.
func (d *SQLDedup) Purge(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := d.db.ExecContext(ctx, d.qPurge, cutoff.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("webhook: purging %s: %w", d.table, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, nil // the delete happened; the driver just cannot count
	}
	return n, nil
}
