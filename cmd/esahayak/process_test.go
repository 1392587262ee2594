package main_test

// These tests run the real binary as a user would, and kill it with
// SIGKILL in the middle of work, to prove that nothing is lost: every
// committed order change has its event, and every delivery reaches its
// receiver at least once and is recorded as succeeded.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
	"github.com/esahayak/esahayak/internal/testenv"
)

var binary string

func TestMain(m *testing.M) {
	// The tests of Ctrl-C want the commands they start to begin with
	// SIGINT at its default, as from a terminal. A test run started in the
	// background of a script (`scripts/test.sh &`, a CI step so run)
	// ignores it, a child inherits an ignored signal, and the commands
	// then rightly end with exit status 130 rather than killed by SIGINT:
	// TestBenchCtrlC, TestTriggerCtrlC and TestSecondCtrlCStopsAtOnce
	// failed so. A signal this process catches is back at its default in
	// a child, so an ignored SIGINT is caught here and dropped, which
	// keeps it ignored for this process.
	if signal.Ignored(os.Interrupt) {
		signal.Notify(make(chan os.Signal, 1), os.Interrupt)
	}
	dir, err := os.MkdirTemp("", "esahayak-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "esahayak")
	out, err := exec.Command("go", "build", "-race", "-ldflags", testLDFlags, "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// testLDFlags lowers the binary's --retry-schedule floor (1s, serve.go's
// minRetryDelay) to 300ms: startServeWatching's servers retry after 300ms
// and 600ms, so that a test of a failed attempt waits under a second for
// the next. The floor itself is tested in-process, where it is 1s. It
// lowers --retention's floor (7 days, minRetention) to 1s too, for the
// tests that watch pruning happen; that floor is tested in-process too.
const testLDFlags = "-X main.retryFloorForTests=300ms -X main.retentionFloorForTests=1s"

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// proc is one running `esahayak serve`.
type proc struct {
	cmd  *exec.Cmd
	base string
	out  *bytes.Buffer
	mu   *sync.Mutex
	done chan error
}

type lockedWriter struct {
	mu  *sync.Mutex
	buf *bytes.Buffer
	// watch, when set, sees each write of the process's output as it
	// comes (a log record is one write), before it is kept.
	watch func(p []byte)
}

func (w lockedWriter) Write(p []byte) (int, error) {
	if w.watch != nil {
		w.watch(p)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func startServe(t *testing.T, args ...string) *proc {
	t.Helper()
	return startServeBin(t, binary, args...)
}

func startServeBin(t *testing.T, bin string, args ...string) *proc {
	t.Helper()
	return startServeWatching(t, bin, nil, args...)
}

// startServeWatching is startServeBin with watch seeing the process's
// output as it is written (lockedWriter.watch).
func startServeWatching(t *testing.T, bin string, watch func(p []byte), args ...string) *proc {
	t.Helper()
	addr := freeAddr(t)
	p := launch(t, exec.Command(bin, append([]string{"serve", "--addr", addr, "--operator-token", "op", "--allow-insecure-urls",
		"--log-level", "warn", "--retry-schedule", "300ms,600ms,1s,1s,1s,1s,1s,1s,1s,1s"}, args...)...), "http://"+addr, watch)
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
		}
		if t.Failed() {
			t.Logf("server output:\n%s", p.output())
		}
	})
	waitHealthy(t, p)
	return p
}

// launch starts cmd, an `esahayak serve` that will answer at base, keeping
// its output (seen by watch, when set, as it is written); p.done receives
// its exit.
func launch(t *testing.T, cmd *exec.Cmd, base string, watch func(p []byte)) *proc {
	t.Helper()
	p := &proc{cmd: cmd, base: base, out: &bytes.Buffer{}, mu: &sync.Mutex{}, done: make(chan error, 1)}
	cmd.Stdout = lockedWriter{p.mu, p.out, watch}
	cmd.Stderr = lockedWriter{p.mu, p.out, watch}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	return p
}

// waitHealthy waits, up to a minute, for p's /healthz to answer 200; it
// fails the test if p exits first (putting its exit back on p.done for the
// cleanup) or never does.
func waitHealthy(t *testing.T, p *proc) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if resp, err := http.Get(p.base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		select {
		case err := <-p.done:
			p.done <- err
			t.Fatalf("serve exited early: %v\n%s", err, p.output())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not become healthy\n%s", p.output())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (p *proc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

func (p *proc) kill(t *testing.T) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
	p.done <- nil // let Cleanup's receive finish
}

func createAccount(t *testing.T, db string) (string, string) {
	t.Helper()
	out, err := exec.Command(binary, "accounts", "create", "crash-test", "--db", db).Output()
	if err != nil {
		t.Fatalf("accounts create: %v", err)
	}
	var r struct {
		AccountID string `json:"account_id"`
		APIKey    string `json:"api_key"`
	}
	if err := json.Unmarshal(out, &r); err != nil || r.APIKey == "" || !strings.HasPrefix(r.AccountID, "acct_") {
		t.Fatalf("accounts create printed %q", out)
	}
	return r.AccountID, r.APIKey
}

func call(base, method, path, key string, body string) (int, []byte, error) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, base+path, r)
	req.Header.Set("Authorization", "Bearer "+key)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

func mustCall(t *testing.T, base, method, path, key, body string, want int) []byte {
	t.Helper()
	st, b, err := call(base, method, path, key, body)
	if err != nil || st != want {
		t.Fatalf("%s %s: %d %v %s", method, path, st, err, b)
	}
	return b
}

// dbs returns the --db values to test: a SQLite file and a fresh PostgreSQL schema.
func dbs(t *testing.T) map[string]func(t *testing.T) string {
	return map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "e.db") },
		"postgres": func(t *testing.T) string { return testenv.PostgresURL(testenv.NewSchema(t)) },
	}
}

