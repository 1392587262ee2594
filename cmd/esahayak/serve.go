package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	stdlog "log"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/backoff"
	"github.com/esahayak/esahayak/internal/dashboard"
	"github.com/esahayak/esahayak/internal/delivery"
	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/logqueue"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/postgres"
	"github.com/esahayak/esahayak/internal/store/sqlite"
)

type serveConfig struct {
	addr, db, operatorToken, retrySchedule, egressProxy, instanceID string
	sqliteSync, logLevel, logFormat                                 string
	allowInsecure                                                   bool
	perEndpoint, maxInFlight, maxConnsPerHost, maxEndpoints         int
	maxListenSessions                                               int
	lease, attemptTimeout, autoDisable, retention, maintenance      time.Duration
	shutdownGrace                                                   time.Duration
	pprofAddr                                                       string
	// output queues what serve writes to its standard output and error
	// (nil: written directly, as tests that call serve have it).
	output *logqueue.Queue
	// instanceIDGiven: --instance-id was set, not generated. Only a given
	// id names a predecessor whose leases this start takes back.
	instanceIDGiven bool
	// overriddenEnv: the flags given on the command line whose ESAHAYAK_*
	// variable was set to another value, which runServe logs.
	overriddenEnv []overriddenEnv
}

func serveFlags(args []string) (serveConfig, error) { return parseServeFlags(args, true) }

