package main_test

// `esahayak listen` and `esahayak trigger` as a developer runs them: the
// real binary for the server, the listener and the trigger, a real local
// handler, and a TCP proxy between listener and server that the test can
// cut, to hold the listener away while events happen.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/webhook"
)

// serveAt starts `esahayak serve` on addr (so it can be restarted there).
func serveAt(t *testing.T, addr, db string) *proc {
	t.Helper()
	p := launch(t, exec.Command(binary, "serve", "--addr", addr, "--db", db, "--operator-token", "op", "--allow-insecure-urls", "--log-level", "warn"), "http://"+addr, nil)
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
		p.done <- nil
		if t.Failed() {
			t.Logf("server output:\n%s", p.output())
		}
	})
	waitHealthy(t, p)
	return p
}

// stop sends SIGTERM and waits for a clean exit.
func (p *proc) stop(t *testing.T, within time.Duration) {
	t.Helper()
	start := time.Now()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		p.done <- err
		if err != nil {
			t.Fatalf("serve exited with %v after SIGTERM\n%s", err, p.output())
		}
	case <-time.After(within):
		t.Fatalf("serve still running %s after SIGTERM\n%s", within, p.output())
	}
	t.Logf("serve stopped in %s", time.Since(start).Round(time.Millisecond))
}

// tcpProxy forwards connections to target; down refuses new ones and cuts
// the open ones, up accepts again on the same address.
type tcpProxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]bool
}

func newTCPProxy(t *testing.T, target string) *tcpProxy {
	p := &tcpProxy{t: t, addr: "127.0.0.1:0", target: target, conns: map[net.Conn]bool{}}
	p.up()
	t.Cleanup(p.down)
	return p
}

func (p *tcpProxy) up() {
	p.t.Helper()
	var ln net.Listener
	var err error
	for range 100 {
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.pipe(c)
		}
	}()
}

func (p *tcpProxy) pipe(c net.Conn) {
	s, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[c], p.conns[s] = true, true
	p.mu.Unlock()
	go func() { io.Copy(s, c); s.Close() }()
	io.Copy(c, s)
	c.Close()
}

func (p *tcpProxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

// listenProc is a running `esahayak listen`, its output read line by line.
type listenProc struct {
	cmd  *exec.Cmd
	out  testenv.Output // its stdout's lines and its stderr
	done chan error
}

func startListen(t *testing.T, key string, args ...string) *listenProc {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"listen"}, args...)...)
	cmd.Env = append(os.Environ(), "ESAHAYAK_API_KEY="+key)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	l := &listenProc{cmd: cmd, done: make(chan error, 1)}
	cmd.Stderr = &l.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			l.out.Write([]byte(sc.Text() + "\n"))
		}
		l.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		select {
		case <-l.done:
		case <-time.After(10 * time.Second):
		}
		if t.Failed() {
			t.Logf("listen output:\n%s", l.output())
		}
	})
	return l
}

func (l *listenProc) output() string { return l.out.String() }

// waitOutput waits until the output matches re and returns the match.
func (l *listenProc) waitOutput(t *testing.T, re string, timeout time.Duration) []string {
	t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if m := rx.FindStringSubmatch(l.output()); m != nil {
			return m
		}
		select {
		case err := <-l.done:
			l.done <- err
			t.Fatalf("listen exited (%v) before printing %q:\n%s", err, re, l.output())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("listen did not print %q within %s:\n%s", re, timeout, l.output())
	return nil
}

// runTrigger runs `esahayak trigger` and returns the event and order ids.
func runTrigger(t *testing.T, base, key, typ string) (eventID, orderID string) {
	t.Helper()
	cmd := exec.Command(binary, "trigger", typ, "--api-base", base, "--operator-token", "op")
	cmd.Env = append(os.Environ(), "ESAHAYAK_API_KEY="+key)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("trigger %s: %v\n%s", typ, err, out)
	}
	m := regexp.MustCompile(`Triggered (\S+): event (evt_[0-9a-z]{26}) for order (order_[0-9a-z]{26})`).FindStringSubmatch(string(out))
	if m == nil || m[1] != typ {
		t.Fatalf("trigger %s printed:\n%s", typ, out)
	}
	return m[2], m[3]
}

