//go:build unix

package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestServeDeliversWhileItsLogReaderStalls runs serve with its output in a
// pipe that nobody reads (`serve | less` left paused, a stuck log
// shipper). Once the pipe's buffer was full every log line blocked the
// goroutine writing it, the delivery engine's included, so deliveries
// stopped because of a log pipe. serve must go on delivering, dropping
// lines; when the pipe is read again, one line says how many were
// dropped, and that count is esahayak_log_lines_dropped_total.
func TestServeDeliversWhileItsLogReaderStalls(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server binary; skipped with -short")
	}
	p, pr, key := startWithUnreadOutput(t)
	rcv := newReceiver(t, 0)
	fillUnreadLog(t, p, key, rcv)

	// The reader comes back.
	var mu sync.Mutex
	var out bytes.Buffer
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			mu.Lock()
			out.WriteString(sc.Text() + "\n")
			mu.Unlock()
		}
	}()
	read := func() string { mu.Lock(); defer mu.Unlock(); return out.String() }
	notice := regexp.MustCompile(`(?m)^.*level=WARN msg="log lines dropped[^"]*".* dropped=(\d+).*$`)
	sum := func() (n int) {
		for _, m := range notice.FindAllStringSubmatch(read(), -1) {
			d, _ := strconv.Atoi(m[1])
			n += d
		}
		return n
	}
	testenv.Eventually(t, 30*time.Second, "the dropped lines' notice once the output is read again", func() bool { return sum() > 0 })
	testenv.Eventually(t, 10*time.Second, "the notices to count every line esahayak_log_lines_dropped_total counts", func() bool {
		return float64(sum()) == droppedLines(t, p)
	})

	p.stop(t, 30*time.Second)
	all := read()
	if !strings.Contains(all[notice.FindStringIndex(all)[1]:], `msg=stopped`) {
		t.Errorf("no stopped line after the notice of dropped lines; output read:\n%s", tail(all, 4000))
	}
}

// TestServeStopsWithAStuckLogPipe: SIGTERM while serve's output pipe is
// full and unread. The stop logs lines that cannot be written; it must
// not wait for them for ever.
func TestServeStopsWithAStuckLogPipe(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server binary; skipped with -short")
	}
	p, _, key := startWithUnreadOutput(t)
	rcv := newReceiver(t, 0)
	fillUnreadLog(t, p, key, rcv)

	p.stop(t, 15*time.Second)
}

// startWithUnreadOutput starts serve at --log-level debug (a line for
// every attempt) with its standard output and error in one pipe, which
// is read up to the listening line and then left unread. It returns the
// pipe's reading end, still open, and an account's API key.
func startWithUnreadOutput(t *testing.T) (*proc, *os.File, string) {
	t.Helper()
	db := "sqlite:" + filepath.Join(t.TempDir(), "e.db")
	_, key := createAccount(t, db)
	addr := freeAddr(t)
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var p *proc
	t.Cleanup(func() { // after serveIntoPipe's: once serve is killed
		pr.Close()
		if t.Failed() {
			t.Logf("server output before it was left unread:\n%s", p.output())
		}
	})
	p = serveIntoPipe(t, pw, addr, "--addr", addr, "--db", db, "--operator-token", "op", "--allow-insecure-urls", "--log-level", "debug")
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		p.out.WriteString(sc.Text() + "\n")
		if strings.Contains(sc.Text(), " listening on ") {
			break
		}
	}
	waitHealthy(t, p)
	return p, pr, key
}

// serveIntoPipe starts serve with args (listening on addr) and its
// standard output and error both in the pipe's writing end pw, which it
// closes here so that the pipe ends when serve does; the process is
// killed when the test ends.
func serveIntoPipe(t *testing.T, pw *os.File, addr string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve"}, args...)...)
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	p := &proc{cmd: cmd, base: "http://" + addr, out: &bytes.Buffer{}, mu: &sync.Mutex{}, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		err := <-p.done
		p.done <- err
	})
	return p
}