const orderBody = `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}, "delivery_requested": %v}`

// TestKillDuringTransitions: SIGKILL in a loop of transitions; afterwards
// every order's status is matched by exactly its events.
func TestKillDuringTransitions(t *testing.T) {
	for name, newDB := range dbs(t) {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			_, key := createAccount(t, db)
			acked := map[string][]string{} // order → event types the server acknowledged
			var mu sync.Mutex
			var orders []string
			for round := 0; round < 3; round++ {
				p := startServe(t, "--db", db)
				ctx, cancel := context.WithCancel(context.Background())
				var wg sync.WaitGroup
				for w := 0; w < 6; w++ {
					wg.Add(1)
					go func(w int) {
						defer wg.Done()
						for i := 0; ctx.Err() == nil; i++ {
							st, b, err := call(p.base, "POST", "/v1/orders", key, fmt.Sprintf(orderBody, i%2 == 0))
							if err != nil || st != 201 {
								return
							}
							var o struct{ ID string }
							json.Unmarshal(b, &o)
							mu.Lock()
							orders = append(orders, o.ID)
							mu.Unlock()
							var steps []struct{ move, body, event, keyKind string }
							switch (w + i) % 4 {
							case 0:
								steps = append(steps, struct{ move, body, event, keyKind string }{"upload", "", "stamp.uploaded", "op"})
								if i%2 == 0 {
									steps = append(steps, struct{ move, body, event, keyKind string }{"deliver", `{"delivery": {"partner": "P", "tracking_id": "T"}}`, "order.delivered", "op"})
								}
							case 1:
								steps = append(steps, struct{ move, body, event, keyKind string }{"fail", `{"error": {"code": "E", "message": "m"}}`, "stamp.failed", "op"},
									struct{ move, body, event, keyKind string }{"cancel", `{"reason": "r"}`, "order.cancelled", "key"})
							case 2:
								steps = append(steps, struct{ move, body, event, keyKind string }{"cancel", `{"reason": "r"}`, "order.cancelled", "key"})
							}
							for _, s := range steps {
								k := "op"
								if s.keyKind == "key" {
									k = key
								}
								st, _, err := call(p.base, "POST", "/v1/orders/"+o.ID+"/"+s.move, k, s.body)
								if err != nil || st != 200 {
									break
								}
								mu.Lock()
								acked[o.ID] = append(acked[o.ID], s.event)
								mu.Unlock()
							}
						}
					}(w)
				}
				time.Sleep(time.Duration(700+300*round) * time.Millisecond)
				p.kill(t)
				cancel()
				wg.Wait()
			}
			p := startServe(t, "--db", db)
			checkOutbox(t, p.base, key, orders, acked)
		})
	}
}

func checkOutbox(t *testing.T, base, key string, orders []string, acked map[string][]string) {
	t.Helper()
	valid := map[string][]string{
		"PROCESSING": {""},
		"COMPLETED":  {"stamp.uploaded"},
		"FAILED":     {"stamp.failed"},
		"DELIVERED":  {"stamp.uploaded,order.delivered"},
		"CANCELLED":  {"order.cancelled", "stamp.failed,order.cancelled"},
	}
	target := map[string]string{"stamp.uploaded": "COMPLETED", "stamp.failed": "FAILED", "order.delivered": "DELIVERED", "order.cancelled": "CANCELLED"}
	checked := 0
	for _, id := range orders {
		st, b, err := call(base, "GET", "/v1/orders/"+id, key, "")
		if err != nil || st != 200 {
			t.Fatalf("order %s acknowledged as created but now %d %v", id, st, err)
		}
		var o struct{ Status string }
		json.Unmarshal(b, &o)
		b = mustCall(t, base, "GET", "/v1/events?limit=100&order_id="+id, key, "", 200)
		var evs struct {
			Data []struct {
				Type string
				Data struct{ Order struct{ ID, Status string } }
			}
		}
		json.Unmarshal(b, &evs)
		var types []string
		for i := len(evs.Data) - 1; i >= 0; i-- { // oldest first
			e := evs.Data[i]
			types = append(types, e.Type)
			if e.Data.Order.Status != target[e.Type] || e.Data.Order.ID != id {
				t.Errorf("order %s: %s event says status %s", id, e.Type, e.Data.Order.Status)
			}
		}
		got := strings.Join(types, ",")
		ok := false
		for _, v := range valid[o.Status] {
			ok = ok || v == got
		}
		if !ok {
			t.Errorf("order %s is %s with events [%s]", id, o.Status, got)
		}
		// Every acknowledged change survived.
		if want := strings.Join(acked[id], ","); !strings.HasPrefix(got, want) {
			t.Errorf("order %s: acknowledged [%s] but stored [%s]", id, want, got)
		}
		checked++
	}
	if checked < 20 {
		t.Fatalf("only %d orders were made; the test did too little to prove anything", checked)
	}
	t.Logf("checked %d orders across 3 SIGKILLs", checked)
}

// receiver counts arrivals per (event id, endpoint path) and can be slow.
type receiver struct {
	srv     *httptest.Server
	mu      sync.Mutex
	got     map[string]int
	total   atomic.Int64
	delay   time.Duration
	arrived chan struct{}
	gate    chan struct{} // while open (not closed), requests are held unanswered
	entered atomic.Int64  // requests that reached the handler, answered or not
}