// parseServeFlags is serveFlags, with the environment's ESAHAYAK_*
// variables read when withEnv is set: bench checks the --server-arg words
// it gives its serve children, which it starts without those variables.
func parseServeFlags(args []string, withEnv bool) (serveConfig, error) {
	var c serveConfig
	f := newFlags("serve", "serve [flags]")
	f.logsEnvWarnings = true // by runServe, in the log's format
	f.offWhenEmpty = map[string]bool{"operator-token": true, "egress-proxy": true, "pprof-addr": true}
	addr := f.str("addr", "127.0.0.1:8080", "address to listen on")
	db := f.dbFlag("db", defaultDB, "database: sqlite:PATH (embedded, the default) or postgres://USER@HOST:PORT/DB")
	op := f.raw("operator-token", "", "bearer token for the operator routes (upload, fail, retry, deliver; cancel too), printable ASCII without spaces; without it they answer 403; one shorter than 32 bytes is warned about at start (make one with openssl rand -hex 32)")
	insecure := f.boolean("allow-insecure-urls", false, "accept http:// endpoint URLs and private/loopback addresses (local development only)")
	sched := f.str("retry-schedule", backoff.DefaultSchedule().String(), fmt.Sprintf("delays before each retry, comma-separated (the first attempt is immediate); each at least %s and at most %gh (7 days), at most %d delays",
		durationText(minRetryDelay), backoff.MaxDelay.Hours(), backoff.MaxDelays))
	proxy := f.str("egress-proxy", "", "send every delivery through this HTTP(S) or SOCKS5 proxy, e.g. http://proxy.internal:3128 or socks5://proxy.internal:1080 (fixed source addresses)")
	inst := f.str("instance-id", "", fmt.Sprintf("name of this instance in delivery leases, unique among running instances: at most %d letters, digits and - _ . : (no spaces) (default: host name + random suffix)", maxInstanceID))
	sync := f.str("sqlite-synchronous", "NORMAL", "SQLite synchronous mode: NORMAL (a crash loses nothing; a power cut may lose the last commits) or FULL")
	lvl := f.str("log-level", "info", "log level: debug (one line per attempt), info, warn, error")
	lf := f.str("log-format", "text", "log format: text or json")
	// Their bounds are said here, as README's table says them: unlike the
	// per-account limits beside them, these take no 0 for "no limit".
	per := f.integer("per-endpoint-concurrency", 16, fmt.Sprintf("most concurrent attempts to one endpoint from this instance, 1 to %d (a new endpoint starts at two and opens up as it answers)", maxPerEndpoint))
	maxIn := f.integer("max-in-flight", 4096, fmt.Sprintf("most deliveries held in memory by this instance, 1 to %d; slow endpoints share three quarters of it, the rest is kept for the others", maxInFlight))
	maxEndpoints := f.integer("max-endpoints-per-account", 100, "most webhook endpoints an account may have (0: no limit); each event fans out to all of them, so this bounds what one account can ask of the server")
	maxListen := f.integer("max-listen-sessions-per-account", 100, "most open `esahayak listen` sessions an account may have (0: no limit); sessions do not expire, so this bounds the rows one account can leave open")
	perHost := f.integer("max-conns-per-host", 0, "most connections to one host:port, or to --egress-proxy, across the endpoints there (0: no limit; each endpoint is limited by --per-endpoint-concurrency); with a limit, endpoints on that host wait for each other")
	lease := f.duration("lease", 60*time.Second, fmt.Sprintf("how long a claimed delivery stays with this instance; after a crash it is sent again when the lease ends (at least --attempt-timeout + 5s: a shorter lease is raised to that; at most %s)", durationText(maxLease)))
	timeout := f.duration("attempt-timeout", 10*time.Second, fmt.Sprintf("time allowed for one attempt (connect, TLS, response), at least %s and at most 1h; the guide promises 10s", durationText(attemptTimeoutFloor())))
	auto := f.duration("auto-disable-after", 5*24*time.Hour, fmt.Sprintf("disable an endpoint whose every attempt has failed over this long a span: the first failure at least this long ago, and a failure at least this long after it (0: never, else at least %s)", durationText(minAutoDisable)))
	ret := f.duration("retention", 30*24*time.Hour, fmt.Sprintf("prune finished events (delivered or failed), their deliveries and attempts, idempotency keys and closed listen sessions, older than this, endpoints deleted that long ago once their deliveries are pruned, and API keys revoked that long ago (0: keep forever, else at least %s: the stats' 7d window reads the attempts kept); nothing still waiting, or attempted within this time, is pruned", durationText(retentionFloor())))
	maint := f.duration("maintenance-interval", 30*time.Second, fmt.Sprintf("how often auto-disable, pruning, the erasure of expired signing secrets and gauges run (at least 100ms, at most %s)", durationText(maxMaintenanceInterval)))
	grace := f.duration("shutdown-grace", 15*time.Second, "on SIGTERM, how long to wait for attempts in flight (at least --attempt-timeout + 5s: raised if shorter)")
	pprofAddr := f.str("pprof-addr", "", "serve Go's pprof profiles on this separate address, e.g. 127.0.0.1:6060 (off by default)")
	parse := f.parse
	if !withEnv {
		parse = f.parseArgs
	}
	if err := parse(args); err != nil {
		return c, err
	}
	switch {
	case strings.TrimSpace(*addr) == "":
		// net.Listen("tcp", "") would listen on every interface, on a
		// port nobody chose: an empty ESAHAYAK_ADDR must not do that.
		return c, usageError{msg: "--addr must be HOST:PORT, e.g. 127.0.0.1:8080"}
	case !validListenAddr(*addr):
		return c, usageError{msg: listenAddrRefusal("--addr", *addr, "127.0.0.1:8080")}
	case *pprofAddr != "" && !validListenAddr(*pprofAddr):
		return c, usageError{msg: listenAddrRefusal("--pprof-addr", *pprofAddr, "127.0.0.1:6060")}
	case *pprofAddr != "" && listenAddrsCollide(*addr, *pprofAddr):
		// Both cannot be taken: the second listen failed, exit status 1
		// ("address already in use", as if another program held it),
		// though the command line alone says so.
		return c, usageError{msg: fmt.Sprintf("--pprof-addr %s and --addr %s take the same port: pprof is served on an address of its own; give --pprof-addr another port, e.g. 127.0.0.1:6060", *pprofAddr, *addr)}
	case *timeout <= 0 || *timeout > time.Hour:
		return c, usageError{msg: fmt.Sprintf("--attempt-timeout %s: must be positive and at most 1h, e.g. 10s (the guide tells receivers to answer within 10s)", f.written("attempt-timeout"))}
	case *timeout < attemptTimeoutFloor():
		// At 1ns every attempt failed before it connected: each delivery
		// used up its retries and failed, and every endpoint was disabled.
		return c, usageError{msg: fmt.Sprintf("--attempt-timeout %s is too short: use %s or more, e.g. 10s (the guide tells receivers to answer within 10s, and an attempt cut shorter fails them)",
			f.written("attempt-timeout"), durationText(attemptTimeoutFloor()))}
	case *per < 1 || *per > maxPerEndpoint:
		return c, usageError{msg: fmt.Sprintf("--per-endpoint-concurrency %s: must be from 1 to %d", f.written("per-endpoint-concurrency"), maxPerEndpoint)}
	case *maxIn < 1 || *maxIn > maxInFlight:
		return c, usageError{msg: fmt.Sprintf("--max-in-flight %s: must be from 1 to %d", f.written("max-in-flight"), maxInFlight)}
	case *maxEndpoints < 0:
		return c, usageError{msg: fmt.Sprintf("--max-endpoints-per-account %s: must be 0 (no limit) or more", f.written("max-endpoints-per-account"))}
	case *maxListen < 0:
		return c, usageError{msg: fmt.Sprintf("--max-listen-sessions-per-account %s: must be 0 (no limit) or more", f.written("max-listen-sessions-per-account"))}
	case *perHost < 0:
		return c, usageError{msg: fmt.Sprintf("--max-conns-per-host %s: must be 0 (no limit) or more", f.written("max-conns-per-host"))}
	case *lease <= 0 || *lease > maxLease:
		return c, usageError{msg: fmt.Sprintf("--lease %s: must be positive and at most %s, e.g. 60s (a killed instance's deliveries wait for their lease to end)", f.written("lease"), durationText(maxLease))}
	case *auto < 0:
		return c, usageError{msg: fmt.Sprintf("--auto-disable-after %s: must be 0 (never) or more, e.g. 120h", f.written("auto-disable-after"))}
	case *ret < 0:
		return c, usageError{msg: fmt.Sprintf("--retention %s: must be 0 (keep forever) or more, e.g. 720h", f.written("retention"))}
	case *auto > 0 && *auto < minAutoDisable:
		// At 1ns an endpoint was disabled by its first retry's failure,
		// 5s after its first: a receiver restarting, or a deploy, and
		// every later event parked until someone enabled it again.
		return c, usageError{msg: fmt.Sprintf("--auto-disable-after %s is too short: use 0 (never) or %s or more, e.g. 120h (a shorter span disables an endpoint that is only restarting or being deployed)",
			f.written("auto-disable-after"), durationText(minAutoDisable))}
	case *ret > 0 && *ret < retentionFloor():
		// At 1s a finished event was gone (GET /v1/events/{id}, a resend,
		// the stats' 7d window) as soon as it finished, and an order's
		// Idempotency-Key with it: a client's retry made a second order.
		return c, usageError{msg: fmt.Sprintf("--retention %s is too short: use 0 (keep forever) or %s or more (7 days: an endpoint's stats reach back 7 days, window=7d, and read the attempts the retention keeps; an Idempotency-Key is kept as long)",
			f.written("retention"), durationText(retentionFloor()))}
	case *grace <= 0:
		return c, usageError{msg: fmt.Sprintf("--shutdown-grace %s: must be positive, e.g. 15s", f.written("shutdown-grace"))}
	case *maint < 100*time.Millisecond:
		// Each round reads the tables; at 1ns it kept a core busy on an idle server.
		return c, usageError{msg: fmt.Sprintf("--maintenance-interval %s is too short: use 100ms or more (default 30s)", f.written("maintenance-interval"))}
	case *maint > maxMaintenanceInterval:
		return c, usageError{msg: fmt.Sprintf("--maintenance-interval %s is too long: use at most %s (default 30s)", f.written("maintenance-interval"), durationText(maxMaintenanceInterval))}
	case *op != "" && strings.TrimSpace(*op) == "":
		return c, usageError{msg: "--operator-token is only spaces: give a token, or leave it out to turn the operator routes off"}
	case inQuotes(*op):
		return c, usageError{msg: quotedMistake("--operator-token")}
	case strings.IndexFunc(strings.TrimSpace(*op), func(r rune) bool { return r <= ' ' || r > '~' }) >= 0:
		// A header carries it: a zero-width space or a letter outside
		// ASCII passed, and no client could send it as typed.
		return c, usageError{msg: "--operator-token must be printable ASCII without spaces (letters, digits, punctuation), e.g. the output of openssl rand -hex 32"}
	case *inst != "" && !validInstanceID(*inst):
		// It is written in every lease and every log line: a newline
		// forged log lines, and 5,000 characters were taken.
		return c, usageError{msg: fmt.Sprintf("--instance-id %q: use at most %d letters, digits and the characters - _ . : (no spaces), e.g. web-1", *inst, maxInstanceID)}
	case !strings.EqualFold(*sync, "NORMAL") && !strings.EqualFold(*sync, "FULL"):
		return c, usageError{msg: fmt.Sprintf("--sqlite-synchronous %q: use NORMAL or FULL", *sync)}
	}
	if err := checkRetrySchedule(*sched); err != nil {
		return c, err
	}
	if err := checkDB(*db); err != nil {
		return c, err
	}
	if isPostgres(*db) && f.isSet("sqlite-synchronous") {
		// It was read by nobody: an operator who asked for FULL's
		// durability on PostgreSQL believed to have it, and had the
		// server's own setting instead.
		return c, usageError{msg: fmt.Sprintf("--sqlite-synchronous %s is for a SQLite --db; PostgreSQL's durability is its synchronous_commit setting: leave --sqlite-synchronous out", f.written("sqlite-synchronous"))}
	}
	if f.NArg() > 0 {
		return c, usageError{msg: serveArgumentMistake(f.Arg(0))}
	}
	// Flags read through pointers after parse so env values apply.
	// The token a client sends is read without surrounding spaces; so is
	// this one (a token from a file ends in a newline, and never matched).
	c.addr, c.db, c.operatorToken, c.allowInsecure, c.retrySchedule, c.egressProxy = *addr, *db, strings.TrimSpace(*op), *insecure, *sched, *proxy
	c.instanceID, c.instanceIDGiven, c.sqliteSync, c.logLevel, c.logFormat = *inst, *inst != "", *sync, *lvl, *lf
	if c.instanceID == "" {
		c.instanceID = defaultInstanceID()
	}
	c.perEndpoint, c.maxInFlight, c.maxConnsPerHost, c.maxEndpoints = *per, *maxIn, *perHost, *maxEndpoints
	c.maxListenSessions = *maxListen
	c.lease, c.attemptTimeout, c.autoDisable, c.retention, c.maintenance, c.shutdownGrace = *lease, *timeout, *auto, *ret, *maint, *grace
	c.pprofAddr = *pprofAddr
	c.overriddenEnv = f.overridden
	return c, nil
}

// minRetryDelay is the shortest delay --retry-schedule takes. A schedule
// is for a receiver that failed (down, deploying, overloaded): "1ns" was
// taken, and each failed delivery was sent again at once, eight attempts
// within milliseconds, at a receiver that had just failed, and used up
// before it could come back. A second is already faster than any retry a
// receiver needs (the default's first is 5s).
const minRetryDelay = time.Second

// retryFloorForTests lowers minRetryDelay in the binary cmd/esahayak's
// tests build (go build -ldflags "-X main.retryFloorForTests=300ms"), so
// that their servers retry within a second; a release build leaves it
// empty, and a value that is no positive duration is ignored.
var retryFloorForTests string

// retryFloor is the shortest delay this binary's --retry-schedule takes.
func retryFloor() time.Duration {
	if d, err := time.ParseDuration(retryFloorForTests); err == nil && d > 0 {
		return d
	}
	return minRetryDelay
}

// minAttemptTimeout is the shortest --attempt-timeout serve takes. An
// attempt covers the connection, TLS, and the receiver's answer: "1ns" (or
// "10ms" for "10s") was taken, and every attempt timed out before it
// connected, every delivery failed, and the endpoints were disabled. The
// guide gives receivers 10s; a second is below what any receiver across
// the internet needs to be reached at all.
const minAttemptTimeout = time.Second