// fillUnreadLog has p deliver, one upload after another, until its
// output pipe and its log's buffer are full and lines are dropped, then
// five uploads more: each upload's deliveries must arrive while the pipe
// is unread. Ten endpoints with long URLs make each upload write about
// 25 KB of attempt lines.
func fillUnreadLog(t *testing.T, p *proc, key string, rcv *receiver) {
	t.Helper()
	const endpoints = 10
	for i := range endpoints {
		url := fmt.Sprintf("%s/hook/%d/%s", rcv.srv.URL, i, strings.Repeat("x", 1900))
		mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+url+`"}`, 201)
	}
	upload := func(n int) {
		t.Helper()
		var o struct{ ID string }
		json.Unmarshal(mustCall(t, p.base, "POST", "/v1/orders", key, fmt.Sprintf(orderBody, false), 201), &o)
		mustCall(t, p.base, "POST", "/v1/orders/"+o.ID+"/upload", "op", "", 200)
		want := int64(n * endpoints)
		deadline := time.Now().Add(20 * time.Second)
		for rcv.total.Load() < want {
			if time.Now().After(deadline) {
				t.Fatalf("deliveries stopped arriving while serve's output was unread: %d of %d after 20 s (upload %d)", rcv.total.Load(), want, n)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	n := 0
	for droppedLines(t, p) == 0 {
		if n++; n > 400 {
			t.Fatalf("no log line dropped after %d uploads with the output unread", n-1)
		}
		upload(n)
	}
	for range 5 {
		n++
		upload(n)
	}
}

var droppedMetric = regexp.MustCompile(`(?m)^esahayak_log_lines_dropped_total (\S+)$`)

// droppedLines is p's esahayak_log_lines_dropped_total (0 when it has none).
func droppedLines(t *testing.T, p *proc) float64 {
	t.Helper()
	m := droppedMetric.FindStringSubmatch(metricsText(t, p.base))
	if m == nil {
		return 0
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatalf("esahayak_log_lines_dropped_total %q: %v", m[1], err)
	}
	return v
}

// tail is the last n bytes of s.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// TestServeFailingIntoAFullPipeExits: serve started, or restarted by a
// supervisor loop, with its output in a pipe that is already full and
// unread (`while :; do esahayak serve; done | stuck-shipper`), on a
// database it cannot open. Its error line cannot be written; it must
// exit all the same, with its status, for the loop to go on.
func TestServeFailingIntoAFullPipeExits(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server binary; skipped with -short")
	}
	pr, pw := fullPipe(t)
	defer pr.Close()
	dir := filepath.Join(t.TempDir(), "data.db")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, "serve", "--db", "sqlite:"+dir, "--addr", freeAddr(t))
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		// 2: a directory given as the database is a mistake in --db.
		if !errors.As(err, &ee) || ee.ExitCode() != 2 {
			t.Fatalf("serve on a directory ended with %v, want exit status 2", err)
		}
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatal("serve, failing to start, still running 15 s later: its error line waits for a full pipe")
	}
}

// fullPipe is a pipe whose buffer is already full and unread, as a
// supervisor loop's output is once a stuck log shipper stopped reading it.
func fullPipe(t *testing.T) (pr, pw *os.File) {
	t.Helper()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	// Fill the pipe: os.Pipe's ends are non-blocking until handed to the
	// child, so a write deadline ends the filling once it is full.
	pw.SetWriteDeadline(time.Now().Add(200 * time.Millisecond))
	for {
		if _, err := pw.Write(make([]byte, 4096)); err != nil {
			break
		}
	}
	pw.SetWriteDeadline(time.Time{})
	return pr, pw
}

// TestFirstStartIntoAFullPipe: the first start on a new database with its
// output in a pipe already full and unread (`while :; do esahayak serve;
// done | stuck-shipper`). The development account's printout waited for
// the reader for ever, so the server never finished starting (/healthz
// 503 "the server is starting" however long it ran; on PostgreSQL it
// also held the start lock every other instance's start waits for) and a
// SIGTERM did not stop it. It must give the printout up, say so when the
// output is read again, serve, stop on SIGTERM, and print the account
// (with a key that works) at the next start.
func TestFirstStartIntoAFullPipe(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server binary; skipped with -short")
	}
	pr, pw := fullPipe(t)
	defer pr.Close()
	db := "sqlite:" + filepath.Join(t.TempDir(), "new.db")
	addr := freeAddr(t)
	p := serveIntoPipe(t, pw, addr, "--db", db, "--addr", addr, "--log-level", "warn")
	testenv.Eventually(t, 30*time.Second, "serve to finish its first start with its output unread (GET /healthz 200)", func() bool {
		resp, err := http.Get(p.base + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})

	// The reader comes back, then the server is stopped.
	read := make(chan string)
	go func() {
		b, _ := io.ReadAll(pr) // to the end: the server's exit closes the pipe
		read <- string(b)
	}()
	p.stop(t, 15*time.Second)
	out := <-read
	if !strings.Contains(out, "could not print the development account") {
		t.Errorf("nothing said of the printout that was not read; what the output held after the filling:\n%s", strings.TrimLeft(out, "\x00"))
	}
	q := startServe(t, "--db", db)
	next := q.output()
	m := regexp.MustCompile(`api_key:\s+(esk_\S+)`).FindStringSubmatch(next)
	if !strings.Contains(next, "Finished the development account") || m == nil {
		t.Fatalf("the next start did not print the development account:\n%s", next)
	}
	mustCall(t, q.base, "GET", "/v1/orders", m[1], "", 200)
	// A printout that the reader got late names a key that nobody was
	// told was good: it is refused, as the note says.
	if late := regexp.MustCompile(`api_key:\s+(esk_\S+)`).FindStringSubmatch(out); late != nil {
		mustCall(t, q.base, "GET", "/v1/orders", late[1], "", 401)
	}
}
