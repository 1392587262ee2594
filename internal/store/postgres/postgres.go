// Package postgres is the PostgreSQL store driver, for deployments where
// several esahayak instances share one database. It passes the same
// conformance suite (store/storetest) as the embedded SQLite driver and
// mirrors its semantics; what differs is how it gets there:
//
//   - A pgx connection pool (pgxpool) instead of SQLite's single writer:
//     PostgreSQL takes concurrent writers, so every call runs on its own
//     pooled connection, and row locks, not a global queue, keep writers
//     apart. A call costs what its round trips cost, so a transaction's
//     statements are pipelined (pgx.Batch) together with its BEGIN and
//     COMMIT, and batch writes are single statements over unnest()ed
//     arrays: ClaimDeliveries and RecordResults are one round trip
//     whatever the batch size, TransitionOrder is two (the order and its
//     endpoints; then, after Decide, every write and the commit).
//
//   - Group commit of TransitionOrder (groupcommit.go): transitions that
//     arrive while others are being written queue, and a writer runs all
//     those queued as one transaction of the same two round trips and a
//     constant number of statements, so a busy store pays one commit per
//     group rather than per transition.
//
//   - FOR UPDATE SKIP LOCKED for claims: instances claiming at once get
//     different due deliveries without waiting for each other, and leases
//     (due_at moved to the end of the lease) hand work back by themselves
//     when an instance dies.
//
//   - LISTEN/NOTIFY to wake the other instances: a transaction that leaves
//     deliveries waiting and unleased (new ones not leased to their writer,
//     released leases, resumed, retried or recovered deliveries) notifies
//     the channel esahayak_deliveries as it commits, and Listen turns the
//     notifications into wake-ups of the local delivery engine. Deliveries
//     written by one instance are sent at once by any other with room,
//     without polling.
//
//   - An advisory lock for leadership: TryLeader holds a session-level
//     pg_try_advisory_lock on a dedicated connection, so one instance at a
//     time runs maintenance (auto-disable, pruning), and a dead leader's
//     lock goes with its connection. Migrations run under a transaction
//     advisory lock, so instances starting together on an empty database
//     do not race.
//
// Rows that several statements may lock are always locked in id order, and
// endpoints before deliveries, so concurrent writers queue instead of
// deadlocking.
//
// It needs PostgreSQL 12 or later.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/suggest"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Options tune the driver.
type Options struct {
	// Log receives the migrations applied at Open (nil: none).
	Log *slog.Logger
	// Schema, when set, is where the tables live: Open creates it if it is
	// missing and every connection gets it as its search_path. Empty uses
	// the connection's default search_path (usually public).
	Schema string
	// MaxConns caps the pool (default 16, or the DSN's pool_max_conns).
	// Each instance also holds connections of its own beside the pool:
	// see dedicatedConns.
	MaxConns int32
	// TransitionWriters is how many transactions of TransitionOrder run
	// at once (default 2); concurrent transitions beyond those queue and
	// are committed in groups. Negative: no group commit, every
	// transition is a transaction of its own.
	TransitionWriters int
	// DSNName is where the operator gave the DSN, as the advice after a
	// failed first connection names it: "--db" when empty, or the
	// environment variable it came from (ESAHAYAK_DB), which a person who
	// typed no --db would not look for under that name.
	DSNName string
	// Existing makes Open refuse, with store.ErrNoSchema and nothing
	// created, a database whose search_path (or Schema) holds no
	// schema_migrations: one no esahayak server has started on, which
	// would have been given esahayak's tables. For the commands that read
	// or add to a server's database (accounts list, users create).
	Existing bool
}