// minAutoDisable is the shortest --auto-disable-after serve takes, but 0
// (never): the span of failures that disables an endpoint. Below an hour
// a receiver's restart or deploy, a failed attempt and its retry 5s or 5m
// later, disabled it, and its events waited for a person to enable it.
const minAutoDisable = time.Hour

// minRetention is the shortest --retention serve takes, but 0 (keep
// forever). What it prunes is read back for a week: an endpoint's stats
// (window=7d) count the attempts it keeps, and a failed delivery is
// resent, and an order's Idempotency-Key replayed, until it is pruned.
// "1s" was taken, and a client retrying an order a second later made a
// second one.
const minRetention = 7 * 24 * time.Hour

// attemptTimeoutFloorForTests and retentionFloorForTests lower those
// floors in binaries that tests build (go build -ldflags "-X
// main.retentionFloorForTests=1s"), as retryFloorForTests does; a release
// build leaves them empty.
var attemptTimeoutFloorForTests, retentionFloorForTests string

// attemptTimeoutFloor is the shortest --attempt-timeout this binary takes.
func attemptTimeoutFloor() time.Duration {
	return floorFor(attemptTimeoutFloorForTests, minAttemptTimeout)
}

// retentionFloor is the shortest --retention but 0 this binary takes.
func retentionFloor() time.Duration { return floorFor(retentionFloorForTests, minRetention) }

// floorFor is the floor a test build set (a positive duration), or def.
func floorFor(forTests string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(forTests); err == nil && d > 0 {
		return d
	}
	return def
}

// checkRetrySchedule refuses, before anything starts, a --retry-schedule
// backoff.ParseSchedule refuses or with a delay under retryFloor, naming
// the delay and the minimum. It is checked here too, not only by serve,
// so that bench refuses one given to its servers (--server-arg) before its
// first run.
func checkRetrySchedule(s string) error {
	floor := retryFloor()
	tooShort := func(i int) error {
		item := strings.TrimSpace(strings.Split(s, ",")[i])
		return usageError{msg: fmt.Sprintf("--retry-schedule: retry schedule item %d (%q) is shorter than the minimum of %s: a retry that soon hammers a receiver that has just failed; use %s or more (the default's first delay is 5s)",
			i+1, item, durationText(floor), durationText(floor))}
	}
	sched, err := backoff.ParseSchedule(s)
	if err != nil {
		// A delay of 0 or less is refused by the parser as "must be
		// greater than zero", which did not name the floor: the operator
		// who then gave 1ms was refused a second time, for it. When the
		// first item the parser refuses is such a delay, the floor is
		// named instead (a schedule of too many delays is refused as
		// one, before its items are read).
		items := strings.Split(s, ",")
		if len(items) > backoff.MaxDelays {
			items = nil
		}
		for i, item := range items {
			d, perr := time.ParseDuration(strings.TrimSpace(item))
			if perr != nil || d > backoff.MaxDelay {
				break // the parser's own message names this item
			}
			if d <= 0 {
				return tooShort(i)
			}
		}
		return usageError{msg: "--retry-schedule: " + err.Error()}
	}
	for i, d := range sched.Delays() {
		if d < floor {
			return tooShort(i)
		}
	}
	return nil
}

// maxLease bounds --lease. The deliveries of an instance killed, or
// stopped without handing its work back, wait for their leases to end: at
// 1000h they were parked for six weeks, and nothing a lease covers (an
// attempt, at most --attempt-timeout's 1h) needs more than a day.
const maxLease = 24 * time.Hour

// maxMaintenanceInterval bounds --maintenance-interval. Each run erases
// the signing secrets that expired, disables failing endpoints, prunes and
// counts the gauges; at 1000h none of it was done for six weeks, and past
// about 146 years the gauges' staleness check (two intervals) overflowed.
const maxMaintenanceInterval = time.Hour

// durationText is d as the help and the docs write it (24h, not 24h0m0s).
func durationText(d time.Duration) string {
	v := durationValue{d: d}
	return v.String()
}

// minOperatorToken is the operator token's length, in bytes, below which
// serve warns: what openssl rand -hex 16 makes, half of what the
// documentation advises.
const minOperatorToken = 32

// weakOperatorTokenWarning is serve's warning at start about an operator
// token weakOperatorToken finds easy to guess. The token itself is never
// logged. Such a token is still taken: the README's tour and local
// development use a short one.
const weakOperatorTokenWarning = "the operator token is easy to guess, and failed attempts are not limited: " +
	"anyone who can reach this server could find it and use the operator routes on every account's orders; " +
	"outside local development make one with openssl rand -hex 32 and give it in ESAHAYAK_OPERATOR_TOKEN"

// weakOperatorToken says why token, the operator token, is easy to guess
// ("" for no token, or one that is not): it is shorter than
// minOperatorToken bytes, holds the documentation's example (op-secret),
// or has fewer than 8 different characters (one repeated, or a short word
// over and over). 32 random hex digits (openssl rand -hex 16) have fewer
// than 8 in about one token in 30 million; the advised 64, practically
// never.
func weakOperatorToken(token string) string {
	if token == "" {
		return ""
	}
	if len(token) < minOperatorToken {
		return fmt.Sprintf("shorter than %d bytes", minOperatorToken)
	}
	if strings.Contains(strings.ToLower(token), "op-secret") {
		return "holds the documentation's example token"
	}
	var seen [256]bool
	distinct := 0
	for i := 0; i < len(token); i++ {
		if !seen[token[i]] {
			seen[token[i]] = true
			distinct++
		}
	}
	if distinct < 8 {
		return "fewer than 8 different characters"
	}
	return ""
}

// serveArgumentMistake is the refusal of a word given to serve, which
// takes flags only, with the flag the word was most likely meant for:
// every word was once answered "did you mean --db WORD?", which for a
// port ("serve 8080") or "serve help" was wrong, and for a file name
// ("serve mydb.db") was itself refused for lacking its "sqlite:". The
// word is shown without a PostgreSQL password.
func serveArgumentMistake(arg string) string {
	shown := redactDB(arg)
	refusal := fmt.Sprintf("serve takes no arguments (got %q)", shown)
	switch {
	case isPostgres(arg) || strings.HasPrefix(arg, "sqlite:"):
		return fmt.Sprintf("%s; did you mean --db %s?", refusal, shown)
	case isHelpWord(arg):
		return fmt.Sprintf("%s; for its flags, run 'esahayak serve -h'", refusal)
	case isPortNumber(arg):
		// The default address's host keeps the server on loopback; ":PORT"
		// (every interface) is what a port alone means elsewhere.
		return fmt.Sprintf("%s; did you mean --addr 127.0.0.1:%s (or --addr :%s, on every interface)?", refusal, arg, arg)
	case strings.Contains(arg, ":") && !strings.Contains(arg, "/") && validListenAddr(arg):
		return fmt.Sprintf("%s; did you mean --addr %s?", refusal, arg)
	case looksLikeSQLiteFile(arg):
		return fmt.Sprintf("%s; did you mean --db sqlite:%s?", refusal, arg)
	}
	return fmt.Sprintf("%s; its settings are flags: run 'esahayak serve -h' to see them", refusal)
}

// isHelpWord reports a word typed to ask for help ("serve help"), which
// the flag package reads as an argument: only -h and --help are flags.
func isHelpWord(arg string) bool {
	switch strings.ToLower(strings.TrimLeft(arg, "-")) {
	case "help", "h", "?", "usage":
		return true
	}
	return false
}

// isPortNumber reports a TCP port number alone, e.g. "8080".
func isPortNumber(arg string) bool {
	n, err := strconv.Atoi(arg)
	return err == nil && n >= 0 && n <= 65535 && !strings.HasPrefix(arg, "+")
}