func newReceiver(t *testing.T, delay time.Duration) *receiver {
	r := &receiver{got: map[string]int{}, delay: delay, arrived: make(chan struct{}, 1<<16), gate: make(chan struct{})}
	close(r.gate)
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		io.Copy(io.Discard, req.Body)
		r.entered.Add(1)
		r.mu.Lock()
		gate := r.gate
		r.mu.Unlock()
		select {
		case <-gate:
		case <-req.Context().Done():
			return // the sender is gone: this one was never answered
		}
		time.Sleep(r.delay)
		r.mu.Lock()
		r.got[req.Header.Get("X-eSahayak-Delivery")+" "+req.URL.Path]++
		r.mu.Unlock()
		r.total.Add(1)
		select {
		case r.arrived <- struct{}{}:
		default:
		}
		w.WriteHeader(200)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// TestKillWithDeliveriesInFlight: hundreds of deliveries in flight, SIGKILL,
// restart; every delivery reaches the receiver at least once and is recorded
// succeeded.
func TestKillWithDeliveriesInFlight(t *testing.T) {
	for name, newDB := range dbs(t) {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			_, key := createAccount(t, db)
			rcv := newReceiver(t, 0)
			// The same instance id across restarts lets the new process take
			// back its predecessor's leases at once (as SQLite always does).
			args := []string{"--db", db, "--instance-id", "crash-test", "--per-endpoint-concurrency", "16"}
			p := startServe(t, args...)
			for _, path := range []string{"/a", "/b"} {
				mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+rcv.srv.URL+path+`"}`, 201)
			}
			const warm, n = 20, 200
			orders := createOrders(t, p.base, key, warm+n)
			events := make([]string, warm+n)
			upload := func(from, to int) {
				var wg sync.WaitGroup
				for w := 0; w < 8; w++ {
					wg.Add(1)
					go func(w int) {
						defer wg.Done()
						for i := from + w; i < to; i += 8 {
							b := mustCall(t, p.base, "POST", "/v1/orders/"+orders[i]+"/upload", "op", "", 200)
							var r struct{ Event struct{ ID string } }
							json.Unmarshal(b, &r)
							events[i] = r.Event.ID
						}
					}(w)
				}
				wg.Wait()
			}
			// First the endpoints answer: each lane's window opens to 16
			// attempts at a time (a new lane starts with two).
			upload(0, warm)
			testenv.Eventually(t, 30*time.Second, "the first events to arrive", func() bool { return rcv.total.Load() == 2*warm })
			// Then hold every request unanswered until the kill: the server
			// has attempts on the wire and the rest leased and queued.
			rcv.hold()
			upload(warm, warm+n)
			testenv.Eventually(t, 30*time.Second, "attempts on the wire", func() bool { return rcv.entered.Load()-2*warm >= 20 })
			p.kill(t)
			held := rcv.entered.Load() - 2*warm
			if answered := rcv.total.Load() - 2*warm; answered != 0 {
				t.Fatalf("%d requests were answered after the endpoints began holding them", answered)
			}
			rcv.open()
			p = startServe(t, args...)
			waitSucceeded(t, p.base, key, 2*(warm+n))
			rcv.mu.Lock()
			defer rcv.mu.Unlock()
			dups := 0
			for _, ev := range events {
				for _, path := range []string{"/a", "/b"} {
					c := rcv.got[ev+" "+path]
					if c == 0 {
						t.Errorf("event %s never reached %s", ev, path)
					}
					dups += max(0, c-1)
				}
			}
			t.Logf("%s: killed with %d deliveries held by the server (%d of them on the wire, none answered); %d requests in all, %d duplicates (at-least-once)",
				name, 2*n, held, rcv.total.Load(), dups)
		})
	}
}

// open lets the requests held by gate through, and every later one.
func (r *receiver) open() {
	r.mu.Lock()
	close(r.gate)
	r.mu.Unlock()
}

// hold makes later requests wait, unanswered, until open.
func (r *receiver) hold() {
	r.mu.Lock()
	r.gate = make(chan struct{})
	r.mu.Unlock()
}

// waitSucceeded waits (90 s at most) until want deliveries are recorded
// succeeded, as after a restart.
func waitSucceeded(t *testing.T, base, key string, want int) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for countSucceeded(t, base, key) != want {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d deliveries succeeded after restart", countSucceeded(t, base, key), want)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func countSucceeded(t *testing.T, base, key string) int {
	return len(listIDs(t, base, key, "/v1/deliveries?status=succeeded&limit=100"))
}

// listIDs pages through a list endpoint (path holds its query, with a
// limit) and returns the ids of every item, in the list's order.
func listIDs(t *testing.T, base, key, path string) []string {
	t.Helper()
	var ids []string
	after := ""
	for {
		q := path
		if after != "" {
			q += "&starting_after=" + after
		}
		var page struct {
			Data    []struct{ ID string }
			HasMore bool `json:"has_more"`
		}
		json.Unmarshal(mustCall(t, base, "GET", q, key, "", 200), &page)
		for _, item := range page.Data {
			ids = append(ids, item.ID)
		}
		if !page.HasMore || len(page.Data) == 0 {
			return ids
		}
		after = page.Data[len(page.Data)-1].ID
	}
}

// createOrders creates n PROCESSING orders (no delivery requested) through the API.
func createOrders(t *testing.T, base, key string, n int) []string {
	t.Helper()
	orders := make([]string, n)
	for i := range orders {
		var o struct{ ID string }
		json.Unmarshal(mustCall(t, base, "POST", "/v1/orders", key, fmt.Sprintf(orderBody, false), 201), &o)
		orders[i] = o.ID
	}
	return orders
}

