package main_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestBenchCtrlC: Ctrl-C during a run stops the bench's servers, removes
// its temporary store (drops its PostgreSQL schema) and ends the bench as
// SIGINT does, saying it was interrupted. It ended with exit status 1 and
// "esahayak: bench: steady (run 1): upload: context canceled", which a
// user took for a failure and a shell loop of benches carried on after.
func TestBenchCtrlC(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testBenchCtrlC(t, "") })
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv("ESAHAYAK_TEST_POSTGRES")
		if dsn == "" {
			t.Skip("ESAHAYAK_TEST_POSTGRES not set")
		}
		testBenchCtrlC(t, dsn)
	})
}

func testBenchCtrlC(t *testing.T, pg string) {
	tmp := t.TempDir()
	// Slow enough that the upload phase is still on when the signal comes.
	// Few orders to make first (2 × 60): 1200 of them (--rate 20) took
	// over a minute to create on a loaded machine (load 20-30, -race), and
	// the wait for the upload phase below ran out before it began.
	args := []string{"bench", "--scenario", "steady", "--rate", "2", "--duration", "60s"}
	if pg != "" {
		args = append(args, "--db", pg)
	}
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	// Its upload phase has begun.
	out, done := startUntil(t, cmd, "uploading at", 2*time.Minute)
	servers := childServers(t, cmd.Process.Pid)
	if len(servers) != 1 {
		t.Fatalf("serve children of the bench: %v; want one", servers)
	}
	cmd.Process.Signal(syscall.SIGINT)
	var err error
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		t.Fatalf("bench still running a minute after Ctrl-C:\n%s", out.String())
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("bench after Ctrl-C: %v; want killed by SIGINT\n%s", err, out.String())
	}
	if status, _ := exit.Sys().(syscall.WaitStatus); !status.Signaled() || status.Signal() != syscall.SIGINT {
		t.Errorf("bench after Ctrl-C: %v; want killed by SIGINT", err)
	}
	if want := "esahayak: bench: interrupted during steady (run 1 of 1); its servers are stopped and its store removed"; !strings.Contains(out.String(), want) {
		t.Errorf("bench's output lacks %q:\n%s", want, out.String())
	}
	if strings.Contains(out.String(), "context canceled") {
		t.Errorf("bench's output says \"context canceled\":\n%s", out.String())
	}
	for pid := range servers {
		if _, err := os.Stat("/proc/" + strconv.Itoa(pid)); err == nil {
			t.Errorf("serve child %d still running after the bench ended", pid)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
		t.Errorf("left behind: %q", left)
	}
	if pg != "" {
		schema := ""
		for _, c := range servers {
			if _, after, ok := strings.Cut(c, "search_path="); ok {
				schema, _, _ = strings.Cut(after, " ")
			}
		}
		if !strings.HasPrefix(schema, "bench_") {
			t.Fatalf("no bench schema in the serve child's command line: %v", servers)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, pg)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		var n int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_namespace WHERE nspname = $1", schema).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			conn.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
			t.Errorf("schema %s left behind", schema)
		}
	}
}

// childServers returns the `serve` children of pid, by pid, with their
// command lines.
func childServers(t *testing.T, pid int) map[int]string {
	t.Helper()
	dirs, err := filepath.Glob("/proc/[0-9]*")
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]string{}
	for _, d := range dirs {
		stat, err := os.ReadFile(d + "/stat")
		if err != nil {
			continue
		}
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(stat[i+1:]))
		if len(f) < 2 || f[1] != strconv.Itoa(pid) {
			continue
		}
		cmdline, _ := os.ReadFile(d + "/cmdline")
		words := strings.Split(strings.TrimRight(string(cmdline), "\x00"), "\x00")
		if len(words) > 1 && words[1] == "serve" {
			child, _ := strconv.Atoi(filepath.Base(d))
			out[child] = strings.Join(words, " ")
		}
	}
	return out
}
