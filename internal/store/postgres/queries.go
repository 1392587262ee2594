package postgres

import (
	"slices"
	"strconv"
	"strings"

	"github.com/esahayak/esahayak/internal/store"
)

// Every SQL statement of the driver is here.
//
// Conventions:
//   - Parameters that PostgreSQL cannot type from a column (in a SELECT
//     list, or unnest()ed arrays) carry an explicit cast.
//   - A statement that updates rows another statement may also update
//     locks them first in a MATERIALIZED CTE with ORDER BY id FOR UPDATE,
//     so that all writers lock in the same order and never deadlock. It
//     then updates `WHERE id = ANY (ARRAY(SELECT id FROM l))` (one index
//     scan for all the keys) or joins on the primary key. Never both on
//     one join: `d.id = c.id AND d.id = ANY (…)` makes every lookup of a
//     nested loop probe the whole array (a claim of 256 took 50–60 ms).
//   - Connections run with enable_seqscan = off (see openConfig), so a
//     young table's misleading statistics cannot turn a join into
//     sequential scans.
//   - A statement that makes deliveries due now (and not leased) notifies
//     notifyChannel in the same transaction; PostgreSQL delivers the
//     notification at commit, and only once per transaction.

// notifyChannel is the LISTEN/NOTIFY channel of new due deliveries.
const notifyChannel = "esahayak_deliveries"

// restartGraceSQL is restartGrace (deliveries.go) as an SQL interval.
const restartGraceSQL = "interval '15 seconds'"

const qNotify = `SELECT pg_notify('` + notifyChannel + `', '')`

// Endpoint changes go on the same channel, with a payload: "stop:<id>"
// when an endpoint is disabled or deleted, "resume:<id>" when it is enabled
// again, so that every instance stops sending what it holds of it (see
// delivery.Engine.StopSending), and "refresh:<id>" when its URL or secrets
// change, so that work queued with the old ones is claimed again. An empty
// payload is a wake-up.
const (
	stopPrefix    = "stop:"
	resumePrefix  = "resume:"
	refreshPrefix = "refresh:"
	// qNotifyEndpoint sends $1 (a prefix and an endpoint id) at commit.
	qNotifyEndpoint = `SELECT pg_notify('` + notifyChannel + `', $1)`
)

// Migrations.
const (
	// The lock is named after the schema the tables go to, so stores in
	// different schemas of one database migrate independently.
	qMigrateLock = `SELECT pg_advisory_xact_lock(hashtextextended('esahayak/migrate/' || COALESCE(NULLIF($1::text, ''), current_schema(), ''), 0))`
	// qMigrationsTableFound: the columns of the schema_migrations the
	// search_path holds, none when it holds none (Options.Existing, and
	// checkMigrationsTable), and where it was looked for.
	qMigrationsTableFound = `SELECT COALESCE((SELECT array_agg(attname::text ORDER BY attnum) FROM pg_attribute WHERE attrelid = to_regclass('schema_migrations') AND attnum > 0 AND NOT attisdropped), '{}'), current_database(), current_setting('search_path')`
	qCreateMigrations     = `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`
	qAppliedMigrations    = `SELECT version FROM schema_migrations`
	qRecordMigration      = `INSERT INTO schema_migrations (version) VALUES ($1)`
	// qPing reads the table every start writes: /healthz's check that the
	// schema is there, not only the server (one row of its primary key).
	qPing = `SELECT EXISTS (SELECT 1 FROM schema_migrations)`
	// Each start erases the secrets that earlier releases, whose delete
	// did not, left on the endpoints deleted under them.
	qEraseDeletedEndpointSecrets = `UPDATE endpoints SET secret = '', previous_secret = '', previous_secret_expires_at = NULL, older_secrets = ''
 WHERE deleted_at IS NOT NULL AND (secret <> '' OR previous_secret <> '' OR previous_secret_expires_at IS NOT NULL OR older_secrets <> '')`
	// And the signing secrets that earlier releases, whose close did not
	// erase them, left on listen sessions closed under them.
	qEraseClosedListenSecrets = `UPDATE listen_sessions SET secret = '' WHERE closed_at IS NOT NULL AND secret <> ''`
	// qEraseExpiredSecrets erases the retired secrets of the endpoints
	// whose previous secret expired at or before $1 (EraseExpiredSecrets).
	// A row another transaction holds (a rotation, a fan-out) is skipped,
	// as the prune skips them, and erased by a later pass: maintenance
	// never waits for a writer. A rotation that committed after the
	// statement began is read again when its row is locked, and its new
	// previous secret, not expired, keeps the row out.
	qEraseExpiredSecrets = `UPDATE endpoints SET previous_secret = '', previous_secret_expires_at = NULL, older_secrets = ''
 WHERE id IN (SELECT id FROM endpoints WHERE previous_secret_expires_at IS NOT NULL AND previous_secret_expires_at <= $1
  FOR UPDATE SKIP LOCKED)`
)

// createSchemaSQL creates the schema named by id (an identifier already
// quoted by pgx.Identifier.Sanitize) if it does not exist.
func createSchemaSQL(id string) string { return `CREATE SCHEMA IF NOT EXISTS ` + id }

// setSearchPathSQL makes the schema named by id (quoted) the transaction's
// search path.
func setSearchPathSQL(id string) string { return `SET LOCAL search_path TO ` + id }

// Transactions run step by step on one connection (txn, postgres.go).
const (
	qBegin = "BEGIN"
	// qBeginRepeatableRead begins readWithHeld's transaction (held.go).
	qBeginRepeatableRead = "BEGIN ISOLATION LEVEL REPEATABLE READ"
	qCommit              = "COMMIT"
	qRollback            = "ROLLBACK"
)

// Leadership: a session-level advisory lock named after the schema, so that
// deployments in different schemas of one database elect separately.
const (
	// An instance id in use: a session-level advisory lock named after the
	// schema and the id, held by a running instance on a connection of its
	// own (ClaimInstanceID).
	qTryInstance = `SELECT pg_try_advisory_lock(hashtextextended('esahayak/instance/' || COALESCE(current_schema(), '') || '/' || $1::text, 0))`
	// qUnlockInstance gives back the id a sweep of held deliveries took
	// (held.go) to find their holder gone.
	qUnlockInstance = `SELECT pg_advisory_unlock(hashtextextended('esahayak/instance/' || COALESCE(current_schema(), '') || '/' || $1::text, 0))`
	qTryLeader      = `SELECT pg_try_advisory_lock(hashtextextended('esahayak/leader/' || COALESCE(current_schema(), ''), 0))`
	qReleaseLeader  = `SELECT pg_advisory_unlock(hashtextextended('esahayak/leader/' || COALESCE(current_schema(), ''), 0))`
	// qStartLock: its transaction waits, idle, while the start does its
	// work on other connections (the accounts read, a password hashed, the
	// first account written and printed), so idleInTxTimeout is off for
	// it alone.
	qStartLock = `SELECT set_config('idle_in_transaction_session_timeout', '0', true),
    pg_advisory_xact_lock(hashtextextended('esahayak/first-start/' || COALESCE(current_schema(), ''), 0))`
	// qStillLeader: this session (dedicated to the leadership lock, which
	// is the only advisory lock it takes) still holds it.
	qStillLeader = `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted)`
	// qLeaderIdleTimeout has PostgreSQL (14 and later) end the leadership
	// lock's session once it has been idle for $1: its holder pings it far
	// more often (leaderPing), so only a holder that cannot run (stopped,
	// frozen, a suspended VM) lets it lapse, and another instance takes
	// the lock instead of waiting for it to wake.
	qLeaderIdleTimeout = `SELECT set_config('idle_session_timeout', $1, false)`
	qListen            = `LISTEN ` + notifyChannel
)

// Accounts, API keys, users.
const (
	qInsertAccount = `INSERT INTO accounts (id, name, created_at) VALUES ($1, $2, $3)`
	qGetAccount    = `SELECT id, name, created_at FROM accounts WHERE id = $1`
	qCountAccounts = `SELECT count(*) FROM accounts`
	qListAccounts  = `SELECT id, name, created_at FROM accounts ORDER BY id`

	apiKeyCols    = `id, account_id, name, prefix, hash, created_at, last_used_at, revoked_at`
	qInsertAPIKey = `INSERT INTO api_keys (id, account_id, name, prefix, hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)`
	// qLockAccountAPIKeys and qCountActiveAPIKeys are CreateAPIKey's turn
	// and count of an account's keys against its limit.
	qLockAccountAPIKeys = `SELECT pg_advisory_xact_lock(hashtextextended('esahayak/api_keys/' || $1::text, 0))`
	qCountActiveAPIKeys = `SELECT COUNT(*) FROM api_keys WHERE account_id = $1 AND revoked_at IS NULL`
	qAPIKeyByHash       = `SELECT ` + apiKeyCols + ` FROM api_keys WHERE hash = $1 AND revoked_at IS NULL`
	qListAPIKeys        = `SELECT ` + apiKeyCols + ` FROM api_keys WHERE account_id = $1 ORDER BY id DESC`
	qRevokeAPIKey       = `UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND account_id = $3 AND revoked_at IS NULL`
	qTouchAPIKey        = `UPDATE api_keys SET last_used_at = $1 WHERE id = $2`
	userCols            = `id, account_id, email, password_hash, created_at`
	qInsertUser         = `INSERT INTO users (` + userCols + `) VALUES ($1, $2, $3, $4, $5)`
	qUserByEmail        = `SELECT ` + userCols + ` FROM users WHERE email = $1`
	qUserByID           = `SELECT ` + userCols + ` FROM users WHERE id = $1`
)

// Dashboard sessions (dashboard.go).
const (
	dashboardSessionCols    = `token_hash, user_id, account_id, csrf_token, created_at, last_seen_at, expires_at`
	qInsertDashboardSession = `INSERT INTO dashboard_sessions (` + dashboardSessionCols + `) VALUES ($1, $2, $3, $4, $5, $6, $7)`
	qDashboardSessionByHash = `SELECT ` + dashboardSessionCols + ` FROM dashboard_sessions WHERE token_hash = $1 AND expires_at > $2`
	qTouchDashboardSession  = `UPDATE dashboard_sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3`
	qDeleteDashboardSession = `DELETE FROM dashboard_sessions WHERE token_hash = $1`
	qPruneDashboardSessions = `DELETE FROM dashboard_sessions WHERE expires_at <= $1`
)