// Store is the PostgreSQL implementation of store.Store.
type Store struct {
	pool *pgxpool.Pool
	// orphans is Prune's place in its one sweep of the attempts left
	// without their delivery by earlier versions, and pruneLeft the
	// deliveries it removed whose attempts are not all deleted yet.
	orphans struct {
		sync.Mutex
		cursor    string
		swept     bool
		pruneLeft []string
		// pruneFrom is where Prune's walk of old events goes on: events
		// it keeps (a delivery waiting, or changed within the retention)
		// are passed once per sweep, not read again by every batch.
		pruneFrom string
	}
	// Connection settings for the dedicated connections of Listen and
	// TryLeader, which live outside the pool.
	connConfig *pgx.ConnConfig

	// group commits concurrent transitions together; nil without group
	// commit.
	group *groupCommitter

	// heldq is the deliveries held back in memory (held.go).
	heldq *heldQueue
	// log is Options.Log (nil: none); heldLogged is when logHeld last
	// wrote to it.
	log        *slog.Logger
	heldLogged atomic.Int64
	// sweepOnce starts the sweeps of held deliveries; sweepStop ends them
	// (once: sweepStopOnce) and sweepDone says they have ended.
	sweepOnce, sweepStopOnce sync.Once
	sweepStop, sweepDone     chan struct{}
	// The status sweeper (status_sweep.go): statusSweepOnce starts it,
	// statusSweepWake asks it to look for unfinished sweeps now,
	// statusSweepStop ends it (once: statusSweepStopOnce) and
	// statusSweepDone says it has ended.
	statusSweepOnce, statusSweepStopOnce sync.Once
	statusSweepWake                      chan struct{}
	statusSweepStop, statusSweepDone     chan struct{}
	// statusSweepPollForTest, if set, is the sweeper's sweepPoll;
	// statusSweepStepForTest, if set, lets it run a chunk only for each
	// value it receives.
	statusSweepPollForTest time.Duration
	statusSweepStepForTest atomic.Pointer[chan struct{}]
	// heldSweepForTest, if set, is the sweeps' interval (heldSweep);
	// sweeps counts them, for tests.
	heldSweepForTest time.Duration
	sweeps           atomic.Int64
	// heldReadTriesForTest, if set, is readWithHeld's tries (negative:
	// none).
	heldReadTriesForTest int
	// heldReadRetries counts readWithHeld's tries run again, for tests.
	heldReadRetries atomic.Int64
	// heldAfterReadForTest, if set, runs after readWithHeld's read,
	// before its commit: tests commit events meanwhile.
	heldAfterReadForTest func()
	// missedAfterFlushForTest, if set, runs after CreateMissedDeliveries
	// wrote the endpoint's held deliveries, before its walk.
	missedAfterFlushForTest func()
	// goneHolderErrForTest, if set, fails writeGoneHolder for the holders
	// it returns an error for.
	goneHolderErrForTest func(holder string) error

	// serverNowForTest, if set, is the database server's time for qClaim's
	// restart grace (statement_timestamp() otherwise): tests cannot
	// restart the server they share.
	serverNowForTest *time.Time

	// Backend PIDs of the latest dedicated connections, for tests.
	listenPID   atomic.Uint32
	leaderPID   atomic.Uint32
	instancePID atomic.Uint32

	// leaderConn holds the leadership lock (TryLeader) until released;
	// StillLeader asks it whether the lock is still there. leaderRelease
	// is its release, which Close calls.
	leaderMu      sync.Mutex
	leaderConn    *pgx.Conn
	leaderRelease func()
}

var _ store.Store = (*Store)(nil)

// DSNError is a connection string that cannot be parsed: a mistake in the
// configuration, which callers report as such rather than as a failure to
// reach the database.
type DSNError struct{ Err error }

func (e *DSNError) Error() string { return "postgres: invalid connection string: " + e.Err.Error() }
func (e *DSNError) Unwrap() error { return e.Err }

// ErrNoDatabase is a connection string that names no database. PostgreSQL
// would take the user's name for it, and the tables (and a first start's
// development account) went into whatever database that named: root's,
// or postgres. PGDATABASE in the environment names one as well, since the
// operator set it deliberately.
var ErrNoDatabase = errors.New("it names no database: add one, as in postgres://USER@HOST:PORT/esahayak (create it first with createdb esahayak)")

// CheckDSN reports, as a *DSNError, a connection string that cannot be
// parsed or that names no database, without connecting.
func CheckDSN(dsn string) error {
	_, err := parseDSN(dsn)
	return err
}

// parseDSN parses dsn as pgx does (its environment variables included)
// and refuses one that names no database.
func parseDSN(dsn string) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, &DSNError{Err: err}
	}
	if cfg.ConnConfig.Database == "" {
		return nil, &DSNError{Err: ErrNoDatabase}
	}
	return cfg, nil
}

// Open connects to the database named by dsn (a postgres:// URL or a
// key=value connection string) and migrates it. The DSN must name the
// database (or PGDATABASE must): see ErrNoDatabase.
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	cfg, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		// A server that accepts connections but never answers must not
		// hold requests forever (connect_timeout in the DSN overrides).
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	if opts.MaxConns <= 0 && poolSizeInDSN(dsn) {
		// The operator's pool_max_conns (README, "Several instances":
		// N instances need N times the pool and dedicatedConns of
		// max_connections), which openConfig's default would replace.
		opts.MaxConns = cfg.MaxConns
		if opts.MaxConns < minPoolConns {
			// A first start reads the accounts while it holds the start
			// lock's transaction: a pool of one waits for itself.
			if opts.Log != nil {
				opts.Log.Info("raising the DSN's pool_max_conns to the least this server works with",
					slog.Int("pool_max_conns", int(opts.MaxConns)), slog.Int("raised_to", minPoolConns))
			}
			opts.MaxConns = minPoolConns
		}
	}
	return openConfig(ctx, cfg, opts)
}

