package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/esahayak/esahayak/internal/bench"
	"github.com/esahayak/esahayak/internal/store/postgres"
)

// serverArgs collects repeated --server-arg values; each may hold several
// words ("--attempt-timeout 2s").
type serverArgs []string

func (a *serverArgs) String() string { return strings.Join(*a, " ") }
func (a *serverArgs) Set(v string) error {
	*a = append(*a, strings.Fields(v)...)
	return nil
}

// takesFlags: serve's flags are its values (flagTakenAsValue).
func (a *serverArgs) takesFlags() bool { return true }

// The upper bounds of bench's flags, checked after parsing them and said
// in their help.
const (
	benchMaxConcurrency   = 4096
	benchMaxFanOut        = 1000
	benchMaxSlowEndpoints = 1000
	benchMaxRepeat        = 100
	benchMaxInstances     = 16
	// A CPU profile is waited for before the run ends: --cpuprofile-seconds
	// 100000 held the bench for a day after it had measured, and past
	// about 292 years of seconds its timeout overflowed and every profile
	// failed at once. The measured phases of the documented runs last
	// minutes.
	benchMaxProfileSeconds = 3600
	// --max-wait bounds the backlog's wait for its first attempts, which
	// has no other end: with 1000h a server that never attempted them
	// held the bench for six weeks.
	benchMaxWait = 24 * time.Hour
)

// benchDBForms are the values bench's --db takes, as its refusals list
// them: serve's (dbForms) and sqlite alone, its default.
const benchDBForms = "sqlite (a temporary file per run, the default), sqlite:PATH (a new file, deleted after) or postgres://USER@HOST:PORT/DB"