// looksLikeSQLiteFile reports a word that names a file rather than a
// URL: a path with a directory, a database file's extension, or a file
// that exists.
func looksLikeSQLiteFile(arg string) bool {
	if strings.Contains(arg, "://") {
		return false
	}
	switch strings.ToLower(filepath.Ext(arg)) {
	case ".db", ".sqlite", ".sqlite3", ".db3":
		return true
	}
	if strings.ContainsRune(arg, os.PathSeparator) {
		return true
	}
	fi, err := os.Stat(arg)
	return err == nil && fi.Mode().IsRegular()
}

// instanceClaimer is a store shared by several instances (PostgreSQL),
// which keeps an explicit --instance-id to one running instance.
type instanceClaimer interface {
	ClaimInstanceID(ctx context.Context, id string, wait time.Duration, lost func(error)) (release func(), err error)
}

// instanceIDWait is how long a start waits for its --instance-id: a
// predecessor killed a moment ago may hold it for an instant, and one
// that vanished with its host until PostgreSQL's keepalives give up on
// its session (about 25 s, lockConnConfig).
const instanceIDWait = 35 * time.Second

// maxPerEndpoint and maxInFlight bound --per-endpoint-concurrency and
// --max-in-flight far above any real use (each attempt is a goroutine and
// a connection; each delivery held, a few KB): the engine multiplies the
// first (by 32 for a lane's queue, by 4 for idle connections), and a value
// near the int's limit overflowed there, silently.
const (
	maxPerEndpoint = 10_000
	maxInFlight    = 10_000_000
)

// maxInstanceID is the longest --instance-id: a host name (at most 64
// bytes on Linux) and the default's random suffix fit.
const maxInstanceID = 100

// validInstanceID reports whether id is 1 to maxInstanceID characters of
// a host name's kind: ASCII letters, digits and - _ . :
func validInstanceID(id string) bool {
	if id == "" || len(id) > maxInstanceID {
		return false
	}
	return strings.IndexFunc(id, func(r rune) bool { return !isInstanceIDChar(r) }) < 0
}

func isInstanceIDChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.:", r)
}

// defaultInstanceID is the host name and a random suffix, made to pass
// validInstanceID whatever the host name holds (Linux takes any bytes):
// other characters become "-", and a long name is cut.
func defaultInstanceID() string {
	host, _ := os.Hostname()
	return instanceIDOf(host)
}

func instanceIDOf(host string) string {
	host = strings.Map(func(r rune) rune {
		if isInstanceIDChar(r) {
			return r
		}
		return '-'
	}, host)
	var b [4]byte
	rand.Read(b[:])
	suffix := hex.EncodeToString(b[:])
	if host == "" {
		return "esahayak-" + suffix
	}
	return host[:min(len(host), maxInstanceID-len(suffix)-1)] + "-" + suffix
}

// validProxyPort reports whether port, the port of --egress-proxy's URL
// ("" when it has none, so the scheme's default), is one a connection can
// be made to: url.Parse checks only that it is digits.
func validProxyPort(port string) bool {
	if port == "" {
		return true
	}
	n, err := strconv.Atoi(port)
	return err == nil && n >= 1 && n <= 65535
}

// bareProxyURL reports whether the --egress-proxy URL u names only a
// scheme, credentials, host and port: at most a "/" for its path, and no
// query or fragment. An empty fragment leaves no trace in u: the caller
// looks for "#" in the text.
func bareProxyURL(u *url.URL) bool {
	return (u.Path == "" || u.Path == "/") && u.RawPath == "" && u.Opaque == "" &&
		u.RawQuery == "" && !u.ForceQuery && u.Fragment == ""
}

// validListenAddr reports whether addr is HOST:PORT with a numeric port,
// so a typo is a usage error (exit 2) before anything is opened, not a
// listen failure after the store has been migrated.
func validListenAddr(addr string) bool {
	if !isText(addr) {
		// A byte that is not UTF-8, or a control character: no host has
		// one, and the host was looked up, failing (exit status 1) with
		// the bytes printed raw.
		return false
	}
	if strings.ContainsFunc(addr, unicode.IsSpace) {
		// No host or port holds one ("127.0.0.1 :8080"): the host was
		// looked up as a name with the space in it.
		return false
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if _, err := netip.ParseAddr(host); err != nil && hostEndsInNumber(host) {
		// "127.0.0.01", "127.1", "10.0.0.256": no IP address to Go,
		// which sent it to DNS as a name once the store had been opened
		// and migrated; inet_aton reads it as some address.
		return false
	}
	if port == "" {
		// ":$PORT" with PORT unset: net.Listen took it as any free port,
		// on every interface for ":", and the server started where
		// nothing pointed at it. Port 0 asks for that on purpose.
		return false
	}
	if n, err := strconv.Atoi(port); err == nil {
		return n >= 0 && n <= 65535
	}
	_, err = net.LookupPort("tcp", port) // a service name such as "http" (from /etc/services)
	return err == nil
}

// isText reports whether s is UTF-8 without control characters, as every
// host name and address is.
func isText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, unicode.IsControl)
}

// hostEndsInNumber reports whether host's last label (after one trailing
// dot) is a number, decimal or 0x-hexadecimal: a host the WHATWG URL
// standard and inet_aton read as an IPv4 address, as the API reads an
// endpoint URL's.
func hostEndsInNumber(host string) bool {
	if strings.Contains(host, ":") {
		return false // IPv6
	}
	last := strings.TrimSuffix(host, ".")
	last = last[strings.LastIndex(last, ".")+1:]
	if hex, ok := strings.CutPrefix(strings.ToLower(last), "0x"); ok {
		return strings.Trim(hex, "0123456789abcdef") == ""
	}
	return last != "" && strings.Trim(last, "0123456789") == ""
}

// listenAddrsCollide reports whether two addresses validListenAddr takes
// cannot both be listened on: the same port (0, any free port, never
// collides) on the same IP address or host name, or on every interface
// ("", 0.0.0.0, [::]) for either, which takes the port on all of them.
// Host names are not looked up: two that name one address are left to
// the listen.
func listenAddrsCollide(a, b string) bool {
	hostA, portA, errA := net.SplitHostPort(a)
	hostB, portB, errB := net.SplitHostPort(b)
	if errA != nil || errB != nil {
		return false
	}
	nA, errA := net.LookupPort("tcp", portA) // digits, or a service name
	nB, errB := net.LookupPort("tcp", portB)
	if errA != nil || errB != nil || nA == 0 || nA != nB {
		return false
	}
	ipA, errA := netip.ParseAddr(hostA)
	ipB, errB := netip.ParseAddr(hostB)
	switch {
	case hostA == "" || hostB == "" || errA == nil && ipA.IsUnspecified() || errB == nil && ipB.IsUnspecified():
		return true
	case errA == nil && errB == nil:
		return ipA.Unmap() == ipB.Unmap()
	}
	return strings.EqualFold(hostA, hostB)
}

// listenAddrRefusal is the usage error of an --addr or --pprof-addr that
// validListenAddr refuses.
func listenAddrRefusal(flag, addr, example string) string {
	if !isText(addr) {
		return fmt.Sprintf("%s %q: holds a byte that is not text (not UTF-8, or a control character); give HOST:PORT, e.g. %s", flag, addr, example)
	}
	if _, port, err := net.SplitHostPort(addr); err == nil && port == "" && !strings.ContainsFunc(addr, unicode.IsSpace) {
		return fmt.Sprintf("%s %q: no port (what \":$PORT\" leaves when PORT is not set); give HOST:PORT, e.g. %s, or port 0 for any free port", flag, addr, example)
	}
	if host, _, err := net.SplitHostPort(addr); err == nil && hostEndsInNumber(host) && !strings.ContainsFunc(addr, unicode.IsSpace) {
		if _, err := netip.ParseAddr(host); err != nil {
			return fmt.Sprintf("%s %q: %q ends in a number but is not an IP address; write an IPv4 address as four decimal numbers, e.g. %s", flag, addr, host, example)
		}
	}
	return fmt.Sprintf("%s %q: must be HOST:PORT with a port from 0 to 65535 or a service name, e.g. %s", flag, addr, example)
}