// Orders and events.
const (
	orderCols = `id, account_id, status, created_at, updated_at, stamp_id, state, amount, article_code, provider,
 delivery_requested, error_code, error_message, delivery_partner, tracking_id, delivered_at, cancel_reason,
 cancelled_at, refund_amount, refund_status, version`

	qOrderByID        = `SELECT ` + orderCols + ` FROM orders WHERE id = $1`
	qOrderByIDLocked  = qOrderByID + ` FOR UPDATE`
	qInsertOrder      = `INSERT INTO orders (` + orderCols + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`
	qInsertOrderTyped = `SELECT $1::text, $2::text, $3::text, $4::timestamptz, $5::timestamptz, $6::text, $7::text, $8::bigint, $9::text,
 $10::text, $11::boolean, $12::text, $13::text, $14::text, $15::text, $16::timestamptz, $17::text, $18::timestamptz, $19::bigint,
 $20::text, $21::bigint`
	// The order is written only if its idempotency key is new, in one
	// statement: a concurrent request with the same key waits on the key's
	// row and then writes nothing (and replays).
	qInsertOrderIdempotent = `WITH k AS (
    INSERT INTO idempotency_keys (account_id, key, request_hash, order_id, response, created_at)
    VALUES ($2, $22, $23, $1, $24, $25)
    ON CONFLICT (account_id, key) DO NOTHING
    RETURNING 1
)
INSERT INTO orders (` + orderCols + `) ` + qInsertOrderTyped + ` FROM k`
	qIdempotencyKey = `SELECT request_hash, response, order_id FROM idempotency_keys WHERE account_id = $1 AND key = $2`

	qUpdateOrder = `UPDATE orders SET status = $1, updated_at = $2, error_code = $3, error_message = $4, delivery_partner = $5,
 tracking_id = $6, delivered_at = $7, cancel_reason = $8, cancelled_at = $9, refund_amount = $10, refund_status = $11, version = $12
 WHERE id = $13 AND version = $14`
	// The event exists only if the guarded update happened; the deliveries
	// and the notification of the same commit check for the event.
	qUpdateOrderInsertEvent = `WITH u AS (` + qUpdateOrder + ` RETURNING 1)
INSERT INTO events (id, account_id, order_id, type, payload, created_at, test)
SELECT $15::text, $16::text, $17::text, $18::text, $19::bytea, $20::timestamptz, $21::boolean FROM u`
	qInsertEvent = `INSERT INTO events (id, account_id, order_id, type, payload, created_at, test) VALUES ($1, $2, $3, $4, $5, $6, $7)`

	fanOutCols = `id, url, events, secret, previous_secret, previous_secret_expires_at, older_secrets`
	// The enabled endpoints of an order's account, read with the order so
	// that a transition costs one round trip before Decide and one after.
	qOrderEndpoints = `SELECT ` + fanOutCols + ` FROM endpoints
 WHERE account_id = (SELECT account_id FROM orders WHERE id = $1) AND status = 'enabled' AND deleted_at IS NULL ORDER BY id`
	qAccountEndpoints = `SELECT ` + fanOutCols + ` FROM endpoints
 WHERE account_id = $1 AND status = 'enabled' AND deleted_at IS NULL ORDER BY id`
	// A test event's endpoint, kept from being disabled or deleted until the
	// event and its delivery are written.
	qTestEndpoint = `SELECT status = 'enabled', ` + fanOutCols + ` FROM endpoints
 WHERE id = $1 AND account_id = $2 AND deleted_at IS NULL FOR SHARE`

	qInsertDeliveries = `INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, due_at, lease_owner, created_at, updated_at, test)
SELECT t.id, $1::text, $2::text, $3::text, t.endpoint_id, 'pending', t.due_at, t.lease_owner, $4::timestamptz, $4::timestamptz, $5::boolean
FROM unnest($6::text[], $7::text[], $8::timestamptz[], $9::text[]) AS t(id, endpoint_id, due_at, lease_owner)
WHERE EXISTS (SELECT 1 FROM events WHERE id = $2::text)`
	qNotifyIfEvent = qNotify + ` WHERE EXISTS (SELECT 1 FROM events WHERE id = $1)`

	// The held deliveries of the events written (held.go), one row per
	// event listing their endpoints, each written only if its event was.
	qInsertHeld = `INSERT INTO held_fanouts (event_id, account_id, holder, endpoints, created_at)
SELECT x.event_id, x.account_id, x.holder, string_to_array(x.endpoints, ','), x.created_at
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS x(event_id, account_id, holder, endpoints, created_at)
WHERE EXISTS (SELECT 1 FROM events WHERE id = x.event_id)`
	// writeHeld's writes: the deliveries, due since their event (an
	// endpoint pruned since is left out: nothing can be sent to it), then
	// the lists: what is left of them, and the rows emptied.
	qInsertHeldDeliveries = `INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, due_at, lease_owner, created_at, updated_at, test)
SELECT x.id, x.account_id, x.event_id, x.event_type, x.endpoint_id, 'pending', x.at, NULL, x.at, x.at, x.test
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::boolean[])
    AS x(id, account_id, event_id, event_type, endpoint_id, at, test)
WHERE EXISTS (SELECT 1 FROM endpoints WHERE id = x.endpoint_id)`
	qHeldKeep = `UPDATE held_fanouts h SET endpoints = string_to_array(r.rest, ',')
