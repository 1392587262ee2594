package bench

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Scenarios, in the order "all" runs them.
var Scenarios = []string{"single", "fanout", "steady", "backlog", "slow"}

// DefaultScenarios run when none is named: small enough for under a minute.
var DefaultScenarios = []string{"single", "fanout", "steady"}

// Config is one bench invocation.
type Config struct {
	// Binary is the esahayak executable to run as `serve` and `accounts create`.
	Binary string
	// DB is "" or "sqlite" (a temporary file per run), "sqlite:PATH"
	// (that file, emptied first) or a postgres:// URL (a new schema per run,
	// dropped afterwards).
	DB        string
	Scenarios []string
	// Events per run of single, fanout and backlog; 0 takes each scenario's default.
	Events int
	// Concurrency is the load generator's requests in flight, and the ceiling's.
	Concurrency int
	// Duration and Rate (events/s) shape steady and slow (slow uses
	// SlowRate); a rate of 0 is the default (1,000 and 200). A rate set is
	// bounded (MaxEvents over Duration) even when its scenario does not run.
	Duration time.Duration
	Rate     float64
	SlowRate float64
	// FanOut is the endpoints of the fanout scenario (10); SlowEndpoints the
	// timing-out neighbours of the slow scenario (50).
	FanOut        int
	SlowEndpoints int
	// BacklogMode is how the backlog scenario's endpoint is down: "down"
	// (503 with Retry-After, then disabled and re-enabled; the default) or
	// "hold" (requests held open; see bencher.backlog).
	BacklogMode string
	// Repeat runs each scenario this many times; figures are medians.
	Repeat int
	// Instances is the number of serve processes sharing the database
	// (PostgreSQL only); uploads are spread over them.
	Instances int
	// ServerArgs are appended to every serve command line (they win over
	// the bench's own choices).
	ServerArgs []string
	// CeilingRequests is how many requests the ceiling sends (0: as many as
	// the scenario's deliveries, at least 20,000 and at most 200,000).
	CeilingRequests int
	// ProfileDir, when set, receives a CPU profile of each server over the
	// measured phase (ProfileSeconds long, from the first upload; in
	// backlog, a second one from the endpoint's recovery), taken through
	// serve's --pprof-addr.
	ProfileDir     string
	ProfileSeconds int
	// MaxWait bounds each wait for deliveries to arrive.
	MaxWait time.Duration
	// Progress receives one line per step (nil: discarded).
	Progress io.Writer
}

// ConfigError is a mistake in the Config, which for `esahayak bench` is a
// mistake in its command line (exit status 2): the bench cannot run as
// asked. Run may find one only when it reaches the run concerned (--db).
type ConfigError struct{ msg string }

func (e *ConfigError) Error() string { return e.msg }

func configErrorf(format string, args ...any) error {
	return &ConfigError{msg: fmt.Sprintf(format, args...)}
}