// Connect makes one connection, without a pool or a migration, to the
// database dsn names, parsed as Open parses it: the pool's parameters
// (pool_max_conns, which README's "Several instances" has operators add)
// are read and left out, not sent to the server as settings, which
// refused them ("unrecognized configuration parameter"). It is for a
// tool's own statements beside the servers' store: the bench's schema.
// A parameter PostgreSQL refuses is a *DSNError, as from Open.
func Connect(ctx context.Context, dsn string) (*pgx.Conn, error) {
	cfg, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	conn, err := pgx.ConnectConfig(ctx, cfg.ConnConfig)
	if err != nil {
		if refused := paramRefused(err); refused != nil {
			return nil, refused
		}
		return nil, err
	}
	return conn, nil
}

func openConfig(ctx context.Context, cfg *pgxpool.Config, opts Options) (*Store, error) {
	if opts.MaxConns <= 0 {
		opts.MaxConns = defaultPoolConns
	}
	cfg.MaxConns = opts.MaxConns
	// Every statement of the driver is meant to run on an index. A young
	// table misleads the planner: CREATE INDEX on the empty table records
	// it as empty, and until autovacuum analyzes it (a minute later at
	// best) a sequential scan looks cheapest. Measured in bench: the claim
	// joined 256 leased rows to a sequential scan of 20,000 deliveries
	// (7.7 s), and parking an endpoint's 20,000 deliveries outlived the
	// request's 20 s deadline. With sequential scans priced out the plans
	// stay on the indexes whatever the statistics say (a statement with no
	// usable index still gets its scan).
	if !setInDSN(cfg.ConnConfig.RuntimeParams, "enable_seqscan") {
		cfg.ConnConfig.RuntimeParams["enable_seqscan"] = "off"
	}
	// A plan that keeps a priced-out scan (or a table without statistics)
	// costs past jit_above_cost, and PostgreSQL then compiles it, every
	// time: an audit measured the prune's candidate query at 680 ms with
	// JIT against 72 ms without. Short indexed statements never gain from
	// it.
	if !setInDSN(cfg.ConnConfig.RuntimeParams, "jit") {
		cfg.ConnConfig.RuntimeParams["jit"] = "off"
	}
	// The claim needs PostgreSQL's own choice between a custom and a
	// generic plan: qClaim's generic plan reads whole primary keys on a
	// large table (786 ms against 6 ms for a claim of 256, docs/
	// performance.md, "Custom or generic plans"). A database's or role's
	// plan_cache_mode = force_generic_plan would give it to every claim.
	// (RecordResults forces generic plans itself, per transaction.)
	if !setInDSN(cfg.ConnConfig.RuntimeParams, "plan_cache_mode") {
		cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "auto"
	}
	// A frozen instance (SIGSTOP, a paused container, a suspended VM) whose
	// transaction was between two round trips kept that transaction's row
	// locks for as long as it stayed frozen: its kernel answers the
	// keepalives. Another instance's write to those rows (an order's move,
	// an endpoint's update, a record batch, the leader's auto-disable)
	// waited as long. PostgreSQL ends a session idle in a transaction for
	// idleInTxTimeout, which a running instance never is: its
	// transactions' round trips follow each other within milliseconds.
	// The first start's lock is the one transaction that waits by design,
	// and turns it off (qStartLock).
	if !setInDSN(cfg.ConnConfig.RuntimeParams, "idle_in_transaction_session_timeout") {
		cfg.ConnConfig.RuntimeParams["idle_in_transaction_session_timeout"] = strconv.FormatInt(idleInTxTimeout.Milliseconds(), 10)
	}
	if opts.Schema != "" {
		// A startup parameter: it costs no round trip, and it applies to
		// every connection, pooled or dedicated.
		cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{opts.Schema}.Sanitize()
	}
	// Connections the server ended (a restart, a failover,
	// pg_terminate_backend) stay in the pool until used; the first use of
	// each fails. Once one is found closed, every connection idle since
	// before is pinged before use (pgx pings those idle over a second
	// anyway), so one request, not a pool's worth, meets the loss.
	watch := &connWatch{}
	cfg.ConnConfig.Tracer = watch
	cfg.ShouldPing = watch.shouldPing
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := migrate(ctx, pool, opts.Schema, opts.Existing, opts.Log); err != nil {
		pool.Close()
		var ce *pgconn.ConnectError
		if errors.As(err, &ce) {
			if refused := paramRefused(err); refused != nil {
				return nil, refused
			}
			// Not a migration: the first connection failed. Say what to do.
			return nil, fmt.Errorf("connect to postgres: %w", ConnectFailure(err, opts.DSNName))
		}
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "3F000" {
			// "no schema has been selected to create in": the DSN's
			// search_path names schemas that do not exist.
			return nil, fmt.Errorf("migrate postgres: %s: %w", missingSchemaHint(cfg.ConnConfig.RuntimeParams["search_path"]), err)
		}
		return nil, fmt.Errorf("migrate postgres: %w", err)
	}
	s := &Store{pool: pool, connConfig: cfg.ConnConfig.Copy(), heldq: newHeldQueue(), log: opts.Log,
		statusSweepWake: make(chan struct{}, 1)}
	if opts.TransitionWriters == 0 {
		opts.TransitionWriters = defaultTransitionWriters
	}
	if opts.TransitionWriters > 0 {
		s.group = newGroupCommitter(s, opts.TransitionWriters)
	}
	return s, nil
}