FROM unnest($1::text[], $2::text[]) AS r(event_id, rest) WHERE h.event_id = r.event_id`
	qHeldGone = `DELETE FROM held_fanouts WHERE event_id = ANY ($1)`
	// writeHeld's locks of held rows, with their events' type and test
	// flag, in event order: an account's; those of an account listing an
	// endpoint; of some events; a holder's.
	qLockHeld          = `SELECT h.event_id, h.account_id, e.type, e.test, h.created_at, h.endpoints FROM held_fanouts h JOIN events e ON e.id = h.event_id WHERE `
	qLockHeldOrder     = ` ORDER BY h.event_id FOR UPDATE OF h`
	qLockHeldOfAccount = qLockHeld + `h.account_id = $1` + qLockHeldOrder
	qLockHeldEvents    = qLockHeld + `h.event_id = ANY ($1)` + qLockHeldOrder
	// The first $n of an account's, of those listing an endpoint, of a
	// holder's (writeHeld writes heldWriteEvents events at a time).
	qLockSomeHeldOfAccount  = qLockHeld + `h.account_id = $1 ORDER BY h.event_id LIMIT $2 FOR UPDATE OF h`
	qLockSomeHeldOfEndpoint = qLockHeld + `h.account_id = $1 AND $2::text = ANY (h.endpoints) ORDER BY h.event_id LIMIT $3 FOR UPDATE OF h`
	qSkipSomeHeldOfAccount  = qLockHeld + `h.account_id = $1 ORDER BY h.event_id LIMIT $2 FOR UPDATE OF h SKIP LOCKED`
	qLockSomeHeldOfHolder   = qLockHeld + `h.holder = $1 ORDER BY h.event_id LIMIT $2 FOR UPDATE OF h`
	qAnyHeld                = `SELECT EXISTS (SELECT 1 FROM held_fanouts WHERE account_id = $1)`
	qHeldHolders            = `SELECT DISTINCT holder FROM held_fanouts`
	qHeldOf                 = `SELECT event_id, endpoints FROM held_fanouts WHERE holder = $1`

	eventCols = `id, account_id, COALESCE(order_id, ''), type, payload, created_at, test`
	qGetEvent = `SELECT ` + eventCols + ` FROM events WHERE id = $1 AND account_id = $2`
)

// The statements of a group (groupcommit.go). Orders are found by = ANY (ARRAY(SELECT
// unnest($1))): an array the planner cannot see counts as a few elements,
// so it always looks them up by primary key; given the array itself, it
// may prefer to scan the whole table when the table is young. (Joins on a
// key carry no such extra condition: see the conventions in queries.go.)
const (
	// The group's orders, locked in id order (as every writer of several
	// orders locks them), so that groups of several instances queue
	// instead of deadlocking.
	qGroupLockOrders = `SELECT ` + orderCols + ` FROM orders WHERE id = ANY (ARRAY(SELECT unnest($1::text[]))) ORDER BY id FOR UPDATE`
	// The enabled endpoints of the group's accounts.
	qGroupEndpoints = `SELECT account_id, ` + fanOutCols + ` FROM endpoints
 WHERE account_id = ANY (ARRAY(SELECT DISTINCT account_id FROM orders WHERE id = ANY (ARRAY(SELECT unnest($1::text[])))))
   AND status = 'enabled' AND deleted_at IS NULL ORDER BY account_id, id`
	// Every write of a group, in one statement: the orders' guarded
	// updates; the events of the orders updated ($22: the order each event
	// depends on); the deliveries of the events written; the notification
	// of the other instances if one of them is due unleased. It returns
	// the ids of the orders updated.
	qGroupWrite = `WITH u AS (
    UPDATE orders o SET status = t.status, updated_at = t.updated_at, error_code = t.error_code, error_message = t.error_message,
        delivery_partner = t.delivery_partner, tracking_id = t.tracking_id, delivered_at = t.delivered_at,
        cancel_reason = t.cancel_reason, cancelled_at = t.cancelled_at, refund_amount = t.refund_amount,
        refund_status = t.refund_status, version = t.version
    FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[],
        $9::text[], $10::timestamptz[], $11::bigint[], $12::text[], $13::bigint[], $14::bigint[])
        AS t(id, status, updated_at, error_code, error_message, delivery_partner, tracking_id, delivered_at,
            cancel_reason, cancelled_at, refund_amount, refund_status, version, old_version)
    WHERE o.id = t.id AND o.version = t.old_version
    RETURNING o.id
), e AS (
    INSERT INTO events (id, account_id, order_id, type, payload, created_at, test)
    SELECT v.id, v.account_id, NULLIF(v.order_id, ''), v.type, v.payload, v.created_at, v.test
    FROM unnest($15::text[], $16::text[], $17::text[], $18::text[], $19::bytea[], $20::timestamptz[], $21::boolean[], $22::text[])
        AS v(id, account_id, order_id, type, payload, created_at, test, guard)
    WHERE v.guard IN (SELECT id FROM u)
    RETURNING id
), d AS (
    INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, due_at, lease_owner, created_at, updated_at, test)
    SELECT x.id, x.account_id, x.event_id, x.event_type, x.endpoint_id, 'pending', x.due_at, x.lease_owner, x.created_at, x.created_at, x.test
    FROM unnest($23::text[], $24::text[], $25::text[], $26::text[], $27::text[], $28::timestamptz[], $29::text[], $30::timestamptz[],
        $31::boolean[]) AS x(id, account_id, event_id, event_type, endpoint_id, due_at, lease_owner, created_at, test)
    WHERE x.event_id IN (SELECT id FROM e)
    RETURNING lease_owner
)
SELECT ARRAY(SELECT id FROM u),
    (SELECT count(*) FROM (SELECT pg_notify('` + notifyChannel + `', '') FROM d WHERE lease_owner IS NULL LIMIT 1) AS n)`
)

// Endpoints.
const (
	endpointCols = `id, account_id, url, description, events, status, disabled_reason, secret, previous_secret,
 previous_secret_expires_at, failing_since, created_at, updated_at, older_secrets`

	qInsertEndpoint = `INSERT INTO endpoints (` + endpointCols + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`
	// An account's endpoint creates take turns: the lock first, in a
	// statement of its own, so that the count's snapshot (taken as its
	// statement starts) sees what the previous holder committed.
	qLockAccountEndpoints = `SELECT pg_advisory_xact_lock(hashtextextended('esahayak/endpoints/' || $1::text, 0))`
	qCountEndpoints       = `SELECT COUNT(*) FROM endpoints WHERE account_id = $1 AND deleted_at IS NULL`
	// qEndpointURLs is what a store.URLCheck compares a new URL with.
	qEndpointURLs         = `SELECT id, url FROM endpoints WHERE account_id = $1 AND deleted_at IS NULL`
	qGetEndpoint          = `SELECT ` + endpointCols + ` FROM endpoints WHERE id = $1 AND account_id = $2 AND deleted_at IS NULL`
	qGetEndpointForUpdate = qGetEndpoint + ` FOR UPDATE`
	// qLockEndpoint comes before qDeleteEndpoint (DeleteEndpoint says why).
	// It takes the lock the delete's UPDATE takes, no stronger: a record
	// batch's FOR KEY SHARE (qLockEndpointsShared) and the deliveries'
	// foreign keys do not wait for it, nor it for them.
	qLockEndpoint   = `SELECT 1 FROM endpoints WHERE id = $1 AND account_id = $2 AND deleted_at IS NULL FOR NO KEY UPDATE`
	qUpdateEndpoint = `UPDATE endpoints SET url = $1, description = $2, events = $3, status = $4, disabled_reason = $5, secret = $6,
 previous_secret = $7, previous_secret_expires_at = $8, failing_since = $9, updated_at = $10, older_secrets = $12 WHERE id = $11`
	// Deleting marks the endpoint for a sweep (qStartSweeps' mark, in the
	// same statement, only if the endpoint was there to delete): the sweep
	// ends its waiting deliveries, failed, never sent (qSweepDeleted).
	qDeleteEndpoint = `WITH e AS (
    -- The row stays for its deliveries' history; its signing secrets go
    -- at once (every read of secrets is of endpoints not deleted).
    UPDATE endpoints SET deleted_at = $1, status = 'disabled', disabled_reason = 'deleted', updated_at = $1,
        secret = '', previous_secret = '', previous_secret_expires_at = NULL, older_secrets = '',
        sweep = nextval('endpoint_sweeps')
    WHERE id = $2 AND account_id = $3 AND deleted_at IS NULL
    RETURNING id
)
SELECT count(*) FROM e, LATERAL (SELECT pg_notify('` + notifyChannel + `', '` + stopPrefix + `' || e.id)) AS n`

	// A status change gives its endpoints a sweep mark, newer than any
	// other, in its own transaction; the sweep (status_sweep.go) then makes
	// their waiting deliveries follow the status, in chunks.
	qStartSweeps = `UPDATE endpoints SET sweep = nextval('endpoint_sweeps') WHERE id = ANY ($1::text[])`
	// qSweepState reads, for one chunk of a sweep, what the endpoint's
	// deliveries must follow. FOR KEY SHARE holds off a status change
	// (FOR UPDATE) until the chunk commits, so that a chunk never parks
	// by a status that a newer change has replaced (its sweep would have
	// passed those deliveries already), while record batches, claims and
	// fan-outs, which hold the row in the same or a weaker mode, go on.
	qSweepState = `SELECT status = 'enabled' AND deleted_at IS NULL, deleted_at IS NOT NULL, sweep, updated_at
 FROM endpoints WHERE id = $1 FOR KEY SHARE`
	qUnfinishedSweeps = `SELECT id FROM endpoints WHERE sweep <> 0 ORDER BY id`
	// qTrySweepLock takes the session-level advisory lock (named after the
	// schema and the endpoint) that lets one sweeper at a time, of all the
	// instances, work through an endpoint's deliveries. An instance that
	// dies mid-sweep loses it with its session, and another takes the
	// sweep over.
	qTrySweepLock = `SELECT pg_try_advisory_lock(hashtextextended('esahayak/sweep/' || current_schema() || '/' || $1::text, 0))`
	qSweepUnlock  = `SELECT pg_advisory_unlock(hashtextextended('esahayak/sweep/' || current_schema() || '/' || $1::text, 0))`

	// One chunk of a sweep of a disabled endpoint parks up to $2 of its
	// waiting deliveries, taking them out of the claim index. They are found
	// first (by endpoint) and locked after (by id): asking for both at once
	// invites a scan of the whole primary key. Each walk of a sweep's chunks
	// is ordered as its index is (deliveries_endpoint_due here,
	// deliveries_endpoint in the others), so that a chunk stops reading at
	// its limit: a bitmap scan read every entry the endpoint had left, each
	// chunk, and parking 300,000 took 28-50 s instead of seconds. A delivery whose attempt is
	// on the wire (leased, lease not over) keeps its lease: its outcome is
	// recorded as usual, and enabling again cannot hand it out a second time
	// while that attempt runs. A delivery another transaction holds (a claim
	// leasing it, say) is skipped, not waited for: it is left as that
	// transaction leaves it, as if that had come first, and a claim that
	// later finds it due parks it (qClaim: disabled endpoints' deliveries
	// come back unsendable). Waiting, the park queued behind every
	// instance's work on that endpoint's backlog, one row at a time: an
	// audit measured 204 s for 20,000 retrying deliveries.
	//
	// The chunk ends the sweep (clears mark $3, unless a newer change has
	// replaced it) when it found fewer than $2, or parked none of those it
	// found (all held by others, whom the claims follow). It returns how
	// many it found and parked, and whether it ended the sweep.
	qSweepDisabled = `WITH found AS MATERIALIZED (
    SELECT id FROM deliveries WHERE endpoint_id = $1 AND due_at IS NOT NULL AND (lease_owner IS NULL OR due_at <= now())
    ORDER BY endpoint_id, due_at LIMIT $2
), l AS MATERIALIZED (
    SELECT id FROM deliveries WHERE id = ANY (ARRAY(SELECT id FROM found)) AND due_at IS NOT NULL AND (lease_owner IS NULL OR due_at <= now())
    ORDER BY id FOR UPDATE SKIP LOCKED
), p AS (
    UPDATE deliveries SET due_at = NULL, lease_owner = NULL WHERE id = ANY (ARRAY(SELECT id FROM l)) RETURNING 1
), n AS MATERIALIZED (
    SELECT (SELECT count(*) FROM found) AS found, (SELECT count(*) FROM p) AS parked
), done AS (
    UPDATE endpoints SET sweep = 0 WHERE id = $1 AND sweep = $3 AND (SELECT found < $2 OR parked = 0 FROM n) RETURNING 1
)
SELECT n.found, n.parked, EXISTS (SELECT 1 FROM done) FROM n`
	// One chunk of a sweep of an enabled endpoint finds, by id after $3
	// (deliveries_endpoint), the next $4 of its deliveries that are parked,
	// or that kept a later retry time because its attempt ended after the
	// disable (not leased: none is on the wire), and makes them due from
	// the moment the endpoint was enabled ($1). It locks them after
	// (FOR UPDATE, waiting: one left parked would never be sent), wakes the
	// claimers if it made any due, and ends the sweep (mark $5) when it
	// found fewer than $4. It returns how many it found, the last id found
	// (the next chunk's $3), how many it made due, and whether it ended the
	// sweep.
	qSweepEnabled = `WITH w AS MATERIALIZED (
    SELECT id FROM deliveries WHERE endpoint_id = $2 AND id > $3 AND status IN ('pending','retrying')
      AND (due_at IS NULL OR (lease_owner IS NULL AND due_at > $1)) ORDER BY endpoint_id, id LIMIT $4
), l AS MATERIALIZED (
    SELECT id FROM deliveries WHERE id = ANY (ARRAY(SELECT id FROM w)) AND status IN ('pending','retrying')
      AND (due_at IS NULL OR (lease_owner IS NULL AND due_at > $1)) ORDER BY id FOR UPDATE
), r AS (
    UPDATE deliveries SET due_at = $1, next_attempt_at = CASE WHEN status = 'retrying' THEN $1 ELSE next_attempt_at END
    WHERE id = ANY (ARRAY(SELECT id FROM l))
    RETURNING 1
), n AS MATERIALIZED (
    SELECT (SELECT count(*) FROM w) AS found, COALESCE((SELECT max(id) FROM w), '') AS last, (SELECT count(*) FROM r) AS resumed
), done AS (
    UPDATE endpoints SET sweep = 0 WHERE id = $2 AND sweep = $5 AND (SELECT found < $4 FROM n) RETURNING 1
)
SELECT n.found, n.last, n.resumed, EXISTS (SELECT 1 FROM done),
    (SELECT count(*) FROM (SELECT pg_notify('` + notifyChannel + `', '') FROM n AS m WHERE m.resumed > 0) AS woke) FROM n`
	// One chunk of a sweep of a deleted endpoint ends the next $4 of its
	// waiting deliveries by id after $3, failed, never sent, at its
	// deletion ($1); those on the wire too (their attempt is still
	// recorded, unless another sender's success has finished the delivery
	// meanwhile). It ends the sweep as qSweepEnabled does and returns the
	// same figures (without a wake: nothing is due).
	qSweepDeleted = `WITH w AS MATERIALIZED (
    SELECT id FROM deliveries WHERE endpoint_id = $2 AND id > $3 AND status IN ('pending','retrying') ORDER BY endpoint_id, id LIMIT $4
), l AS MATERIALIZED (
    SELECT id FROM deliveries WHERE id = ANY (ARRAY(SELECT id FROM w)) AND status IN ('pending','retrying') ORDER BY id FOR UPDATE
), f AS (
    UPDATE deliveries SET status = 'failed', next_attempt_at = NULL, due_at = NULL, lease_owner = NULL,
        last_error = '` + store.EndpointDeletedError + `', updated_at = $1
    WHERE id = ANY (ARRAY(SELECT id FROM l))
    RETURNING 1
), n AS MATERIALIZED (
    SELECT (SELECT count(*) FROM w) AS found, COALESCE((SELECT max(id) FROM w), '') AS last, (SELECT count(*) FROM f) AS ended
), done AS (
    UPDATE endpoints SET sweep = 0 WHERE id = $2 AND sweep = $5 AND (SELECT found < $4 FROM n) RETURNING 1
)
SELECT n.found, n.last, n.ended, EXISTS (SELECT 1 FROM done), 0::bigint FROM n`
	// qFailingEndpoints: the failing run began at least the period ago
	// ($1 = now - period) and an attempt at least the period after its
	// start failed too ($2 = the period in microseconds), so the failures
	// span the period (store.Store.DisableFailingEndpoints).
	qFailingEndpoints = `SELECT ` + endpointCols + ` FROM endpoints e
 WHERE status = 'enabled' AND deleted_at IS NULL AND failing_since IS NOT NULL AND failing_since <= $1
   AND EXISTS (SELECT 1 FROM attempts a WHERE a.endpoint_id = e.id
       AND a.started_at >= e.failing_since + $2 * interval '1 microsecond' AND NOT a.succeeded)
 ORDER BY id FOR UPDATE`
	qDisableEndpoints = `UPDATE endpoints e SET status = 'disabled', disabled_reason = t.reason, updated_at = $3
 FROM unnest($1::text[], $2::text[]) AS t(id, reason) WHERE e.id = t.id`
)