// TestGracefulShutdown: SIGTERM lets the attempt in flight finish and be
// recorded, and the process exits 0; also with a --shutdown-grace shorter
// than the attempt, which is raised (it used to close the store under the
// attempt: its success was lost and sent again after the restart).
func TestGracefulShutdown(t *testing.T) {
	for _, extra := range [][]string{nil, {"--shutdown-grace", "1s"}} {
		t.Run(strings.Join(append([]string{"default"}, extra...), " "), func(t *testing.T) { gracefulShutdown(t, extra) })
	}
}

func gracefulShutdown(t *testing.T, extra []string) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "g.db")
	_, key := createAccount(t, db)
	rcv := newReceiver(t, 2*time.Second)
	p := startServe(t, append([]string{"--db", db}, extra...)...)
	mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+rcv.srv.URL+`/slow"}`, 201)
	b := mustCall(t, p.base, "POST", "/v1/orders", key, fmt.Sprintf(orderBody, false), 201)
	var o struct{ ID string }
	json.Unmarshal(b, &o)
	mustCall(t, p.base, "POST", "/v1/orders/"+o.ID+"/upload", "op", "", 200)
	// The attempt is on the wire, waiting on the slow receiver. (A fixed
	// 500 ms sleep here let a loaded machine send SIGTERM before the
	// claim: nothing was in flight, and the test failed with 0 requests.)
	testenv.Eventually(t, 30*time.Second, "the attempt on the wire", func() bool { return rcv.entered.Load() >= 1 })
	start := time.Now()
	p.cmd.Process.Signal(syscall.SIGTERM)
	err := <-p.done
	p.done <- nil
	if err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", err, p.output())
	}
	if rcv.total.Load() != 1 {
		t.Fatalf("receiver got %d requests before exit, want the 1 in flight", rcv.total.Load())
	}
	t.Logf("exited %s after SIGTERM", time.Since(start).Round(time.Millisecond))
	p = startServe(t, "--db", db)
	b = mustCall(t, p.base, "GET", "/v1/deliveries", key, "", 200)
	var ds struct{ Data []struct{ Status string } }
	json.Unmarshal(b, &ds)
	if len(ds.Data) != 1 || ds.Data[0].Status != "succeeded" {
		t.Fatalf("after restart: %s", b)
	}
	time.Sleep(time.Second)
	if rcv.total.Load() != 1 {
		t.Fatalf("a recorded success was sent again (%d requests)", rcv.total.Load())
	}
}

// TestShutdownBesideASlowClient: while a client slow to send its request
// holds the HTTP shutdown (for the whole grace, until bodies still
// arriving were cut off: TestShutdownCutsABodyStillArriving), the engine
// stops claiming at SIGTERM all the same, records what it sent, and nothing is sent twice
// after the restart. It kept claiming and sending for the whole grace,
// then closed the store before recording, and resent after the restart.
func TestShutdownBesideASlowClient(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "s.db")
	_, key := createAccount(t, db)
	rcv := newReceiver(t, 200*time.Millisecond)
	args := []string{"--db", db, "--attempt-timeout", "1s", "--shutdown-grace", "6s", "--per-endpoint-concurrency", "4"}
	p := startServe(t, args...)
	mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+rcv.srv.URL+`/slow"}`, 201)
	const n = 200
	for _, id := range createOrders(t, p.base, key, n) {
		mustCall(t, p.base, "POST", "/v1/orders/"+id+"/upload", "op", "", 200)
	}
	// A request whose body never comes.
	conn, err := net.Dial("tcp", strings.TrimPrefix(p.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"state\"", key)
	// The server holds the request, waiting for the rest of its body. (A
	// fixed 300 ms here, on a loaded machine, could end before serve had
	// read it: nothing held the HTTP shutdown, and the test passed without
	// the slow client it is about.)
	testenv.WaitPeerRead(t, conn, 30*time.Second)
	p.cmd.Process.Signal(syscall.SIGTERM)
	atTerm := rcv.total.Load()
	err = <-p.done
	p.done <- nil
	if err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", err, p.output())
	}
	// What was in flight at SIGTERM (4 attempts) and no more.
	if sent := rcv.total.Load() - atTerm; sent > 8 {
		t.Errorf("%d deliveries arrived after SIGTERM; the engine went on claiming", sent)
	}
	if out := p.output(); strings.Contains(out, "stopped before every outcome was recorded") || strings.Contains(out, "store is closed") {
		t.Errorf("outcomes were lost at shutdown:\n%s", out)
	}
	startServe(t, args...) // stopped by its cleanup
	testenv.Eventually(t, 60*time.Second, "every delivery after the restart", func() bool { return rcv.total.Load() >= n })
	time.Sleep(500 * time.Millisecond)
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	for k, c := range rcv.got {
		if c != 1 {
			t.Errorf("%s arrived %d times", k, c)
		}
	}
	if len(rcv.got) != n {
		t.Errorf("%d deliveries arrived, want %d", len(rcv.got), n)
	}
}