// dsnKeys are the parameters of a connection string that pgx reads itself
// (with dbname, libpq's name for the database), and the settings a DSN
// most often sends: what a misspelt parameter was most likely meant to be.
var dsnKeys = []string{
	"host", "port", "dbname", "user", "password", "passfile", "connect_timeout",
	"sslmode", "sslkey", "sslcert", "sslcertmode", "sslrootcert", "sslnegotiation", "sslpassword", "sslsni",
	"krbspn", "krbsrvname", "target_session_attrs", "service", "servicefile",
	"min_protocol_version", "max_protocol_version", "channel_binding", "require_auth",
	"pool_max_conns", "pool_min_conns", "pool_min_idle_conns", "pool_max_conn_lifetime",
	"pool_max_conn_lifetime_jitter", "pool_max_conn_idle_time", "pool_health_check_period",
	"statement_cache_capacity", "description_cache_capacity", "default_query_exec_mode",
	"search_path", "application_name", "options", "timezone", "statement_timeout", "lock_timeout",
}

// paramRefused is, as a *DSNError, a first connection that PostgreSQL
// refused over a setting the connection string sent: every parameter pgx
// does not read itself goes to the server as a setting, so a misspelt one
// (postgres://…/db?sslmod=disable) was refused by the server as
// `unrecognized configuration parameter "sslmod"`, and reported as a
// failure to connect (exit status 1, "try again"), with no word of the
// DSN or of the sslmode meant. nil for any other failure.
func paramRefused(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Severity != "FATAL" {
		return nil
	}
	switch pe.Code {
	case "42704": // undefined_object: unrecognized configuration parameter "x"
		name := pe.Message
		if _, after, ok := strings.Cut(name, `"`); ok {
			name, _, _ = strings.Cut(after, `"`)
		}
		msg := fmt.Sprintf("PostgreSQL does not know the parameter %q", name)
		if near := suggest.Nearest(strings.ToLower(name), 2, false, suggest.Names(dsnKeys...)); near != "" && near != name {
			msg += fmt.Sprintf(" (did you mean %s?)", near)
		}
		return &DSNError{Err: fmt.Errorf("%s: a parameter pgx does not read itself is sent to the server as a setting", msg)}
	case "22023": // invalid_parameter_value: invalid value for parameter "x": "y"
		return &DSNError{Err: fmt.Errorf("PostgreSQL refused a setting the connection string sends: %s", pe.Message)}
	}
	return nil
}

// ConnectFailure words err, pgx's failure to connect, for a person: each
// distinct attempt once, then what to do about it, naming dsnName (where
// the DSN was given: "" for --db).
func ConnectFailure(err error, dsnName string) error {
	return &connectError{err: err, hint: connectHint(err, dsnName)}
}

// connectError is a failed first connection, with what to do about it.
type connectError struct {
	err  error
	hint string
}

// Error says each of pgx's attempts once. Under sslmode=prefer (a DSN
// without sslmode) pgx tries every address with TLS, then without, and
// lists both failures: where nothing listens, the same "dial error" line
// twice, which read as two problems.
func (e *connectError) Error() string {
	lines := strings.Split(e.err.Error(), "\n")
	var attempts []string
	for _, l := range lines[1:] {
		if l = strings.TrimSpace(l); l != "" && !slices.Contains(attempts, l) {
			attempts = append(attempts, l)
		}
	}
	msg := lines[0]
	if len(attempts) == 1 {
		msg += " " + attempts[0]
	} else if len(attempts) > 1 {
		msg += "\n\t" + strings.Join(attempts, "\n\t")
	}
	return msg + e.hint
}