// Deliveries and attempts.
const (
	deliveryCols = `id, account_id, event_id, event_type, endpoint_id, status, attempts, round_attempts, next_attempt_at,
 last_attempt_at, last_status_code, last_error, created_at, updated_at, test`

	qGetDelivery  = `SELECT ` + deliveryCols + ` FROM deliveries WHERE id = $1 AND account_id = $2`
	qListAttempts = `SELECT id, delivery_id, account_id, endpoint_id, event_id, number, started_at, duration_us,
 request_headers, response_status, response_headers, response_body, error, error_kind, succeeded
 FROM attempts WHERE delivery_id = $1 AND account_id = $2 ORDER BY number, started_at`

	// qDueEndpoints lists the endpoints that have a delivery due at $1,
	// the one with the oldest due delivery first. It walks the distinct
	// endpoint ids of deliveries_endpoint_due (a loose index scan: one seek
	// per endpoint with unfinished deliveries, whatever their number) and
	// takes each one's oldest due_at with one more seek. Its generic plan
	// is the same as its custom plans (only a one-time filter reads $1),
	// and PostgreSQL takes it from the sixth execution on a connection:
	// forcing it from the first saved nothing measurable.
	qDueEndpoints = `WITH RECURSIVE e AS (
    (SELECT endpoint_id FROM deliveries WHERE due_at IS NOT NULL ORDER BY endpoint_id LIMIT 1)
    UNION ALL
    SELECT (SELECT d.endpoint_id FROM deliveries d WHERE d.due_at IS NOT NULL AND d.endpoint_id > e.endpoint_id ORDER BY d.endpoint_id LIMIT 1)
    FROM e WHERE e.endpoint_id IS NOT NULL
)
SELECT e.endpoint_id FROM e
CROSS JOIN LATERAL (SELECT min(d.due_at) AS next FROM deliveries d WHERE d.endpoint_id = e.endpoint_id AND d.due_at IS NOT NULL) n
WHERE e.endpoint_id IS NOT NULL AND n.next <= $1
ORDER BY n.next, e.endpoint_id`

	// qClaim locks, for each endpoint of $2 in order, up to the matching
	// count of $3 (and $6 in all) of its oldest due deliveries (one index seek each) that
	// no one else is claiming (SKIP LOCKED: concurrent claimers never wait
	// for each other), leases them, and returns them with their payloads
	// and endpoints, all in one statement. A delivery whose endpoint is
	// disabled or deleted (or whose event is gone) is parked instead of
	// leased and comes back with sendable = false.
	//
	// Whether an endpoint is off (disabled or deleted) is read through a
	// lock (off: FOR KEY SHARE, taken before any delivery is), not from
	// the statement's snapshot. From the snapshot, a claim that began
	// before an enable committed, and parked one of the endpoint's due
	// deliveries after the enable had resumed its parked ones (a due one
	// is left as it is), left it parked on an enabled endpoint: never sent.
	// The lock waits for an enable that holds the endpoint (its FOR UPDATE)
	// and then reads the row as it committed; an enable that comes after
	// waits for the claim, and resumes what it parked. Only endpoints the
	// snapshot shows off are locked: the enabled ones' claims take no lock
	// more than before.
	//
	// A lease that ran out before the database server started is left to
	// its owner by a claim made within restartGrace after the start, by
	// the server's own clock (statement_timestamp(); $7 stands in for it
	// in tests): the claimer's clock ($1) was 15 s or more off the
	// server's on a machine whose clock drifted, and then the window came
	// too late (the first claims after the start took the leases) or
	// never (it had passed by the claimer's clock). The server was down (a
	// restart, a crash) longer than the lease, and every instance alive
	// then holds in memory the outcomes of attempts it made before the
	// outage, which its recorder writes within seconds of the server's
	// return. Claimed at once, those deliveries were sent again by
	// whichever instance claimed first (27 events twice after a 2-minute
	// outage under three instances). A crashed instance's leases are
	// taken over restartGrace later than they would be.
	//
	// It runs on custom plans (PostgreSQL's own choice for it; never force
	// generic plans on it as RecordResults does). A custom plan knows $6
	// and the length of $2, so it estimates c at no more than $6 rows and
	// joins c to deliveries, endpoints and events by primary-key lookups.
	// The generic plan estimates c from the table's statistics instead,
	// whatever $6 (33,000 rows for an endpoint with 1,000,000 finished
	// deliveries), and then merge-joins c with the whole primary keys of
	// deliveries and events: 0.7–1.4 s for a claim of 256 there, against
	// 6 ms on the custom plan. Its estimated cost is as high, so
	// plan_cache_mode = auto keeps the custom plan in that case. Adding
	// = ANY (ARRAY(…)) to every join makes the generic plan safe, but
	// made claims 2–12 × slower (a lookup with both conditions probes the
	// whole array). See "Claim query plans" in docs/performance.md.
	//
	// Its last column is the delivery's lease owner as c read the row
	// (locked, before this update): not NULL, a lease that ran out, its
	// instance dead or stalled, taken over (store.Work.LeaseExpired and
	// TakenOverFrom).
	qClaim = `WITH off AS MATERIALIZED (
    SELECT id FROM endpoints WHERE id = ANY ($2::text[]) AND (status <> 'enabled' OR deleted_at IS NOT NULL)
    ORDER BY id FOR KEY SHARE
), c AS MATERIALIZED (
    SELECT x.id, x.endpoint_id, x.event_id, x.lease_owner
    FROM unnest($2::text[], $3::integer[]) AS r(endpoint_id, room)
    CROSS JOIN LATERAL (
        SELECT id, endpoint_id, event_id, lease_owner FROM deliveries
        WHERE endpoint_id = r.endpoint_id AND due_at <= $1
            AND (lease_owner IS NULL OR due_at >= pg_postmaster_start_time()
                OR COALESCE($7::timestamptz, statement_timestamp()) NOT BETWEEN pg_postmaster_start_time()
                    AND pg_postmaster_start_time() + ` + restartGraceSQL + `)
        ORDER BY due_at
        LIMIT r.room
        FOR UPDATE SKIP LOCKED
    ) x
    WHERE (SELECT count(*) FROM off) >= 0
    LIMIT $6
)
UPDATE deliveries d SET
    due_at      = CASE WHEN e.id IS NULL OR v.id IS NULL THEN NULL ELSE $4::timestamptz END,
    lease_owner = CASE WHEN e.id IS NULL OR v.id IS NULL THEN NULL ELSE $5::text END,
    -- A delivery of a deleted endpoint (written after the deletion ended the
    -- others) ends failed, never sent, like them; so does one whose
    -- endpoint's row the retention has pruned since (g.id IS NULL: a
    -- fan-out that read the endpoint before its delete wrote it after).
    status          = CASE WHEN ` + claimEndpointDeleted + ` THEN 'failed' ELSE d.status END,
    next_attempt_at = CASE WHEN ` + claimEndpointDeleted + ` THEN NULL ELSE d.next_attempt_at END,
    last_error      = CASE WHEN ` + claimEndpointDeleted + ` THEN '` + store.EndpointDeletedError + `' ELSE d.last_error END,
    updated_at      = CASE WHEN ` + claimEndpointDeleted + ` THEN $1 ELSE d.updated_at END
FROM c
LEFT JOIN endpoints e ON e.id = c.endpoint_id AND NOT EXISTS (SELECT 1 FROM off WHERE off.id = c.endpoint_id)
LEFT JOIN endpoints g ON g.id = c.endpoint_id AND e.id IS NULL
LEFT JOIN events v ON v.id = c.event_id
WHERE d.id = c.id
RETURNING d.id, d.account_id, d.event_id, d.event_type, d.endpoint_id, d.attempts, d.round_attempts, d.created_at,
    e.id IS NOT NULL AND v.id IS NOT NULL, e.url, e.secret, e.previous_secret, e.previous_secret_expires_at, e.older_secrets, v.payload, v.created_at,
    c.lease_owner`

	// claimEndpointDeleted: qClaim's delivery has no live endpoint (e), and
	// its endpoint's row (g) is deleted or gone.
	claimEndpointDeleted = `e.id IS NULL AND (g.id IS NULL OR g.deleted_at IS NOT NULL)`

	// An attempt that failed is recorded only if no other sender has taken
	// the delivery since its sender ($16, under the lease ending at $17:
	// the same instance's later claim is another sender too) did: an instance that was paused
	// past its lease reports a "timeout" for a request whose delivery
	// another instance holds now, or has already recorded an attempt of the
	// same number for; qRecordOutcomes ignores it too. A delivery whose
	// lease was ended for it (its endpoint deleted while the attempt was
	// on the wire) still gets the attempt, unless another sender's success
	// has finished the delivery meanwhile. The log keeps one attempt per
	// number (a unique index, so also when two instances record at once):
	// a paused instance's late success for an attempt another sender made
	// again under the same number replaces it if it failed, and is dropped
	// if it succeeded too; a failure never replaces an attempt (the same
	// attempt recorded again is one of these). A second insert of a key
	// waits for the first one's transaction, so rows go in key order, as
	// every writer locks deliveries in id order: two instances recording
	// the same attempts cannot deadlock. It runs before qRecordOutcomes,
	// which ends the leases.
	qInsertAttempts = `INSERT INTO attempts (id, delivery_id, account_id, endpoint_id, event_id, number, started_at, duration_us,
 request_headers, response_status, response_headers, response_body, error, error_kind, succeeded)
SELECT u.id, u.delivery_id, u.account_id, u.endpoint_id, u.event_id, u.number, u.started_at, u.duration_us,
 u.request_headers, u.response_status, u.response_headers, u.response_body, u.error, u.error_kind, u.succeeded
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::timestamptz[], $8::bigint[],
 $9::text[], $10::integer[], $11::text[], $12::bytea[], $13::text[], $14::text[], $15::boolean[], $16::text[], $17::timestamptz[])
 AS u(id, delivery_id, account_id, endpoint_id, event_id, number, started_at, duration_us,
 request_headers, response_status, response_headers, response_body, error, error_kind, succeeded, owner, lease_until)
WHERE u.succeeded OR EXISTS (SELECT 1 FROM deliveries d WHERE d.id = u.delivery_id
 AND ((d.lease_owner = u.owner AND d.due_at = u.lease_until) OR (d.lease_owner IS NULL AND d.attempts < u.number AND d.status <> 'succeeded')))
ORDER BY u.delivery_id, u.number
ON CONFLICT (delivery_id, number) DO UPDATE SET started_at = EXCLUDED.started_at, duration_us = EXCLUDED.duration_us,
 request_headers = EXCLUDED.request_headers, response_status = EXCLUDED.response_status, response_headers = EXCLUDED.response_headers,
 response_body = EXCLUDED.response_body, error = EXCLUDED.error, error_kind = EXCLUDED.error_kind, succeeded = true
 WHERE NOT attempts.succeeded AND EXCLUDED.succeeded`

	// The outcome of each result, for a batch in which each delivery
	// appears once. kind: 1 succeeded, 2 retry, 3 failed, 4 parked, 5
	// released (see kindOf). The guards are SQLite's: a success always
	// counts unless the delivery already succeeded with this attempt or a
	// later one, or the log had it before this batch (SQLite: its insert
	// changed no row); a retry or failure only
	// under the lease it was decided under, and not after a success;
	// parking and releasing only under that lease. "Under the lease": the
	// owner and the lease's end (due_at, as the claim wrote it) both match,
	// so that an attempt that outlived its lease, reported after the same
	// instance claimed the delivery again, does not end the new lease
	// while that attempt is on the wire (store.Result.LeaseUntil). Parking and releasing change nothing but the
	// lease: a released delivery is due again at next_at. A retry or a
	// release of a delivery whose endpoint was disabled meanwhile (its
	// attempt was on the wire, which parking leaves alone) is parked. A
	// parked result parks only while the endpoint is disabled: given back
	// after an enable had made the endpoint's parked deliveries due (it
	// was leased then, and left alone), it would wait with no due time on
	// an enabled endpoint, never sent; it is due again at next_at instead,
	// as a released one is. The deliveries are locked in id order, as
	// every writer locks them: the batch sorted by id (COLLATE "C", the
	// column's), each looked up by key in a LATERAL subquery that OFFSET 0
	// keeps a lookup whatever the table's estimates (qGenericPlans).
	qRecordOutcomes = `WITH r AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::integer[], $5::integer[], $6::timestamptz[],
        $7::timestamptz[], $8::integer[], $9::text[], $10::timestamptz[])
        AS r(id, owner, kind, number, round, next_at, ended, status_code, err, lease_until)
), l AS MATERIALIZED (
    SELECT d.id, r.owner, r.kind, r.number, r.round, r.next_at, r.ended, r.status_code, r.err, r.lease_until
    FROM (SELECT * FROM r ORDER BY id COLLATE "C") r
    CROSS JOIN LATERAL (SELECT d.id FROM deliveries d WHERE d.id = r.id AND CASE
        -- A success of an attempt the delivery has not counted yet always
        -- applies (the usual case, with no look at the log). Otherwise only
        -- if the insert of this batch logged it (taking the place of a
        -- failure of its number: the row version is of this transaction).
        -- One the log had was recorded before (this result, recorded again
        -- after an error, or a success of another sender with the same
        -- number), and the delivery may have been resent since. CASE, not
        -- OR, so that the usual case never runs the probe (it cost about a
        -- fifth of PostgreSQL's CPU per delivery when it ran for every
        -- success). OFFSET 0 keeps the probe a lookup by key: without it
        -- PostgreSQL may plan it as a hashed subplan, a scan of every
        -- attempt of the log the first time it runs.
        WHEN r.kind = 1 THEN CASE WHEN d.attempts < r.number THEN true
            ELSE d.status <> 'succeeded' AND EXISTS (SELECT 1 FROM attempts a WHERE a.delivery_id = d.id AND a.number = r.number
                AND a.xmin = pg_current_xact_id()::xid OFFSET 0) END
        WHEN r.kind IN (2, 3) THEN (d.lease_owner = r.owner AND d.due_at = r.lease_until AND d.status <> 'succeeded')
            -- ended by its endpoint's delete while this attempt was on the wire
            OR (d.lease_owner IS NULL AND d.status = 'failed' AND d.attempts < r.number
                AND d.last_error = '` + store.EndpointDeletedError + `')
        WHEN r.kind IN (4, 5) THEN d.lease_owner = r.owner AND d.due_at = r.lease_until
        ELSE false END
        OFFSET 0 FOR UPDATE OF d) d
)
UPDATE deliveries d SET
    status           = CASE l.kind WHEN 1 THEN 'succeeded' WHEN 2 THEN CASE WHEN d.lease_owner IS NULL THEN 'failed' ELSE 'retrying' END
                           WHEN 3 THEN 'failed' ELSE d.status END,
    attempts         = CASE WHEN l.kind IN (4, 5) THEN d.attempts ELSE GREATEST(d.attempts, l.number) END,
    round_attempts   = CASE WHEN l.kind IN (4, 5) THEN d.round_attempts WHEN l.kind = 1 THEN GREATEST(d.round_attempts, l.round) ELSE l.round END,
    next_attempt_at  = CASE WHEN l.kind IN (4, 5) THEN d.next_attempt_at WHEN l.kind = 2 AND d.lease_owner IS NOT NULL THEN l.next_at ELSE NULL END,
    due_at           = CASE WHEN l.kind IN (2, 4, 5) AND d.lease_owner IS NOT NULL AND NOT EXISTS (SELECT 1 FROM endpoints e
                                WHERE e.id = d.endpoint_id AND e.status = 'disabled' AND e.deleted_at IS NULL)
                            THEN l.next_at ELSE NULL END,
    lease_owner      = NULL,
    last_attempt_at  = CASE WHEN l.kind IN (4, 5) THEN d.last_attempt_at ELSE l.ended END,
    last_status_code = CASE WHEN l.kind IN (4, 5) THEN d.last_status_code ELSE l.status_code END,
    last_error       = CASE WHEN l.kind IN (4, 5) THEN d.last_error WHEN l.kind = 1 THEN ''
                           WHEN d.lease_owner IS NULL THEN l.err || '` + store.EndpointDeletedAfterAttempt + `' ELSE l.err END,
    updated_at       = CASE WHEN l.kind IN (4, 5) THEN d.updated_at ELSE l.ended END
FROM l
WHERE d.id = l.id`
	// qGenericPlans makes the rest of a RecordResults transaction run
	// on each statement's generic plan. qEndpointHealth's custom plan (a
	// batch has results of one endpoint or a few) always looked cheaper
	// than its generic one (estimated for 100), so PostgreSQL planned it
	// again for every batch: about 1 ms of its CPU each time, against
	// 0.2 ms to run it. The batch's statements are written for generic
	// plans (every lookup by primary key, whatever the estimates) and
	// already ran on them once warm, except that one.
	//
	// A generic plan is made once per connection, from the table sizes of
	// that moment, and kept until an ANALYZE of a table it reads. Made
	// while deliveries was small (a new database; each bench run's first
	// seconds), qRecordOutcomes' plan hash-joined the batch with a walk of
	// the whole of deliveries_pkey, and went on walking it for every batch
	// as the table grew, until autovacuum's next ANALYZE: 15 % of
	// PostgreSQL's CPU per delivery in bench. The batch's statements look
	// their rows up by key in nested loops, so hash and merge joins are off
	// for it, and qRecordOutcomes reaches each delivery through a LATERAL
	// lookup, which no estimate can turn around: a table that looked small
	// when the plan was made is still read by key when it has grown
	// (TestRecordBatchLooksUpByKey). One case is left to autovacuum: a
	// table analyzed while empty is estimated at one row, and the outcome
	// update may then walk it until the ANALYZE that follows its first 50
	// new rows.
	qGenericPlans = `SELECT set_config('plan_cache_mode', 'force_generic_plan', true),
    set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)`

	// Released deliveries may be due now: wake the claimers if one of them
	// was released (the guard held: it is unleased and waiting).
	qNotifyIfReleased = `WITH r AS MATERIALIZED (SELECT lease_owner, due_at FROM deliveries WHERE id = ANY ($1::text[]))
` + qNotify + ` WHERE EXISTS (SELECT 1 FROM r WHERE lease_owner IS NULL AND due_at IS NOT NULL)`

	// Releasing leases makes the deliveries due for anyone, and wakes the
	// claimers when one of them is due; the row count is the number
	// released. Each is due just
	// before its endpoint's oldest waiting delivery (and no later than
	// $1), as a resend by hand is (qRetryDelivery), in the order the
	// released ones were created: their attempts were cut short, so they go
	// on first, not behind a backlog that has been due since earlier. One
	// whose endpoint is disabled is parked (due_at NULL), as a claim or a
	// recorded outcome would park it (and counted: the count is of leases
	// given back). Parked ones wake nobody: a stop or start that gave back
	// only a disabled endpoint's leases woke every instance's claimer for
	// nothing to claim.
	qReleaseLeases = `WITH l AS MATERIALIZED (
    SELECT id, endpoint_id, created_at FROM deliveries
    WHERE lease_owner IS NOT NULL AND due_at IS NOT NULL AND ($2::text = '' OR lease_owner = $2::text)
    ORDER BY id FOR UPDATE
), head AS MATERIALIZED (
    SELECT e.endpoint_id, LEAST($1::timestamptz, (SELECT min(w.due_at) FROM deliveries w
        WHERE w.endpoint_id = e.endpoint_id AND w.due_at IS NOT NULL AND w.lease_owner IS NULL)) AS due_at
    FROM (SELECT DISTINCT endpoint_id FROM l) e
), p AS MATERIALIZED (
    SELECT l.id, head.due_at - interval '1 microsecond' * row_number() OVER (PARTITION BY l.endpoint_id ORDER BY l.created_at DESC, l.id DESC) AS due_at
    FROM l JOIN head ON head.endpoint_id = l.endpoint_id
), r AS (
    UPDATE deliveries d SET due_at = CASE WHEN EXISTS (SELECT 1 FROM endpoints e
        WHERE e.id = d.endpoint_id AND e.status = 'disabled' AND e.deleted_at IS NULL) THEN NULL ELSE p.due_at END,
        lease_owner = NULL FROM p WHERE d.id = p.id RETURNING d.due_at IS NOT NULL AS due
)
SELECT CASE WHEN r.due THEN pg_notify('` + notifyChannel + `', '') END FROM r`

	// Endpoint health after a batch of attempts (store.EndpointHealth): a
	// success (ok_at) ends a failing run that began no later than it; a
	// failure starts one unless one is running or an attempt that started
	// at or after it succeeded. Only failures of attempts that started
	// after the endpoint's last change count (a new URL, enabled again: a
	// clean record; a rotation or a new description too): the batch's
	// first failure (since) if it did, else its last (last_failed).
	// qLockEndpointsShared holds the endpoints a record batch parks or
	// makes due against their changes (UpdateEndpoint's FOR UPDATE), and
	// not against each other: two instances' batches share it, and their
	// health updates (NO KEY UPDATE) do not wait for it.
	qLockEndpointsShared = `SELECT id FROM endpoints WHERE id = ANY ($1::text[]) ORDER BY id FOR KEY SHARE`
	qEndpointHealth      = `WITH h AS (
    SELECT h.id, h.ok_at, h.last_failed, CASE WHEN e.updated_at <= h.since THEN h.since ELSE h.last_failed END AS since
    FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[]) AS h(id, since, ok_at, last_failed)
    JOIN endpoints e ON e.id = h.id
), l AS MATERIALIZED (
    SELECT e.id, h.since FROM endpoints e JOIN h ON h.id = e.id
    WHERE CASE WHEN h.ok_at IS NOT NULL THEN e.failing_since IS NOT NULL AND e.failing_since <= h.ok_at
        ELSE e.failing_since IS NULL AND e.updated_at <= h.last_failed AND NOT EXISTS (SELECT 1 FROM attempts a
            WHERE a.endpoint_id = e.id AND a.started_at >= h.since AND a.succeeded) END
    ORDER BY e.id
    FOR NO KEY UPDATE OF e
)
UPDATE endpoints e SET failing_since = l.since FROM l WHERE e.id = l.id`

	// A delivery whose attempt is in flight (leased, the lease not ended)
	// is left alone; qDeliveryExists then tells that from an unknown id.
	// qRetryDelivery makes the delivery due just before its endpoint's
	// oldest waiting one, so that the next claim for the endpoint takes it
	// first: a resend asked for by hand goes now, not behind a backlog.
	qRetryDelivery = `UPDATE deliveries SET status = 'pending', round_attempts = 0, next_attempt_at = NULL,
 due_at = LEAST($1, COALESCE((SELECT MIN(o.due_at) FROM deliveries o WHERE o.endpoint_id = deliveries.endpoint_id
   AND o.due_at IS NOT NULL AND o.lease_owner IS NULL), $1) - interval '1 microsecond'),
 lease_owner = NULL, updated_at = $1 WHERE id = $2 AND account_id = $3 AND (lease_owner IS NULL OR due_at IS NULL OR due_at <= $1) RETURNING ` + deliveryCols
	qDeliveryExists   = `SELECT EXISTS (SELECT 1 FROM deliveries WHERE id = $1 AND account_id = $2)`
	qNotifyIfDelivery = qNotify + ` FROM deliveries WHERE id = $1 AND account_id = $2`
	// One notification per recovered delivery: PostgreSQL folds them into
	// one, and the statement's row count is the number recovered.
	qRecoverEndpoint = `WITH l AS MATERIALIZED (
    SELECT id FROM deliveries
    WHERE endpoint_id = $1 AND account_id = $2 AND status = 'failed' AND created_at >= $3
    ORDER BY id FOR UPDATE
), r AS (
    UPDATE deliveries SET status = 'pending', round_attempts = 0, next_attempt_at = NULL, due_at = $4, lease_owner = NULL, updated_at = $4
    WHERE id = ANY (ARRAY(SELECT id FROM l))
    RETURNING 1
)
` + qNotify + ` FROM r`

	// CreateMissedDeliveries, per batch: the endpoint, locked against
	// changes (UpdateEndpoint's FOR UPDATE waits, so it is not disabled
	// between the check and the insert) and against another recovery of
	// it (NO KEY UPDATE conflicts with itself, not with the record
	// batches' KEY SHARE; but a record batch that changes the endpoint's
	// health, qEndpointHealth's NO KEY UPDATE, waits for the batch, with
	// every result in it: milliseconds); then the account's ($2) events
	// from $3 on, past the cursor $4 and below $5, each with whether
	// endpoint $1 has its delivery; then the insert, which checks again: a
	// fan-out that committed since the read made its own. Both ask through
	// the event's own deliveries (deliveries_event, one per endpoint),
	// behind OFFSET 0 so that the endpoint's condition is not an index
	// condition: without statistics the planner ANDed in a bitmap of all
	// of the endpoint's deliveries_endpoint entries for every event (1.3 s
	// for 8,000 events, 0.06 s analyzed). The insert holds each event
	// it makes a delivery of (KEY SHARE) against a prune deleting it
	// meanwhile (qLockPruneEvents): the prune either waits and then sees
	// the new delivery waiting, or deletes the event first and the insert
	// makes no delivery of it. A delivery held for the endpoint (held.go)
	// counts as made: an event that commits after the walk's flush of
	// held deliveries is read with it, and its holder writes it.
	qLockEndpointForMissed = qGetEndpoint + ` FOR NO KEY UPDATE`
	qMissedEvents          = `SELECT e.id, e.type, e.test, e.created_at,
    EXISTS (SELECT 1 FROM (SELECT d.endpoint_id FROM deliveries d WHERE d.event_id = e.id OFFSET 0) d WHERE d.endpoint_id = $1)
        OR EXISTS (SELECT 1 FROM held_fanouts h WHERE h.event_id = e.id AND $1 = ANY (h.endpoints))
 FROM events e WHERE e.account_id = $2 AND e.id >= $3 AND e.id > $4 AND e.id < $5 ORDER BY e.id LIMIT $6`
	qInsertMissedDeliveries = `INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, due_at, created_at, updated_at, test)
SELECT t.id, $1::text, t.event_id, t.event_type, $2::text, 'pending', $3::timestamptz, $3::timestamptz, $3::timestamptz, false
FROM unnest($4::text[], $5::text[], $6::text[]) AS t(id, event_id, event_type)
WHERE NOT EXISTS (SELECT 1 FROM (SELECT d.endpoint_id FROM deliveries d WHERE d.event_id = t.event_id OFFSET 0) d WHERE d.endpoint_id = $2::text)
    AND NOT EXISTS (SELECT 1 FROM held_fanouts h WHERE h.event_id = t.event_id AND $2::text = ANY (h.endpoints))
    AND EXISTS (SELECT 1 FROM events e WHERE e.id = t.event_id FOR KEY SHARE)`

	// Stats: percentiles pick the element at round(q·(n−1)) of the sorted
	// durations, in float8 like the SQLite driver's Go arithmetic. $4 is
	// ids.Floor of since: a delivery's id carries its created_at (or a
	// later millisecond), so id >= $4 leaves none out and bounds the walk
	// of deliveries_endpoint to the window (on created_at alone it read
	// every delivery the retention keeps, for each endpoint of the
	// overview).
	qEndpointStats = `WITH a AS (
    SELECT count(*) AS n, count(*) FILTER (WHERE succeeded) AS ok, count(*) FILTER (WHERE number > 1) AS retries,
        array_agg(duration_us ORDER BY duration_us) AS d
    FROM attempts WHERE endpoint_id = $1 AND account_id = $2 AND started_at >= $3
), v AS (
    SELECT count(*) FILTER (WHERE status = 'succeeded') AS ok, count(*) FILTER (WHERE status IN ('succeeded','failed')) AS done
    FROM deliveries WHERE endpoint_id = $1 AND account_id = $2 AND created_at >= $3 AND id >= $4
)
SELECT a.n, a.ok, a.retries,
    COALESCE(a.d[floor(0.50::float8 * (a.n - 1) + 0.5)::integer + 1], 0),
    COALESCE(a.d[floor(0.95::float8 * (a.n - 1) + 0.5)::integer + 1], 0),
    COALESCE(a.d[floor(0.99::float8 * (a.n - 1) + 0.5)::integer + 1], 0),
    v.ok, v.done
FROM a, v`
	// qAccountEndpointStats is qEndpointStats of each of account $1's
	// endpoints at once, for the overview and Monitoring (1,000 queries a
	// page, one per endpoint, before). The LATERAL aggregates keep each
	// endpoint's reads its own index seeks into the window (attempts_endpoint
	// on started_at, deliveries_endpoint on id >= $3), never a walk of the
	// account's whole history. Endpoints with nothing in the window are
	// left out.
	qAccountEndpointStats = `SELECT e.id, a.n, a.ok, a.retries,
    COALESCE(a.d[floor(0.50::float8 * (a.n - 1) + 0.5)::integer + 1], 0),
    COALESCE(a.d[floor(0.95::float8 * (a.n - 1) + 0.5)::integer + 1], 0),
    COALESCE(a.d[floor(0.99::float8 * (a.n - 1) + 0.5)::integer + 1], 0),
    v.ok, v.done
FROM endpoints e
CROSS JOIN LATERAL (
    SELECT count(*) AS n, count(*) FILTER (WHERE succeeded) AS ok, count(*) FILTER (WHERE number > 1) AS retries,
        array_agg(duration_us ORDER BY duration_us) AS d
    FROM attempts WHERE endpoint_id = e.id AND account_id = $1 AND started_at >= $2
) a
CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE status = 'succeeded') AS ok, count(*) FILTER (WHERE status IN ('succeeded','failed')) AS done
    FROM deliveries WHERE endpoint_id = e.id AND account_id = $1 AND created_at >= $2 AND id >= $3
) v
WHERE e.account_id = $1 AND (a.n > 0 OR v.done > 0)`
	qStatsSeries = `SELECT ((EXTRACT(EPOCH FROM started_at) - EXTRACT(EPOCH FROM $1::timestamptz)) * 1000000)::bigint / $2::bigint,
    count(*), count(*) FILTER (WHERE succeeded), count(*) FILTER (WHERE number > 1), avg(duration_us)::float8
 FROM attempts WHERE endpoint_id = $3 AND account_id = $4 AND started_at >= $1::timestamptz GROUP BY 1 ORDER BY 1`

	// Prune (deliveries.go): a window of old events, oldest first, kept or
	// not (store.ReadPruneWindow), each with its number of deliveries and
	// whether it may go (none of its deliveries waits, nor changed within
	// the retention, nor is held; in the select list each EXISTS is a per-event index
	// probe); then the events taken with their deliveries; then the
	// attempts of deliveries that are gone, limit at a time. A filter on
	// the events that may go read every kept one (a disabled endpoint's
	// parked backlog) on its way to limit of them, in one statement.
	qPruneEventWindow = `SELECT e.id, (SELECT count(*) FROM deliveries d WHERE d.event_id = e.id),
   NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND (d.status IN ('pending','retrying') OR d.updated_at >= $3))
   AND NOT EXISTS (SELECT 1 FROM held_fanouts h WHERE h.event_id = e.id)
 FROM events e WHERE e.id < $1 AND e.id > $4 ORDER BY e.id LIMIT $2`
	// The candidates were read without locks: a retry or a recover may
	// have made one of their deliveries wait since. Their deliveries are
	// locked, and read again, before anything is deleted; a retry that
	// comes after waits for the prune and then finds nothing to retry.
	// The events first, against a recovery making a delivery of one of
	// them meanwhile (qInsertMissedDeliveries): locking their deliveries
	// does not stop a new one from being inserted.
	qLockPruneEvents     = `SELECT id FROM events WHERE id = ANY ($1) ORDER BY id FOR UPDATE`
	qLockPruneDeliveries = `SELECT event_id, status IN ('pending','retrying') OR updated_at >= $2 FROM deliveries WHERE event_id = ANY ($1) ORDER BY id FOR UPDATE`
	qPruneEvents         = `WITH dd AS (DELETE FROM deliveries WHERE event_id = ANY ($1) RETURNING id),
 de AS (DELETE FROM events WHERE id = ANY ($1) RETURNING 1)
SELECT ARRAY(SELECT id FROM dd), (SELECT count(*) FROM de)`
	qPruneAttemptsOf = `DELETE FROM attempts WHERE id IN (SELECT a.id FROM attempts a WHERE a.delivery_id = ANY ($1)
 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.id = a.delivery_id OFFSET 0) LIMIT $2)`
	// sweepOrphans: a page of old attempts, and whether each has lost its delivery.
	qOrphanAttempts = `SELECT a.id, NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.id = a.delivery_id OFFSET 0) FROM attempts a
 WHERE a.id > $1 AND a.id < $2 ORDER BY a.id LIMIT $3`
	qDeleteAttempts       = `DELETE FROM attempts WHERE id = ANY ($1)`
	qPruneIdempotencyKeys = `DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY(SELECT ctid FROM idempotency_keys WHERE created_at < $1 LIMIT $2))`
	// A listen session closed before the cutoff whose deliveries (the
	// results it reported) are all pruned with their events. Sought
	// through listen_sessions_closed; OFFSET 0 keeps the NOT EXISTS a
	// per-session probe of deliveries_endpoint, not an anti join that
	// may hash every delivery.
	qPruneListenSessions = `DELETE FROM listen_sessions WHERE id = ANY (ARRAY(SELECT ls.id FROM listen_sessions ls
 WHERE ls.closed_at < $1 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.endpoint_id = ls.id OFFSET 0) LIMIT $2))`
	// An endpoint deleted before the cutoff that nothing kept names any
	// more: no delivery, no attempt (they go with their deliveries; an
	// older release's orphans are checked too). Its row is read by
	// nothing else: every read of endpoints skips deleted ones, and a
	// claim ends a delivery whose endpoint row is gone (a fan-out that
	// read the endpoint before its delete, and wrote after this prune) as
	// one of a deleted endpoint (qClaim). SKIP LOCKED: the prune never
	// waits for a writer holding the row. OFFSET 0 keeps each NOT EXISTS an index
	// probe (deliveries_endpoint, attempts_endpoint), not an anti join
	// that may read every delivery.
	qPruneDeletedEndpoints = `DELETE FROM endpoints WHERE id = ANY (ARRAY(SELECT e.id FROM endpoints e
 WHERE e.deleted_at < $1
   AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.endpoint_id = e.id OFFSET 0)
   AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.endpoint_id = e.id OFFSET 0)
 LIMIT $2 FOR UPDATE SKIP LOCKED))`
	// A key revoked before the cutoff, unless it is its account's newest
	// (unfinishedFirstStart in cmd/esahayak tells an account someone made
	// from an unfinished first start by its keys: one left with none would
	// look like the latter).
	qPruneRevokedAPIKeys = `DELETE FROM api_keys WHERE id = ANY (ARRAY(SELECT k.id FROM api_keys k
 WHERE k.revoked_at < $1 AND EXISTS (SELECT 1 FROM api_keys n WHERE n.account_id = k.account_id AND n.id > k.id) LIMIT $2))`

	// qCounts reads the waiting deliveries once (the partial claim index),
	// not once per figure: with a large backlog each pass is a full scan.
	// Held deliveries (held.go) count as due since their event.
	qCounts = `WITH h AS (SELECT COALESCE(sum(cardinality(endpoints)), 0) AS n, min(created_at) AS oldest FROM held_fanouts)
SELECT count(*) FILTER (WHERE due_at <= $1) + (SELECT n FROM h), LEAST(min(due_at) FILTER (WHERE due_at <= $1), (SELECT oldest FROM h)),
    count(*) + (SELECT n FROM h), LEAST(min(due_at), (SELECT oldest FROM h)),
    (SELECT count(*) FROM endpoints WHERE status = 'disabled' AND deleted_at IS NULL)
FROM deliveries WHERE due_at IS NOT NULL`
)

