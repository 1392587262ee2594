package main_test

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestLeasesExpiredAreCounted: an instance killed (SIGKILL) while it
// holds deliveries leaves them leased to it; the instance that takes
// them over when the lease (6 s here) ends counts each one in
// esahayak_leases_expired_total, and nothing else: neither its own work
// nor the killed instance's deliveries that were rescheduled for a retry
// (their attempts timed out before the kill) count.
//
// The survivor starts after the kill, so what the killed instance held is
// read before anyone can take it over, and the counter is polled (10 s at
// most): the engine adds to it after the claim commits, so a read as soon
// as the leases are gone from the table could come first on a loaded
// machine.
func TestLeasesExpiredAreCounted(t *testing.T) {
	db := testenv.PostgresURL(testenv.NewSchema(t))
	_, key := createAccount(t, db)
	rcv := newReceiver(t, 0)
	args := []string{"--db", db, "--attempt-timeout", "1s", "--lease", "6s"}
	victim := startServe(t, append(args, "--instance-id", "victim")...)
	mustCall(t, victim.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+rcv.srv.URL+`/hook"}`, 201)

	// The victim leases what its uploads write, and sends it to a receiver
	// that holds the requests: it is killed holding them.
	rcv.hold()
	orders := createOrders(t, victim.base, key, 5)
	for _, o := range orders {
		mustCall(t, victim.base, "POST", "/v1/orders/"+o+"/upload", "op", "", 200)
	}
	testenv.Eventually(t, 10*time.Second, "an attempt on the wire", func() bool { return rcv.entered.Load() > 3 })
	victim.kill(t)
	held := leasedTo(t, db, "victim")
	if held == 0 {
		t.Fatal("the victim held no lease when it was killed")
	}
	rcv.open()
	survivor := startServe(t, append(args, "--instance-id", "survivor")...)

	// The survivor's own work: no lease runs out.
	mine := createOrders(t, survivor.base, key, 3)
	for _, o := range mine {
		mustCall(t, survivor.base, "POST", "/v1/orders/"+o+"/upload", "op", "", 200)
	}
	testenv.Eventually(t, 30*time.Second, "the survivor's own deliveries", func() bool { return rcv.total.Load() >= int64(len(mine)) })
	// Read before the leases, so that all of them still in the table
	// after means none had been taken over when the counter was read.
	if got := leasesExpired(t, survivor.base); got != 0 && leasedTo(t, db, "victim") == held {
		t.Fatalf("esahayak_leases_expired_total is %d before any lease ran out", got)
	}

	testenv.Eventually(t, 30*time.Second, "the survivor to take the leases over", func() bool { return leasedTo(t, db, "victim") == 0 })
	got := 0
	deadline := time.Now().Add(10 * time.Second)
	for got = leasesExpired(t, survivor.base); got < held && time.Now().Before(deadline); got = leasesExpired(t, survivor.base) {
		time.Sleep(50 * time.Millisecond)
	}
	if got != held {
		t.Fatalf("esahayak_leases_expired_total is %d after the survivor took over the %d deliveries the killed instance held", got, held)
	}
	waitSucceeded(t, survivor.base, key, len(mine)+len(orders))
	if got := leasesExpired(t, survivor.base); got != held {
		t.Errorf("esahayak_leases_expired_total is %d once every delivery succeeded; want still %d, the leases that ran out", got, held)
	}

	// The counter says an instance died; the survivor's log says which,
	// as the victim, killed, logs nothing: its lines (at most one per 10 s,
	// the rest after) name the victim and count every delivery taken over.
	logged := func() (n int, from []string) {
		for _, m := range takeoverLine.FindAllStringSubmatch(survivor.output(), -1) {
			k, _ := strconv.Atoi(m[1])
			n += k
			from = append(from, m[2])
		}
		return n, from
	}
	testenv.Eventually(t, 15*time.Second, "the survivor to log every delivery it took over", func() bool { n, _ := logged(); return n >= held })
	if n, from := logged(); n != held || slices.ContainsFunc(from, func(f string) bool { return f != "victim" }) {
		t.Errorf("the survivor logged %d deliveries taken over, from %q; want %d, from the victim\n%s", n, from, held, survivor.output())
	}
}

// takeoverLine is the log line of deliveries taken over from leases that
// ran out: how many, and from which instances.
var takeoverLine = regexp.MustCompile(`level=WARN msg="took over deliveries whose lease ran out" instance=\S+ deliveries=(\d+) from=(\S+)`)

// leasedTo counts the deliveries leased to owner.
func leasedTo(t *testing.T, db, owner string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM deliveries WHERE lease_owner = $1`, owner).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// leasesExpired reads esahayak_leases_expired_total from an instance.
func leasesExpired(t *testing.T, base string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^esahayak_leases_expired_total (\S+)$`).FindStringSubmatch(metricsText(t, base))
	if m == nil {
		t.Fatal("/metrics has no esahayak_leases_expired_total")
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}