// localHandler is the developer's server.
type localHandler struct {
	srv *httptest.Server
	mu  sync.Mutex
	got map[string][]hit // by webhook-id
}

type hit struct {
	header http.Header
	body   []byte
}

func newLocalHandler(t *testing.T) *localHandler {
	h := &localHandler{got: map[string][]hit{}}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		id := r.Header.Get("webhook-id")
		h.got[id] = append(h.got[id], hit{r.Header.Clone(), b})
		h.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"received": true}`))
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *localHandler) wait(t *testing.T, id string) hit {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		h.mu.Lock()
		hs := h.got[id]
		h.mu.Unlock()
		if len(hs) > 0 {
			return hs[0]
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("event %s never reached the local handler", id)
	return hit{}
}

func (h *localHandler) count(id string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.got[id])
}

func TestListenAndTrigger(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server, listen and trigger binaries; skipped with -short")
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "e.db")
	_, key := createAccount(t, db)
	addr := freeAddr(t)
	srv := serveAt(t, addr, db)
	proxy := newTCPProxy(t, addr)
	local := newLocalHandler(t)
	l := startListen(t, key, "--forward-to", local.srv.URL+"/webhooks/esahayak", "--api-base", "http://"+proxy.addr)

	m := l.waitOutput(t, `Session (ls_[0-9a-z]{26})\. Your webhook signing secret for this session is (whsec_[A-Za-z0-9+/=]+)`, 30*time.Second)
	session, secret := m[1], m[2]
	l.waitOutput(t, `Ready: waiting for events`, 10*time.Second)

	// trigger → the server → listen → the local handler, signed with the printed secret.
	checkArrival := func(eventID, typ string) {
		t.Helper()
		h := local.wait(t, eventID)
		if _, err := webhook.Verify(secret, h.body, h.header); err != nil {
			t.Fatalf("%s does not verify with the printed secret: %v", eventID, err)
		}
		for k, v := range map[string]string{"X-eSahayak-Event": typ, "X-eSahayak-Delivery": eventID, "X-eSahayak-Attempt": "1",
			"Content-Type": "application/json", "User-Agent": webhook.UserAgent} {
			if h.header.Get(k) != v {
				t.Errorf("%s: header %s = %q, want %q", eventID, k, h.header.Get(k), v)
			}
		}
		stored := mustCall(t, srv.base, "GET", "/v1/events/"+eventID, key, "", 200)
		if !bytes.Equal(h.body, bytes.TrimSpace(stored)) {
			t.Errorf("%s: forwarded body is not the stored event:\n%s\n%s", eventID, h.body, stored)
		}
		l.waitOutput(t, `\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  `+regexp.QuoteMeta(typ)+` +`+eventID+`  \[200\]  [0-9.]+ms`, 10*time.Second)
	}
	ev, order := runTrigger(t, srv.base, key, "stamp.uploaded")
	checkArrival(ev, "stamp.uploaded")
	var o struct{ Status string }
	json.Unmarshal(mustCall(t, srv.base, "GET", "/v1/orders/"+order, key, "", 200), &o)
	if o.Status != "COMPLETED" {
		t.Fatalf("order %s is %s", order, o.Status)
	}
	// The API shows it as a delivery to the listen session.
	waitDeliveries(t, srv.base, key, session, 1)

	// The server restarts (its stream ends at once, so SIGTERM is quick)
	// and, while the listener is held away, events happen.
	srv.stop(t, 10*time.Second)
	l.waitOutput(t, `Connection lost`, 10*time.Second)
	proxy.down()
	srv = serveAt(t, addr, db)
	missed := map[string]string{}
	for _, typ := range []string{"stamp.failed", "order.cancelled"} {
		id, _ := runTrigger(t, srv.base, key, typ)
		missed[id] = typ
	}
	time.Sleep(500 * time.Millisecond)
	proxy.up() // the listener reconnects and gets what it missed
	l.waitOutput(t, `Connected; replaying 2 event\(s\) missed meanwhile`, 40*time.Second)
	for id, typ := range missed {
		checkArrival(id, typ)
	}
	ev, _ = runTrigger(t, srv.base, key, "order.delivered") // and live events again
	checkArrival(ev, "order.delivered")
	waitDeliveries(t, srv.base, key, session, 5)
	if local.count(ev) != 1 {
		t.Errorf("order.delivered arrived %d times", local.count(ev))
	}

	// Ctrl-C ends it cleanly and closes the session.
	l.cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-l.done:
		var exit *exec.ExitError
		if errors.As(err, &exit) || err != nil {
			t.Fatalf("listen exited with %v after Ctrl-C:\n%s", err, l.output())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("listen did not exit after Ctrl-C:\n%s", l.output())
	}
	if !strings.Contains(l.output(), "Stopped. Session "+session+" closed.") {
		t.Errorf("no goodbye:\n%s", l.output())
	}
	var s struct{ Status string }
	json.Unmarshal(mustCall(t, srv.base, "GET", "/v1/listen_sessions/"+session, key, "", 200), &s)
	if s.Status != "closed" {
		t.Fatalf("session after Ctrl-C: %s", s.Status)
	}
}

// TestListenStoppedWhileTheServerIsDown: Ctrl-C while the server cannot
// be reached leaves the session open on the server, and sessions do not
// expire: listen says so, and prints the command that closes it (without
// the API key), which does once the server is back. It said only that the
// session "could not be closed".
func TestListenStoppedWhileTheServerIsDown(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server and listen binaries; skipped with -short")
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "e.db")
	_, key := createAccount(t, db)
	addr := freeAddr(t)
	srv := serveAt(t, addr, db)
	local := newLocalHandler(t)
	l := startListen(t, key, "--forward-to", local.srv.URL+"/webhooks/esahayak", "--api-base", srv.base)
	session := l.waitOutput(t, `Session (ls_[0-9a-z]{26})\.`, 30*time.Second)[1]
	l.waitOutput(t, `Ready: waiting for events`, 10*time.Second)
	srv.stop(t, 10*time.Second)
	l.waitOutput(t, `Connection lost`, 10*time.Second)

	l.cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-l.done:
		if err != nil {
			t.Fatalf("listen exited with %v after Ctrl-C:\n%s", err, l.output())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("listen did not exit after Ctrl-C:\n%s", l.output())
	}
	// Exit status 0, which `esahayak help` and the README said meant "its
	// session closed": they say it also means a session left open and
	// named.
	help, _, _ := runBinary(t, t.TempDir(), nil, "", "help")
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(help, "\n  0  done (listen: stopped by Ctrl-C or SIGTERM, its session closed, or left open and named") ||
		!strings.Contains(string(readme), "Exit status: `0` done (`listen` stopped by Ctrl-C or SIGTERM, its session closed, or left open and named") {
		t.Errorf("esahayak help or README.md does not say that a listen which could not close its session exits 0:\n%s", help)
	}
	out := l.output()
	if !strings.Contains(out, "Stopped, but session "+session+" could not be closed on the server: ") ||
		!strings.Contains(out, "It stays open there (sessions do not expire)") {
		t.Errorf("listen does not say the session stays open:\n%s", out)
	}
	if strings.Contains(out, key) {
		t.Errorf("listen printed the API key:\n%s", out)
	}
	m := regexp.MustCompile(`(?m)^  (curl -X DELETE '([^']+)' -H "Authorization: Bearer \$ESAHAYAK_API_KEY")$`).FindStringSubmatch(out)
	if m == nil || m[2] != srv.base+"/v1/listen_sessions/"+session {
		t.Fatalf("no command to close %s at %s:\n%s", session, srv.base, out)
	}

	// Open, as said, until the printed command closes it.
	srv = serveAt(t, addr, db)
	sessionStatus := func() string {
		var s struct{ Status string }
		json.Unmarshal(mustCall(t, srv.base, "GET", "/v1/listen_sessions/"+session, key, "", 200), &s)
		return s.Status
	}
	if st := sessionStatus(); st != "open" {
		t.Fatalf("session after the failed close: %s, want open", st)
	}
	if _, err := exec.LookPath("curl"); err == nil {
		cmd := exec.Command("sh", "-c", m[1]+" --silent --show-error --fail")
		cmd.Env = append(os.Environ(), "ESAHAYAK_API_KEY="+key)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", m[1], err, b)
		}
	} else { // the same request without curl
		mustCall(t, srv.base, "DELETE", strings.TrimPrefix(m[2], srv.base), key, "", 200)
	}
	if st := sessionStatus(); st != "closed" {
		t.Fatalf("session after the printed command: %s, want closed", st)
	}
}