// The relay's part of the driver (relay.go): listen sessions, the forward
// read of an account's events, and listen deliveries. Its statements
// follow the same conventions.
const (
	listenCols = `id, account_id, events, forward_to, secret, created_at, last_seen_at, closed_at`

	qLockAccountListenSessions = `SELECT pg_advisory_xact_lock(hashtextextended('esahayak/listen_sessions/' || $1::text, 0))`
	qCountOpenListenSessions   = `SELECT COUNT(*) FROM listen_sessions WHERE account_id = $1 AND closed_at IS NULL`
	qInsertListenSession       = `INSERT INTO listen_sessions (` + listenCols + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
	qGetListenSession          = `SELECT ` + listenCols + ` FROM listen_sessions WHERE id = $1 AND account_id = $2`
	qListListenSessions        = `SELECT ` + listenCols + ` FROM listen_sessions WHERE account_id = $1`
	qListOpenSessions          = qListListenSessions + ` AND closed_at IS NULL`     // ?status=open
	qListClosedSessions        = qListListenSessions + ` AND closed_at IS NOT NULL` // ?status=closed
	// The row lock serialises the reports of one session, on every
	// instance, so two reports of one event cannot both create its
	// delivery: the second finds the first's.
	qLockListenSession  = `SELECT closed_at IS NOT NULL FROM listen_sessions WHERE id = $1 AND account_id = $2 FOR UPDATE`
	qTouchListenSession = `UPDATE listen_sessions SET last_seen_at = GREATEST(last_seen_at, $3)
 WHERE id = $1 AND account_id = $2 AND closed_at IS NULL`
	qCloseListenSession = `UPDATE listen_sessions SET closed_at = $3, secret = '' WHERE id = $1 AND account_id = $2 AND closed_at IS NULL`

	qListenEvent = `SELECT type, test FROM events WHERE id = $1 AND account_id = $2`
	// Through the event's own deliveries (one per endpoint), as
	// qMissedEvents asks, behind OFFSET 0: without statistics the planner
	// ANDed in a bitmap of all of the session's deliveries_endpoint
	// entries, which grow with the session's length, for each result.
	qListenDelivery = `SELECT id, attempts FROM (SELECT id, attempts, endpoint_id, account_id FROM deliveries WHERE event_id = $1 OFFSET 0) d
 WHERE endpoint_id = $2 AND account_id = $3`
	// Listen deliveries are written finished: due_at stays NULL, so no
	// claim ever reads them.
	qInsertListenDelivery = `INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, attempts, round_attempts,
 last_attempt_at, last_status_code, last_error, due_at, lease_owner, created_at, updated_at, test)
 VALUES ($1, $2, $3, $4, $5, $6, 1, 1, $7, $8, $9, NULL, NULL, $10, $10, $11)`
	qInsertListenAttempt = `INSERT INTO attempts (id, delivery_id, account_id, endpoint_id, event_id, number, started_at, duration_us,
 request_headers, response_status, response_headers, response_body, error, error_kind, succeeded)
 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`
)

