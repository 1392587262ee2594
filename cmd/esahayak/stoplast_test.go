//go:build unix

package main_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestStoppedIsTheLastThingServeDoes: when serve logs "stopped" after a
// SIGTERM, it has given back everything it held. The process is frozen
// (SIGSTOP) the moment the line is written: on SQLite the lock file is
// then empty (a clean stop) and the -wal folded into the database file;
// on PostgreSQL none of its sessions (pool, LISTEN, the --instance-id's
// lock) is left. Resumed, it exits 0 and logs nothing after the line.
// The store was closed after the line: on SQLite with a backlog just
// written, the process lived on for up to about a second after it (the
// checkpoint and the close of its last connection), holding the lock.
func TestStoppedIsTheLastThingServeDoes(t *testing.T) {
	for name, newDB := range dbs(t) {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			var b [6]byte
			rand.Read(b[:])
			app := "stoplast_" + hex.EncodeToString(b[:])
			if name == "postgres" {
				db += "&application_name=" + app // to find its sessions
			}
			_, key := createAccount(t, db)
			rcv := newReceiver(t, 0)
			var pid atomic.Int64
			var frozen atomic.Bool
			watch := func(p []byte) {
				if bytes.Contains(p, []byte("msg=stopped ")) && pid.Load() != 0 && frozen.CompareAndSwap(false, true) {
					syscall.Kill(int(pid.Load()), syscall.SIGSTOP)
				}
			}
			p := startServeWatching(t, binary, watch, "--db", db, "--log-level", "info", "--instance-id", "stop-last")
			pid.Store(int64(p.cmd.Process.Pid))
			t.Cleanup(func() { p.cmd.Process.Signal(syscall.SIGCONT) }) // before the kill of startServe's cleanup
			// Something written, so that there is a -wal to fold in.
			mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+rcv.srv.URL+`/hook"}`, 201)
			for _, o := range createOrders(t, p.base, key, 20) {
				mustCall(t, p.base, "POST", "/v1/orders/"+o+"/upload", "op", "", 200)
			}
			testenv.Eventually(t, 30*time.Second, "the deliveries to arrive", func() bool { return rcv.total.Load() >= 20 })

			p.cmd.Process.Signal(syscall.SIGTERM)
			testenv.Eventually(t, 30*time.Second, `serve to log "stopped"`, frozen.Load)
			if path, ok := strings.CutPrefix(db, "sqlite:"); ok {
				lock, err := os.ReadFile(path + ".lock")
				if err != nil {
					t.Fatal(err)
				}
				if len(lock) != 0 {
					t.Errorf(`at "stopped", %s.lock still reads %q: the store was not closed yet (a clean stop leaves it empty)`, path, lock)
				}
				if fi, err := os.Stat(path + "-wal"); !errors.Is(err, fs.ErrNotExist) {
					size := int64(-1)
					if err == nil {
						size = fi.Size()
					}
					t.Errorf(`at "stopped", %s-wal is still there (%d bytes): not folded into the database yet`, path, size)
				}
			} else {
				// A session's end reaches pg_stat_activity a moment after
				// its client closed it.
				deadline := time.Now().Add(10 * time.Second)
				var left int
				for {
					left = sessionsOf(t, app)
					if left == 0 || time.Now().After(deadline) {
						break
					}
					time.Sleep(20 * time.Millisecond)
				}
				if left != 0 {
					t.Errorf(`at "stopped", serve still has %d PostgreSQL sessions open (application_name %s), its --instance-id's lock among them`, left, app)
				}
			}

			p.cmd.Process.Signal(syscall.SIGCONT)
			select {
			case err := <-p.done:
				p.done <- nil
				if err != nil {
					t.Fatalf("exit after SIGTERM: %v\n%s", err, p.output())
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("serve did not exit after SIGTERM\n%s", p.output())
			}
			_, after, _ := strings.Cut(p.output(), "msg=stopped ")
			if _, rest, _ := strings.Cut(after, "\n"); strings.TrimSpace(rest) != "" {
				t.Errorf(`serve wrote after "stopped":\n%s`, rest)
			}
		})
	}
}

// sessionsOf counts the PostgreSQL sessions whose application_name is app.
func sessionsOf(t *testing.T, app string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, testenv.PostgresDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE application_name = $1`, app).Scan(&n); err != nil {
		t.Fatal(fmt.Errorf("count sessions: %w", err))
	}
	return n
}