func (e *connectError) Unwrap() error { return e.err }

// connectHint is what to do about a failed first connection, as a
// sentence to append to its error, or "". dsnName is where the DSN was
// given ("" for --db).
func connectHint(err error, dsnName string) string {
	if dsnName == "" {
		dsnName = "--db"
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "3D000": // invalid_catalog_name
			return " (the database does not exist: create it first, e.g. createdb NAME, and name it in " + dsnName + ")"
		case "28P01", "28000": // invalid_password, invalid_authorization_specification
			return " (check the user and password in " + dsnName + ", and pg_hba.conf)"
		case "53300": // too_many_connections
			return " (PostgreSQL has no connection slots left: raise max_connections or stop other clients)"
		}
		return ""
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return " (is PostgreSQL running, and listening at the host and port of " + dsnName + "?)"
	}
	return ""
}

// connWatch notes when a pooled connection was last given back closed,
// and has connections idle since before then pinged before use. pgx also
// closes a connection whose query its context cancelled (a client gone, a
// deadline): that costs the connections idle at that moment one ping each,
// nothing more.
type connWatch struct {
	lost atomic.Int64 // UnixNano; 0: never
}

func (w *connWatch) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	return ctx
}

func (w *connWatch) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// TraceRelease is called by the pool for every connection given back,
// before it destroys a closed one.
func (w *connWatch) TraceRelease(_ *pgxpool.Pool, d pgxpool.TraceReleaseData) {
	if d.Conn != nil && d.Conn.IsClosed() {
		w.lost.Store(time.Now().UnixNano())
	}
}

func (w *connWatch) shouldPing(_ context.Context, p pgxpool.ShouldPingParams) bool {
	if p.IdleDuration > time.Second { // pgx's own rule
		return true
	}
	lost := w.lost.Load()
	return lost != 0 && time.Now().Add(-p.IdleDuration).UnixNano() <= lost
}

// migrate applies the embedded migrations not applied yet, all in one
// transaction that holds an advisory lock named after the schema: instances
// starting at once on one database take turns, and the later ones find
// everything applied.
// migrationWaitLog is how long a start waits for the migration lock
// before it says that it waits. Every start takes the lock for a moment;
// one held longer is another instance's (or an accounts or users
// command's) migration, which can take minutes on a large database
// (README, "Upgrades").
const migrationWaitLog = 2 * time.Second

// takeMigrationLock takes the schema's migration lock in tx, waiting for
// the session that holds it. A wait past migrationWaitLog is logged, as a
// warning once and with its length when it ends: the start prints nothing
// else, and listens on nothing, meanwhile.
func takeMigrationLock(ctx context.Context, tx pgx.Tx, schema string, log *slog.Logger) error {
	started := time.Now()
	done := make(chan struct{})
	warned := make(chan bool, 1)
	go func() {
		t := time.NewTimer(migrationWaitLog)
		defer t.Stop()
		select {
		case <-done:
			warned <- false
		case <-t.C:
			log.Warn("waiting for another instance's database migration on this schema (it holds the migration lock); this start goes on when it ends")
			warned <- true
		}
	}()
	_, err := tx.Exec(ctx, qMigrateLock, schema)
	close(done)
	if <-warned && err == nil {
		log.Info("the other instance's database migration ended; going on", slog.String("waited", time.Since(started).Round(time.Millisecond).String()))
	}
	return err
}

