package bench

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/esahayak/esahayak/internal/store/postgres"
)

// server is one `esahayak serve` child process.
type server struct {
	cmd   *exec.Cmd
	URL   string
	pprof string // --pprof-addr, when profiling
	out   *tail
	done  chan struct{}
	err   error
}

// tail keeps the last bytes a child wrote, for error messages.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 16<<10 {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-8<<10:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(string(t.buf))
}

// freePort finds a free loopback port. Another process could take it before
// the server binds it; startServer then fails with the child's message.
func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func childCommand(ctx context.Context, bin string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, bin, args...)
	dieWithUs(cmd)
	cmd.Env = childEnv()
	cmd.WaitDelay = 30 * time.Second
	return cmd
}

// childEnv is our environment without ESAHAYAK_* settings, so only the
// flags the bench passes configure the child.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ESAHAYAK_") {
			env = append(env, kv)
		}
	}
	return env
}

// createAccount runs `esahayak accounts create` and returns the API key.
func createAccount(ctx context.Context, bin, db string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	cmd := childCommand(ctx, bin, "accounts", "create", "bench", "--db", db)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("esahayak accounts create: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var out struct {
		APIKey string `json:"api_key"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil || out.APIKey == "" {
		return "", fmt.Errorf("esahayak accounts create printed %q, not {\"api_key\": …}", stdout.String())
	}
	return out.APIKey, nil
}

// startServer runs `esahayak serve` and waits until /healthz answers 200.
func startServer(ctx context.Context, bin, db, token string, extra []string) (*server, error) {
	var lastErr error
	for try := 0; try < 3; try++ {
		addr, err := freePort()
		if err != nil {
			return nil, err
		}
		args := append([]string{"serve", "--addr", addr, "--db", db, "--operator-token", token,
			"--allow-insecure-urls", "--log-level", "warn",
			// --fanout and --slow-endpoints may ask for more than an account's default.
			"--max-endpoints-per-account", "0"}, extra...)
		s := &server{URL: "http://" + addr, out: &tail{}, done: make(chan struct{})}
		// Not CommandContext's ctx: the server must outlive a cancelled
		// bench long enough to be stopped with SIGTERM by stop().
		s.cmd = childCommand(context.WithoutCancel(ctx), bin, args...)
		s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
		if err := s.cmd.Start(); err != nil {
			return nil, fmt.Errorf("start %s serve: %w", bin, err)
		}
		go func() { s.err = s.cmd.Wait(); close(s.done) }()
		if err := s.waitHealthy(ctx, 60*time.Second); err != nil {
			s.stop()
			lastErr = err
			if strings.Contains(s.out.String(), "address already in use") {
				continue
			}
			return nil, err
		}
		return s, nil
	}
	return nil, lastErr
}

func (s *server) waitHealthy(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	c := &http.Client{Timeout: 2 * time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			return fmt.Errorf("esahayak serve exited: %v: %s", s.err, s.out.String())
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
		resp, err := c.Get(s.URL + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return fmt.Errorf("esahayak serve not healthy after %s: %s", limit, s.out.String())
}

// pid is the child's process id.
func (s *server) pid() int { return s.cmd.Process.Pid }

// stop sends SIGTERM, waits up to 30 s, then kills (at once where
// SIGTERM cannot be sent).
func (s *server) stop() {
	select {
	case <-s.done:
		return
	default:
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		s.cmd.Process.Kill() // Windows has no SIGTERM
	}
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat times: 100 on every
// Linux architecture Go supports (sysconf(_SC_CLK_TCK) needs cgo).
const clockTicks = 100

// cpuSeconds reads utime+stime of pid from /proc/PID/stat.
func cpuSeconds(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may hold spaces; fields after ')' are fixed.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, errors.New("unexpected /proc/PID/stat format")
	}
	f := strings.Fields(string(b[i+1:]))
	// f[0] is field 3 (state); utime is field 14, stime field 15.
	if len(f) < 13 {
		return 0, errors.New("short /proc/PID/stat")
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, errors.New("unexpected /proc/PID/stat times")
	}
	return float64(ut+st) / clockTicks, nil
}

// memory reads VmHWM (peak resident set) and VmRSS of pid, in bytes.
func memory(pid int) (hwm, rss int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || (k != "VmHWM" && k != "VmRSS") {
			continue
		}
		f := strings.Fields(v)
		if len(f) < 1 {
			continue
		}
		n, _ := strconv.ParseInt(f[0], 10, 64)
		if k == "VmHWM" {
			hwm = n << 10
		} else {
			rss = n << 10
		}
	}
	return hwm, rss, nil
}

// database is one fresh store for one run.
type database struct {
	DSN     string // what --db gets
	cleanup func()
}

// newDatabase makes a fresh SQLite file in dir, or a fresh schema on the
// PostgreSQL named by base (dropped by cleanup).
func newDatabase(ctx context.Context, base, dir string, n int) (*database, error) {
	if base == "" || base == "sqlite" || strings.HasPrefix(base, "sqlite:") {
		path := fmt.Sprintf("%s/bench-%d.db", dir, n)
		// sqlite://x.db is x.db to serve, as to every command: the file the
		// children make must be the one removed here, not //x.db (/x.db).
		if p := strings.TrimPrefix(strings.TrimPrefix(base, "sqlite:"), "//"); base != "" && base != "sqlite" && p != "" {
			// A named file must be new: the bench deletes it afterwards,
			// and must never empty someone's database.
			path = p
			if _, err := os.Stat(path); err == nil {
				return nil, configErrorf("--db sqlite:%s: the file exists; name a new file (the bench deletes it afterwards) or use --db sqlite", path)
			}
		}
		return &database{DSN: "sqlite:" + path, cleanup: func() {
			for _, suf := range []string{"", "-wal", "-shm", ".lock"} {
				os.Remove(path + suf)
			}
		}}, nil
	}
	if !strings.HasPrefix(base, "postgres://") && !strings.HasPrefix(base, "postgresql://") {
		return nil, configErrorf("--db %q: use sqlite (a temporary file), sqlite:PATH or postgres://USER@HOST:PORT/DB", base)
	}
	var b [5]byte
	rand.Read(b[:])
	schema := "bench_" + hex.EncodeToString(b[:])
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	// Connected to as serve connects (postgres.Connect): pgx.Connect sent
	// the pool's pool_max_conns, which serve takes, to PostgreSQL as a
	// setting, and the bench failed its first run on a --db that its
	// serve children would have taken.
	conn, err := postgres.Connect(cctx, base)
	if dsnErr := (*postgres.DSNError)(nil); errors.As(err, &dsnErr) {
		return nil, configErrorf("--db: %v", dsnErr)
	}
	if err != nil {
		// Said as serve says it: each attempt once (pgx tries TLS, then
		// plain text, and listed the same refusal twice), and what to check.
		return nil, fmt.Errorf("connect %s: %w", redact(base), postgres.ConnectFailure(err, ""))
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(cctx, "CREATE SCHEMA "+schema); err != nil {
		return nil, fmt.Errorf("create schema: %w", err)
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return &database{DSN: base + sep + "search_path=" + schema, cleanup: func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		c, err := postgres.Connect(ctx, base)
		if err != nil {
			return
		}
		defer c.Close(context.Background())
		c.Exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
	}}, nil
}

func redact(dsn string) string {
	if i := strings.Index(dsn, "@"); i > 0 {
		if j := strings.Index(dsn, "://"); j > 0 && j < i {
			if k := strings.Index(dsn[j+3:i], ":"); k >= 0 {
				return dsn[:j+3+k] + ":xxxxx" + dsn[i:]
			}
		}
	}
	return dsn
}
