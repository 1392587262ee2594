//go:build unix

package main_test

// What these tests and helpers need only Unix has: stopping and
// continuing a process (SIGSTOP, SIGCONT), named pipes, running a
// command as another user, and the pipe size of Linux's fcntl. Their
// other-system stand-ins are in process_other_test.go.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/jackc/pgx/v5"
)

// makeFifo makes a named pipe at path.
func makeFifo(path string) error { return syscall.Mkfifo(path, 0o600) }

// asNobody runs a command as the user and group 65534 (nobody), for a
// test run as root that needs a user whom file modes bind.
func asNobody() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
}

// shrinkPipe makes the pipe whose write end is w as small as Linux
// allows (a page); false where it cannot (other systems keep their
// default).
func shrinkPipe(w *os.File) bool {
	_, _, e := syscall.Syscall(syscall.SYS_FCNTL, w.Fd(), 1031 /* F_SETPIPE_SZ */, 4096)
	return e == 0
}

// writingToAPipe reports whether a thread of the process pid sleeps in a
// write to a full pipe: Linux's /proc/<pid>/task/*/wchan names the kernel
// function each thread waits in (pipe_write, anon_pipe_write). known is
// false where there is no such file to read (other systems).
func writingToAPipe(pid int) (writing, known bool) {
	tasks, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/task")
	if err != nil {
		return false, false
	}
	for _, task := range tasks {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/task/" + task.Name() + "/wchan")
		if err == nil && strings.Contains(string(b), "pipe_write") {
			return true, true
		}
	}
	return false, true
}

// TestPauseIsNotTheReceiversTimeout: a server stopped (SIGSTOP, as a VM
// pause) while its attempt was on the wire, for longer than the attempt
// timeout but less than the lease, and then continued. Its timeout fires
// late, at the resume (the receiver answers a second after that, so the
// timeout surely wins): the attempt is recorded as failed and the delivery
// sent again, with an error that names the pause, and it is not counted as
// the receiver's failure in the metrics.
func TestPauseIsNotTheReceiversTimeout(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "p.db")
	_, key := createAccount(t, db)
	rcv := newReceiver(t, 0)
	p := startServe(t, "--db", db, "--attempt-timeout", "1s")
	mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+rcv.srv.URL+`/hook"}`, 201)
	order := createOrders(t, p.base, key, 1)[0]
	rcv.hold()
	mustCall(t, p.base, "POST", "/v1/orders/"+order+"/upload", "op", "", 200)
	testenv.Eventually(t, 30*time.Second, "the attempt on the wire", func() bool { return rcv.entered.Load() >= 1 })
	if err := p.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	time.Sleep(4 * time.Second)
	if err := p.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	rcv.open()
	waitSucceeded(t, p.base, key, 1)
	var d struct {
		Attempts []struct {
			Number    int
			Succeeded bool
			Error     string
		}
	}
	id := listIDs(t, p.base, key, "/v1/deliveries?limit=10")[0]
	json.Unmarshal(mustCall(t, p.base, "GET", "/v1/deliveries/"+id, key, "", 200), &d)
	// Under load the first attempt can time out on its own before the
	// stop lands; the one on the wire at the stop is then a retry.
	paused, failed := 0, 0
	for _, a := range d.Attempts {
		switch {
		case strings.HasPrefix(a.Error, "this server was paused or starved during the attempt"):
			paused++
		case !a.Succeeded:
			failed++
		}
	}
	if paused != 1 {
		t.Fatalf("attempts after the pause: %+v; want one failed, its error naming the pause", d.Attempts)
	}
	metrics := string(mustCall(t, p.base, "GET", "/metrics", "", "", 200))
	counted := 0.0
	for _, line := range strings.Split(metrics, "\n") {
		if strings.HasPrefix(line, `esahayak_delivery_attempts_total{outcome="failure"`) {
			f := strings.Fields(line)
			v, _ := strconv.ParseFloat(f[len(f)-1], 64)
			counted += v
		}
	}
	if counted != float64(failed) {
		t.Errorf("%v attempts counted as failures, want %d (the attempts but the paused one): %+v", counted, failed, d.Attempts)
	}
	if !strings.Contains(p.output(), "delivery attempt outlived its timeout") {
		t.Errorf("no warning about the pause in the log:\n%s", p.output())
	}
}