func runServe(ctx context.Context, args []string) error {
	c, err := serveFlags(args)
	if err != nil {
		return asJSONLine(args, err)
	}
	// A reader of serve's output that goes away (`serve | head`, a log
	// shipper or `tee` that died) ended the process by SIGPIPE at its
	// next line, and delivery with it. Asked for, SIGPIPE becomes an EPIPE
	// from the write instead: the line is lost (slog drops a handler's
	// error, fmt's is not looked at) and serve goes on, since nothing it
	// stores depends on its log; the first start's printout, which does,
	// says so and is printed again by the next start.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	// A reader that stays but stops reading (`serve | less` left paused,
	// a stuck log shipper) filled the pipe, and then every goroutine that
	// logged, the delivery engine's included, waited on it: its lines are
	// now queued, and dropped and counted when too many wait.
	c.output = logqueue.New(logQueueBytes, os.Stderr, droppedNotice(c))
	defer c.output.Flush(outputFlushWait)
	log, err := newLoggerTo(c.output.To(os.Stderr), c.logLevel, c.logFormat)
	if err != nil {
		return asJSONLine(args, err)
	}
	// Every line names the instance, whoever logs it (engine, store, API):
	// the logs of several instances on one database are read together.
	log = log.With(slog.String("instance", c.instanceID))
	routeStdLog(log)
	for _, w := range unknownEnv(os.Environ()) {
		log.Warn(w)
	}
	// The flag wins over its variable, as documented, but in silence a
	// variable left in a unit or compose file (ESAHAYAK_DB naming the
	// production database) lost to a flag from a wrapper or an old command
	// line: the server started on another database, printed a development
	// account, and refused every customer's key, with nothing in its log to
	// say that the variable was not used.
	logOverriddenEnv(log, c.overriddenEnv)
	if why := weakOperatorToken(c.operatorToken); why != "" {
		log.Warn(weakOperatorTokenWarning, slog.String("why", why))
	}
	err = serve(ctx, c, log)
	if err != nil && ctx.Err() != nil && errors.Is(err, context.Canceled) {
		// SIGTERM or Ctrl-C while starting (migrations, the first start's
		// account): a stop like any other. Each step is a transaction, and
		// the next start goes on from where this one stopped.
		log.Info("stopped before start-up finished", slog.String("during", err.Error()))
		return nil
	}
	if err != nil && strings.EqualFold(c.logFormat, "json") {
		// A log shipper reading JSON lines could not parse main's plain
		// "esahayak: …" line: the error that ends serve is a log line too.
		log.Error("esahayak stopped", slog.Any("err", err))
		return loggedError{err}
	}
	return err
}

// logOverriddenEnv logs, one info line each, the variables that flags
// given on the command line won over (flags.overridden), with both values
// as redactFlag shows them.
func logOverriddenEnv(log *slog.Logger, overridden []overriddenEnv) {
	for _, o := range overridden {
		log.Info(fmt.Sprintf("%s is set, but --%s is given on the command line and wins: %s is not used", o.env, o.flag, o.env),
			slog.String("flag", "--"+o.flag), slog.String("value", o.value), slog.String("ignored", o.ignored))
	}
}

// routeStdLog makes what Go's standard library writes with the log
// package lines of serve's log, at warn. net/http's client writes there
// when a receiver misbehaves: bytes it sent after its answer
// ("Unsolicited response received on idle HTTP channel starting with …",
// quoting up to 4 KiB of them), HTTP/2 frames out of order. Left to the
// log package, any endpoint could put a plain line of its own bytes, with
// no level or instance, into a log of JSON lines, once an attempt and
// whatever --log-level said. The text is cut as an attempt's error is.
func routeStdLog(log *slog.Logger) {
	stdlog.SetFlags(0)
	stdlog.SetOutput(stdLogWriter{log})
}

// stdLogWriter writes each line of the log package as a warning of log.
type stdLogWriter struct{ log *slog.Logger }

func (w stdLogWriter) Write(p []byte) (int, error) {
	w.log.Warn(egress.CutErrorText(strings.TrimSuffix(string(p), "\n")))
	return len(p), nil
}

// asJSONLine logs a usage error found before serve's logger exists as a
// JSON line, when the command line or the environment asks for JSON logs:
// a log shipper parses every line. The flag package's own message for an
// unknown flag or a malformed value is one too, its hint an attribute.
func asJSONLine(args []string, err error) error {
	var ue usageError
	if !errors.As(err, &ue) || ue.printed || !jsonLogsAsked(args) {
		return err
	}
	attrs := []any{slog.String("err", withEnvNames(ue.msg))}
	if ue.hint != "" {
		attrs = append(attrs, slog.String("hint", ue.hint))
	}
	slog.New(slog.NewJSONHandler(os.Stderr, nil)).Error("esahayak stopped", attrs...)
	return loggedError{err}
}

// jsonLogsAsked reports whether --log-format (or ESAHAYAK_LOG_FORMAT) says
// json, read from the raw arguments: the flags did not parse.
func jsonLogsAsked(args []string) bool {
	format := os.Getenv("ESAHAYAK_LOG_FORMAT")
	for i, a := range args {
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "log-format" {
			continue
		}
		if !hasValue && i+1 < len(args) {
			value = args[i+1]
		}
		format = value
	}
	return strings.EqualFold(trimText(format), "json") // as the flag and newLogger read it
}

// loggedError is an error the command has logged already: main only sets
// the exit status.
type loggedError struct{ error }

func (e loggedError) Unwrap() error { return e.error }