// eventsAfterSQL is the forward read of an account's events after p.After
// (ListEventsAfter): oldest first, or the newest page in that order.
func eventsAfterSQL(p store.EventsAfterParams) (string, []any) {
	q := `SELECT ` + eventCols + ` FROM events WHERE account_id = $1 AND id > $2`
	args := []any{p.AccountID, p.After}
	if len(p.Types) > 0 {
		args = append(args, p.Types)
		q += ` AND type = ANY($` + strconv.Itoa(len(args)) + `::text[])`
	}
	if !p.IncludeTest {
		q += ` AND NOT test`
	}
	args = append(args, p.PageSize())
	limit := `$` + strconv.Itoa(len(args))
	if p.Newest {
		q = `SELECT * FROM (` + q + ` ORDER BY id DESC LIMIT ` + limit + `) AS newest ORDER BY id`
	} else {
		q += ` ORDER BY id LIMIT ` + limit
	}
	return q, args
}

// Lists: newest first, strictly older than the cursor, one more row than
// the page to tell whether there is a next one.
const (
	qListOrders     = `SELECT ` + orderCols + ` FROM orders WHERE account_id = $1`
	qListEvents     = `SELECT ` + eventCols + ` FROM events WHERE account_id = $1`
	qListEndpoints  = `SELECT ` + endpointCols + ` FROM endpoints WHERE account_id = $1 AND deleted_at IS NULL`
	qListDeliveries = `SELECT ` + deliveryCols + ` FROM deliveries WHERE account_id = $1`
	// qListFailedDeliveries is qListDeliveries filtered by status=failed
	// (alone or with event_type): it reads the account's failed deliveries
	// newest first through deliveries_failed (account_id, id), whose
	// condition it writes out as the index does (COLLATE "C", so that no
	// other statement's plan takes the index), instead of walking all its
	// deliveries (3 % of them failed: 0.3-0.7 s a page on a year's history).
	qListFailedDeliveries = qListDeliveries + ` AND status COLLATE "C" = 'failed'`
	// qCountWaiting counts the account's deliveries in
	// deliveries_endpoint_due, up to $2: past it, qListWaitingDeliveries
	// would read and sort more rows than a walk of the newest deliveries
	// is likely to (a backlog is recent), and the walk is kept.
	// qCountWaitingOfEndpoint is the same for one endpoint.
	qCountWaiting = `SELECT count(*) FROM (SELECT 1 FROM endpoints e JOIN deliveries d ON d.endpoint_id = e.id AND d.due_at IS NOT NULL
    WHERE e.account_id = $1 LIMIT $2) AS w`
	qCountWaitingOfEndpoint = `SELECT count(*) FROM (SELECT 1 FROM deliveries WHERE endpoint_id = $1 AND due_at IS NOT NULL LIMIT $2) AS w`
)