func runBench(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == bench.CeilingCommand {
		return runCeilingClient(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == bench.RelayCommand {
		return runRelay(ctx, args[1:])
	}
	f := newFlags("bench", "bench [flags]")
	// ESAHAYAK_BENCH_*: the bench's own names, so that a variable set for
	// another command (ESAHAYAK_EVENTS is listen's event types) or for the
	// server (ESAHAYAK_DB) never changes what it measures or touches.
	f.envPrefix = "ESAHAYAK_BENCH_"
	scenario := f.str("scenario", strings.Join(bench.DefaultScenarios, ","),
		"scenarios to run, comma-separated, each named once (--repeat runs them again): all, "+strings.Join(bench.Scenarios, ", "))
	db := f.dbFlag("db", "sqlite", "store: sqlite (a temporary file per run), sqlite:PATH (a new file, deleted after), or postgres://USER@HOST:PORT/DB (a new schema per run, dropped after)")
	f.valueForms = map[string]string{"db": benchDBForms}
	// Each bound is said in the help, as serve's are: it was learnt only
	// from a refusal.
	events := f.integer("events", 0, fmt.Sprintf("events per run of single, fanout and backlog, at most %d (0: 10000, 2000 and 20000)", bench.MaxEvents))
	conc := f.integer("concurrency", 64, fmt.Sprintf("requests in flight of the load generator and of the ceiling's plain client, 1 to %d", benchMaxConcurrency))
	dur := f.duration("duration", 10*time.Second, "how long steady and slow send events")
	rate := f.integer("rate", 1000, fmt.Sprintf("events per second of the steady scenario; times --duration, at most %d events", bench.MaxEvents))
	slowRate := f.integer("slow-rate", 200, fmt.Sprintf("events per second of the slow scenario; times --duration, at most %d events", bench.MaxEvents))
	fanout := f.integer("fanout", 10, fmt.Sprintf("endpoints of the fanout scenario, 1 to %d", benchMaxFanOut))
	slowEps := f.integer("slow-endpoints", 50, fmt.Sprintf("timing-out endpoints of the slow scenario, 1 to %d", benchMaxSlowEndpoints))
	backlogMode := f.str("backlog-mode", "down", "how the backlog scenario's endpoint is down: down (503 + Retry-After, then re-enabled) or hold (requests held open)")
	repeat := f.integer("repeat", 1, fmt.Sprintf("run each scenario this many times, 1 to %d, and report medians", benchMaxRepeat))
	instances := f.integer("instances", 1, fmt.Sprintf("serve processes sharing the database (PostgreSQL only), 1 to %d", benchMaxInstances))
	maxWait := f.duration("max-wait", 2*time.Minute, fmt.Sprintf("longest wait for deliveries to arrive after the last upload, at most %s", durationText(benchMaxWait)))
	asJSON := f.boolean("json", false, "print the results as JSON")
	profDir := f.raw("cpuprofile-dir", "", "write a CPU profile of the server over each measured phase into this directory (uses serve --pprof-addr)")
	f.offWhenEmpty = map[string]bool{"cpuprofile-dir": true}
	profSecs := f.integer("cpuprofile-seconds", 10, fmt.Sprintf("length of each CPU profile, 1 to %d, from the first upload (and in backlog, from the recovery)", benchMaxProfileSeconds))
	var extra serverArgs
	f.Var(&extra, "server-arg", "extra argument(s) for every serve child, e.g. --server-arg '--attempt-timeout 2s' (repeatable)")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() > 0 {
		return usageError{msg: benchArgumentMistake(f.Arg(0))}
	}
	// A number out of range is a mistake, not a request for the default.
	if *events < 0 {
		return usageError{msg: "bench: --events must be positive, or 0 for each scenario's default"}
	}
	for _, c := range []struct {
		name string
		ok   bool
	}{
		{"concurrency", *conc >= 1}, {"duration", *dur > 0}, {"rate", *rate >= 1},
		{"slow-rate", *slowRate >= 1}, {"fanout", *fanout >= 1}, {"slow-endpoints", *slowEps >= 1}, {"repeat", *repeat >= 1},
		{"instances", *instances >= 1}, {"max-wait", *maxWait > 0}, {"cpuprofile-seconds", *profSecs >= 1},
	} {
		if !c.ok {
			if _, isDuration := f.Lookup(c.name).Value.(*durationValue); isDuration {
				return usageError{msg: fmt.Sprintf("bench: --%s %s: must be positive", c.name, f.written(c.name))}
			}
			return usageError{msg: fmt.Sprintf("bench: --%s must be positive", c.name)}
		}
	}
	// Upper bounds: a typo's extra zeros (--fanout 1000000) made the bench
	// create endpoints, or open connections, or start runs for hours, or
	// run out of memory, before it measured anything.
	for _, c := range []struct {
		name     string
		got, max int
	}{
		{"concurrency", *conc, benchMaxConcurrency}, {"fanout", *fanout, benchMaxFanOut}, {"slow-endpoints", *slowEps, benchMaxSlowEndpoints},
		{"repeat", *repeat, benchMaxRepeat}, {"instances", *instances, benchMaxInstances}, {"cpuprofile-seconds", *profSecs, benchMaxProfileSeconds},
	} {
		if c.got > c.max {
			return usageError{msg: fmt.Sprintf("bench: --%s must be at most %d (got %d)", c.name, c.max, c.got)}
		}
	}
	if *maxWait > benchMaxWait {
		return usageError{msg: fmt.Sprintf("bench: --max-wait %s: must be at most %s", f.written("max-wait"), durationText(benchMaxWait))}
	}
	var scenarios []string
	all := false
	for _, s := range strings.Split(*scenario, ",") {
		switch s = strings.TrimSpace(s); s {
		case "":
		case "all":
			all = true
			scenarios = append(scenarios, bench.Scenarios...)
		default:
			scenarios = append(scenarios, s)
		}
	}
	// A scenario named twice ("all,single", "single,single") ran twice,
	// and printed two tables of the same name with no median between
	// them: refused rather than deduplicated, since whoever wrote it may
	// have wanted the second run, which --repeat gives with medians.
	for i, s := range scenarios {
		if slices.Contains(scenarios[:i], s) {
			why := ""
			if all {
				why = " (all runs every scenario)"
			}
			return usageError{msg: fmt.Sprintf("bench: --scenario %q names %s twice%s: name each scenario once, and use --repeat N to run each N times", *scenario, s, why)}
		}
	}
	// An empty list is a mistake (a script's empty variable), not a
	// request for the defaults: leaving --scenario out asks for those.
	if len(scenarios) == 0 {
		return usageError{msg: fmt.Sprintf("bench: --scenario %q names no scenario: use all, %s", *scenario, strings.Join(bench.Scenarios, ", "))}
	}
	// The bench gives every serve child these itself: one given again
	// through --server-arg wins, and the run then fails once started, far
	// from its cause (a child on another database knows none of the
	// bench's accounts: 401, and the file stays; on another address it is
	// waited for a minute; with another token, or without loopback http://
	// receivers, the first upload or endpoint is refused; with an endpoint
	// cap, a fan-out past it is refused its endpoint).
	if err := checkServerArgs(extra); err != nil {
		return err
	}
	// The rest as serve reads them: a word serve refuses (a misspelt flag,
	// --attempt-timeout 2h) was refused by every child once the first run
	// had started, exit status 1.
	served, err := parseServeFlags(extra, false)
	if errors.Is(err, flag.ErrHelp) {
		// Its help is printed: -h asked every child for it, and the bench
		// has nothing to measure.
		return usageError{msg: fmt.Sprintf("bench: --server-arg %q: serve's flags are above; give --server-arg serve's flags without -h", extra.String())}
	} else if err != nil {
		var ue usageError
		if !errors.As(err, &ue) {
			return usageError{msg: fmt.Sprintf("bench: --server-arg %q: %v", extra.String(), err)}
		}
		return usageError{msg: fmt.Sprintf("bench: --server-arg %q: serve refuses it: %s", extra.String(), ue.msg), hint: ue.hint}
	}
	// A --pprof-addr for the children: with --cpuprofile-dir the bench
	// gives each its own, after the --server-arg words, and the one given
	// was dropped in silence; with --instances above 1 every child was
	// given the same port, and the second failed to take it once the
	// first run had started (exit status 1, "address already in use").
	if served.pprofAddr != "" {
		if *profDir != "" {
			return usageError{msg: fmt.Sprintf("bench: --server-arg --pprof-addr %s: --cpuprofile-dir gives each serve child a pprof address of its own; leave --pprof-addr out", served.pprofAddr)}
		}
		if _, port, _ := net.SplitHostPort(served.pprofAddr); *instances > 1 && port != "" && port != "0" {
			if n, err := net.LookupPort("tcp", port); err == nil && n != 0 {
				return usageError{msg: fmt.Sprintf("bench: --server-arg --pprof-addr %s: each of the --instances %d serve children would listen there, and only one can; leave it out (--cpuprofile-dir profiles every child)", served.pprofAddr, *instances)}
			}
		}
	}
	// Every --db but the temporary file's is checked as the other
	// commands check it, before the bench sets anything up: a DSN without
	// a database (the bench would make its schema in the one the driver
	// falls back to), sqlite::memory:, another scheme.
	if v := *db; v != "" && v != "sqlite" && v != "sqlite:" {
		var ue usageError
		if err := checkDB(v); errors.As(err, &ue) {
			// serve's forms, and the bench's own sqlite besides.
			return usageError{msg: "bench: " + strings.Replace(ue.msg, "use "+dbForms, "use "+benchDBForms, 1)}
		} else if err != nil {
			return err
		}
		// A named SQLite file must be new (the bench deletes it after):
		// refused here, not once the first run had started ("single: run
		// 1 of 1" before the refusal). The bench checks it again.
		if path := sqlitePath(v); path != "" {
			if _, err := os.Lstat(path); err == nil {
				return usageError{msg: fmt.Sprintf("bench: --db sqlite:%s: the file exists; name a new file (the bench deletes it afterwards) or use --db sqlite", path)}
			}
			// Its directory too: a missing one failed the first run once
			// started (exit 1, "single (run 1): esahayak accounts create:
			// exit status 1: esahayak: the directory of …"). It is looked
			// at as the system walks to the file (nosuch/../x.db passes
			// through nosuch).
			walked := "."
			if i := strings.LastIndexAny(path, "/"+string(filepath.Separator)); i >= 0 {
				walked = path[:i+1]
			}
			if _, err := os.Stat(walked); errors.Is(err, fs.ErrNotExist) {
				return usageError{msg: fmt.Sprintf("bench: --db sqlite:%s: the directory of %s does not exist (create it, or choose another path)", path, path)}
			} else if err != nil {
				return usageError{msg: fmt.Sprintf("bench: --db sqlite:%s: %v; choose another path", path, err)}
			}
		}
	}
	bin, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find the esahayak binary: %w", err)
	}
	// The bench process shares the cores with the server it measures: keep
	// its garbage collector from taking more of them than it must.
	debug.SetGCPercent(400)
	// A reader of the bench's progress that went away (`bench 2>&1 | head`,
	// a killed tee) ended it by SIGPIPE at its next line: its serve
	// children died with it, but its temporary store (a SQLite file under
	// TMPDIR, a PostgreSQL schema) stayed for good. Asked for, SIGPIPE
	// becomes an EPIPE from the write instead, on which the bench stops as
	// on Ctrl-C, cleaning up, and ends with exit status 1.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	progress := &stopOnWriteError{w: os.Stderr, fallback: io.Discard, stop: stop}
	// A rate left at its default is passed as 0 (bench's default, the
	// same): Run bounds the events of a rate given even when its scenario
	// is not run, and of a default only where it is used, so that
	// --scenario slow --duration 3h is not refused for steady's 1,000/s.
	given := map[string]bool{}
	f.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	rateOf := func(name string, v int) float64 {
		if !given[name] {
			return 0
		}
		return float64(v)
	}
	cfg := bench.Config{
		Binary: bin, DB: *db, Scenarios: scenarios, Events: *events, Concurrency: *conc, Duration: *dur,
		Rate: rateOf("rate", *rate), SlowRate: rateOf("slow-rate", *slowRate), FanOut: *fanout, SlowEndpoints: *slowEps, BacklogMode: *backlogMode,
		Repeat: *repeat, Instances: *instances, ServerArgs: extra, MaxWait: *maxWait, Progress: progress,
		ProfileDir: *profDir, ProfileSeconds: *profSecs,
	}
	// Made once the rest is known good: a bench refused for another flag
	// left its new, empty profile directory behind.
	if err := cfg.Check(); err != nil {
		// Its bounds on --rate × --duration name the duration as Go
		// prints it (3000h0m0s): one given is said as it was written, and
		// with its variable when it came from one.
		var cfgErr *bench.ConfigError
		if errors.As(err, &cfgErr) && f.Lookup("duration").Value.(*durationValue).typed != "" {
			return usageError{msg: "bench: " + strings.Replace(cfgErr.Error(), "--duration "+dur.String()+" ", withEnvNames("--duration")+" "+f.written("duration")+" ", 1)}
		}
		return benchError(err)
	}
	if stdoutClosedAtStart() {
		// `bench … >&-`: Go puts /dev/null there, and the bench ran for
		// minutes to print its results into it, exiting 0, though a
		// closed output of bench exits 1. Refused before anything runs.
		return errors.New("bench: its standard output is closed, so its results could not be shown: nothing run; run it with its output open")
	}
	// A PostgreSQL --db is connected to once, when every flag is known
	// good (a mistake in another is still said first, exit status 2) and
	// before anything is set up: a parameter the server refuses
	// (?sslmdoe=disable, a misspelt sslmode; ?statement_timeout=soon) was
	// refused only once the first run had started ("bench: single: run 1
	// of 1"), exit status 1 with the driver's words, where serve refuses
	// the same --db as a mistake in it (exit status 2, the parameter
	// meant named); a server that cannot be reached likewise failed the
	// first run.
	if isPostgres(*db) {
		if err := probeBenchDB(ctx, *db); err != nil {
			return err
		}
	}
	if *profDir != "" {
		if err := os.MkdirAll(*profDir, 0o755); err != nil {
			return fmt.Errorf("bench: %s: %w", withEnvNames("--cpuprofile-dir"), err)
		}
	}
	results, err := bench.Run(ctx, cfg)
	if errors.Is(context.Cause(ctx), errOutputClosed) {
		// The results of the scenarios finished before are still printed
		// (standard output may be read where standard error was not).
		err = errors.New("stopped: its output could not be written; its servers are stopped and its store removed")
	}
	if len(results) > 0 {
		if *asJSON {
			if jerr := bench.WriteJSON(os.Stdout, results); jerr != nil && err == nil {
				err = jerr
			}
		} else {
			bench.WriteTable(os.Stdout, results)
		}
	}
	// After the table: a run with deliveries missing (bench.MissingError)
	// exits 1, so that scripts and CI notice figures counted over part of
	// the deliveries.
	// Ctrl-C (or SIGTERM) during a run: said so, not "context canceled"
	// (with the run's deliveries not yet arrived blamed on --max-wait),
	// and main ends the process as the signal would, after the cleanup,
	// so that a script running the bench stops too.
	return benchError(err)
}

// probeBenchDB connects to the bench's PostgreSQL dsn once and
// disconnects, saying what is wrong as serve says it: a parameter
// PostgreSQL refuses is a usage error naming --db, any other failure to
// connect says each attempt once and what to check.
func probeBenchDB(ctx context.Context, dsn string) error {
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	conn, err := postgres.Connect(cctx, dsn)
	if err == nil {
		conn.Close(context.Background())
		return nil
	}
	var dsnErr *postgres.DSNError
	switch {
	case errors.As(err, &dsnErr):
		return usageError{msg: "bench: --db: " + dsnErr.Error()}
	case errors.As(context.Cause(ctx), new(stopSignal)):
		// Ctrl-C while it connected: nothing was set up.
		return interruptedError{msg: "bench: interrupted before it started; nothing was set up"}
	}
	return fmt.Errorf("bench: connect %s: %w", redactDB(dsn), postgres.ConnectFailure(err, ""))
}

// benchError is the command's error for bench.Run's (or Config.Check's).
func benchError(err error) error {
	var intr *bench.InterruptedError
	if errors.As(err, &intr) {
		return interruptedError{msg: "bench: " + err.Error()}
	}
	var cfgErr *bench.ConfigError
	if errors.As(err, &cfgErr) {
		return usageError{msg: "bench: " + cfgErr.Error()}
	}
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	return nil
}

// runCeilingClient is `esahayak bench ceiling-client`, the bench's plain
// HTTP client run as its own process; it prints bench.CeilingResult as JSON.
func runCeilingClient(ctx context.Context, args []string) error {
	f := newFlags("bench "+bench.CeilingCommand, "bench "+bench.CeilingCommand+" --url URL --body FILE")
	url := f.String("url", "", "receiver URL (loopback)")
	bodyFile := f.String("body", "", "file holding the request body")
	n := f.Int("requests", 20000, "requests to send")
	conc := f.Int("concurrency", 64, "requests in flight")
	limit := f.Duration("limit", 15*time.Second, "stop after this long")
	if err := f.parse(args); err != nil {
		return err
	}
	if !strings.HasPrefix(*url, "http://127.0.0.1:") {
		return usageError{msg: "bench " + bench.CeilingCommand + ": --url must be http://127.0.0.1:PORT/…"}
	}
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		return err
	}
	debug.SetGCPercent(400)
	res, err := bench.Ceiling(ctx, *url, body, *n, *conc, *limit)
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(res)
}