func waitDeliveries(t *testing.T, base, key, session string, n int) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var last []byte
	for time.Now().Before(deadline) {
		last = mustCall(t, base, "GET", "/v1/deliveries?limit=100&endpoint_id="+session, key, "", 200)
		var l struct {
			Data []struct{ Status, EndpointID string }
		}
		json.Unmarshal(last, &l)
		ok := len(l.Data) == n
		for _, d := range l.Data {
			ok = ok && d.Status == "succeeded"
		}
		if ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("want %d succeeded deliveries to %s, have %s", n, session, last)
}

func TestListenUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "--forward-to"},
		{[]string{"--forward-to", "http://localhost:3000", "--events", "stamp.printed"}, `unknown event type "stamp.printed"; known types:`},
		{[]string{"--forward-to", "http://localhost:3000", "--events", "stamp.uploaded,order.canceled"}, `unknown event type "order.canceled" (did you mean order.cancelled?); known types:`},
		{[]string{"--forward-to", "http://localhost:3000", "--events", "stamp.uploaded stamp.failed"}, `--events "stamp.uploaded stamp.failed": separate event types with commas, e.g. --events stamp.uploaded,stamp.failed`},
		{[]string{"--forward-to", "http://localhost:3000", "--events", ","}, `--events "," names no event type`},
		{[]string{"--forward-to", "http://localhost:3000", "--events", " , "}, `--events "," names no event type`}, // read without the spaces around it
		{[]string{"--forward-to", "http://localhost:3000", "extra"}, "takes no arguments"},
		// Quoted as typed, not with the http:// listen adds to host:port.
		{[]string{"--forward-to", "/relative"}, `--forward-to "/relative" is a path`},
		{[]string{"--forward-to", "3000"}, `--forward-to "3000": "3000" is not a host; did you mean --forward-to localhost:3000?`},
		{[]string{"--forward-to", "3000/webhooks"}, `did you mean --forward-to localhost:3000/webhooks?`},
		{[]string{"--forward-to", "0:3000"}, `"0" is not a host; did you mean --forward-to localhost:3000?`},
		{[]string{"--forward-to", "http://8080:3000/hook"}, `did you mean --forward-to http://localhost:3000/hook?`},
		{[]string{"--forward-to", "https://1234/x?a=1"}, `did you mean --forward-to https://localhost:1234/x?a=1?`},
		{[]string{"--forward-to", "http:3000"}, `"http" is not a host (a scheme without its "://"?)`},
		{[]string{"--forward-to", "https//localhost:3000"}, `"https" is not a host`},
		{[]string{"--forward-to", "localhost3000/x"}, `did you mean --forward-to localhost:3000/x?`},
		{[]string{"--forward-to", "localhost:"}, `has a ":" but no port`},
		{[]string{"--forward-to", "http://localhost:/x"}, `has a ":" but no port; give your handler's port, e.g. --forward-to http://localhost:3000/x`},
		{[]string{"--forward-to", "3000.0"}, `"3000.0" is neither an IP address nor a host name`},
		// A space that is not ASCII white space (which is trimmed, as
		// from every text flag) pasted with the URL, from a web page: at
		// its end it was taken, and every event went to /x%C2%A0.
		{[]string{"--forward-to", "http://localhost:3000/x\u00a0"}, `--forward-to "http://localhost:3000/x\u00a0" has a space or line break at its start or end; give the URL alone, e.g. --forward-to http://localhost:3000/x`},
		{[]string{"--forward-to", "\u2003http://localhost:3000/x"}, `has a space or line break at its start or end; give the URL alone, e.g. --forward-to http://localhost:3000/x`},
		{[]string{"--forward-to", " \r"}, `for flag --forward-to: " \r" is only white space: give a value, or leave it out`},
		{[]string{"--forward-to", "http://localhost:3000/a\tb"}, `--forward-to "http://localhost:3000/a\tb" holds a control character`},
		// A space inside was taken and sent as %20: every event went to
		// /hook%20--events%20stamp.uploaded.
		{[]string{"--forward-to", "localhost:3000/hook --events stamp.uploaded"}, `--forward-to "localhost:3000/hook --events stamp.uploaded" holds a space; give the URL alone, and write a space that belongs in its path or query as %20`},
		{[]string{"--forward-to", "http://localhost:3000/a\u00a0b"}, `holds a space`},
		{[]string{"--forward-to", "65536"}, `nor 65536 a port (1 to 65535); give your handler's host and port, e.g. --forward-to localhost:3000`},
		{[]string{"--forward-to", "https://65536"}, `e.g. --forward-to https://localhost:3000`},
		{[]string{"--forward-to", "localhost:70000"}, `port 70000 is out of range`},
		{[]string{"--forward-to", ":3000/ok"}, `--forward-to ":3000/ok" has no host; give your handler's host and port, e.g. --forward-to localhost:3000/ok`},
		{[]string{"--forward-to", "http://:3000/ok"}, `has no host`},
		{[]string{"--forward-to", "localhost:abc/x"}, `--forward-to "localhost:abc/x":`},
		// A scheme without its "//" is not taken for a host.
		{[]string{"--forward-to", "http:/127.0.0.1/x"}, `--forward-to "http:/127.0.0.1/x":`},
	} {
		cmd := exec.Command(binary, append([]string{"listen"}, c.args...)...)
		cmd.Env = append(os.Environ(), "ESAHAYAK_API_KEY=esk_x")
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), c.want) {
			t.Errorf("listen %v: %v\n%s", c.args, err, out)
		}
	}
	// The handler's password, typed without a scheme, is not echoed.
	for _, v := range []string{"user:secretpw@localhost:abc/x", "http:/user:secretpw@127.0.0.1/x"} {
		cmd := exec.Command(binary, "listen", "--forward-to", v, "--api-key", "esk_x")
		if out, _ := cmd.CombinedOutput(); strings.Contains(string(out), "secretpw") || !strings.Contains(string(out), "--forward-to") {
			t.Errorf("a bad --forward-to with a password: %s", out)
		}
	}
	// A wrong key is reported at once, not retried forever.
	p := startServe(t, "--db", "sqlite:"+filepath.Join(t.TempDir(), "e.db"))
	cmd := exec.Command(binary, "listen", "--forward-to", "localhost:3000/x", "--api-base", p.base, "--api-key", "esk_wrong")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(string(out), "invalid_api_key") {
		t.Fatalf("listen with a wrong key: %v\n%s", err, out)
	}
}