// The migration's transaction keeps idleInTxTimeout: its statements
// follow each other (a wait for the lock is not idle), and a migrator
// frozen between two of them holds locks that every running instance
// waits for (an ALTER TABLE's), which the timeout ends; the migration
// rolls back whole, and the next start runs it.
func migrate(ctx context.Context, pool *pgxpool.Pool, schema string, existing bool, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(files)
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := takeMigrationLock(ctx, tx, schema, log); err != nil {
		return fmt.Errorf("migration lock: %w", err)
	}
	if schema != "" {
		id := pgx.Identifier{schema}.Sanitize()
		if _, err := tx.Exec(ctx, createSchemaSQL(id)); err != nil {
			return fmt.Errorf("create schema %s: %w", id, err)
		}
		if _, err := tx.Exec(ctx, setSearchPathSQL(id)); err != nil {
			return fmt.Errorf("set search_path to %s: %w", id, err)
		}
	}
	// Inside the migration's transaction, whose rollback undoes a schema
	// created above.
	var columns []string
	var db, path string
	if err := tx.QueryRow(ctx, qMigrationsTableFound).Scan(&columns, &db, &path); err != nil {
		return fmt.Errorf("look for schema_migrations: %w", err)
	}
	switch {
	case existing && len(columns) == 0:
		return fmt.Errorf("%w (database %q, search_path %s)", store.ErrNoSchema, db, path)
	case len(columns) > 0 && !slices.Equal(columns, []string{"version", "applied_at"}):
		// golang-migrate's (version, dirty), Rails' and dbmate's
		// (version) and Ecto's (version, inserted_at) share the name.
		// Taken for ours, its versions were read as esahayak's: a start
		// said the schema was newer than the binary and told the
		// operator to restore a backup, or ran esahayak's later
		// migrations into the other program's tables and failed.
		return fmt.Errorf("%w: %w (columns %s; esahayak's has version, applied_at) (database %q, search_path %s)",
			store.ErrNoSchema, store.ErrForeignMigrations, strings.Join(columns, ", "), db, path)
	}
	if _, err := tx.Exec(ctx, qCreateMigrations); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	rows, err := tx.Query(ctx, qAppliedMigrations)
	if err != nil {
		return fmt.Errorf("read applied migrations: %w", err)
	}
	applied, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		return fmt.Errorf("read applied migrations: %w", err)
	}
	versions := make([]int32, len(files))
	for i, f := range files {
		if _, err := fmt.Sscanf(strings.TrimPrefix(f, "migrations/"), "%04d_", &versions[i]); err != nil {
			return fmt.Errorf("migration file %s: name must start with a 4-digit version", f)
		}
	}
	if len(applied) > 0 {
		if newestApplied, newest := slices.Max(applied), versions[len(versions)-1]; newestApplied > newest {
			return store.SchemaNewer(int(newestApplied), int(newest))
		}
	} else {
		log = slog.New(slog.DiscardHandler) // a new database: nothing to upgrade, nothing to say
	}
	type done struct {
		name string
		took time.Duration
	}
	var ran []done
	for i, f := range files {
		version := versions[i]
		if contains(applied, version) {
			continue
		}
		body, err := migrations.ReadFile(f)
		if err != nil {
			return err
		}
		log.Info("applying database migration", slog.String("migration", strings.TrimPrefix(f, "migrations/")))
		started := time.Now()
		// No arguments: pgx sends it over the simple protocol, which runs
		// the file's many statements in one go.
		if _, err := tx.Exec(ctx, string(body)); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if _, err := tx.Exec(ctx, qRecordMigration, version); err != nil {
			return fmt.Errorf("record migration %s: %w", f, err)
		}
		ran = append(ran, done{strings.TrimPrefix(f, "migrations/"), time.Since(started)})
	}
	// Releases before this one kept a deleted endpoint's secrets, and a
	// closed listen session's. Not a
	// numbered migration: the schema is unchanged, so an older binary
	// still starts on it.
	if _, err := tx.Exec(ctx, qEraseDeletedEndpointSecrets); err != nil {
		return fmt.Errorf("erase deleted endpoints' secrets: %w", err)
	}
	if _, err := tx.Exec(ctx, qEraseClosedListenSecrets); err != nil {
		return fmt.Errorf("erase closed listen sessions' secrets: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit migrations: %w", err)
	}
	// Logged once committed: they are applied together, or not at all.
	for _, d := range ran {
		log.Info("applied database migration", slog.String("migration", d.name), slog.String("took", d.took.String()))
	}
	return nil
}

func contains[T comparable](s []T, v T) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func (s *Store) Driver() string { return "postgres" }

// Ping reports whether the database answers and holds this server's
// schema (store.ErrTablesUnreadable when it answers without it).
func (s *Store) Ping(ctx context.Context) error {
	err := s.ping(ctx)
	if err != nil && ctx.Err() == nil {
		// A pooled connection that the server ended (a restart,
		// pg_terminate_backend) fails once and is dropped: one more try,
		// on another connection, says whether the database answers. A
		// load balancer must not pull a healthy instance for it.
		err = s.ping(ctx)
	}
	return err
}

// ping reads the schema's migrations table rather than sending an empty
// statement: with the schema dropped or restored under the server, or its
// privileges revoked, every request failed 503 while an empty statement
// still answered, and /healthz said healthy.
func (s *Store) ping(ctx context.Context) error {
	var ok bool
	err := s.pool.QueryRow(ctx, qPing).Scan(&ok)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "42P01" || pe.Code == "42501") {
		return fmt.Errorf("%w: %w", store.ErrTablesUnreadable, err)
	}
	return err
}