func serve(ctx context.Context, c serveConfig, log *slog.Logger) error {
	if floor := c.attemptTimeout + 5*time.Second; c.shutdownGrace < floor {
		// A shorter grace would close the store under attempts that are
		// still running: their outcomes would be lost and the deliveries
		// sent again after a restart.
		log.Info("raising --shutdown-grace to --attempt-timeout + 5s, so attempts in flight at shutdown are recorded",
			slog.String("shutdown_grace", floor.String()))
		c.shutdownGrace = floor
	}
	if floor := c.attemptTimeout + 5*time.Second; c.lease < floor {
		// The engine would raise it anyway (a lease shorter than an
		// attempt hands work to another instance while it is sent): say so.
		log.Info("raising --lease to --attempt-timeout + 5s, so a delivery stays with this instance while it is sent",
			slog.String("lease", floor.String()))
		c.lease = floor
	}
	schedule, err := backoff.ParseSchedule(c.retrySchedule)
	if err != nil {
		return usageError{msg: "--retry-schedule: " + err.Error()}
	}
	var proxy *url.URL
	if c.egressProxy != "" {
		proxy, err = url.Parse(c.egressProxy)
		if err != nil || proxy.Host == "" || (proxy.Scheme != "http" && proxy.Scheme != "https" && proxy.Scheme != "socks5") {
			return usageError{msg: fmt.Sprintf("--egress-proxy %q: use http://HOST:PORT, https://HOST:PORT or socks5://HOST:PORT%s", proxyURLShown(c.egressProxy), userinfoHint(c.egressProxy))}
		}
		if proxy.Hostname() == "" {
			// "http://:3128" (a variable left empty before the port) was
			// dialled as ":3128", which Go takes for this machine, and
			// the failures never named the missing host; --api-base and
			// --forward-to refuse one so.
			example := proxy.Scheme + "://proxy.internal"
			if p := proxy.Port(); p != "" && validProxyPort(p) {
				// A port out of range is left out: the example would
				// be refused in turn for it.
				example += ":" + p
			}
			return usageError{msg: fmt.Sprintf("--egress-proxy %q has no host; give the proxy's host before its port, e.g. %s%s", proxyURLShown(c.egressProxy), example, userinfoHint(c.egressProxy))}
		}
		if !isText(proxy.Hostname()) {
			// url.Parse takes a host of any bytes but control characters:
			// "\xff" started the server, and every delivery then failed as
			// `proxy`, its host not found.
			return usageError{msg: fmt.Sprintf("--egress-proxy %q: the host holds a byte that is not text (not UTF-8); give the proxy's host name or IP address, e.g. %s://proxy.internal:3128%s", proxyURLShown(c.egressProxy), proxy.Scheme, userinfoHint(c.egressProxy))}
		}
		if !validProxyPort(proxy.Port()) {
			// url.Parse takes any digits as a port: a proxy at :99999 or
			// :0 started the server, and then every delivery failed as
			// `proxy`, with nothing at start to say why.
			return usageError{msg: fmt.Sprintf("--egress-proxy %q: the port must be from 1 to 65535 (or left out for the scheme's default)%s", proxyURLShown(c.egressProxy), userinfoHint(c.egressProxy))}
		}
		if !bareProxyURL(proxy) || strings.Contains(c.egressProxy, "#") {
			// A proxy is reached by host and port alone: a path, query or
			// fragment was dropped without a word, so an operator who
			// meant something by it (a PAC file, a token in the query)
			// would not learn that it was ignored.
			return usageError{msg: fmt.Sprintf("--egress-proxy %q: give only SCHEME://HOST:PORT (with user:password@ if the proxy wants them); a path, query or fragment is not used%s", proxyURLShown(c.egressProxy), userinfoHint(c.egressProxy))}
		}
	}
	if c.instanceID == "" {
		c.instanceID = defaultInstanceID() // a config not made by serveFlags
	}

	ln, pprofLn, err := listenServe(c)
	if err != nil {
		return err
	}
	// Closed on every return; after srv.Shutdown the second Close does
	// nothing.
	defer ln.Close()
	if pprofLn != nil {
		defer pprofLn.Close()
		// Served from now on, like the API's address: a slow start (a
		// migration, another instance's) is one to profile, and the
		// profiles' connections hung until it ended.
		go servePprof(pprofLn, log)
	}
	base, everywhere := serveBase(ln.Addr())

	// The address is served from now on: until the start is done (the
	// database opened and migrated, maybe after another instance's
	// migration, the --instance-id taken), by api.Starting's 503s. The
	// connections the listener took meanwhile hung until then without
	// an answer, a load balancer's health check and a client's request
	// alike, for as long as a migration takes.
	// The dashboard's addresses answer a browser in words (a page, not
	// the API's JSON): a dashboard reloaded during a restart showed it.
	handler := &switchHandler{}
	handler.set(dashboard.Starting(api.Starting(buildVersion(), dbDriver(c.db), nil)))
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		// The API bounds the writing of each answer itself, from its first
		// write (api.ResponseWriteTimeout); this bounds what the server
		// writes before a handler runs (a malformed request's 400).
		WriteTimeout: api.ResponseWriteTimeout,
	}
	serveErr := make(chan error, 1)
	// A request with both Content-Length and Transfer-Encoding has its
	// connection closed after its answer (api.GuardFraming).
	guarded := api.GuardFraming(srv, ln)
	go func() { serveErr <- srv.Serve(guarded) }()
	// A start that fails or is stopped ends what the address accepted;
	// after srv.Shutdown, Close does nothing.
	defer srv.Close()

	st, err := openStore(ctx, c.db, sqlite.Options{Synchronous: c.sqliteSync, Server: true}, log)
	if err != nil {
		return err
	}
	defer st.Close() // on the returns before the stop below, which closes it itself

	// The printout goes straight to standard output, to learn whether
	// it was written (firstStartLocked): the lines logged before it go
	// first, as they did before they were queued.
	c.flushOutput(outputFlushWait)
	if err := firstStart(ctx, st, base, c.stderr()); err != nil {
		return err
	}
	if st.Driver() == "sqlite" {
		// Only one process uses a SQLite file, so every lease left in it
		// belongs to a process that died: give them back at once instead of
		// waiting for them to run out.
		if n, err := st.ReleaseLeases(ctx, "", time.Now()); err != nil {
			return fmt.Errorf("release leases: %w", err)
		} else if n > 0 {
			log.Info("resuming deliveries left in flight by the previous run", slog.Int("deliveries", n))
		}
	}
	releaseID := func() {} // the --instance-id's lock (PostgreSQL)
	if st.Driver() != "sqlite" {
		// A restarted instance with the same --instance-id knows its
		// predecessor's leases are dead and takes them back at once, so no
		// other live instance may hold that id. A generated id is held too:
		// an --instance-id that names a running instance's generated id
		// (read from its log) must be refused like any other in use.
		if ic, ok := st.(instanceClaimer); ok {
			lost := func(err error) {
				log.Error("this instance's id was taken by another session after the database connection holding it dropped: two instances may now share it; restart one with its own --instance-id",
					slog.Any("err", err))
			}
			release, err := ic.ClaimInstanceID(ctx, c.instanceID, 0, lost)
			if errors.Is(err, postgres.ErrInstanceIDInUse) {
				log.Warn("--instance-id is held by another session; waiting for it (a predecessor that vanished is noticed within about 25 s)",
					slog.String("up_to", instanceIDWait.String()))
				release, err = ic.ClaimInstanceID(ctx, c.instanceID, instanceIDWait, lost)
			}
			if errors.Is(err, postgres.ErrInstanceIDInUse) {
				return fmt.Errorf("--instance-id %q is in use by another running instance on this database; give each instance its own (or leave it unset for a random one)", c.instanceID)
			}
			if err != nil {
				return fmt.Errorf("claim --instance-id: %w", err)
			}
			defer release()
			releaseID = release
		}
		if c.instanceIDGiven {
			if n, err := st.ReleaseLeases(ctx, c.instanceID, time.Now()); err != nil {
				return fmt.Errorf("release leases: %w", err)
			} else if n > 0 {
				log.Info("resuming deliveries left in flight by this instance's previous run", slog.Int("deliveries", n))
			}
		}
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := delivery.NewMetrics(reg)
	if c.output != nil {
		reg.MustRegister(c.output.Metric())
	}
	// No cap on connections per host: lanes bound each endpoint, and
	// endpoints sharing a host must not wait for each other (egress.Options).
	client := egress.NewClient(egress.Options{AllowPrivate: c.allowInsecure, Proxy: proxy, Timeout: c.attemptTimeout,
		MaxConnsPerHost: c.maxConnsPerHost, MaxIdleConnsPerHost: c.perEndpoint * 4})
	engine := delivery.New(delivery.Config{
		Owner: c.instanceID, Schedule: schedule, Client: client, AllowInsecureURLs: c.allowInsecure, PerEndpoint: c.perEndpoint, MaxInFlight: c.maxInFlight,
		Lease: c.lease, Timeout: c.attemptTimeout, Log: log, Metrics: metrics,
	}, st)
	engine.Start(ctx)
	engine.StartMaintenance(delivery.MaintenanceConfig{Interval: c.maintenance, AutoDisableAfter: c.autoDisable, Retention: c.retention})

	apiServer := api.New(api.Config{OperatorToken: c.operatorToken, AllowInsecureURLs: c.allowInsecure, Version: buildVersion(),
		MaxEndpointsPerAccount: c.maxEndpoints, MaxListenSessionsPerAccount: c.maxListenSessions}, st, engine, log)
	apiServer.MountMetrics(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	dash := mountExtras(apiServer, st, engine, c, log)

	srv.RegisterOnShutdown(apiServer.StopReadingBodies)
	handler.set(apiServer)
	listening := base
	if everywhere {
		listening = base + " and every other address of this machine"
	}
	fmt.Fprintf(c.stdout(), "esahayak %s listening on %s (database: %s, retry schedule: %s)\n", buildVersion(), listening, redactDB(c.db), schedule)
	// The version too: a log shipped away from the stdout line above is
	// where an operator looks for which release an instance ran.
	log.Info("serving", slog.String("version", buildVersion()), slog.String("addr", ln.Addr().String()), slog.String("db", redactDB(c.db)),
		slog.Bool("allow_insecure_urls", c.allowInsecure), slog.Bool("operator_routes", c.operatorToken != ""))

	// Set before the first signal can end ctx, not once this goroutine has
	// seen it end: a second signal in between ended the process with no
	// line saying why.
	onSecondSignal(func(sig os.Signal) {
		log.Warn("second signal: stopping at once, as a crash would; attempts in flight are sent again when their lease ends",
			slog.String("signal", sig.String()))
		// Queued, the line would die with the process.
		c.flushOutput(secondSignalFlushWait)
	})
	select {
	case err := <-serveErr:
		engine.Stop(context.Background())
		apiServer.FlushLogs()
		dash.FlushLogs()
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	var stop stopSignal
	if errors.As(context.Cause(ctx), &stop) {
		log.Info("shutting down: no new requests or claims; finishing attempts in flight", slog.String("signal", stop.sig.String()))
	} else {
		log.Info("shutting down: no new requests or claims; finishing attempts in flight")
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), c.shutdownGrace)
	defer cancel()
	// The engine stops claiming at once, beside the HTTP shutdown rather
	// than after it: one client slow to send its request held the engine
	// claiming and sending for the whole grace, which then had no time
	// left to record what it sent. Uploads still being answered write
	// their deliveries due, or give back what they leased, while the
	// store stays open until both are done.
	engineStopped := make(chan struct{})
	go func() { defer close(engineStopped); engine.Stop(shutdownCtx) }()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		log.Warn("http shutdown", slog.Any("err", err))
	}
	// The requests of an outage that its last "database unavailable"
	// line held back: no later line would count them (stopping=true).
	apiServer.FlushLogs()
	dash.FlushLogs()
	<-engineStopped
	// "stopped" is the last thing this process does: what it holds is
	// given back first. Logged before them, it came 0.2–1.3 s before the
	// exit on SQLite with a backlog just written (the checkpoint that
	// folds the -wal into the database file, and the close of its last
	// connection), while the lock file still read running: a script or
	// supervisor that took the line for the stop could copy the database
	// without its -wal. The deferred calls find all of it done.
	if pprofLn != nil {
		pprofLn.Close()
	}
	releaseID()
	st.Close()
	log.Info("stopped")
	return nil
}