// pipedListen is `listen` with its standard output into a pipe that the
// test reads, as `head` or `less` would.
type pipedListen struct {
	cmd     *exec.Cmd
	out     *os.File // the pipe's read end
	done    chan error
	session string
	errOut  *testenv.Output // standard error
}

// startListenIntoPipe starts listen forwarding to local, lets shape adjust
// the pipe's write end before the start (nil: as it is), and reads its
// output up to the ready line.
func startListenIntoPipe(t *testing.T, srv *proc, key string, local *localHandler, shape func(w *os.File)) *pipedListen {
	t.Helper()
	l := &pipedListen{done: make(chan error, 1), errOut: &testenv.Output{}}
	l.cmd = exec.Command(binary, "listen", "--forward-to", local.srv.URL+"/webhooks/esahayak", "--api-base", srv.base)
	l.cmd.Env = append(os.Environ(), "ESAHAYAK_API_KEY="+key)
	l.cmd.Stderr = l.errOut
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	l.out = pr
	t.Cleanup(func() { pr.Close() })
	if shape != nil {
		shape(pw)
	}
	l.cmd.Stdout = pw
	if err := l.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	go func() { l.done <- l.cmd.Wait() }()
	t.Cleanup(func() { l.cmd.Process.Kill(); err := <-l.done; l.done <- err })

	var head strings.Builder
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		head.WriteString(sc.Text() + "\n")
		if m := regexp.MustCompile(`Session (ls_[0-9a-z]{26})\.`).FindStringSubmatch(sc.Text()); m != nil {
			l.session = m[1]
		}
		if strings.Contains(sc.Text(), "Ready: waiting for events") {
			break
		}
	}
	if l.session == "" {
		t.Fatalf("listen printed no session and ready line:\n%s\nstderr:\n%s", head.String(), l.errOut.String())
	}
	return l
}

