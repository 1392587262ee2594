package sqlite

import (
	"strings"

	"github.com/esahayak/esahayak/internal/store"
)

// Every SQL statement of the driver is here; migrations are the .sql files
// under migrations/.
//
// Conventions:
//   - Every write runs on the one writer connection, inside the writer
//     goroutine's transaction (group commit, see Store.commit): nothing
//     else writes between a statement and the next of the same operation,
//     so a count, a read or a check followed by a write needs no lock and
//     no guard against a concurrent writer. Reads outside a write go to the
//     read-only pool (query_only) and see the last commit.
//   - hotStatements are prepared once on the writer connection and bound
//     to each transaction once (Store.stmt); a statement run through
//     Store.stmt must be listed there.
//   - A parameter used more than once, or a statement whose parameters are
//     easier read by number, uses SQLite's numbered form ?NNN (?1, ?2, …);
//     the others take plain ?. One statement never mixes the two.
//   - Times are integer microseconds since the epoch (micros).
//   - Claims read only the partial index deliveries_endpoint_due
//     (endpoint_id, due_at) WHERE due_at IS NOT NULL (migration 0004):
//     finished and parked deliveries (due_at NULL) are not in it, and
//     SQLite uses a partial index only for a WHERE that says `due_at IS NOT
//     NULL` itself, so every statement that walks due work does. The plans
//     are in docs/performance.md, "Claim query plans": change a claim's text
//     only with them checked again.
//   - IN lists are built with placeholders(n) (SQLite's default limit is
//     32766 host parameters: a claim's and a prune's lists stay far below
//     it);
//     a template with %s (qClaimEvents, qClaimEndpoints) gets them from
//     queryIn.
//   - The connection's own settings (busy_timeout, journal_mode(WAL),
//     synchronous, query_only, wal_autocheckpoint, …) are _pragma
//     parameters of the DSN (open), applied by the driver to each new
//     connection; the PRAGMAs run at runtime are here.

// Migrations, and the write probe of a server's start.
const (
	qTableNames             = `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`
	qCreateMigrations       = `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`
	qNewestAppliedMigration = `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`
	qMigrationApplied       = `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`
	qRecordMigration        = `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`
	// qMigrationsColumns: the columns of an existing schema_migrations,
	// none when there is none (checkMigrationsTable).
	qMigrationsColumns = `SELECT name FROM pragma_table_info('schema_migrations') ORDER BY cid`
	// probeWrite changes the newest migration's row and changes it back,
	// in one transaction: a page changed once is written at the commit.
	qNewestMigration = `(SELECT MAX(version) FROM schema_migrations)`
	qProbeWriteUp    = `UPDATE schema_migrations SET applied_at = applied_at + 1 WHERE version = ` + qNewestMigration
	qProbeWriteDown  = `UPDATE schema_migrations SET applied_at = applied_at - 1 WHERE version = ` + qNewestMigration
)

// The writer's transaction, checkpoints and health.
const (
	// Each operation of a group commit but the first (and the bare ones)
	// runs in a savepoint of its own (Store.commit).
	qSavepoint            = `SAVEPOINT op`
	qRollbackToSavepoint  = `ROLLBACK TO op`
	qReleaseSavepoint     = `RELEASE op`
	qWalCheckpointPassive = `PRAGMA wal_checkpoint(PASSIVE)`
	qWalCheckpointRestart = `PRAGMA wal_checkpoint(RESTART)`
	qWalCheckpointFull    = `PRAGMA wal_checkpoint(FULL)`
	qPing                 = `SELECT 1`
)

// qWalCheckpoint is a checkpoint of the given mode (PASSIVE, TRUNCATE), the
// checkpoint loop's and Close's.
func qWalCheckpoint(mode string) string {
	return `PRAGMA wal_checkpoint(` + mode + `)`
}

// Accounts, API keys, users, dashboard sessions.
const (
	qInsertAccount = `INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)`
	qGetAccount    = `SELECT id, name, created_at FROM accounts WHERE id = ?`
	qCountAccounts = `SELECT COUNT(*) FROM accounts`
	qListAccounts  = `SELECT id, name, created_at FROM accounts ORDER BY id`
)

const apiKeyCols = `id, account_id, name, prefix, hash, created_at, last_used_at, revoked_at`

const (
	qInsertAPIKey = `INSERT INTO api_keys (id, account_id, name, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`
	// qCountActiveAPIKeys is CreateAPIKey's count of an account's keys
	// against its limit.
	qCountActiveAPIKeys = `SELECT COUNT(*) FROM api_keys WHERE account_id = ? AND revoked_at IS NULL`
	qAPIKeyByHash       = `SELECT ` + apiKeyCols + ` FROM api_keys WHERE hash = ? AND revoked_at IS NULL`
	qListAPIKeys        = `SELECT ` + apiKeyCols + ` FROM api_keys WHERE account_id = ? ORDER BY id DESC`
	qRevokeAPIKey       = `UPDATE api_keys SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL`
	qTouchAPIKey        = `UPDATE api_keys SET last_used_at = ? WHERE id = ?`
	qInsertUser         = `INSERT INTO users (id, account_id, email, password_hash, created_at) VALUES (?, ?, ?, ?, ?)`
	qUserByEmail        = `SELECT id, account_id, email, password_hash, created_at FROM users WHERE email = ?`
	qGetUser            = `SELECT id, account_id, email, password_hash, created_at FROM users WHERE id = ?`

	qInsertDashboardSession = `INSERT INTO dashboard_sessions (token_hash, user_id, account_id, csrf_token, created_at, last_seen_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`
	qDashboardSessionByHash = `SELECT token_hash, user_id, account_id, csrf_token, created_at, last_seen_at, expires_at
		FROM dashboard_sessions WHERE token_hash = ? AND expires_at > ?`
	qTouchDashboardSession  = `UPDATE dashboard_sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?`
	qDeleteDashboardSession = `DELETE FROM dashboard_sessions WHERE token_hash = ?`
	qPruneDashboardSessions = `DELETE FROM dashboard_sessions WHERE expires_at <= ?`
)