func (c *Config) defaults() error {
	if c.Binary == "" {
		return errors.New("bench: no esahayak binary")
	}
	if len(c.Scenarios) == 0 {
		c.Scenarios = DefaultScenarios
	}
	for i, s := range c.Scenarios {
		if !slices.Contains(Scenarios, s) {
			// Flag first, as the other refusals: the command adds the
			// variable the value came from after it.
			return configErrorf("--scenario: unknown scenario %q: use all, %s", s, strings.Join(Scenarios, ", "))
		}
		// Run once per scenario: a second run of one would be a second
		// result of the same name, its figures not in the other's median.
		if slices.Contains(c.Scenarios[:i], s) {
			return configErrorf("--scenario: %s is named twice: name each scenario once, and set Repeat (--repeat) to run it more than once", s)
		}
	}
	switch c.BacklogMode {
	case "":
		c.BacklogMode = "down"
	case "down", "hold":
	default:
		return configErrorf("--backlog-mode %q: use down or hold", c.BacklogMode)
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 64
	}
	if c.Duration <= 0 {
		c.Duration = 10 * time.Second
	}
	// A rate given is checked below whether or not its scenario runs; a
	// default only where it is used.
	rateGiven := map[string]bool{"steady": c.Rate > 0, "slow": c.SlowRate > 0}
	if c.Rate <= 0 {
		c.Rate = 1000
	}
	if c.SlowRate <= 0 {
		c.SlowRate = 200
	}
	if c.FanOut <= 0 {
		c.FanOut = 10
	}
	if c.SlowEndpoints <= 0 {
		c.SlowEndpoints = 50
	}
	if c.Repeat <= 0 {
		c.Repeat = 1
	}
	if c.Instances <= 0 {
		c.Instances = 1
	}
	// Every event of a run is an order created, and its id is held, before
	// the measured phase: a typo's extra zeros (--events 1000000000, or
	// --rate 1e9 with --duration 10s) started the server and then ran the
	// bench out of memory (a runtime crash, its temporary files left
	// behind) or ran for days. A value given past its bound is refused
	// whether or not the scenarios asked for use it, as --fanout and
	// --slow-endpoints are: a typo is as much one in a flag that this
	// run ignores, and the same command with another --scenario would
	// have run it.
	if c.Events > MaxEvents {
		return configErrorf("--events must be at most %d (got %d)", MaxEvents, c.Events)
	}
	for _, s := range []string{"steady", "slow"} {
		if !rateGiven[s] && !slices.Contains(c.Scenarios, s) {
			continue
		}
		rate := c.Rate
		if s == "slow" {
			rate = c.SlowRate
		}
		flag := map[string]string{"steady": "--rate", "slow": "--slow-rate"}[s]
		if n := rate * c.Duration.Seconds(); n > MaxEvents {
			return configErrorf("%s %.0f × --duration %s is %.0f events of %s: at most %d", flag, rate, c.Duration, n, s, MaxEvents)
		} else if int(n) < 1 {
			// The run's events are int(rate × duration): under one
			// (--duration 500ms --rate 1, --duration 1ms) started the
			// server, sent nothing and failed once its run was over,
			// "no delivery arrived to copy the body of", exit status 1.
			return configErrorf("%s %.0f × --duration %s is no whole event of %s: give a longer --duration or a higher %s (at least one event)", flag, rate, c.Duration, s, flag)
		}
	}
	if c.Instances > 1 && !strings.HasPrefix(c.DB, "postgres") {
		return configErrorf("--instances above 1 needs --db postgres://…: a SQLite file belongs to one process")
	}
	if c.MaxWait <= 0 {
		c.MaxWait = 2 * time.Minute
	}
	if c.ProfileSeconds <= 0 {
		c.ProfileSeconds = 10
	}
	if c.Progress == nil {
		c.Progress = io.Discard
	}
	return nil
}

// Check returns the mistake Run would refuse c for before it starts (a
// *ConfigError), or nil: a caller that prepares something for the run
// (the command's --cpuprofile-dir) checks first, so that a refused run
// leaves nothing behind.
func (c Config) Check() error { return c.defaults() }

// MaxEvents bounds the events of one run: ten times the largest the
// documentation runs (a backlog of 1,000,000).
const MaxEvents = 10_000_000

func (c *Config) events(scenario string) int {
	if c.Events > 0 {
		return c.Events
	}
	switch scenario {
	case "single":
		return 10000
	case "fanout":
		return 2000
	case "backlog":
		return 20000
	}
	return 0
}

// Run runs every configured scenario Repeat times and returns one result per scenario.
// When a run's deliveries did not all arrive, Run still runs the others and
// returns every result, with a *MissingError: figures counted over part of
// the deliveries must not pass for a measurement.
func Run(ctx context.Context, cfg Config) ([]Result, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "esahayak-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	b := &bencher{cfg: cfg, dir: dir}
	var out []Result
	for _, sc := range cfg.Scenarios {
		res := Result{Scenario: sc, Store: storeName(cfg.DB), Instances: cfg.Instances, Concurrency: cfg.Concurrency}
		for i := 0; i < cfg.Repeat; i++ {
			b.logf("%s: run %d of %d", sc, i+1, cfg.Repeat)
			r, err := b.run(ctx, sc)
			if err != nil && ctx.Err() != nil {
				// Whichever step it stopped (an upload, the ceiling's
				// child, the wait for arrivals), the run was interrupted.
				return out, errors.Join(&InterruptedError{Run: fmt.Sprintf("%s (run %d of %d)", sc, i+1, cfg.Repeat), Err: ctx.Err()}, b.missing())
			}
			if err != nil {
				return out, errors.Join(fmt.Errorf("%s (run %d): %w", sc, i+1, err), b.missing())
			}
			res.Runs = append(res.Runs, r)
		}
		res.Median = median(res.Runs)
		res.describe(cfg)
		out = append(out, res)
	}
	return out, b.missing()
}