// exit waits for listen to end and returns how it ended.
func (l *pipedListen) exit(t *testing.T, after string) error {
	t.Helper()
	select {
	case err := <-l.done:
		l.done <- err
		return err
	case <-time.After(20 * time.Second):
		t.Fatalf("listen still running 20 s after %s\nstderr:\n%s", after, l.errOut.String())
		return nil
	}
}

// wantClosed checks that listen said it closed its session, and that the
// server has it closed.
func (l *pipedListen) wantClosed(t *testing.T, srv *proc, key string) {
	t.Helper()
	if out := l.errOut.String(); !strings.Contains(out, "Stopped. Session "+l.session+" closed.") {
		t.Errorf("listen's standard error does not say it closed the session:\n%s", out)
	}
	var s struct{ Status string }
	json.Unmarshal(mustCall(t, srv.base, "GET", "/v1/listen_sessions/"+l.session, key, "", 200), &s)
	if s.Status != "closed" {
		t.Errorf("session %s is %q after listen stopped, want closed", l.session, s.Status)
	}
}

// TestListenStopsWhenItsOutputCloses runs `listen | head`: once the pipe's
// reader is gone, listen stops at its next line as on Ctrl-C, with the
// event forwarded and recorded and the session closed, instead of being
// killed by SIGPIPE with its session left open for good.
func TestListenStopsWhenItsOutputCloses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server, listen and trigger binaries; skipped with -short")
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "e.db")
	_, key := createAccount(t, db)
	srv := serveAt(t, freeAddr(t), db)
	local := newLocalHandler(t)
	l := startListenIntoPipe(t, srv, key, local, nil)
	l.out.Close() // `head` has read the line it wanted, and exits

	eventID, _ := runTrigger(t, srv.base, key, "stamp.uploaded")
	local.wait(t, eventID)
	var exitErr *exec.ExitError
	if err := l.exit(t, "its output closed"); !errors.As(err, &exitErr) || exitErr.ExitCode() != 1 {
		t.Fatalf("listen ended with %v, want exit status 1 (not killed by SIGPIPE)\nstderr:\n%s", err, l.errOut.String())
	}
	if out := l.errOut.String(); !strings.Contains(out, "listen stopped: its output could not be written") {
		t.Errorf("listen's standard error does not say why it stopped:\n%s", out)
	}
	l.wantClosed(t, srv, key)
	waitDeliveries(t, srv.base, key, l.session, 1)
}