// Orders and events; the fan-out's statements are with the deliveries'.
const orderCols = `id, account_id, status, created_at, updated_at, stamp_id, state, amount, article_code, provider,
 delivery_requested, error_code, error_message, delivery_partner, tracking_id, delivered_at, cancel_reason,
 cancelled_at, refund_amount, refund_status, version`

const (
	qOrderByID        = `SELECT ` + orderCols + ` FROM orders WHERE id = ?`
	qUpdateOrder      = `UPDATE orders SET status = ?, updated_at = ?, error_code = ?, error_message = ?, delivery_partner = ?, tracking_id = ?, delivered_at = ?, cancel_reason = ?, cancelled_at = ?, refund_amount = ?, refund_status = ?, version = ? WHERE id = ? AND version = ?`
	qInsertEvent      = `INSERT INTO events (id, account_id, order_id, type, payload, created_at, test, fanout_pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	qAccountEndpoints = `SELECT id, url, events, secret, previous_secret, previous_secret_expires_at, older_secrets FROM endpoints WHERE account_id = ? AND status = 'enabled' AND deleted_at IS NULL`
	qInsertDelivery   = `INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, due_at, lease_owner, created_at, updated_at, test) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)`
)

const (
	qIdempotencyKey       = `SELECT request_hash, response, order_id FROM idempotency_keys WHERE account_id = ? AND key = ?`
	qInsertOrder          = `INSERT INTO orders (` + orderCols + `) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`
	qInsertIdempotencyKey = `INSERT INTO idempotency_keys (account_id, key, request_hash, order_id, response, created_at) VALUES (?, ?, ?, ?, ?, ?)`
	qListOrders           = `SELECT ` + orderCols + ` FROM orders WHERE account_id = ?`
)

const eventCols = `id, account_id, COALESCE(order_id, ''), type, payload, created_at, test`

const (
	qGetEvent   = `SELECT ` + eventCols + ` FROM events WHERE id = ? AND account_id = ?`
	qListEvents = `SELECT ` + eventCols + ` FROM events WHERE account_id = ?`
)

// Lists: a base query (whose one parameter is the account), then the
// filters that have a value (qFilterEq), then the cursor (cursorSQL).

// qFilterEq is an optional equality condition of a list query (filter).
func qFilterEq(col string) string {
	return ` AND ` + col + ` = ?`
}

// cursorSQL ends a list query with lp's cursor, order and limit: newest
// first, or oldest first above EndingBefore (store.Page turns that page).
func cursorSQL(q string, args []any, lp store.ListParams) (string, []any) {
	order := ` ORDER BY id DESC LIMIT ?`
	switch {
	case lp.StartingAfter != "":
		q += ` AND id < ?`
		args = append(args, lp.StartingAfter)
	case lp.EndingBefore != "":
		q += ` AND id > ?`
		args = append(args, lp.EndingBefore)
		order = ` ORDER BY id ASC LIMIT ?`
	}
	return q + order, append(args, lp.PageSize()+1)
}

// placeholders is an IN list's n parameters: "?,?,?".
func placeholders(n int) string {
	if n == 0 {
		return ""
	}
	return strings.Repeat("?,", n-1) + "?"
}

// Endpoints, and the sweeps that make their deliveries follow a status
// change (endpoints.go).
const endpointCols = `id, account_id, url, description, events, status, disabled_reason, secret, previous_secret,
 previous_secret_expires_at, failing_since, created_at, updated_at, older_secrets`

// qFailingEndpoints: the failing run began at least the period ago (?1 =
// now - period) and an attempt at least the period after its start failed
// too (?2 = the period in microseconds), so the failures span the period
// (store.Store.DisableFailingEndpoints).
const qFailingEndpoints = `SELECT ` + endpointCols + ` FROM endpoints e
 WHERE status = 'enabled' AND deleted_at IS NULL AND failing_since IS NOT NULL AND failing_since <= ?1
   AND EXISTS (SELECT 1 FROM attempts a WHERE a.endpoint_id = e.id AND a.started_at >= e.failing_since + ?2 AND a.succeeded = 0)`

const (
	qCountEndpoints = `SELECT COUNT(*) FROM endpoints WHERE account_id = ? AND deleted_at IS NULL`
	// qEndpointURLs is what a store.URLCheck compares a new URL with.
	qEndpointURLs   = `SELECT id, url FROM endpoints WHERE account_id = ? AND deleted_at IS NULL`
	qInsertEndpoint = `INSERT INTO endpoints (` + endpointCols + `) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`
	qGetEndpoint    = `SELECT ` + endpointCols + ` FROM endpoints WHERE id = ? AND account_id = ? AND deleted_at IS NULL`
	qListEndpoints  = `SELECT ` + endpointCols + ` FROM endpoints WHERE account_id = ? AND deleted_at IS NULL`
	qUpdateEndpoint = `UPDATE endpoints SET url = ?, description = ?, events = ?, status = ?, disabled_reason = ?, secret = ?,
			previous_secret = ?, previous_secret_expires_at = ?, failing_since = ?, updated_at = ?, older_secrets = ? WHERE id = ?`
	qEndpointEnabled = `SELECT status = 'enabled' FROM endpoints WHERE id = ? AND account_id = ? AND deleted_at IS NULL`
	// A deleted endpoint's row stays for its deliveries' history; its
	// signing secrets go at once: nothing signs for it again (every read
	// of secrets is of endpoints not deleted).
	// Each start erases the secrets that earlier releases, whose delete
	// did not, left on the endpoints deleted under them.
	qEraseDeletedEndpointSecrets = `UPDATE endpoints SET secret = '', previous_secret = '', previous_secret_expires_at = NULL, older_secrets = ''
 WHERE deleted_at IS NOT NULL AND (secret <> '' OR previous_secret <> '' OR previous_secret_expires_at IS NOT NULL OR older_secrets <> '')`
	// And the signing secrets that earlier releases, whose close did not
	// erase them, left on listen sessions closed under them.
	qEraseClosedListenSecrets = `UPDATE listen_sessions SET secret = '' WHERE closed_at IS NOT NULL AND secret <> ''`
	// qEraseExpiredSecrets erases the retired secrets of the endpoints
	// whose previous secret expired at or before ?1 (EraseExpiredSecrets).
	qEraseExpiredSecrets = `UPDATE endpoints SET previous_secret = '', previous_secret_expires_at = NULL, older_secrets = ''
 WHERE previous_secret_expires_at IS NOT NULL AND previous_secret_expires_at <= ?`
	qDeleteEndpoint = `UPDATE endpoints SET deleted_at = ?, status = 'disabled', disabled_reason = 'deleted', updated_at = ?,
 secret = '', previous_secret = '', previous_secret_expires_at = NULL, older_secrets = ''
 WHERE id = ? AND account_id = ? AND deleted_at IS NULL`
	qDisableEndpoint = `UPDATE endpoints SET status = 'disabled', disabled_reason = ?, updated_at = ? WHERE id = ?`

	// qStartSweep gives the endpoint a sweep mark newer than any other.
	qStartSweep       = `UPDATE endpoints SET sweep = (SELECT COALESCE(MAX(sweep), 0) + 1 FROM endpoints) WHERE id = ?`
	qSweepState       = `SELECT status = 'enabled' AND deleted_at IS NULL, deleted_at IS NOT NULL, sweep, updated_at FROM endpoints WHERE id = ?`
	qUnfinishedSweeps = `SELECT id FROM endpoints WHERE sweep <> 0`
	qEndSweep         = `UPDATE endpoints SET sweep = 0 WHERE id = ? AND sweep = ?`
	// qSweepDeleted ends the waiting deliveries of a deleted endpoint, one
	// chunk, walked by id (each chunk starts where the last ended): they
	// will never be sent.
	qSweepDeleted = `UPDATE deliveries SET status = 'failed', next_attempt_at = NULL, due_at = NULL, lease_owner = NULL,
					last_error = '` + store.EndpointDeletedError + `', updated_at = ?
					WHERE id IN (SELECT id FROM deliveries WHERE endpoint_id = ? AND id > ? AND status IN ('pending','retrying') ORDER BY id LIMIT ?)
					RETURNING id`
	// qSweepEnabled makes due from the moment the endpoint was enabled
	// (?1) the parked deliveries, and any that kept a later retry time
	// because its attempt ended after the disable (not leased: none is on
	// the wire).
	qSweepEnabled = `UPDATE deliveries SET due_at = ?1, next_attempt_at = CASE WHEN status = 'retrying' THEN ?1 ELSE next_attempt_at END
					WHERE id IN (SELECT id FROM deliveries WHERE endpoint_id = ?2 AND id > ?3 AND status IN ('pending','retrying')
						AND (due_at IS NULL OR (lease_owner IS NULL AND due_at > ?1)) ORDER BY id LIMIT ?4)
					RETURNING id`
	// qSweepDisabled parks a chunk of a disabled endpoint's deliveries. A
	// delivery whose attempt is on the wire keeps its lease: its outcome is
	// recorded as usual (a retry is parked by the record), and enabling
	// again cannot hand it out a second time while that attempt runs.
	qSweepDisabled = `UPDATE deliveries SET due_at = NULL, lease_owner = NULL
					WHERE id IN (SELECT id FROM deliveries WHERE endpoint_id = ? AND due_at IS NOT NULL AND (lease_owner IS NULL OR due_at <= ?) LIMIT ?)`
)

// Deliveries: claims, and the outcomes of attempts.
const deliveryCols = `id, account_id, event_id, event_type, endpoint_id, status, attempts, round_attempts, next_attempt_at,
 last_attempt_at, last_status_code, last_error, created_at, updated_at, test`

const (
	// qDueEndpoints lists the endpoints that have a delivery due at ?1,
	// the one with the oldest due delivery first. It walks the distinct
	// endpoint ids of deliveries_endpoint_due (a loose index scan: one seek
	// per endpoint with unfinished deliveries, whatever their number) and
	// takes each one's oldest due_at with two more (SQLite evaluates the
	// correlated subquery for the WHERE and again for the ORDER BY).
	qDueEndpoints = `WITH RECURSIVE e(id) AS (
   SELECT (SELECT MIN(endpoint_id) FROM deliveries WHERE due_at IS NOT NULL)
   UNION ALL
   SELECT (SELECT MIN(endpoint_id) FROM deliveries WHERE due_at IS NOT NULL AND endpoint_id > e.id) FROM e WHERE e.id IS NOT NULL
 )
 SELECT id FROM (
   SELECT id, (SELECT MIN(due_at) FROM deliveries WHERE endpoint_id = e.id AND due_at IS NOT NULL) AS next FROM e WHERE id IS NOT NULL
 ) WHERE next <= ?1 ORDER BY next, id`
	// qClaimEndpoint leases one endpoint's oldest due deliveries.
	qClaimEndpoint = `UPDATE deliveries SET due_at = ?, lease_owner = ?
 WHERE id IN (SELECT id FROM deliveries WHERE endpoint_id = ? AND due_at IS NOT NULL AND due_at <= ? ORDER BY due_at LIMIT ?)
 RETURNING id, account_id, event_id, event_type, endpoint_id, attempts, round_attempts, created_at`
	// qInsertAttempt records an attempt unless it failed and another
	// sender has taken the delivery since (?16 is the reporter, ?17 the
	// end of the lease it sent under: the same instance's later claim is
	// another sender too): an
	// instance that was paused past its lease reports a "timeout" for a
	// request whose delivery another sender holds now, or has already
	// recorded an attempt of the same number for; the outcome guards below
	// ignore it too. A delivery whose lease was ended for it (its endpoint
	// deleted while the attempt was on the wire) still gets the attempt.
	// The log keeps one attempt per number (a unique index): a success
	// reported late by an instance paused past its lease, for an attempt
	// that another sender made again under the same number, replaces that
	// attempt if it failed (the receiver did take the event) and is
	// dropped if it succeeded too; a failure never replaces an attempt. A
	// failure reported for a delivery whose lease has ended counts only
	// while the delivery is unfinished (an endpoint deleted mid-send): not
	// once another sender's success has finished it.
	qInsertAttempt = `INSERT INTO attempts (id, delivery_id, account_id, endpoint_id, event_id, number, started_at, duration_us,
 request_headers, response_status, response_headers, response_body, error, error_kind, succeeded)
 SELECT ?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15
 WHERE ?15 = 1 OR EXISTS (SELECT 1 FROM deliveries WHERE id = ?2
   AND ((lease_owner = ?16 AND due_at = ?17) OR (lease_owner IS NULL AND attempts < ?6 AND status <> 'succeeded')))
 ON CONFLICT (id) DO NOTHING
 ON CONFLICT (delivery_id, number) DO UPDATE SET started_at = excluded.started_at, duration_us = excluded.duration_us,
   request_headers = excluded.request_headers, response_status = excluded.response_status, response_headers = excluded.response_headers,
   response_body = excluded.response_body, error = excluded.error, error_kind = excluded.error_kind, succeeded = 1
   WHERE attempts.succeeded = 0 AND excluded.succeeded = 1`
	// qRecordSuccess also counts a success of a later attempt than the
	// one that succeeded first (two senders in a pause window), so that the
	// delivery counts every attempt it lists.
	qRecordSuccess = `UPDATE deliveries SET status = 'succeeded', attempts = MAX(attempts, ?1), round_attempts = MAX(round_attempts, ?2),
 next_attempt_at = NULL, due_at = NULL, lease_owner = NULL, last_attempt_at = ?3, last_status_code = ?4, last_error = '', updated_at = ?5
 WHERE id = ?6 AND (status <> 'succeeded' OR attempts < ?1)`
	// qRecordRetry and qRecordReleased park the delivery (due_at NULL) when
	// its endpoint was disabled while the attempt was on the wire:
	// disabling parks only what is not. These, qRecordFailed and
	// qRecordParked end only the lease the result was decided under (its
	// owner and its end, due_at, as the claim wrote it): an attempt that
	// outlived its lease, reported after the same instance claimed the
	// delivery again, must not end the new lease while that attempt is
	// on the wire (store.Result.LeaseUntil).
	qRecordRetry = `UPDATE deliveries SET status = 'retrying', attempts = MAX(attempts, ?), round_attempts = ?, next_attempt_at = ?,
 due_at = CASE WHEN ` + endpointDisabled + ` THEN NULL ELSE ? END, lease_owner = NULL, last_attempt_at = ?, last_status_code = ?, last_error = ?, updated_at = ?
 WHERE id = ? AND lease_owner = ? AND due_at = ? AND status <> 'succeeded'`
	endpointDisabled = `EXISTS (SELECT 1 FROM endpoints e WHERE e.id = deliveries.endpoint_id AND e.status = 'disabled' AND e.deleted_at IS NULL)`
	qRecordFailed    = `UPDATE deliveries SET status = 'failed', attempts = MAX(attempts, ?), round_attempts = ?, next_attempt_at = NULL,
 due_at = NULL, lease_owner = NULL, last_attempt_at = ?, last_status_code = ?, last_error = ?, updated_at = ?
 WHERE id = ? AND lease_owner = ? AND due_at = ? AND status <> 'succeeded'`
	// qRecordAfterDelete counts a failed attempt that was on the wire when
	// its endpoint's delete ended the delivery (failed, "not sent", lease
	// taken): it was sent, so the delivery lists it, and stays failed.
	qRecordAfterDelete = `UPDATE deliveries SET attempts = MAX(attempts, ?1), round_attempts = ?2, last_attempt_at = ?3, last_status_code = ?4,
 last_error = ?5 || '` + store.EndpointDeletedAfterAttempt + `', updated_at = ?3
 WHERE id = ?6 AND lease_owner IS NULL AND status = 'failed' AND attempts < ?1 AND last_error = '` + store.EndpointDeletedError + `'`
	// qRecordParked parks the delivery only while its endpoint is
	// disabled: given back parked after an enable's sweep had made the
	// endpoint's parked deliveries due (it was leased then, and left
	// alone), it would wait with no due time on an enabled endpoint, never
	// sent. Otherwise it is due again at ?, as a released one is.
	qRecordParked = `UPDATE deliveries SET due_at = CASE WHEN ` + endpointDisabled + ` THEN NULL ELSE ? END, lease_owner = NULL
 WHERE id = ? AND lease_owner = ? AND due_at = ?`
	// qParkUnsendable parks a delivery a claim found unsendable (its
	// endpoint disabled or deleted, or its event gone), in the claim's own
	// write: what it read holds.
	qParkUnsendable = `UPDATE deliveries SET due_at = NULL, lease_owner = NULL WHERE id = ? AND lease_owner = ?`
	// qFailIfEndpointDeleted ends a waiting delivery whose endpoint is
	// deleted, or whose endpoint's row the retention has pruned since: it
	// will never be sent, and must not show as waiting.
	qFailIfEndpointDeleted = `UPDATE deliveries SET status = 'failed', next_attempt_at = NULL, due_at = NULL, lease_owner = NULL,
 last_error = '` + store.EndpointDeletedError + `', updated_at = ?
 WHERE id = ? AND status IN ('pending','retrying') AND NOT EXISTS (SELECT 1 FROM endpoints WHERE id = deliveries.endpoint_id AND deleted_at IS NULL)`
	qRecordReleased = `UPDATE deliveries SET due_at = CASE WHEN ` + endpointDisabled + ` THEN NULL ELSE ? END, lease_owner = NULL WHERE id = ? AND lease_owner = ? AND due_at = ?`
	// Endpoint health (store.EndpointHealth): a success ends a run that
	// began no later than it; a failure starts one unless an attempt that
	// started at or after it succeeded. Only failures of attempts that
	// started after the endpoint's last change count (a new URL, enabled
	// again: a clean record; a rotation or a new description too): the
	// batch's first failure (?1) if it did, else its last (?3).
	qEndpointOK      = `UPDATE endpoints SET failing_since = NULL WHERE id = ?2 AND failing_since IS NOT NULL AND failing_since <= ?1`
	qEndpointFailing = `UPDATE endpoints SET failing_since = CASE WHEN updated_at <= ?1 THEN ?1 ELSE ?3 END
 WHERE id = ?2 AND failing_since IS NULL AND updated_at <= ?3
 AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.endpoint_id = ?2 AND a.succeeded = 1
   AND a.started_at >= CASE WHEN endpoints.updated_at <= ?1 THEN ?1 ELSE ?3 END)`
)

// hotStatements are prepared once on the writer connection.
var hotStatements = []string{
	qOrderByID, qUpdateOrder, qInsertEvent, qAccountEndpoints, qInsertDelivery,
	qInsertAttempt, qDueEndpoints, qClaimEndpoint, qRecordSuccess, qRecordRetry, qRecordFailed, qRecordParked, qParkUnsendable, qRecordReleased, qEndpointOK, qEndpointFailing,
	qFanoutPending, qClearFanoutPending, qDataVersion,
}

// queryIn's templates: completeWork's reads of the claimed deliveries'
// events and endpoints.
const (
	qClaimEvents    = `SELECT id, payload, created_at FROM events WHERE id IN (%s)`
	qClaimEndpoints = `SELECT ` + endpointCols + ` FROM endpoints WHERE status = 'enabled' AND deleted_at IS NULL AND id IN (%s)`
)

// qReleaseLeases gives back the leases of ?2 (every lease if it is empty). Each
// released delivery is due just before its endpoint's oldest waiting one,
// as a resend by hand is (RetryDelivery), in the order the released ones
// were created: their attempts were cut short, so they go on first, not
// behind a backlog that was written (or fanned out at Open) meanwhile and
// is due earlier than now. One whose endpoint is disabled is parked (due_at
// NULL), as a claim or a recorded outcome would park it: due, it would
// count as due until a claim found it held.
const qReleaseLeases = `WITH released AS MATERIALIZED (
   SELECT id, endpoint_id, ROW_NUMBER() OVER (PARTITION BY endpoint_id ORDER BY created_at DESC, id DESC) AS ahead
   FROM deliveries WHERE lease_owner IS NOT NULL AND due_at IS NOT NULL AND (?2 = '' OR lease_owner = ?2)
 ), head AS MATERIALIZED (
   SELECT r.endpoint_id, MIN(?1, COALESCE((SELECT MIN(w.due_at) FROM deliveries w WHERE w.endpoint_id = r.endpoint_id
     AND w.due_at IS NOT NULL AND w.lease_owner IS NULL), ?1)) AS due_at
   FROM (SELECT DISTINCT endpoint_id FROM released) r
 )
 UPDATE deliveries SET due_at = CASE WHEN ` + endpointDisabled + ` THEN NULL ELSE head.due_at - released.ahead END, lease_owner = NULL
 FROM released JOIN head ON head.endpoint_id = released.endpoint_id
 WHERE deliveries.id = released.id`

const (
	// qRetryDelivery makes a delivery due just before the endpoint's oldest
	// waiting delivery, so that the next claim for the endpoint takes it
	// first: a resend asked for by hand goes now, not behind a backlog.
	qRetryDelivery = `UPDATE deliveries SET status = 'pending', round_attempts = 0, next_attempt_at = NULL,
			due_at = MIN(?1, COALESCE((SELECT MIN(o.due_at) FROM deliveries o WHERE o.endpoint_id = deliveries.endpoint_id
				AND o.due_at IS NOT NULL AND o.lease_owner IS NULL), ?1) - 1),
			lease_owner = NULL, updated_at = ?1 WHERE id = ?2 AND account_id = ?3
			AND (lease_owner IS NULL OR due_at IS NULL OR due_at <= ?1) RETURNING ` + deliveryCols
	qDeliveryExists  = `SELECT COUNT(*) FROM deliveries WHERE id = ? AND account_id = ?`
	qRecoverEndpoint = `UPDATE deliveries SET status = 'pending', round_attempts = 0, next_attempt_at = NULL, due_at = ?,
				lease_owner = NULL, updated_at = ?
				WHERE id IN (SELECT id FROM deliveries WHERE endpoint_id = ? AND id > ? AND account_id = ? AND status = 'failed' AND created_at >= ?
				ORDER BY id LIMIT ?) RETURNING id`
)

// Deferred fan-outs (fanout.go).
const (
	qFanoutPending      = `SELECT fanout_pending IS NOT NULL FROM events WHERE id = ?`
	qDataVersion        = `PRAGMA data_version`
	qClearFanoutPending = `UPDATE events SET fanout_pending = NULL WHERE id = ?`
	qEventEndpoints     = `SELECT endpoint_id FROM deliveries WHERE event_id = ?`
	qPendingFanouts     = `SELECT id, account_id, type, test, created_at, fanout_pending FROM events
 WHERE fanout_pending IS NOT NULL AND id > ? ORDER BY id LIMIT ?`
)

const qEventFanoutPending = `SELECT fanout_pending FROM events WHERE id = ?`

// qMissedEvents reads a batch of the account's (?2) events from ?3 on,
// past the cursor ?4 and below ?5, each with whether endpoint ?1 has its
// delivery already or is still to get it from a deferred fan-out (the
// event's fanout_pending lists the endpoint: that fan-out writes it, and a
// delivery made here too would be a second).
const qMissedEvents = `SELECT e.id, e.type, e.test, e.created_at,
   EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.endpoint_id = ?1)
   OR instr(',' || COALESCE(e.fanout_pending, '') || ',', ',' || ?1 || ',') > 0
 FROM events e WHERE e.account_id = ?2 AND e.id >= ?3 AND e.id > ?4 AND e.id < ?5 ORDER BY e.id LIMIT ?6`

// Reads of deliveries and attempts, and the counts and statistics.
const (
	qGetDelivery  = `SELECT ` + deliveryCols + ` FROM deliveries WHERE id = ? AND account_id = ?`
	qDeliveryByID = `SELECT ` + deliveryCols + ` FROM deliveries WHERE id = ?`
	qListAttempts = `SELECT id, delivery_id, account_id, endpoint_id, event_id, number, started_at, duration_us,
		request_headers, response_status, response_headers, response_body, error, error_kind, succeeded
		FROM attempts WHERE delivery_id = ? AND account_id = ? ORDER BY number, started_at`

	qAttemptStats = `SELECT succeeded, number > 1, duration_us FROM attempts
		WHERE endpoint_id = ? AND account_id = ? AND started_at >= ?`
	// qDeliveryStats counts an endpoint's deliveries made since ?3. A
	// delivery's id carries its created_at (or a later millisecond:
	// ids.NewAt), so id >= ?4 (ids.Floor of since) leaves out none of them,
	// and bounds the walk of deliveries_endpoint to the window: on
	// created_at alone it read every delivery the retention keeps (30 days
	// of them, for a 24-hour figure), for each endpoint of the overview.
	qDeliveryStats = `SELECT COALESCE(SUM(status = 'succeeded'), 0), COALESCE(SUM(status IN ('succeeded','failed')), 0)
 FROM deliveries WHERE endpoint_id = ?1 AND account_id = ?2 AND created_at >= ?3 AND id >= ?4`
	// qAccountAttemptStats and qAccountDeliveryStats are qAttemptStats and
	// qDeliveryStats of each of account ?1's endpoints at once, for the
	// overview and Monitoring (1,000 queries a page, one per endpoint,
	// before). CROSS JOIN keeps endpoints the outer loop, so each endpoint
	// seeks its own window (attempts_endpoint on started_at,
	// deliveries_endpoint on id >= ?3) rather than a walk of the account's
	// whole history; grouping on e.id follows endpoints_account's order,
	// and so does qAccountAttemptStats' ORDER BY (no sort): its rows come
	// endpoint after endpoint, so AccountEndpointStats holds one
	// endpoint's durations at a time.
	qAccountAttemptStats = `SELECT e.id, a.succeeded, a.number > 1, a.duration_us
 FROM endpoints e CROSS JOIN attempts a INDEXED BY attempts_endpoint
 WHERE e.account_id = ?1 AND a.endpoint_id = e.id AND a.account_id = ?1 AND a.started_at >= ?2
 ORDER BY e.id`
	qAccountDeliveryStats = `SELECT e.id, SUM(d.status = 'succeeded'), SUM(d.status IN ('succeeded','failed'))
 FROM endpoints e CROSS JOIN deliveries d INDEXED BY deliveries_endpoint
 WHERE e.account_id = ?1 AND d.endpoint_id = e.id AND d.account_id = ?1 AND d.created_at >= ?2 AND d.id >= ?3
 GROUP BY e.id`
	qStatsSeries = `SELECT (started_at - ?) / ?, COUNT(*), SUM(succeeded), SUM(number > 1), AVG(duration_us)
		FROM attempts WHERE endpoint_id = ? AND account_id = ? AND started_at >= ? GROUP BY 1 ORDER BY 1`

	qCountDue               = `SELECT COUNT(*), MIN(due_at) FROM deliveries WHERE due_at IS NOT NULL AND due_at <= ?`
	qCountPending           = `SELECT COUNT(*), MIN(due_at) FROM deliveries WHERE due_at IS NOT NULL`
	qCountDisabledEndpoints = `SELECT COUNT(*) FROM endpoints WHERE status = 'disabled' AND deleted_at IS NULL`
)

// Without statistics SQLite reads an account's deliveries newest first
// through deliveries_account and filters them: an event's few
// deliveries took a scan of the whole account (120-150 ms at 88,000).
// The narrowest filter's index is named instead (ListDeliveries).
const (
	deliveriesAll        = `deliveries`
	deliveriesByEvent    = `deliveries INDEXED BY deliveries_event`
	deliveriesByEndpoint = `deliveries INDEXED BY deliveries_endpoint`
)

// qListFailedDeliveries is the base of ListDeliveries' query filtered by
// status=failed alone or with event_type: it reads the account's failed
// deliveries newest first through deliveries_failed (account_id, id) WHERE
// status = 'failed', instead of walking all its deliveries (3 % of them
// failed: 1-2 s a page on a year's history). The condition is written out
// as the index's is (COLLATE BINARY, so that no other statement's plan
// takes the index), not bound, so that the partial index applies.
const qListFailedDeliveries = `SELECT ` + deliveryCols + ` FROM deliveries INDEXED BY deliveries_failed WHERE account_id = ? AND status COLLATE BINARY = 'failed'`

// qListWaitingDeliveries is the base of ListDeliveries' query filtered by
// status=pending or retrying (with event_type, endpoint_id, or neither), for
// an account with few waiting deliveries (qCountWaiting): it reads the
// account's waiting deliveries and sorts them, instead of walking all its
// deliveries newest first until a page matches (1-2 s on a year's history
// where 2 % wait). An index of waiting deliveries cost 10-12 % CPU per
// delivery (each enters it pending and leaves it succeeded); this one reads
// indexes that are there already: every waiting delivery is either in the
// claim's deliveries_endpoint_due (due_at set: due, leased, or retrying
// later) or parked (due_at NULL), and only a disabled endpoint's, or one
// whose status change is still being swept (sweep <> 0), are parked. Those
// endpoints' deliveries are walked whole through deliveries_endpoint. The
// two parts are disjoint (due_at), and the list's filters, cursor and order
// apply to their rows as to the table's: the same page. Its three
// parameters are the account.
const qListWaitingDeliveries = `SELECT ` + deliveryCols + ` FROM (
 SELECT d.* FROM endpoints e CROSS JOIN deliveries d INDEXED BY deliveries_endpoint_due
  WHERE e.account_id = ? AND d.endpoint_id = e.id AND d.due_at IS NOT NULL
 UNION ALL
 SELECT d.* FROM endpoints e CROSS JOIN deliveries d INDEXED BY deliveries_endpoint
  WHERE e.account_id = ? AND (e.status = 'disabled' OR e.sweep <> 0) AND d.endpoint_id = e.id
   AND d.due_at IS NULL AND d.status IN ('pending','retrying')
) WHERE account_id = ?`

// qCountWaiting counts the account's deliveries in deliveries_endpoint_due
// (index only), up to ?: past it, qListWaitingDeliveries would read and
// sort more rows than a walk of the newest deliveries is likely to
// (a backlog is recent), and the walk is kept. qCountWaitingOfEndpoint is
// the same for one endpoint.
const (
	qCountWaiting = `SELECT COUNT(*) FROM (SELECT 1 FROM endpoints e CROSS JOIN deliveries d INDEXED BY deliveries_endpoint_due
 WHERE e.account_id = ? AND d.endpoint_id = e.id AND d.due_at IS NOT NULL LIMIT ?)`
	qCountWaitingOfEndpoint = `SELECT COUNT(*) FROM (SELECT 1 FROM deliveries INDEXED BY deliveries_endpoint_due
 WHERE endpoint_id = ? AND due_at IS NOT NULL LIMIT ?)`
)

// qListDeliveriesWindow is the base of a list of the account's (or its
// endpoint's) n deliveries nearest lp's cursor, in the list's order: the
// start of the walk qListDeliveries makes, the filters and the cursor
// applied again to its rows. A page it fills is the walk's page.
func qListDeliveriesWindow(accountID, endpointID string, lp store.ListParams, n int) (string, []any) {
	from, args := deliveriesAll+` WHERE account_id = ?`, []any{accountID}
	if endpointID != "" {
		from, args = deliveriesByEndpoint+` WHERE account_id = ? AND endpoint_id = ?`, append(args, endpointID)
	}
	order := ` ORDER BY id DESC LIMIT ?`
	switch {
	case lp.StartingAfter != "":
		from, args = from+` AND id < ?`, append(args, lp.StartingAfter)
	case lp.EndingBefore != "":
		from, args, order = from+` AND id > ?`, append(args, lp.EndingBefore), ` ORDER BY id ASC LIMIT ?`
	}
	return `SELECT ` + deliveryCols + ` FROM (SELECT * FROM ` + from + order + `) WHERE account_id = ?`, append(args, n, accountID)
}

// qListDeliveries is the base of ListDeliveries' query, reading from one of
// deliveriesAll, deliveriesByEvent, deliveriesByEndpoint.
func qListDeliveries(from string) string {
	return `SELECT ` + deliveryCols + ` FROM ` + from + ` WHERE account_id = ?`
}

// Pruning (Prune, deleteAttemptsOf, sweepOrphans).
const (
	// qPruneEvents reads a window of old events (store.ReadPruneWindow),
	// each with whether it may go: once none of its deliveries is still
	// waiting to be sent (nor still to be written: fanout_pending,
	// fanout.go), nor changed within the retention (an old event resent
	// today keeps its attempts for the whole retention, as a new one does).
	qPruneEvents = `SELECT e.id, (SELECT COUNT(*) FROM deliveries d WHERE d.event_id = e.id),
			e.fanout_pending IS NULL AND NOT EXISTS
			(SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND (d.status IN ('pending','retrying') OR d.updated_at >= ?3))
			FROM events e WHERE e.id < ?1 AND e.id > ?2 ORDER BY e.id LIMIT ?4`
	qPruneIdempotencyKeys = `DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys WHERE created_at < ? LIMIT ?)`
	// qPruneListenSessions: a listen session closed before the cutoff whose
	// deliveries (the results it reported) are all pruned with their events,
	// sought through listen_sessions_closed (migration 0014).
	qPruneListenSessions = `DELETE FROM listen_sessions WHERE rowid IN (SELECT ls.rowid FROM listen_sessions ls
 WHERE ls.closed_at < ? AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.endpoint_id = ls.id) LIMIT ?)`
	// qPruneDeletedEndpoints: an endpoint deleted before the cutoff that
	// nothing kept names any more: no delivery (its log, or one a
	// deferred fan-out still has to write: fanout_pending, fanout.go), no
	// attempt (they go with their deliveries; an older release's orphans
	// are checked too), no sweep of its deliveries still to run. Its row
	// is read by nothing else: every read of endpoints skips deleted ones.
	qPruneDeletedEndpoints = `DELETE FROM endpoints WHERE rowid IN (SELECT e.rowid FROM endpoints e
 WHERE e.deleted_at < ? AND e.sweep = 0
   AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.endpoint_id = e.id)
   AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.endpoint_id = e.id)
   AND NOT EXISTS (SELECT 1 FROM events v WHERE v.fanout_pending IS NOT NULL
     AND instr(',' || v.fanout_pending || ',', ',' || e.id || ',') > 0)
 LIMIT ?)`
	// qPruneRevokedAPIKeys: a key revoked before the cutoff, unless it is
	// its account's newest (unfinishedFirstStart in cmd/esahayak tells an
	// account someone made from an unfinished first start by its keys: one
	// left with none would look like the latter).
	qPruneRevokedAPIKeys = `DELETE FROM api_keys WHERE rowid IN (SELECT k.rowid FROM api_keys k
 WHERE k.revoked_at < ? AND EXISTS (SELECT 1 FROM api_keys n WHERE n.account_id = k.account_id AND n.id > k.id) LIMIT ?)`
	qOrphanAttempts = `SELECT a.id, NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.id = a.delivery_id) FROM attempts a
		WHERE a.id > ? AND a.id < ? ORDER BY a.id LIMIT ?`
)

// qPruneDeliveries deletes the deliveries of n events.
func qPruneDeliveries(n int) string {
	return `DELETE FROM deliveries WHERE event_id IN (` + placeholders(n) + `) RETURNING id`
}

// qPruneEventRows deletes n events.
func qPruneEventRows(n int) string {
	return `DELETE FROM events WHERE id IN (` + placeholders(n) + `)`
}

// qDeleteAttemptsOf deletes at most ? attempts of n deliveries, only of
// those that no longer exist.
func qDeleteAttemptsOf(n int) string {
	return `DELETE FROM attempts WHERE id IN (SELECT a.id FROM attempts a WHERE a.delivery_id IN (` + placeholders(n) + `)
		AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.id = a.delivery_id) LIMIT ?)`
}

// qDeleteAttempts deletes n attempts.
func qDeleteAttempts(n int) string {
	return `DELETE FROM attempts WHERE id IN (` + placeholders(n) + `)`
}

// Listen sessions and their deliveries (relay.go).
const listenCols = `id, account_id, events, forward_to, secret, created_at, last_seen_at, closed_at`

const (
	qInsertListenSession     = `INSERT INTO listen_sessions (` + listenCols + `) VALUES (?,?,?,?,?,?,?,?)`
	qGetListenSession        = `SELECT ` + listenCols + ` FROM listen_sessions WHERE id = ? AND account_id = ?`
	qListListenSessions      = `SELECT ` + listenCols + ` FROM listen_sessions WHERE account_id = ?`
	qListOpenSessions        = qListListenSessions + ` AND closed_at IS NULL`     // ?status=open
	qListClosedSessions      = qListListenSessions + ` AND closed_at IS NOT NULL` // ?status=closed
	qCountOpenListenSessions = `SELECT COUNT(*) FROM listen_sessions WHERE account_id = ? AND closed_at IS NULL`
	qListenSessionExists     = `SELECT COUNT(*) FROM listen_sessions WHERE id = ? AND account_id = ?`
	qListenSessionClosed     = `SELECT closed_at IS NOT NULL FROM listen_sessions WHERE id = ? AND account_id = ?`
	qTouchListenSession      = `UPDATE listen_sessions SET last_seen_at = MAX(COALESCE(last_seen_at, 0), ?) WHERE id = ? AND closed_at IS NULL`
	qCloseListenSession      = `UPDATE listen_sessions SET closed_at = ?, secret = '' WHERE id = ? AND account_id = ? AND closed_at IS NULL`
	qListenEvent             = `SELECT type, test FROM events WHERE id = ? AND account_id = ?`
	qListenDelivery          = `SELECT id FROM deliveries WHERE event_id = ? AND endpoint_id = ? AND account_id = ?`
	qInsertListenDelivery    = `INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, attempts, round_attempts,
				last_attempt_at, last_status_code, last_error, due_at, lease_owner, created_at, updated_at, test)
				VALUES (?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?, NULL, NULL, ?, ?, ?)`
	qInsertListenAttempt = `INSERT INTO attempts (id, delivery_id, account_id, endpoint_id, event_id, number, started_at, duration_us,
			request_headers, response_status, response_headers, response_body, error, error_kind, succeeded) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`
)

// qEventsAfter reads the account's events after a cursor (ListEventsAfter):
// of types of them (none: every type), test events only with includeTest,
// the newest page or the oldest. Its parameters: the account, the cursor,
// the types, the page size.
func qEventsAfter(types int, includeTest, newest bool) string {
	q := `SELECT ` + eventCols + ` FROM events WHERE account_id = ? AND id > ?`
	if types > 0 {
		q += ` AND type IN (` + placeholders(types) + `)`
	}
	if !includeTest {
		q += ` AND test = 0`
	}
	if newest {
		q = `SELECT * FROM (` + q + ` ORDER BY id DESC LIMIT ?) ORDER BY id`
	} else {
		q += ` ORDER BY id LIMIT ?`
	}
	return q
}