// TestShutdownCutsABodyStillArriving: a client sending its body a byte
// a second held SIGTERM for the whole --shutdown-grace with nothing in
// flight; the body now has 2 s more to arrive, then is answered 408, and
// a body that completes within them is served.
func TestShutdownCutsABodyStillArriving(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "b.db")
	_, key := createAccount(t, db)
	p := startServe(t, "--db", db, "--shutdown-grace", "30s")
	addr := strings.TrimPrefix(p.base, "http://")
	body := fmt.Sprintf(orderBody, false)
	send := func(first string) (net.Conn, *bufio.Reader) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		conn.SetDeadline(time.Now().Add(40 * time.Second))
		fmt.Fprintf(conn, "POST /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", key, len(body), first)
		return conn, bufio.NewReader(conn)
	}
	slow, slowR := send(body[:5]) // never finishes
	late, lateR := send(body[:5]) // finishes within the 2 s
	// serve holds both requests, waiting for their bodies. (A fixed 300 ms
	// here, on a loaded machine, could end before it had read them.)
	testenv.WaitPeerRead(t, slow, 30*time.Second)
	testenv.WaitPeerRead(t, late, 30*time.Second)
	start := time.Now()
	p.cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(500 * time.Millisecond)
	io.WriteString(late, body[5:])
	for name, c := range map[string]struct {
		r    *bufio.Reader
		want int
	}{"the body that never ends": {slowR, 408}, "the body finished after SIGTERM": {lateR, 201}} {
		resp, err := http.ReadResponse(c.r, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != c.want {
			t.Errorf("%s: %d %s; want %d", name, resp.StatusCode, b, c.want)
		}
	}
	err := <-p.done
	p.done <- nil
	took := time.Since(start)
	if err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", err, p.output())
	}
	t.Logf("exited %s after SIGTERM", took.Round(time.Millisecond))
	if took > 15*time.Second {
		t.Errorf("exited %s after SIGTERM beside a body that never ends; want about 2 s", took.Round(time.Millisecond))
	}
}

// TestOperatorTokenFromAFile: a token read from a file ends in a newline;
// the server reads it as clients send it, without surrounding spaces (it
// turned the operator routes on with a token that never matched), and so
// does trigger, with the API key too (it sent an invalid header).
func TestOperatorTokenFromAFile(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "t.db")
	_, key := createAccount(t, db)
	p := startServe(t, "--db", db, "--operator-token", "tok-from-file\n")
	var o struct{ ID string }
	json.Unmarshal(mustCall(t, p.base, "POST", "/v1/orders", key, fmt.Sprintf(orderBody, false), 201), &o)
	mustCall(t, p.base, "POST", "/v1/orders/"+o.ID+"/upload", "tok-from-file", "", 200)
	// trigger reads the key and the token from files too.
	cmd := exec.Command(binary, "trigger", "stamp.uploaded", "--api-base", p.base)
	cmd.Env = append(os.Environ(), "ESAHAYAK_API_KEY="+key+"\n", "ESAHAYAK_OPERATOR_TOKEN=tok-from-file\n")
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "Triggered stamp.uploaded") {
		t.Errorf("trigger with a key and a token ending in a newline: %v\n%s", err, out)
	}
}

// TestSQLiteFileInAMissingDirectory: the message says what is wrong, not
// "server lock …: no such file or directory".
func TestSQLiteFileInAMissingDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no-such-dir", "x.db")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, binary, "serve", "--db", "sqlite:"+path, "--addr", freeAddr(t)).CombinedOutput()
	if err == nil || ctx.Err() != nil {
		t.Fatalf("serve started on a file in a missing directory:\n%s", out)
	}
	if !strings.Contains(string(out), "the directory of "+path+" does not exist") {
		t.Fatalf("the message does not say the directory is missing:\n%s", out)
	}
	out, err = exec.CommandContext(ctx, binary, "accounts", "create", "x", "--db", "sqlite:"+path).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "the directory of "+path+" does not exist") {
		t.Fatalf("accounts create on a file in a missing directory: %v\n%s", err, out)
	}
}

// TestOneServerPerSQLiteFile: a second serve on the same SQLite file stops
// at start with a message naming the first, instead of taking back its
// leases and sending its deliveries again; commands still open the file;
// once the first is killed, a new server starts.
func TestOneServerPerSQLiteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "one.db")
	db := "sqlite:" + path
	first := startServe(t, "--db", db)
	// A second server that does start runs until this context ends.
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, binary, "serve", "--db", db, "--addr", freeAddr(t), "--log-level", "warn").CombinedOutput()
	if err == nil || ctx.Err() != nil {
		t.Fatalf("a second serve on the same file started:\n%s", out)
	}
	pid := strconv.Itoa(first.cmd.Process.Pid)
	if !strings.Contains(string(out), "is served by process "+pid) || !strings.Contains(string(out), path) {
		t.Fatalf("second serve's message does not name the file and process %s:\n%s", pid, out)
	}
	if _, key := createAccount(t, db); key == "" {
		t.Fatal("accounts create could not use the file while serve runs")
	}
	// Another name of the same file (a hard link, with -wal and -shm files
	// of its own: two servers on it corrupt the database), or the lock file
	// deleted by hand as stale: still one server.
	link := filepath.Join(filepath.Dir(path), "link.db")
	if err := os.Link(path, link); err != nil {
		t.Fatal(err)
	}
	out, err = exec.CommandContext(ctx, binary, "serve", "--db", "sqlite:"+link, "--addr", freeAddr(t), "--log-level", "warn").CombinedOutput()
	if err == nil || ctx.Err() != nil || !strings.Contains(string(out), "hard link") {
		t.Fatalf("a second serve on a hard link of the file: %v\n%s", err, out)
	}
	if _, err := os.Stat(link + ".lock"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the refused start left %s.lock behind (stat: %v)", link, err)
	}
	if err := os.Remove(path + ".lock"); err != nil {
		t.Fatal(err)
	}
	out, err = exec.CommandContext(ctx, binary, "serve", "--db", db, "--addr", freeAddr(t), "--log-level", "warn").CombinedOutput()
	if err == nil || ctx.Err() != nil || !strings.Contains(string(out), "lock file was deleted") {
		t.Fatalf("a second serve after the lock file was deleted: %v\n%s", err, out)
	}
	if _, err := os.Stat(path + ".lock"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the refused start made a lock file (stat: %v)", err)
	}
	first.kill(t)
	second := startServe(t, "--db", db)
	mustCall(t, second.base, "GET", "/healthz", "", "", 200)
}