// InterruptedError is Run's error when its context ended during a run
// (Ctrl-C): that run's servers are stopped and its store is removed (its
// PostgreSQL schema dropped) by the time Run returns; the results of the
// scenarios finished before it are returned with it.
type InterruptedError struct {
	Run string // e.g. "steady (run 1 of 3)"
	Err error  // the context's error
}

func (e *InterruptedError) Error() string {
	return "interrupted during " + e.Run + "; its servers are stopped and its store removed"
}

func (e *InterruptedError) Unwrap() error { return e.Err }

// MissingError is Run's error when deliveries had not all arrived when a
// run's wait ended (MaxWait, or nothing arrived for 30s): that run's
// figures count only what arrived. Run still returns every result, so
// that they can be printed before the error.
type MissingError struct {
	// Runs says, per incomplete run, how many deliveries were missing,
	// e.g. "single run 1: 177 of 200 deliveries".
	Runs []string
}

func (e *MissingError) Error() string {
	return "deliveries missing after the wait for them (--max-wait): " + strings.Join(e.Runs, "; ")
}

// missing is a *MissingError naming the incomplete runs so far, or nil.
func (b *bencher) missing() error {
	if len(b.incomplete) == 0 {
		return nil
	}
	return &MissingError{Runs: slices.Clone(b.incomplete)}
}

func storeName(db string) string {
	if strings.HasPrefix(db, "postgres") {
		return "postgres"
	}
	return "sqlite"
}

type bencher struct {
	cfg      Config
	dir      string
	n        int            // databases made so far
	runs     map[string]int // runs started per scenario
	cur      string         // the scenario running
	profiles int            // profiles taken
	// profiling waits for the profiles in progress (the runtime takes one
	// at a time per process); nil when none was started.
	profiling func()
	// incomplete names the runs whose deliveries had not all arrived (see MissingError).
	incomplete []string
}

func (b *bencher) logf(format string, args ...any) {
	fmt.Fprintf(b.cfg.Progress, "bench: "+format+"\n", args...)
}

// endpointSpec is one webhook endpoint of a scenario.
type endpointSpec struct {
	name string
	mode Mode
}

// env is one running system: receiver, store, server(s), API client.
type env struct {
	rcv     *Receiver
	eps     []*RecvEndpoint // the scenario's endpoints, in spec order
	epIDs   []string        // their ids in the API
	ceil    *RecvEndpoint
	db      *database
	servers []*server
	bases   []string
	api     *apiClient
}