// TestListenStopsWhileItsOutputIsNotRead runs `listen | less` with less
// paused (or any reader that stopped reading without going away): once
// the pipe is full, listen's next line blocks in write(2). SIGTERM must
// still stop it, closing its session, rather than leave it hanging there
// with the session open until a second signal kills it.
func TestListenStopsWhileItsOutputIsNotRead(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server and listen binaries; skipped with -short")
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "e.db")
	_, key := createAccount(t, db)
	srv := serveAt(t, freeAddr(t), db)
	local := newLocalHandler(t)
	// The smallest pipe Linux allows (a page), so that a few dozen
	// events fill it; elsewhere the default, and more events.
	events := 400
	l := startListenIntoPipe(t, srv, key, local, func(w *os.File) {
		if shrinkPipe(w) {
			events = 120
		}
	})
	// The reader stops reading (and stays): events fill the pipe.
	for i := 0; i < events; i++ {
		var o struct{ ID string }
		json.Unmarshal(mustCall(t, srv.base, "POST", "/v1/orders", key, fmt.Sprintf(orderBody, false), 201), &o)
		mustCall(t, srv.base, "POST", "/v1/orders/"+o.ID+"/upload", "op", "", 200)
	}
	// listen has written what the pipe holds, and blocks. A fixed second
	// here, on a loaded machine, could end before listen had filled the
	// pipe, and the test passed without a listen blocked on its output.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		writing, known := writingToAPipe(l.cmd.Process.Pid)
		if !known { // where the kernel does not say (not Linux)
			time.Sleep(time.Second)
			break
		}
		if writing {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("listen did not block writing to its full, unread output within 30 s of %d events\nstderr:\n%s", events, l.errOut.String())
		}
	}

	l.cmd.Process.Signal(syscall.SIGTERM)
	if err := l.exit(t, "SIGTERM, its output full and unread"); err != nil {
		t.Errorf("listen ended with %v after SIGTERM, want exit status 0\nstderr:\n%s", err, l.errOut.String())
	}
	l.wantClosed(t, srv, key)
}