// TestFirstStartPrintsDevAccount: a fresh database gets a development
// account whose printed key works.
func TestFirstStartPrintsDevAccount(t *testing.T) {
	p := startServe(t, "--db", "sqlite:"+filepath.Join(t.TempDir(), "f.db"))
	var key string
	sc := bufio.NewScanner(strings.NewReader(p.output()))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == "api_key:" {
			key = f[1]
		}
	}
	if key == "" {
		t.Fatalf("no api_key printed:\n%s", p.output())
	}
	mustCall(t, p.base, "GET", "/v1/orders", key, "", 200)
	// The Try line, as a shell reads it: its URL quoted, since zsh (macOS's
	// shell) reads an IPv6 address's brackets as a glob and refused the
	// line unquoted ("no matches found").
	try := regexp.MustCompile(`(?m)^Try:  curl -H "Authorization: Bearer ([^"]+)" "([^"]+)"$`).FindStringSubmatch(p.output())
	if try == nil {
		t.Fatalf("no Try line with its URL quoted:\n%s", p.output())
	}
	if try[1] != key || try[2] != p.base+"/v1/orders" {
		t.Fatalf("Try line has key %q and URL %q; want %q and %q", try[1], try[2], key, p.base+"/v1/orders")
	}
}

// TestKillWithHeldDeliveries: beside a healthy endpoint, a stuck one's
// lane fills and the rest of its deliveries are held in memory (SQLite)
// instead of written; SIGKILL loses them from memory, and after the
// restart every event still reaches both endpoints and is recorded
// succeeded.
func TestKillWithHeldDeliveries(t *testing.T) {
	for name, newDB := range dbs(t) {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			_, key := createAccount(t, db)
			fast, stuck := newReceiver(t, 0), newReceiver(t, 0)
			stuck.gate = make(chan struct{}) // holds every request until the kill
			args := []string{"--db", db, "--instance-id", "held-test", "--per-endpoint-concurrency", "2"}
			p := startServe(t, args...)
			mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+fast.srv.URL+`/fast"}`, 201)
			mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+stuck.srv.URL+`/stuck"}`, 201)
			const n = 60
			orders := createOrders(t, p.base, key, n)
			upload := func(order string) string {
				b := mustCall(t, p.base, "POST", "/v1/orders/"+order+"/upload", "op", "", 200)
				var r struct{ Event struct{ ID string } }
				json.Unmarshal(b, &r)
				return r.Event.ID
			}
			// The first event makes the healthy endpoint known as fast.
			events := []string{upload(orders[0])}
			testenv.Eventually(t, 10*time.Second, "the first delivery to the healthy endpoint", func() bool { return fast.total.Load() >= 1 })
			for _, o := range orders[1:] {
				events = append(events, upload(o)) // no reads: held deliveries stay held
			}
			testenv.Eventually(t, 10*time.Second, "every delivery to the healthy endpoint", func() bool { return fast.total.Load() >= n })
			p.kill(t)
			stuck.open()
			p = startServe(t, args...)
			waitSucceeded(t, p.base, key, 2*n)
			stuck.mu.Lock()
			defer stuck.mu.Unlock()
			for _, ev := range events {
				if stuck.got[ev+" /stuck"] == 0 {
					t.Errorf("event %s never reached the stuck endpoint", ev)
				}
			}
		})
	}
}