// qListWaitingDeliveries is qListDeliveries filtered by status=pending or
// retrying (with event_type, or neither; of one endpoint, $2, when
// ofEndpoint), for an account with few waiting deliveries (listWaiting):
// it reads the account's waiting deliveries and sorts them, instead of
// walking all its deliveries newest first until a page matches (330 ms on
// a year's history where few match). An index of waiting deliveries cost
// 10-12 % CPU per delivery (each enters it pending and leaves it
// succeeded); this one reads indexes that are there already: every waiting
// delivery is either in the claim's deliveries_endpoint_due (due_at set:
// due, leased, or retrying later) or parked (due_at NULL), and only a
// disabled endpoint's are parked (qSweepDisabled, qClaim,
// qRecordOutcomes), or one whose status change's sweep has not ended
// (sweep <> 0: an enable's sweep makes them due, a delete's ends them).
// Those endpoints' deliveries are walked whole through
// deliveries_endpoint. Each part reads endpoint by endpoint (OFFSET 0 keeps
// the list's conditions out of the per-endpoint reads: with them the
// planner read the whole claim index, every account's, or
// deliveries_account on young tables). The two parts are disjoint
// (due_at), and the list's filters, cursor and order apply to their rows as
// to the table's: the same page.
func qListWaitingDeliveries(ofEndpoint bool) string {
	endpoints := `e.account_id = $1`
	if ofEndpoint {
		endpoints += ` AND e.id = $2`
	}
	return `SELECT ` + deliveryCols + ` FROM (
    SELECT d.* FROM endpoints e CROSS JOIN LATERAL (
        SELECT * FROM deliveries WHERE endpoint_id = e.id AND due_at IS NOT NULL OFFSET 0
    ) AS d
    WHERE ` + endpoints + `
    UNION ALL
    SELECT d.* FROM endpoints e CROSS JOIN LATERAL (
        SELECT * FROM deliveries WHERE endpoint_id = e.id AND due_at IS NULL AND status IN ('pending','retrying') OFFSET 0
    ) AS d
    WHERE ` + endpoints + ` AND (e.status = 'disabled' OR e.sweep <> 0)
) AS w WHERE account_id = $1`
}