// Close gives up the maintenance leadership if this store holds it (as
// TryLeader's release does), stops the group commit of transitions (those
// still queued fail; groups being written finish) and closes the pool.
// Without the release, a store closed while leading kept its lock, and its
// pings, until the process ended: no other instance could lead. Listen's
// connection is closed by its own context.
func (s *Store) Close() error {
	s.leaderMu.Lock()
	release := s.leaderRelease
	s.leaderMu.Unlock()
	if release != nil {
		release()
	}
	if s.group != nil {
		s.group.close()
	}
	s.stopSweeps()
	s.stopStatusSweeper()
	s.pool.Close()
	return nil
}

// txn is one transaction on one pooled connection. Its BEGIN travels with
// its first batch and its COMMIT with its last, so a transaction costs one
// round trip per dependent step and nothing more.
//
// A batch that commits has already committed by the time its results are
// read: its callbacks must not decide whether the transaction should have
// happened (they record what happened, and the caller looks afterwards).
type txn struct {
	conn   *pgxpool.Conn
	begun  bool
	closed bool
	// beginSQL, when set, begins it instead of qBegin.
	beginSQL string
}

var errCommitRolledBack = errors.New("postgres: transaction rolled back at commit")

// inTx runs fn in a transaction, committing it if fn has not and returned
// nil, and rolling it back otherwise.
func (s *Store) inTx(ctx context.Context, fn func(t *txn) error) (err error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("acquire connection: %w", err)
	}
	defer conn.Release() // destroys the connection if it is still in a transaction
	return inTxOn(ctx, conn, fn)
}

// inTxOn is inTx on a connection the caller holds, and releases.
func inTxOn(ctx context.Context, conn *pgxpool.Conn, fn func(t *txn) error) (err error) {
	t := &txn{conn: conn}
	defer func() {
		c := conn.Conn()
		if !c.IsClosed() && c.PgConn().TxStatus() != 'I' {
			// Failed or abandoned: roll back, even if ctx is done, so that
			// the connection can go back to the pool.
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			if _, rerr := c.Exec(rctx, qRollback); rerr != nil {
				_ = c.Close(rctx)
			}
			cancel()
		}
	}()
	if err := fn(t); err != nil {
		return err
	}
	if t.begun && !t.closed {
		return t.commit(ctx, &pgx.Batch{})
	}
	return nil
}

// send runs b as the next step of the transaction, in one round trip.
func (t *txn) send(ctx context.Context, b *pgx.Batch) error {
	if t.closed {
		return errors.New("postgres: transaction already committed")
	}
	if !t.begun {
		begin := qBegin
		if t.beginSQL != "" {
			begin = t.beginSQL
		}
		b.QueuedQueries = append([]*pgx.QueuedQuery{{SQL: begin}}, b.QueuedQueries...)
		t.begun = true
	}
	return t.conn.SendBatch(ctx, b).Close()
}

// commit runs b and commits, in one round trip.
func (t *txn) commit(ctx context.Context, b *pgx.Batch) error {
	var tag string
	b.Queue(qCommit).Exec(func(ct pgconn.CommandTag) error { tag = ct.String(); return nil })
	err := t.send(ctx, b)
	t.closed = true
	return commitOutcome(tag, err)
}

// commitOutcome says what a commit's round trip came to. A COMMIT answered
// "COMMIT" committed, whatever came after it: a session ended by
// pg_terminate_backend or a server shutdown reports its FATAL error after
// the COMMIT's answer, and taking that for a failure ran committed order
// moves again (409 for an upload that had succeeded). PostgreSQL answers
// COMMIT of a failed transaction with ROLLBACK.
func commitOutcome(tag string, err error) error {
	if tag == "COMMIT" {
		return nil
	}
	if err != nil {
		return err
	}
	return errCommitRolledBack
}

// interpretError turns driver errors into the store's: no row is
// store.ErrNotFound and a unique violation is store.ErrConflict (still
// wrapping the PostgreSQL error, for logs).
func interpretError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ErrNotFound
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return fmt.Errorf("%w: %w", store.ErrConflict, err)
	}
	return err
}

type scanner = store.Row

func utc(t time.Time) time.Time { return t.UTC() }

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// nonNil makes a nil slice an empty one: pgx sends nil as NULL, and
// `x <> ALL(NULL)` is never true.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// cleanText makes s storable in a text column, which refuses NUL bytes and
// invalid UTF-8. Used for text that comes from the network (error
// messages), where refusing it would lose a whole batch of results.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "\uFFFD")
	}
	return s
}