// TestBadPprofAddressStopsAtStart: a --pprof-addr that cannot be listened
// on is refused at start, not logged once while the server runs on.
func TestBadPprofAddressStopsAtStart(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	db := "sqlite:" + filepath.Join(t.TempDir(), "p.db")
	out, err := exec.CommandContext(ctx, binary, "serve", "--db", db, "--addr", freeAddr(t), "--pprof-addr", "garbage").CombinedOutput()
	if ee := (*exec.ExitError)(nil); !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(string(out), `--pprof-addr "garbage": must be HOST:PORT`) {
		t.Fatalf("serve with --pprof-addr garbage: %v (want a usage error, exit 2)\n%s", err, out)
	}
	// The failed start created no development account: the next start on
	// the still-empty database prints one, with its key (printed once only,
	// so a key announced by the failed start would have been lost).
	if strings.Contains(string(out), "api_key") {
		t.Errorf("the failed start printed a development account's key:\n%s", out)
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	// Given by its variable, the address the failure names says so.
	cmd := exec.CommandContext(ctx, binary, "serve", "--db", db, "--addr", freeAddr(t))
	cmd.Env = append(os.Environ(), "ESAHAYAK_PPROF_ADDR="+busy.Addr().String())
	out, err = cmd.CombinedOutput()
	if err == nil || ctx.Err() != nil || strings.Contains(string(out), "api_key") {
		t.Fatalf("serve with a busy --pprof-addr: %v (it must fail before printing a key)\n%s", err, out)
	}
	if want := "--pprof-addr (from ESAHAYAK_PPROF_ADDR) " + busy.Addr().String(); !strings.Contains(string(out), want) {
		t.Errorf("serve with a busy ESAHAYAK_PPROF_ADDR said %q, want it to contain %q", out, want)
	}
	p := startServe(t, "--db", db)
	if !strings.Contains(p.output(), "api_key") {
		t.Errorf("the first good start on the empty database printed no development key:\n%s", p.output())
	}
}

// TestBusyAddressTouchesNoDatabase: a start whose --addr or --pprof-addr
// is in use fails before the store is opened; it created and migrated a
// new SQLite file and left it, with its lock file, behind.
func TestBusyAddressTouchesNoDatabase(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, addrs := range [][]string{
		{"--addr", busy.Addr().String()},
		{"--addr", "127.0.0.1:0", "--pprof-addr", busy.Addr().String()},
	} {
		dir := t.TempDir()
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		out, err := exec.CommandContext(ctx, binary, append([]string{"serve", "--db", "sqlite:" + filepath.Join(dir, "b.db")}, addrs...)...).CombinedOutput()
		cancel()
		if ee := (*exec.ExitError)(nil); !errors.As(err, &ee) || !strings.Contains(string(out), busy.Addr().String()+": listen") {
			t.Errorf("serve %q: %v; want it to fail on the busy address\n%s", addrs, err, out)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) > 0 {
			t.Errorf("serve %q left %q behind", addrs, left)
		}
	}
}

// TestBusyAddressSaysAServerMayHoldIt: the README's tour starts a second
// server on the address of its first command's, and a newcomer who left
// that one running was told "(choose another address)"; on another port
// the start then stopped on the database's lock. The answer now names the
// likely holder and says to stop it first, and a --pprof-addr in use says
// to stop whatever holds it, or, when that is the --addr given beside it,
// to give pprof a port of its own; an address that cannot be taken for
// another reason keeps "choose another address".
func TestBusyAddressSaysAServerMayHoldIt(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "esahayak.db")
	first := startServe(t, "--db", db)
	addr := strings.TrimPrefix(first.base, "http://")
	own := freeAddr(t)
	_, ownPort, _ := net.SplitHostPort(own)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--addr", addr}, "--addr " + addr + ": listen tcp " + addr + ": bind: address already in use (another program listens there, perhaps an esahayak serve started earlier: stop it, or choose another --addr)"},
		{[]string{"--addr", "127.0.0.1:0", "--pprof-addr", addr}, "(another program listens there: stop it, or choose another --pprof-addr)"},
		// The API's own port: no other program to stop. Refused before
		// anything is listened on when the command line says it
		// (TestPprofAddrOnTheAPIPortRefused); a host name, not looked
		// up then, meets it when listening.
		{[]string{"--addr", own, "--pprof-addr", own}, "--pprof-addr " + own + " and --addr " + own + " take the same port: pprof is served on an address of its own; give --pprof-addr another port, e.g. 127.0.0.1:6060"},
		{[]string{"--addr", "localhost:" + ownPort, "--pprof-addr", own}, "--pprof-addr " + own + ": listen tcp " + own + ": bind: address already in use (--addr localhost:" + ownPort + " takes that port: give --pprof-addr a port of its own"},
		// Not this machine's address (a documentation range): nothing to stop.
		{[]string{"--addr", "192.0.2.1:0"}, "cannot assign requested address (choose another address)"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		out, err := exec.CommandContext(ctx, binary, append([]string{"serve", "--db", db}, c.args...)...).CombinedOutput()
		cancel()
		if ee := (*exec.ExitError)(nil); !errors.As(err, &ee) || !strings.Contains(string(out), c.want) {
			t.Errorf("serve %q: %v; want it to fail saying %q, got:\n%s", c.args, err, c.want, out)
		}
	}
}

// TestInstancesStartingTogetherMakeOneDevAccount: servers started at the
// same moment on an empty PostgreSQL database create one development
// account between them, not one each.
func TestInstancesStartingTogetherMakeOneDevAccount(t *testing.T) {
	db := testenv.PostgresURL(testenv.NewSchema(t))
	var procs []*proc
	for i := 0; i < 3; i++ {
		addr := freeAddr(t)
		p := launch(t, exec.Command(binary, "serve", "--db", db, "--addr", addr, "--log-level", "warn"), "http://"+addr, nil)
		t.Cleanup(func() { p.cmd.Process.Kill(); <-p.done })
		procs = append(procs, p)
	}
	created := 0
	for _, p := range procs {
		testenv.Eventually(t, 20*time.Second, "serve answers /healthz", func() bool {
			resp, err := http.Get(p.base + "/healthz")
			if err != nil {
				return false
			}
			resp.Body.Close()
			return resp.StatusCode == 200
		})
		created += strings.Count(p.output(), "Created a development account")
	}
	if created != 1 {
		for _, p := range procs {
			t.Log(p.output())
		}
		t.Fatalf("%d development accounts created by 3 servers starting together, want 1", created)
	}
}