// TestFrozenLeaderIsReplaced: the maintenance leader is stopped (SIGSTOP:
// a frozen container, a suspended VM). Its kernel still answers the
// database's keepalives, so its lock's session lived on and no other
// instance ran maintenance (pruning, auto-disable, the erasure of expired
// secrets) for as long as it stayed stopped. Now its idle lock session
// ends after 20 s and another instance takes maintenance over while it is
// still stopped; woken, it finds the lock gone and stops leading, so one
// instance leads.
func TestFrozenLeaderIsReplaced(t *testing.T) {
	db := testenv.PostgresURL(testenv.NewSchema(t))
	// idle_session_timeout came with PostgreSQL 14: before it a frozen
	// leader keeps the lock, as README says, and the takeover this test
	// waits for never comes.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, testenv.PostgresDSN())
	if err != nil {
		t.Fatal(err)
	}
	var version int
	err = conn.QueryRow(ctx, `SELECT current_setting('server_version_num')::int`).Scan(&version)
	conn.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if version < 140000 {
		t.Skipf("PostgreSQL %d has no idle_session_timeout (14 and later): a frozen leader keeps its lock there", version)
	}
	var procs []*proc
	for i := range 2 {
		procs = append(procs, startServe(t, "--db", db, "--instance-id", fmt.Sprintf("frozen-%d", i), "--maintenance-interval", "500ms", "--log-level", "info"))
	}
	leader := -1
	testenv.Eventually(t, 30*time.Second, "a maintenance leader", func() bool {
		for i, p := range procs {
			if strings.Contains(p.output(), "now runs maintenance") {
				leader = i
			}
		}
		return leader >= 0
	})
	other := procs[1-leader]
	if err := procs[leader].cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	defer procs[leader].cmd.Process.Signal(syscall.SIGCONT)
	testenv.Eventually(t, 90*time.Second, "the other instance to take maintenance over from the stopped leader", func() bool {
		return strings.Contains(other.output(), "now runs maintenance")
	})
	if err := procs[leader].cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 30*time.Second, "the woken leader to notice it lost the lock", func() bool {
		return strings.Contains(procs[leader].output(), "lost the maintenance lock")
	})
	testenv.Eventually(t, 30*time.Second, "one leader by the gauges", func() bool {
		leaders := 0
		for _, p := range procs {
			if strings.Contains(metricsText(t, p.base), "\nesahayak_maintenance_leader 1\n") {
				leaders++
			}
		}
		return leaders == 1
	})
}

// TestFrozenInstanceLetsGoOfItsTransaction: an instance is stopped
// (SIGSTOP: a frozen container, a suspended VM) while one of its
// transactions is open, between two round trips, under a load of uploads.
// Its kernel answers the database's keepalives, so the session lived on,
// idle in its transaction, with its row locks, for as long as the
// instance stayed stopped, and the other instances' writes to those rows
// waited as long. Now PostgreSQL ends the session after 20 s while the
// instance is still stopped; the other instance's update of the endpoint
// goes through, and the woken instance serves again.
func TestFrozenInstanceLetsGoOfItsTransaction(t *testing.T) {
	db := testenv.PostgresURL(testenv.NewSchema(t))
	_, key := createAccount(t, db)
	rcv := newReceiver(t, 0)
	const app = "frozen-tx-a"
	frozen := startServe(t, "--db", db+"&application_name="+app, "--instance-id", "frozen-tx-a")
	other := startServe(t, "--db", db, "--instance-id", "frozen-tx-b")
	var ep struct{ ID string }
	json.Unmarshal(mustCall(t, other.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+rcv.srv.URL+`/hook"}`, 201), &ep)

	ctx := context.Background()
	admin, err := pgx.Connect(ctx, testenv.PostgresDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	// Uploads through the instance to be frozen, until the test ends: its
	// transitions' and record batches' transactions are open most of the
	// time.
	stop := make(chan struct{})
	var load sync.WaitGroup
	defer func() {
		frozen.cmd.Process.Signal(syscall.SIGCONT)
		close(stop)
		load.Wait()
	}()
	for range 4 {
		load.Add(1)
		go func() {
			defer load.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				var o struct{ ID string }
				if st, b, err := call(frozen.base, "POST", "/v1/orders", key, fmt.Sprintf(orderBody, false)); err == nil && st == 201 {
					json.Unmarshal(b, &o)
					call(frozen.base, "POST", "/v1/orders/"+o.ID+"/upload", "op", "")
				}
			}
		}()
	}
	// Stop it until it stops inside a transaction: a session of its left
	// idle in one once the statements it sent have run.
	var held []int32
	for try := 0; try < 50 && len(held) == 0; try++ {
		time.Sleep(100 * time.Millisecond)
		if err := frozen.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond)
		err := admin.QueryRow(ctx, `SELECT coalesce(array_agg(pid), '{}') FROM pg_stat_activity
			WHERE application_name = $1 AND state = 'idle in transaction'`, app).Scan(&held)
		if err != nil {
			t.Fatal(err)
		}
		if len(held) == 0 {
			frozen.cmd.Process.Signal(syscall.SIGCONT)
		}
	}
	if len(held) == 0 {
		t.Fatal("the instance never stopped inside a transaction in 50 tries")
	}
	t.Logf("stopped with %d sessions idle in a transaction", len(held))
	testenv.Eventually(t, 60*time.Second, "PostgreSQL to end the stopped instance's sessions idle in a transaction", func() bool {
		var left int
		if err := admin.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE pid = ANY ($1)`, held).Scan(&left); err != nil {
			t.Fatal(err)
		}
		return left == 0
	})
	mustCall(t, other.base, "PATCH", "/v1/webhook_endpoints/"+ep.ID, key, `{"description": "changed while the other instance is frozen"}`, 200)

	if err := frozen.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	// Woken, it answers again: the request whose transaction was ended
	// with a 503, the next ones on connections that work.
	testenv.Eventually(t, 30*time.Second, "the woken instance to take an order", func() bool {
		st, _, err := call(frozen.base, "POST", "/v1/orders", key, fmt.Sprintf(orderBody, false))
		return err == nil && st == 201
	})
}