// listenServe takes serve's addresses (the API's and, when asked for, pprof's)
// before the store is opened: an address in use must not leave behind a
// new SQLite file, migrated, and its lock; nor a development account,
// whose key an empty database's next start would no longer print.
func listenServe(c serveConfig) (ln, pprofLn net.Listener, err error) {
	ln, err = net.Listen("tcp", c.addr)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: %w (%s)", withEnvNames("--addr"), c.addr, err, busyHint(err, "--addr", "perhaps an esahayak serve started earlier"))
	}
	if c.pprofAddr == "" {
		return ln, nil, nil
	}
	if pprofLn, err = net.Listen("tcp", c.pprofAddr); err != nil {
		ln.Close()
		hint := busyHint(err, "--pprof-addr", "")
		if errors.Is(err, syscall.EADDRINUSE) && samePort(ln.Addr(), c.pprofAddr) {
			// "another program listens there" sent the operator looking
			// for a program that is this one: the API holds that port.
			hint = withEnvNames("--addr") + " " + c.addr + " takes that port: give " + withEnvNames("--pprof-addr") + " a port of its own, e.g. 127.0.0.1:6060"
		}
		return nil, nil, fmt.Errorf("%s %s: %w (%s)", withEnvNames("--pprof-addr"), c.pprofAddr, err, hint)
	}
	return ln, pprofLn, nil
}

// samePort reports whether addr, a HOST:PORT to listen on, names the port
// that a, a listener's address, has.
func samePort(a net.Addr, addr string) bool {
	t, ok := a.(*net.TCPAddr)
	_, port, err := net.SplitHostPort(addr)
	if !ok || err != nil {
		return false
	}
	n, err := net.LookupPort("tcp", port) // digits, or a service name such as "http"
	return err == nil && n != 0 && n == t.Port
}

// busyHint says what to do about an address that could not be taken. When
// another program holds it, the likeliest on a developer's machine is a
// server of ours left running (the README's first command, still up when
// its tour starts the next): "choose another address" alone sent them to
// another port, where the next start stopped on the database's lock
// instead; stopping the old server is what they meant to do.
func busyHint(err error, flag, likely string) string {
	if !errors.Is(err, syscall.EADDRINUSE) {
		return "choose another address"
	}
	if likely != "" {
		likely = ", " + likely
	}
	return "another program listens there" + likely + ": stop it, or choose another " + flag
}

// startLocker is a store that several servers can start on at once
// (PostgreSQL): they look for and create the first account one at a time.
type startLocker interface {
	WithStartLock(ctx context.Context, fn func() error) error
}

// serveBase is the URL that the first start's printout and the listening
// line give for the server's address, and whether that address is a
// wildcard (--addr :8080, 0.0.0.0:8080, [::]:8080). A wildcard listener
// reports itself as [::], which is no address to open: browsers refuse
// http://[::]:8080/ and http://0.0.0.0:8080/, and not every system connects
// to them. The same machine reaches the server on loopback, which Go's
// wildcard listener (both IPv4 and IPv6) takes too.
func serveBase(a net.Addr) (base string, everywhere bool) {
	if t, ok := a.(*net.TCPAddr); ok && (t.IP == nil || t.IP.IsUnspecified()) {
		return "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(t.Port)), true
	}
	return "http://" + a.String(), false
}

// firstStart creates a development account on an empty database and
// prints how to use it; a printout that could not be written is said to
// note, standard error's queue.
func firstStart(ctx context.Context, st store.Store, base string, note io.Writer) error {
	if l, ok := st.(startLocker); ok {
		return l.WithStartLock(ctx, func() error { return firstStartLocked(ctx, st, base, note) })
	}
	return firstStartLocked(ctx, st, base, note)
}

func firstStartLocked(ctx context.Context, st store.Store, base string, note io.Writer) error {
	acct, finish, err := unfinishedFirstStart(ctx, st)
	if err != nil || !finish {
		return err
	}
	if stdoutClosedAtStart() {
		// Started with `>&-`: the printout went to the /dev/null Go puts
		// there, unseen, and the account was marked done, so no start
		// ever showed its key and password again. Nothing is made: the
		// next start with its output open makes it.
		made := "is not created"
		if acct.ID != "" {
			made = "is not finished"
		}
		fmt.Fprintf(note, "esahayak: standard output is closed: the development account (its API key and dashboard password, shown only once, on standard output) %s; start serve with its output open for it, or make an account with 'esahayak accounts create NAME'\n", made)
		return nil
	}
	// The slow part (hashing the password) before any write: the writes
	// and the printout follow each other within milliseconds.
	user, password, userErr := newDevUser()
	now := time.Now().UTC()
	finishing := acct.ID != ""
	if acct.ID == "" {
		acct = store.Account{ID: ids.NewAt(ids.Account, now), Name: devAccountName, CreatedAt: now}
		if err := st.CreateAccount(ctx, acct); err != nil {
			return fmt.Errorf("create development account: %w", err)
		}
	}
	// A new account's key; or, for the account of a first start killed
	// before its printout, another one (that one's was never shown). Its
	// name marks the account as the first start's (unfinishedFirstStart).
	key, row, err := api.NewAPIKey(acct.ID, devKeyName, now)
	if err == nil {
		err = st.CreateAPIKey(ctx, row, 0)
	}
	if err != nil {
		return fmt.Errorf("create the development account's key: %w", err)
	}
	if finishing {
		// The earlier start's keys were never shown to anyone: revoked.
		if keys, err := st.ListAPIKeys(ctx, acct.ID); err == nil {
			for _, k := range keys {
				if k.ID != row.ID && k.Name == devKeyName && k.RevokedAt == nil {
					_ = st.RevokeAPIKey(ctx, acct.ID, k.ID, now)
				}
			}
		}
	}
	extra := devUserLines(password, userErr)
	heading := "Created a development account (this database was empty):"
	if finishing {
		heading = "Finished the development account of a first start that was stopped before it printed it:"
	}
	// Written within printoutWait, or given up: a standard output that is
	// not read (a pipe left full by a stuck log shipper) held this start,
	// and on PostgreSQL the start lock every instance's start takes, for
	// as long as nobody read it.
	printErr := writeWithin(ctx, os.Stdout, fmt.Sprintf(`
%s
  account_id: %s
  api_key:    %s
%s
  API:        %s/v1
  Dashboard:  %s/
  Health:     %s/healthz
  Metrics:    %s/metrics

Try:  curl -H "Authorization: Bearer %s" "%s/v1/orders"
Keep the key: it is stored hashed and shown only now. More keys for this account: the dashboard's
Settings → API Access; 'esahayak accounts create NAME' makes another account, with a key of its own.

`, heading, acct.ID, key, extra, base, base, base, base, key, base), printoutWait)
	if printErr != nil {
		// Nobody saw the key: the next start finishes this one again
		// (the user, its mark of done, is not stored). A printout given up
		// may still reach a reader that comes back: its key is revoked
		// now, so that what it shows is refused rather than working until
		// the next start revokes it.
		revoked := ""
		if st.RevokeAPIKey(context.WithoutCancel(ctx), acct.ID, row.ID, time.Now().UTC()) == nil {
			revoked = "its key is revoked, and "
		}
		fmt.Fprintf(note, "esahayak: could not print the development account (%v); %sthe next start prints it again, with a new key\n", printErr, revoked)
		if ctx.Err() != nil {
			return ctx.Err() // stopped while it waited: "stopped before start-up finished"
		}
		return nil
	}
	// The user last, after the printout: it marks the first start done
	// (unfinishedFirstStart), so a start killed before it printed is
	// finished by the next one.
	if userErr == nil {
		if err := storeDevUser(ctx, st, acct.ID, user, now); err != nil {
			fmt.Printf("The dashboard user above could not be created (%v); make one with 'esahayak users create'.\n\n", err)
		}
	}
	return nil
}