// Unavailable reports errors of reaching PostgreSQL rather than of the
// statement: no connection could be made or it broke, the server is
// starting or shutting down, or it has no connection slot left.
func (s *Store) Unavailable(err error) bool {
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) || pgconn.Timeout(err) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// Class 08's connection failures (not 08P01, a protocol
		// violation: a bug); 57P01-57P03: shutting down or not yet
		// accepting connections; class 53: out of connections, disk or
		// memory; class 58: I/O; 25006: a read-only server (a standby);
		// 42501 and 42P01: privileges revoked or a table gone; 55P03 and
		// 57014: a statement cancelled by the database's lock_timeout or
		// statement_timeout (an operator's setting, while another session
		// holds a lock or the server is slow) or by pg_cancel_backend,
		// the busy database SQLite reports as SQLITE_BUSY; 25P03: the
		// session ended by idleInTxTimeout, this process having stopped
		// running (frozen) in the middle of a transaction, which rolled
		// back; 40P01 and 40001: a deadlock or serialization failure,
		// which PostgreSQL resolves by ending one transaction (an
		// operator's default_transaction_isolation of serializable, or
		// locks taken in another order by a release that runs beside this
		// one), which answered 500. The database,
		// not the request, is at fault then: a retry can succeed.
		switch {
		case strings.HasPrefix(pe.Code, "53"), strings.HasPrefix(pe.Code, "58"):
			return true
		}
		switch pe.Code {
		case "08000", "08001", "08003", "08004", "08006", "57P01", "57P02", "57P03", "25006", "42501", "42P01", "55P03", "57014", "25P03", "40P01", "40001":
			return true
		}
		return false
	}
	var ne net.Error
	return errors.As(err, &ne)
}

// dedicatedConns is how many connections an instance holds beside its
// pool: the LISTEN one, the one holding its instance id and, on the
// maintenance leader, the one holding the leadership lock (a follower
// opens that one for a moment each --maintenance-interval to compete).
const dedicatedConns = 3

// idleInTxTimeout is how long a session may sit idle inside a
// transaction before PostgreSQL ends it, freeing its locks: as long as a
// frozen leader keeps maintenance (leaderIdleTimeout), so that an instance
// that has not run for about that long loses what it holds. A variable for
// the tests, which do not wait 20 s.
var idleInTxTimeout = leaderIdleTimeout

// defaultPoolConns is the pool's size when neither Options.MaxConns nor
// the DSN's pool_max_conns sets it.
const defaultPoolConns = 16

// minPoolConns is the smallest pool Open makes: a DSN's smaller
// pool_max_conns is raised to it.
const minPoolConns = 4

// poolSizeInDSN reports whether the DSN sets pool_max_conns, which
// pgxpool.ParseConfig reads and then removes (leaving its own default
// when it is absent, indistinguishable from a value).
func poolSizeInDSN(dsn string) bool {
	c, err := pgconn.ParseConfig(dsn)
	if err != nil {
		return false
	}
	_, ok := c.RuntimeParams["pool_max_conns"]
	return ok
}

// setInDSN reports whether the DSN sets the parameter name itself, as a
// key (?jit=on) or in options (?options=-c%20jit%3Don): a default sent as
// a startup parameter would override the options' value.
func setInDSN(params map[string]string, name string) bool {
	if _, ok := params[name]; ok {
		return true
	}
	// PostgreSQL reads a dash in a -c name as an underscore
	// (-c plan-cache-mode=…), in any letter case.
	opts := strings.ReplaceAll(strings.ToLower(params["options"]), "-", "_")
	return strings.Contains(opts, name+"=") || strings.Contains(opts, name+" =")
}

// missingSchemaHint says what to do when PostgreSQL has no schema of the
// search_path to create the tables in (3F000). It named no schema ("CREATE
// SCHEMA name"), so a new user had to work out which name of a DSN such as
// …/esahayak?sslmode=disable&search_path=acme was meant, and that the
// statement must be run, by hand, before the first start. It names the
// search_path as the DSN gives it and the statement for its first schema.
func missingSchemaHint(searchPath string) string {
	first := strings.TrimSpace(strings.Split(searchPath, ",")[0])
	if first == "" || strings.HasPrefix(first, "$") {
		return "the schema in the search_path does not exist; create it first (CREATE SCHEMA name)"
	}
	// A plain name is folded to lower case alike in the search_path and
	// in CREATE SCHEMA; a quoted one is kept as quoted; another is quoted.
	if !strings.HasPrefix(first, `"`) && !plainIdentifier(first) {
		first = pgx.Identifier{first}.Sanitize()
	}
	return fmt.Sprintf("the DSN's search_path (%s) names no schema that exists; create it first (psql: CREATE SCHEMA %s;), then start again", searchPath, first)
}

// plainIdentifier reports whether name is an SQL identifier that needs no
// quotes: a letter or _ followed by letters, digits and _.
func plainIdentifier(name string) bool {
	for i, r := range name {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i > 0 && r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return name != ""
}