// TestInstanceIDIsOneRunningInstance: on PostgreSQL a second live serve
// with the same --instance-id is refused at start (it would take the
// first one's in-flight work as its own predecessor's and send it again);
// once the first is killed, a restart with that id starts.
//
// The first runs with a generated id, read from its log: an --instance-id
// naming it must be refused too (only explicit ids were held, so such a
// start went ahead and took the running instance's leases).
func TestInstanceIDIsOneRunningInstance(t *testing.T) {
	db := testenv.PostgresURL(testenv.NewSchema(t))
	first := startServe(t, "--db", db, "--log-level", "info")
	// The log line may follow the first /healthz answer by a moment.
	instanceRE := regexp.MustCompile(`instance=(\S+)`)
	var m []string
	testenv.Eventually(t, 10*time.Second, "the instance id in the log", func() bool {
		m = instanceRE.FindStringSubmatch(first.output())
		return m != nil
	})
	id := m[1]
	other := startServe(t, "--db", db, "--instance-id", "i2") // another id is fine
	mustCall(t, other.base, "GET", "/healthz", "", "", 200)
	// It waits for the id (instanceIDWait) before giving up.
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, binary, "serve", "--db", db, "--addr", freeAddr(t), "--instance-id", id, "--log-level", "warn").CombinedOutput()
	if err == nil || ctx.Err() != nil {
		t.Fatalf("a second serve with --instance-id %s started:\n%s", id, out)
	}
	if !strings.Contains(string(out), `--instance-id "`+id+`" is in use by another running instance`) || !strings.Contains(string(out), "waiting for it") {
		t.Fatalf("the refusal does not say why:\n%s", out)
	}
	mustCall(t, first.base, "GET", "/healthz", "", "", 200)
	first.kill(t)
	again := startServe(t, "--db", db, "--instance-id", id)
	mustCall(t, again.base, "GET", "/healthz", "", "", 200)
}

// TestFirstStartKilledBeforeItsPrintout: a first start killed after it
// wrote its account but before it printed the key (the key is shown only
// then) is finished by the next start: a new key for that account, the
// dashboard user, the printout. A database whose only account is someone
// else's is left alone.
func TestFirstStartKilledBeforeItsPrintout(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	// What a start killed between its writes and the end of its printout
	// leaves: the account, its key (never shown), no user.
	path := filepath.Join(dir, "killed.db")
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	acct := store.Account{ID: "acct_01m8s0000000000000000000aa", Name: "Development", CreatedAt: time.Now().UTC()}
	err = st.CreateAccount(ctx, acct)
	if err == nil {
		// And its key, which a start killed during its printout had
		// written (the dashboard user comes after the printout).
		_, row, kerr := api.NewAPIKey(acct.ID, "development (first start)", time.Now().UTC())
		if err = kerr; err == nil {
			err = st.CreateAPIKey(ctx, row, 0)
		}
	}
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	p := startServe(t, "--db", "sqlite:"+path, "--log-level", "warn")
	out := p.output()
	if !strings.Contains(out, "Finished the development account") || !strings.Contains(out, acct.ID) || !strings.Contains(out, "dev@localhost") {
		t.Fatalf("the next start did not finish the first one:\n%s", out)
	}
	m := regexp.MustCompile(`api_key:\s+(esk_\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no key printed:\n%s", out)
	}
	mustCall(t, p.base, "GET", "/v1/orders", m[1], "", 200)
	p.kill(t)
	// A third start: finished now, nothing printed.
	p = startServe(t, "--db", "sqlite:"+path, "--log-level", "warn")
	if strings.Contains(p.output(), "development account") {
		t.Fatalf("a finished first start ran again:\n%s", p.output())
	}

	// Databases set up by hand, even one whose only account is named
	// Development and has no dashboard user, are left alone.
	for _, name := range []string{"Acme", "Development"} {
		other, _ := accountDB(t, name) // as `accounts create` makes it
		q := startServe(t, "--db", "sqlite:"+other, "--log-level", "warn")
		if strings.Contains(q.output(), "development account") {
			t.Fatalf("a start on a database whose account %q was made by hand printed a development account:\n%s", name, q.output())
		}
		q.kill(t)
	}
}

// TestFirstStartWithoutAStdout: a first start whose printout could not be
// written (stdout a full disk) is finished, and printed, by the next.
func TestFirstStartWithoutAStdout(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	db := "sqlite:" + filepath.Join(t.TempDir(), "full.db")
	addr := freeAddr(t)
	cmd := exec.Command(binary, "serve", "--db", db, "--addr", addr, "--log-level", "warn")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = full, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 30*time.Second, "serve answers /healthz", func() bool {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	cmd.Process.Kill()
	cmd.Wait()
	if !strings.Contains(stderr.String(), "could not print the development account") {
		t.Errorf("no word of the lost printout on stderr: %q", stderr.String())
	}
	p := startServe(t, "--db", db, "--log-level", "warn")
	out := p.output()
	m := regexp.MustCompile(`api_key:\s+(esk_\S+)`).FindStringSubmatch(out)
	if !strings.Contains(out, "Finished the development account") || m == nil || !strings.Contains(out, "dev@localhost") {
		t.Fatalf("the next start did not print the development account:\n%s", out)
	}
	mustCall(t, p.base, "GET", "/v1/orders", m[1], "", 200)
	// The key of the start whose printout was lost, never shown, is revoked.
	p.kill(t)
	st, err := sqlite.Open(context.Background(), strings.TrimPrefix(db, "sqlite:"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	accts, _ := st.ListAccounts(context.Background())
	keys, _ := st.ListAPIKeys(context.Background(), accts[0].ID)
	live := 0
	for _, k := range keys {
		if k.RevokedAt == nil {
			live++
		}
	}
	if len(keys) != 2 || live != 1 {
		t.Fatalf("%d keys, %d of them live; want the unshown one revoked beside the printed one", len(keys), live)
	}
}

// accountDB is a new SQLite database holding one account, made as
// `accounts create NAME` makes it (with its key).
func accountDB(t *testing.T, name string) (string, store.Account) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "acct.db")
	st, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	acct, _, err := api.CreateAccount(context.Background(), st, name, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	return path, acct
}