// filter is an optional equality condition of a list.
type filter struct{ col, val string }

// listSQL completes a list query whose only parameter is the account ($1)
// with the filters that have a value, the cursor and the limit. Each
// combination of filters is its own statement (and plan), so an index that
// fits it can be used.
func listSQL(base string, lp store.ListParams, filters []filter) (string, []any) {
	return listSQLWith(base, []any{lp.AccountID}, lp, filters)
}

// listSQLWith is listSQL for a base whose parameters are baseArgs (the
// account first, $1).
func listSQLWith(base string, baseArgs []any, lp store.ListParams, filters []filter) (string, []any) {
	var q strings.Builder
	q.WriteString(base)
	args := slices.Clone(baseArgs)
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	for _, f := range filters {
		if f.val != "" {
			q.WriteString(" AND " + f.col + " = " + arg(f.val))
		}
	}
	order := " ORDER BY id DESC LIMIT "
	switch {
	case lp.StartingAfter != "":
		q.WriteString(" AND id < " + arg(lp.StartingAfter))
	case lp.EndingBefore != "":
		// Oldest first, nearest the cursor: store.Page turns the page.
		q.WriteString(" AND id > " + arg(lp.EndingBefore))
		order = " ORDER BY id ASC LIMIT "
	}
	q.WriteString(order + arg(lp.PageSize()+1))
	return q.String(), args
}

// listWindowSQL is the base of a list of the account's (or its endpoint's)
// n deliveries nearest lp's cursor, in the list's order, and its
// parameters: the start of the walk qListDeliveries makes, the filters and
// the cursor applied again to its rows (listSQLWith). A page it fills is
// the walk's page.
func listWindowSQL(endpointID string, lp store.ListParams, n int) (string, []any) {
	var q strings.Builder
	args := []any{lp.AccountID}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	q.WriteString(`SELECT ` + deliveryCols + ` FROM (SELECT * FROM deliveries WHERE account_id = $1`)
	if endpointID != "" {
		q.WriteString(` AND endpoint_id = ` + arg(endpointID))
	}
	order := ` ORDER BY id DESC LIMIT `
	switch {
	case lp.StartingAfter != "":
		q.WriteString(` AND id < ` + arg(lp.StartingAfter))
	case lp.EndingBefore != "":
		q.WriteString(` AND id > ` + arg(lp.EndingBefore))
		order = ` ORDER BY id ASC LIMIT `
	}
	q.WriteString(order + arg(n) + `) AS w WHERE account_id = $1`)
	return q.String(), args
}

// List filter columns.
const (
	colStatus     = "status"
	colType       = "type"
	colOrderID    = "order_id"
	colEndpointID = "endpoint_id"
	colEventID    = "event_id"
	colEventType  = "event_type"
)