// redactDB hides a PostgreSQL password, in the user part of the URL or in
// its query (pgx takes ?password= as well), before the DSN is printed.
//
// Where url.Parse reads no password, the user info is also read from the
// text, as egress.Userinfo reads it (up to the last "@"): a "/", "?" or
// "#" typed as is in a password ends the host early for url.Parse, so
// "postgres://app:1234#5678@db/esahayak" parses with "app:1234" as host
// and port, no user and the rest as fragment, and was printed whole
// (egress.WithoutCredentials and delivery.LogURL read URLs so already).
// What follows the first ":" of that user info then reads "xxxxx"; a path
// or query with an "@" in it after a port, in a DSN with no password, is
// hidden with it, as it cannot be told from such a password.
func redactDB(db string) string {
	shown := redactParsedDB(db)
	u, err := url.Parse(db)
	if err != nil || u.Scheme == "" || u.Opaque != "" {
		return shown // not a URL, or one hidden as its text reads already
	}
	if _, ok := u.User.Password(); ok {
		return shown // the password as url.Parse reads it, hidden
	}
	if start, end, ok := egress.Userinfo(shown); ok && strings.Contains(shown[start:end], ":") && strings.ContainsAny(shown[start:end], "/?#") {
		// Read again: a ?password= that url.Parse took for part of the
		// fragment or path is a query now.
		shown = redactParsedDB(egress.PasswordHidden(shown))
	}
	return shown
}

// redactParsedDB is redactDB as url.Parse reads db.
func redactParsedDB(db string) string {
	u, err := url.Parse(db)
	if err != nil || u.Scheme == "" || u.Opaque != "" {
		// Not a URL: a keyword/value DSN ("host=… password=…"),
		// sqlite:PATH (which holds no secret and is left as it is), or a
		// URL that does not parse, whose password is hidden all the same.
		return dsnSecret.ReplaceAllString(withoutURLPassword(db), "${1}xxxxx")
	}
	changed := false
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User, changed = url.UserPassword(u.User.Username(), "xxxxx"), true
		}
	}
	q := u.Query()
	for _, k := range []string{"password", "sslpassword"} {
		if q.Has(k) {
			q.Set(k, "xxxxx")
			changed = true
		}
	}
	if !changed {
		return db // printed as given
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// dsnSecret is a password in a keyword/value DSN: password=… or
// sslpassword=…, bare or single-quoted.
var dsnSecret = regexp.MustCompile(`(?i)(\b(?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s]+)`)

func newLogger(level, format string) (*slog.Logger, error) {
	return newLoggerTo(os.Stderr, level, format)
}

// newLoggerTo is newLogger writing to w.
func newLoggerTo(w io.Writer, level, format string) (*slog.Logger, error) {
	// The four names only, in any case: slog's own syntax also takes an
	// offset ("info+2", "ERROR+4"), a level between or beyond them, and
	// such a value started a server that logged no failed attempt (or
	// not even its own stop) without a word.
	var lvl slog.Level
	switch strings.ToLower(level) {
	case "debug":
		lvl = slog.LevelDebug
	case "info":
		lvl = slog.LevelInfo
	case "warn":
		lvl = slog.LevelWarn
	case "error":
		lvl = slog.LevelError
	default:
		return nil, usageError{msg: fmt.Sprintf("--log-level %q: use debug, info, warn or error", level)}
	}
	opts := &slog.HandlerOptions{Level: lvl}
	switch strings.ToLower(format) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usageError{msg: fmt.Sprintf("--log-format %q: use text or json", format)}
}

// switchHandler serves what set gave it last: api.Starting while serve
// starts, then the API.
type switchHandler struct{ h atomic.Pointer[http.Handler] }

func (s *switchHandler) set(h http.Handler) { s.h.Store(&h) }

func (s *switchHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	(*s.h.Load()).ServeHTTP(w, r)
}

// dbDriver is the driver that --db names, as the store's Driver says it.
func dbDriver(db string) string {
	if isPostgres(db) {
		return "postgres"
	}
	return "sqlite"
}

// logQueueBytes bounds the lines serve holds for a reader that is not
// reading: past the pipe's own 64 KiB, a few thousand attempt lines, a
// burst of a second or two at --log-level debug under load.
const logQueueBytes = 1 << 20

// outputFlushWait is how long serve waits for its queued lines to be
// written: at its end, and before the first start's printout. A reader
// that does not read gets no more than this.
const outputFlushWait = 2 * time.Second

// secondSignalFlushWait is outputFlushWait for a second signal, which
// stops serve at once.
const secondSignalFlushWait = 500 * time.Millisecond

// droppedNoticeMsg is the notice of log lines dropped while the reader of
// serve's output did not read them.
const droppedNoticeMsg = "log lines dropped: the reader of this server's output did not keep up, and nothing waits for it"

// droppedNotice makes the notice of dropped lines in c's log format, with
// the instance as every line has it. It is written when the reader reads
// again, in the place of the lines it stands for.
func droppedNotice(c serveConfig) func(n int64) []byte {
	return func(n int64) []byte {
		var b bytes.Buffer
		if log, err := newLoggerTo(&b, "warn", c.logFormat); err == nil {
			log.Warn(droppedNoticeMsg, slog.String("instance", c.instanceID), slog.Int64("dropped", n))
		}
		return b.Bytes()
	}
}

// stderr is where serve's notes for standard error go: queued with its
// log, as stdout's lines are.
func (c serveConfig) stderr() io.Writer {
	if c.output == nil {
		return os.Stderr
	}
	return c.output.To(os.Stderr)
}

// errNotRead is a write that its reader did not take within its bound.
var errNotRead = errors.New("standard output was not read within " + printoutWait.String())

// printoutWait bounds the write of the first start's printout.
const printoutWait = 2 * time.Second

// writeWithin writes s to w, waiting at most wait (or until ctx ends) for
// it to be taken; then it returns errNotRead (or ctx's error), and the
// write goes on behind it, written if a reader comes back.
func writeWithin(ctx context.Context, w io.Writer, s string, wait time.Duration) error {
	done := make(chan error, 1)
	go func() {
		_, err := io.WriteString(w, s)
		done <- err
	}()
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		return errNotRead
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stdout is where serve's lines for standard output go: queued with its
// log, so that they keep their order and never wait for a reader.
func (c serveConfig) stdout() io.Writer {
	if c.output == nil {
		return os.Stdout
	}
	return c.output.To(os.Stdout)
}

// flushOutput writes what serve has queued, waiting at most wait.
func (c serveConfig) flushOutput(wait time.Duration) {
	if c.output != nil {
		c.output.Flush(wait)
	}
}