func (b *bencher) setup(ctx context.Context, specs []endpointSpec, serverArgs []string) (_ *env, err error) {
	e := &env{rcv: NewReceiver()}
	defer func() {
		if err != nil {
			e.close()
		}
	}()
	for _, s := range specs {
		ep, err := e.rcv.Add(s.name, s.mode)
		if err != nil {
			return nil, err
		}
		e.eps = append(e.eps, ep)
	}
	if e.ceil, err = e.rcv.Add("ceiling", ModeOK); err != nil {
		return nil, err
	}
	b.n++
	if e.db, err = newDatabase(ctx, b.cfg.DB, b.dir, b.n); err != nil {
		return nil, err
	}
	key, err := createAccount(ctx, b.cfg.Binary, e.db.DSN)
	if err != nil {
		return nil, err
	}
	var tok [16]byte
	rand.Read(tok[:])
	e.api = &apiClient{hc: newHTTPClient(b.cfg.Concurrency), key: key, operator: "op-" + hex.EncodeToString(tok[:])}
	args := append(slices.Clone(serverArgs), b.cfg.ServerArgs...)
	for i := 0; i < b.cfg.Instances; i++ {
		sargs := args
		var pprofAddr string
		if b.cfg.ProfileDir != "" {
			if pprofAddr, err = freePort(); err != nil {
				return nil, err
			}
			sargs = append(slices.Clone(args), "--pprof-addr", pprofAddr)
		}
		s, err := startServer(ctx, b.cfg.Binary, e.db.DSN, e.api.operator, sargs)
		if err != nil {
			return nil, err
		}
		s.pprof = pprofAddr
		e.servers = append(e.servers, s)
		e.bases = append(e.bases, s.URL)
	}
	for _, ep := range e.eps {
		id, err := e.api.createEndpoint(ctx, e.bases[0], ep.URL)
		if err != nil {
			return nil, err
		}
		e.epIDs = append(e.epIDs, id)
	}
	return e, nil
}

func (e *env) close() {
	// Answer held and slow requests first, so servers stop promptly.
	if e.rcv != nil {
		e.rcv.Unblock()
	}
	for _, s := range e.servers {
		s.stop()
	}
	if e.rcv != nil {
		e.rcv.Close()
	}
	if e.api != nil {
		e.api.hc.CloseIdleConnections()
	}
	if e.db != nil {
		e.db.cleanup()
	}
}

// cpu is the servers' CPU seconds so far; hwm and rss their largest peak
// and current resident sets.
func (e *env) cpu() float64 {
	var t float64
	for _, s := range e.servers {
		c, _ := cpuSeconds(s.pid())
		t += c
	}
	return t
}

func (e *env) memory() (hwm, rss int64) {
	for _, s := range e.servers {
		h, r, _ := memory(s.pid())
		hwm, rss = max(hwm, h), max(rss, r)
	}
	return
}

// loadAvg is the 1-minute load average from /proc/loadavg.
func loadAvg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	var l float64
	fmt.Sscanf(string(b), "%f", &l)
	return l
}

func selfCPU() float64 {
	c, _ := cpuSeconds(os.Getpid())
	return c
}