// runRelay is `esahayak bench relay-floor`, the bench's plain in-memory
// relay (bench.Relay) run as its own process. It prints bench.RelayInfo as
// one JSON line once it listens, and serves until it is stopped.
func runRelay(ctx context.Context, args []string) error {
	f := newFlags("bench "+bench.RelayCommand, "bench "+bench.RelayCommand+" --to URL[,URL…] --body FILE")
	to := f.String("to", "", "receiver URLs (loopback), comma-separated")
	bodyFile := f.String("body", "", "file holding the body to relay")
	workers := f.Int("workers", 16, "concurrent POSTs per receiver URL")
	if err := f.parse(args); err != nil {
		return err
	}
	targets := strings.Split(*to, ",")
	for _, t := range targets {
		if !strings.HasPrefix(t, "http://127.0.0.1:") {
			return usageError{msg: "bench " + bench.RelayCommand + ": every --to URL must be http://127.0.0.1:PORT/…"}
		}
	}
	if *workers < 1 {
		return usageError{msg: "bench " + bench.RelayCommand + ": --workers must be at least 1"}
	}
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	debug.SetGCPercent(400)
	if err := json.NewEncoder(os.Stdout).Encode(bench.RelayInfo{URL: "http://" + ln.Addr().String() + "/relay"}); err != nil {
		ln.Close()
		return err
	}
	return bench.Relay(ctx, ln, targets, body, *workers)
}