// waitArrivals waits until each of eps has answered want requests, or
// limit passes, or nothing arrived for stall. It reports whether all arrived.
func waitArrivals(ctx context.Context, eps []*RecvEndpoint, want int, limit, stall time.Duration) bool {
	deadline := time.Now().Add(limit)
	var last int64 = -1
	lastChange := time.Now()
	for {
		var total int64
		done := true
		for _, ep := range eps {
			n := ep.Count()
			total += n
			if n < int64(want) {
				done = false
			}
		}
		if done {
			return true
		}
		now := time.Now()
		if total != last {
			last, lastChange = total, now
		}
		if now.After(deadline) || now.Sub(lastChange) > stall || ctx.Err() != nil {
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func (b *bencher) run(ctx context.Context, sc string) (Figures, error) {
	if b.runs == nil {
		b.runs = map[string]int{}
	}
	b.runs[sc]++
	b.cur = sc
	switch sc {
	case "single":
		return b.throughput(ctx, sc, 1)
	case "fanout":
		return b.throughput(ctx, sc, b.cfg.FanOut)
	case "steady":
		return b.steady(ctx)
	case "backlog":
		return b.backlog(ctx)
	case "slow":
		return b.slow(ctx)
	}
	return Figures{}, fmt.Errorf("unknown scenario %q", sc)
}

func okEndpoints(n int) []endpointSpec {
	specs := make([]endpointSpec, n)
	for i := range specs {
		specs[i] = endpointSpec{name: fmt.Sprintf("ep%d", i), mode: ModeOK}
	}
	return specs
}

// phase is the measured part of a run: upload ids (paced at rate, or as
// fast as possible), wait for eps to receive them, read the servers' CPU.
type phase struct {
	run        Figures
	upStart    int64
	upEnd      int64
	stats      []endpointStats
	allArrived bool
	cpuEnd     float64
}

func (b *bencher) measure(ctx context.Context, e *env, ids []string, createRate, rate float64, eps []*RecvEndpoint, beforeWait func() error) (*phase, error) {
	cpu0, self0 := e.cpu(), selfCPU()
	p := &phase{}
	p.run.OrdersPerSec = createRate
	var err error
	profiled := b.profile(ctx, e)
	defer profiled()
	var pg *pgCPU
	if strings.HasPrefix(e.db.DSN, "postgres") {
		pg = &pgCPU{dsn: e.db.DSN}
		pg.begin(ctx, e.servers)
	}
	stopSampling := e.sampleInFlight(ctx, &p.run.InFlightMax)
	defer stopSampling()
	var upLat []time.Duration
	p.upStart, p.upEnd, upLat, err = e.api.uploadPhase(ctx, e.bases, ids, b.cfg.Concurrency, rate)
	if err != nil {
		return nil, fmt.Errorf("upload: %w", err)
	}
	slices.Sort(upLat)
	p.run.UploadP50Ms, p.run.UploadP99Ms = ms(pct(upLat, 0.5)), ms(pct(upLat, 0.99))
	if beforeWait != nil {
		if err := beforeWait(); err != nil {
			return nil, err
		}
	}
	p.allArrived = waitArrivals(ctx, eps, len(ids), b.cfg.MaxWait, 30*time.Second)
	if err := ctx.Err(); err != nil {
		// Interrupted (Ctrl-C): the deliveries not yet arrived are not
		// missing, and --max-wait did not end the wait.
		return nil, fmt.Errorf("waiting for deliveries: %w", err)
	}
	r := &p.run
	stopSampling()
	p.cpuEnd = e.cpu()
	r.ServerCPU = p.cpuEnd - cpu0
	if pg != nil {
		r.DatabaseCPU = pg.seconds(ctx, e.servers)
	}
	r.BenchCPU = selfCPU() - self0
	r.LoadAvg = loadAvg()
	hwm, _ := e.memory()
	r.PeakRSSMB = float64(hwm) / (1 << 20)
	p.stats = tally(e.rcv.snapshot(), len(e.eps))
	r.Events = len(ids)
	r.Endpoints = len(eps)
	r.IngestPerSec = float64(len(ids)) / time.Duration(p.upEnd-p.upStart).Seconds()
	var last int64
	var lat []time.Duration
	for _, ep := range eps {
		st := p.stats[ep.idx]
		r.Deliveries += st.unique
		r.Duplicates += st.duplicates
		last = max(last, st.last)
		lat = append(lat, st.latencies...)
	}
	r.Missing = len(ids)*len(eps) - r.Deliveries
	if last > p.upStart && r.Deliveries > 0 {
		r.WindowSec = time.Duration(last - p.upStart).Seconds()
		r.DeliveriesPerSec = float64(r.Deliveries) / r.WindowSec
	}
	if r.Deliveries > 0 {
		r.CPUPerDeliveryMs = r.ServerCPU * 1000 / float64(r.Deliveries)
		r.DBCPUPerDeliveryMs = r.DatabaseCPU * 1000 / float64(r.Deliveries)
	}
	r.setLatency(lat)
	if !p.allArrived || r.Missing > 0 {
		b.logf("warning: %d of %d deliveries arrived within the wait limit", r.Deliveries, len(ids)*len(eps))
		b.incomplete = append(b.incomplete, fmt.Sprintf("%s run %d: %d of %d deliveries", b.cur, b.runs[b.cur], r.Missing, len(ids)*len(eps)))
	}
	return p, nil
}

// ceiling measures the plain-client rate against the same receiver, from
// a child process.
func (b *bencher) ceiling(ctx context.Context, e *env, r *Figures) error {
	body := e.rcv.Sample()
	if body == nil {
		return errors.New("no delivery arrived to copy the body of")
	}
	n := min(max(r.Deliveries, 20000), 200000)
	if b.cfg.CeilingRequests > 0 {
		n = b.cfg.CeilingRequests
	}
	b.logf("ceiling: %d plain POSTs of %d bytes, %d in flight, from a child process", n, len(body), b.cfg.Concurrency)
	f := filepath.Join(b.dir, "body.json")
	if err := os.WriteFile(f, body, 0o600); err != nil {
		return err
	}
	cctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	cmd := childCommand(cctx, b.cfg.Binary, "bench", CeilingCommand, "--url", e.ceil.URL, "--body", f,
		"--requests", strconv.Itoa(n), "--concurrency", strconv.Itoa(b.cfg.Concurrency), "--limit", "15s")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("ceiling client: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var c CeilingResult
	if err := json.Unmarshal(stdout.Bytes(), &c); err != nil {
		return fmt.Errorf("ceiling client printed %q: %w", stdout.String(), err)
	}
	e.rcv.snapshot()
	r.CeilingPerSec, r.CeilingP50Ms, r.CeilingP99Ms, r.BodyBytes = c.PerSec, c.P50Ms, c.P99Ms, len(body)
	return nil
}

// CeilingCommand is the hidden `esahayak bench` subcommand that runs
// Ceiling in a child process.
const CeilingCommand = "ceiling-client"

func (b *bencher) throughput(ctx context.Context, sc string, endpoints int) (Figures, error) {
	e, err := b.setup(ctx, okEndpoints(endpoints), nil)
	if err != nil {
		return Figures{}, err
	}
	defer e.close()
	n := b.cfg.events(sc)
	ids, createRate, err := b.createOrders(ctx, e, n)
	if err != nil {
		return Figures{}, err
	}
	b.logf("uploading %d orders → %d deliveries", n, n*endpoints)
	p, err := b.measure(ctx, e, ids, createRate, 0, e.eps, nil)
	if err != nil {
		return Figures{}, err
	}
	r := p.run
	if err := b.ceiling(ctx, e, &r); err != nil {
		return r, err
	}
	r.Ratio = r.DeliveriesPerSec / r.CeilingPerSec
	if err := b.relayFloor(ctx, e, &r, endpoints); err != nil {
		return r, err
	}
	return r, nil
}

func (b *bencher) steady(ctx context.Context) (Figures, error) {
	e, err := b.setup(ctx, okEndpoints(1), nil)
	if err != nil {
		return Figures{}, err
	}
	defer e.close()
	n := int(b.cfg.Rate * b.cfg.Duration.Seconds())
	ids, createRate, err := b.createOrders(ctx, e, n)
	if err != nil {
		return Figures{}, err
	}
	b.logf("uploading at %.0f events/s for %s", b.cfg.Rate, b.cfg.Duration)
	p, err := b.measure(ctx, e, ids, createRate, b.cfg.Rate, e.eps, nil)
	if err != nil {
		return Figures{}, err
	}
	p.run.TargetRate = b.cfg.Rate
	if err := b.ceiling(ctx, e, &p.run); err != nil {
		return p.run, err
	}
	return p.run, nil
}

// backlogRetry makes deliveries whose held attempt timed out during the
// pile-up come back within the drain rather than minutes later.
var backlogRetry = []string{"--retry-schedule", "1s,1s,1s,1s,1s,1s,1s"}

// backlog piles up Events deliveries for one endpoint that is down, then
// lets it recover and measures the drain.
//
// BacklogMode "down" (the default): the endpoint answers 503 with
// Retry-After: 3600, so every delivery fails once and waits in the store,
// not due, for an hour; then it recovers, and disabling and re-enabling it
// through the API (PATCH status) makes the whole backlog due at once. The
// drain is claim → send → record from the store, as after any outage.
//
// BacklogMode "hold": the endpoint holds every request open (it answers
// once released, or the attempt times out). Its lane fills, so further
// deliveries are written due but unleased and the claimer must skip them
// while the endpoint is busy; on release they drain from the store.
func (b *bencher) backlog(ctx context.Context) (Figures, error) {
	spec, extra := endpointSpec{"down", ModeDown}, []string(nil)
	if b.cfg.BacklogMode == "hold" {
		spec, extra = endpointSpec{"held", ModeHold}, backlogRetry
	}
	e, err := b.setup(ctx, []endpointSpec{spec}, extra)
	if err != nil {
		return Figures{}, err
	}
	defer e.close()
	n := b.cfg.events("backlog")
	ids, createRate, err := b.createOrders(ctx, e, n)
	if err != nil {
		return Figures{}, err
	}
	ep := e.eps[0]
	var release time.Time
	var holdRSS int64
	var cpuRelease float64
	// A second profile covers the drain (the first, the uploads); the
	// runtime takes one at a time, so the first must have ended by then.
	drainProfiled := func() {}
	defer func() { drainProfiled() }()
	b.logf("uploading %d orders while the endpoint is down (%s)", n, map[bool]string{true: "holding every request", false: "503, Retry-After: 3600"}[spec.mode == ModeHold])
	p, err := b.measure(ctx, e, ids, createRate, 0, e.eps, func() error {
		if spec.mode == ModeDown {
			deadline := time.Now().Add(b.cfg.MaxWait)
			for ep.Refused() < int64(n) {
				if err := ctx.Err(); err != nil {
					return fmt.Errorf("waiting for the backlog's first attempts: %w", err)
				}
				if time.Now().After(deadline) {
					return fmt.Errorf("only %d of %d deliveries were attempted while the endpoint was down", ep.Refused(), n)
				}
				time.Sleep(5 * time.Millisecond)
			}
			// Answered is not recorded: an attempt whose 503 the server
			// records only after the disable and enable below keeps its
			// Retry-After of an hour (the enable makes due what waits, not
			// what is on the wire), and its delivery missed the drain (3
			// of 40 in a test run on a loaded machine).
			for {
				recorded, err := e.api.recordedAttempts(ctx, e.bases[0], e.epIDs[0])
				if err != nil {
					return err
				}
				if recorded >= n {
					break
				}
				if time.Now().After(deadline) {
					return fmt.Errorf("only %d of %d first attempts were recorded while the endpoint was down", recorded, n)
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
		_, holdRSS = e.memory()
		b.logf("backlog of %d deliveries in the store; server RSS %.0f MB; the endpoint recovers", n, float64(holdRSS)/(1<<20))
		drainProfiled = b.profile(ctx, e) // first: it may wait for the uploads' profile
		cpuRelease = e.cpu()
		release = time.Now()
		if spec.mode == ModeHold {
			ep.Release()
			return nil
		}
		ep.SetMode(ModeOK)
		for _, status := range []string{"disabled", "enabled"} {
			if err := e.api.setEndpointStatus(ctx, e.bases[0], e.epIDs[0], status); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Figures{}, err
	}
	r := p.run
	r.BacklogRSSMB = float64(holdRSS) / (1 << 20)
	if st := p.stats[0]; st.last > release.UnixNano() {
		r.DrainSec = time.Duration(st.last - release.UnixNano()).Seconds()
		r.DrainPerSec = float64(st.unique) / r.DrainSec
		r.DrainCPUPerDeliveryMs = (p.cpuEnd - cpuRelease) * 1000 / float64(st.unique)
	}
	if err := b.ceiling(ctx, e, &r); err != nil {
		return r, err
	}
	r.Ratio = r.DrainPerSec / r.CeilingPerSec
	return r, nil
}

func (b *bencher) slow(ctx context.Context) (Figures, error) {
	n := int(b.cfg.SlowRate * b.cfg.Duration.Seconds())
	one := func(specs []endpointSpec) (*phase, error) {
		e, err := b.setup(ctx, specs, nil)
		if err != nil {
			return nil, err
		}
		defer e.close()
		ids, createRate, err := b.createOrders(ctx, e, n)
		if err != nil {
			return nil, err
		}
		if len(specs) == 1 {
			b.logf("uploading at %.0f events/s for %s to the healthy endpoint alone", b.cfg.SlowRate, b.cfg.Duration)
		} else {
			b.logf("uploading at %.0f events/s for %s to the healthy endpoint and %d timing-out ones", b.cfg.SlowRate, b.cfg.Duration, len(specs)-1)
		}
		p, err := b.measure(ctx, e, ids, createRate, b.cfg.SlowRate, e.eps[:1], nil)
		if err == nil && len(specs) > 1 {
			err = b.ceiling(ctx, e, &p.run)
		}
		return p, err
	}
	b.logf("slow: the healthy endpoint alone")
	alone, err := one(okEndpoints(1))
	if err != nil {
		return Figures{}, err
	}
	specs := []endpointSpec{{"healthy", ModeOK}}
	for i := 0; i < b.cfg.SlowEndpoints; i++ {
		specs = append(specs, endpointSpec{fmt.Sprintf("slow%d", i), ModeSlow})
	}
	b.logf("slow: beside %d endpoints that time out", b.cfg.SlowEndpoints)
	with, err := one(specs)
	if err != nil {
		return Figures{}, err
	}
	r := with.run
	r.TargetRate = b.cfg.SlowRate
	r.AloneP50Ms, r.AloneP90Ms, r.AloneP99Ms, r.AloneMaxMs = alone.run.P50Ms, alone.run.P90Ms, alone.run.P99Ms, alone.run.MaxMs
	if r.AloneP99Ms > 0 {
		r.Ratio = r.P99Ms / r.AloneP99Ms
	}
	return r, nil
}

// createOrders creates n orders through the API (not part of the measured
// phase) and returns their ids and the rate of creation.
func (b *bencher) createOrders(ctx context.Context, e *env, n int) ([]string, float64, error) {
	b.logf("creating %d orders", n)
	t := time.Now()
	ids, err := e.api.createOrders(ctx, e.bases, n, b.cfg.Concurrency)
	if err != nil {
		return nil, 0, fmt.Errorf("create orders: %w", err)
	}
	rate := float64(n) / time.Since(t).Seconds()
	b.logf("created %d orders at %.0f/s", n, rate)
	return ids, rate, nil
}

// profile starts a CPU profile of every server (when asked to) and returns
// a function that waits for them to be written.
func (b *bencher) profile(ctx context.Context, e *env) (wait func()) {
	if b.cfg.ProfileDir == "" {
		return func() {}
	}
	if b.profiling != nil {
		// The drain's profile comes while the uploads' may still run: a
		// second one would be refused (HTTP 500). Wait for it.
		b.profiling()
	}
	b.profiles++
	done := make(chan struct{}, len(e.servers))
	for i, s := range e.servers {
		name := filepath.Join(b.cfg.ProfileDir, fmt.Sprintf("%02d-%s-run%d-instance%d.pprof", b.profiles, b.cur, b.runs[b.cur], i+1))
		go func() {
			defer func() { done <- struct{}{} }()
			if err := fetchProfile(ctx, "http://"+s.pprof, b.cfg.ProfileSeconds, name); err != nil {
				b.logf("profile: %v", err)
				return
			}
			b.logf("profile of %ds written to %s", b.cfg.ProfileSeconds, name)
		}()
	}
	var once sync.Once
	wait = func() {
		once.Do(func() {
			for range e.servers {
				<-done
			}
		})
	}
	b.profiling = wait
	return wait
}

func fetchProfile(ctx context.Context, base string, seconds int, path string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Duration(seconds+30)*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", base, seconds), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: HTTP %d", req.URL, resp.StatusCode)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// sampleInFlight polls the servers' esahayak_deliveries_in_flight gauge
// every 100 ms and keeps the largest sum in *peak until the returned
// function is called (safe to call twice).
func (e *env) sampleInFlight(ctx context.Context, peak *int) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	hc := &http.Client{Timeout: 2 * time.Second}
	go func() {
		defer close(done)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			sum := 0
			for _, base := range e.bases {
				sum += gauge(ctx, hc, base+"/metrics", "esahayak_deliveries_in_flight")
			}
			*peak = max(*peak, sum)
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { cancel(); <-done }) }
}

// gauge reads one unlabelled gauge from a Prometheus text endpoint (0 if absent).
func gauge(ctx context.Context, hc *http.Client, url, name string) int {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return 0
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			var f float64
			fmt.Sscanf(v, "%g", &f)
			return int(f)
		}
	}
	return 0
}