// benchOwnServeFlags are the serve flags the bench sets for every child
// itself (internal/bench's startServer). --max-endpoints-per-account is 0
// there so that --fanout and --slow-endpoints may go past the default
// cap; a cap given again would fail a wide run on its first endpoint past
// it, once started.
var benchOwnServeFlags = []string{"addr", "db", "operator-token", "allow-insecure-urls", "max-endpoints-per-account"}

// checkServerArgs refuses a --server-arg word that names one of
// benchOwnServeFlags, in any of the spellings the flag package takes
// (-db, --db, --db=…).
func checkServerArgs(args serverArgs) error {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			continue // a value
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if slices.Contains(benchOwnServeFlags, name) {
			flag, _, _ := strings.Cut(a, "=")
			hint := "leave it out"
			if name == "db" {
				hint = "use the bench's --db"
			}
			return usageError{msg: fmt.Sprintf("bench: --server-arg %s: the bench sets it for every serve child itself; %s", flag, hint)}
		}
	}
	return nil
}

// benchArgumentMistake is the refusal of a word given to bench, which
// takes flags only, with the flag the word was meant for when one is
// clear. Every word was answered "did you mean --scenario WORD?", which
// for "bench help", a database ("bench postgres://…") or a number was
// wrong, and refused in turn as an unknown scenario. The word is shown
// without a PostgreSQL password.
func benchArgumentMistake(arg string) string {
	shown := redactDB(arg)
	refusal := fmt.Sprintf("bench takes no arguments (got %q)", shown)
	switch {
	case isScenarioList(arg):
		return fmt.Sprintf("%s; did you mean --scenario %s?", refusal, arg)
	case isPostgres(arg) || arg == "sqlite" || strings.HasPrefix(arg, "sqlite:"):
		return fmt.Sprintf("%s; did you mean --db %s?", refusal, shown)
	case isHelpWord(arg):
		return fmt.Sprintf("%s; for its flags, run 'esahayak bench -h'", refusal)
	}
	return fmt.Sprintf("%s; its settings are flags: run 'esahayak bench -h' to see them", refusal)
}

// isScenarioList reports a word that --scenario takes: all, or scenario
// names, comma-separated.
func isScenarioList(arg string) bool {
	named := false
	for _, s := range strings.Split(arg, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if s != "all" && !slices.Contains(bench.Scenarios, s) {
			return false
		}
		named = true
	}
	return named
}
