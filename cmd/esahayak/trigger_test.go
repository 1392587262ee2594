package main_test

import (
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestTriggerEveryEvent: each event type, emitted by a fixture order
// through the public API, reaches a real endpoint.
func TestTriggerEveryEvent(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server and trigger binaries; skipped with -short")
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "e.db")
	_, key := createAccount(t, db)
	p := startServe(t, "--db", db)
	local := newLocalHandler(t)
	mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+local.srv.URL+`/webhooks/esahayak"}`, 201)
	status := map[string]string{"stamp.uploaded": "COMPLETED", "stamp.failed": "FAILED", "order.delivered": "DELIVERED", "order.cancelled": "CANCELLED"}
	for typ, want := range status {
		ev, order := runTrigger(t, p.base, key, typ)
		var e struct {
			Type string
			Data struct{ Order struct{ ID, Status string } }
		}
		json.Unmarshal(mustCall(t, p.base, "GET", "/v1/events/"+ev, key, "", 200), &e)
		if e.Type != typ || e.Data.Order.ID != order || e.Data.Order.Status != want {
			t.Errorf("trigger %s made event %+v", typ, e)
		}
		if h := local.wait(t, ev); h.header.Get("X-eSahayak-Event") != typ {
			t.Errorf("endpoint got %s for %s", h.header.Get("X-eSahayak-Event"), typ)
		}
	}
}

func TestTriggerUsage(t *testing.T) {
	run := func(env []string, args ...string) (int, string) {
		cmd := exec.Command(binary, append([]string{"trigger"}, args...)...)
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode(), string(out)
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0, string(out)
	}
	key := []string{"ESAHAYAK_API_KEY=esk_x"}
	for _, c := range []struct {
		env  []string
		args []string
		code int
		want string
	}{
		{key, nil, 2, "esahayak: trigger needs an event type; usage: esahayak trigger stamp.uploaded|"},
		{key, []string{"--api-base", "http://127.0.0.1:1"}, 2, "trigger needs an event type; usage: esahayak trigger"},
		{key, []string{""}, 2, `trigger: the event type is empty (""); trigger one of stamp.uploaded, `},
		{key, []string{"stamp.printed"}, 2, `unknown event type "stamp.printed"; trigger one of`},
		// One slip from a type: named, as the US spelling and the
		// constant's case are what people type from memory.
		{key, []string{"order.canceled"}, 2, `unknown event type "order.canceled" (did you mean order.cancelled?); trigger one of`},
		{key, []string{"STAMP_UPLOADED"}, 2, `(did you mean stamp.uploaded?)`},
		{nil, []string{"stamp.uploaded", "--operator-token", "op"}, 2, "ESAHAYAK_API_KEY"},
		{key, []string{"stamp.uploaded"}, 2, "ESAHAYAK_OPERATOR_TOKEN"},
		{key, []string{"order.cancelled", "--api-base", "http://127.0.0.1:1"}, 1, "is `esahayak serve` running there?"},
		// Flags after the type, when flags come first too, are read (the
		// key here), and a second word is refused, wherever it is.
		{nil, []string{"--api-base", "http://127.0.0.1:1", "order.cancelled", "--api-key", "esk_x"}, 1, "is `esahayak serve` running there?"},
		{key, []string{"--api-base", "http://127.0.0.1:1", "order.cancelled", "extra"}, 2, `got "extra" too`},
		{key, []string{"--api-base", "http://127.0.0.1:1", "order.cancelled", "--operator-token", "op", "extra"}, 2, `got "extra" too`},
	} {
		code, out := run(c.env, c.args...)
		if code != c.code || !strings.Contains(out, c.want) {
			t.Errorf("trigger %v: exit %d, want %d with %q:\n%s", c.args, code, c.code, c.want, out)
		}
	}
	// A password in --api-base is never printed.
	if code, out := run(key, "order.cancelled", "--api-base", "http://u:APIBASEPW@127.0.0.1:1"); code != 1 || strings.Contains(out, "APIBASEPW") {
		t.Errorf("trigger with a password in --api-base: exit %d\n%s", code, out)
	}
	// The server's own errors come through: here, a key it does not know.
	db := "sqlite:" + filepath.Join(t.TempDir(), "e.db")
	_, good := createAccount(t, db)
	p := startServe(t, "--db", db)
	code, out := run(key, "order.cancelled", "--api-base", p.base)
	if code != 1 || !strings.Contains(out, "invalid_api_key") {
		t.Fatalf("trigger with a wrong key: exit %d\n%s", code, out)
	}
	// A wrong operator token is named as such, before any order is made.
	code, out = run([]string{"ESAHAYAK_API_KEY=" + good}, "stamp.uploaded", "--api-base", p.base, "--operator-token", "not-the-token")
	if code != 1 || !strings.Contains(out, "refused the operator token") || strings.Contains(out, "Created order") {
		t.Errorf("trigger with a wrong operator token: exit %d\n%s", code, out)
	}
	if b := mustCall(t, p.base, "GET", "/v1/orders", good, "", 200); strings.Contains(string(b), "order_") {
		t.Errorf("trigger left an order behind after the operator token was refused: %s", b)
	}
	// A server without operator routes says so, without naming the
	// made-up order the token is tried on.
	offDB := "sqlite:" + filepath.Join(t.TempDir(), "off.db")
	_, offKey := createAccount(t, offDB)
	off := startServe(t, "--db", offDB, "--operator-token", "")
	code, out = run([]string{"ESAHAYAK_API_KEY=" + offKey}, "stamp.uploaded", "--api-base", off.base, "--operator-token", "op")
	if code != 1 || !strings.Contains(out, "operator_disabled") || strings.Contains(out, "order_0000") || strings.Contains(out, "Created order") {
		t.Errorf("trigger against a server without operator routes: exit %d\n%s", code, out)
	}
	// --api-base may be the API's own address, as serve prints it.
	code, out = run([]string{"ESAHAYAK_API_KEY=" + good}, "stamp.uploaded", "--api-base", p.base+"/v1/", "--operator-token", "op")
	if code != 0 || !strings.Contains(out, "Triggered stamp.uploaded") {
		t.Errorf("trigger with --api-base %s/v1/: exit %d\n%s", p.base, code, out)
	}
}

// TestTriggerEndsAtAnAPIThatAnswers101: an --api-base that answers 101 and
// goes quiet is an error at once; trigger read the raw connection as the
// error's body for minutes, deaf to Ctrl-C.
func TestTriggerEndsAtAnAPIThatAnswers101(t *testing.T) {
	cmd := exec.Command(binary, "trigger", "stamp.uploaded", "--api-base", "http://"+testenv.SwitchingProtocols(t), "--api-key", "esk_x", "--operator-token", "T")
	done := make(chan struct{})
	var out []byte
	go func() { out, _ = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
		if !strings.Contains(string(out), "switched protocols") {
			t.Fatalf("trigger against a 101: %s", out)
		}
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("trigger against a 101 still ran after 15 s")
	}
}

// TestTriggerAtTheWrongAddress: an --api-base where nothing listens, or
// where another server answers, is said so, without the made-up order of
// the operator token's check, and without another server's page in full.
func TestTriggerAtTheWrongAddress(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "<html>"+strings.Repeat("not found here ", 100)+"</html>", http.StatusNotFound)
	}))
	defer other.Close()
	for base, want := range map[string]string{
		"http://127.0.0.1:1": "could not reach http://127.0.0.1:1", // nothing listens on loopback port 1
		other.URL:            "HTTP 404 without the API's error (is --api-base an esahayak server?)",
	} {
		out, err := exec.Command(binary, "trigger", "stamp.uploaded", "--api-base", base, "--api-key", "esk_x", "--operator-token", "T").CombinedOutput()
		if err == nil || !strings.Contains(string(out), want) || strings.Contains(string(out), "order_0000") || len(out) > 600 {
			t.Errorf("trigger --api-base %s: %v\n%s", base, err, out)
		}
	}
}

// TestClientsAtAServerThatAnswers2xx: an --api-base where another server
// answers every request 2xx (a catch-all, a proxy's page, a handler that
// acknowledges everything) is said to be no esahayak server. trigger took
// its 2xx for a valid operator token and reported "unexpected end of JSON
// input", or with a JSON body printed an order with no id; listen said
// only "EOF".
func TestClientsAtAServerThatAnswers2xx(t *testing.T) {
	for _, body := range []string{"", "<html><body>Welcome</body></html>", `{"received": true}`} {
		other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(body))
		}))
		const want = "is --api-base an esahayak server?"
		for _, args := range [][]string{
			{"trigger", "stamp.uploaded", "--operator-token", "T"},
			{"trigger", "order.cancelled"},
			{"listen", "--forward-to", "http://127.0.0.1:1/webhooks/esahayak"},
		} {
			cmd := exec.Command(binary, append(args, "--api-base", other.URL, "--api-key", "esk_x")...)
			done := make(chan struct{})
			var out []byte
			var err error
			go func() { out, err = cmd.CombinedOutput(); close(done) }()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				cmd.Process.Kill()
				<-done
				t.Fatalf("%s against a server answering %q still ran after 20 s:\n%s", args[0], body, out)
			}
			if err == nil || !strings.Contains(string(out), want) || strings.Contains(string(out), "Created order") || strings.Contains(string(out), "Forwarding") {
				t.Errorf("%v against a server answering 200 %q: %v\n%s", args[:2], body, err, out)
			}
		}
		other.Close()
	}
}

// TestTriggerDoesNotFollowRedirects: an --api-base that redirects (another
// server, a proxy's login page) is not followed. Go's client sent the API
// key and the operator token on to the redirect's target on the same host
// (another port here), and a 307 repeated the order's POST there.
func TestTriggerDoesNotFollowRedirects(t *testing.T) {
	got := make(chan string, 10)
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Method + " " + r.URL.Path + " " + r.Header.Get("Authorization")
		http.NotFound(w, r)
	}))
	defer target.Close()
	for _, code := range []int{http.StatusFound, http.StatusTemporaryRedirect} {
		redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target.URL+"/elsewhere", code)
		}))
		for _, args := range [][]string{
			{"trigger", "stamp.uploaded", "--operator-token", "op-secret-token"},
			{"trigger", "order.cancelled"},
		} {
			out, err := exec.Command(binary, append(args, "--api-base", redirector.URL, "--api-key", "esk_secret_key")...).CombinedOutput()
			if err == nil || !strings.Contains(string(out), "the server redirected to "+target.URL+"/elsewhere") ||
				!strings.Contains(string(out), "give the server's own address as --api-base") || strings.Contains(string(out), "order_0000") {
				t.Errorf("%v at a server redirecting with %d: %v\n%s", args[:2], code, err, out)
			}
		}
		redirector.Close()
	}
	select {
	case r := <-got:
		t.Errorf("trigger followed a redirect: %s", r)
	default:
	}
}

// TestTriggerCountsOpenListenSessions: trigger says how many open listen
// sessions take the event it made, so that a `listen` terminal that will
// not show it (none open, or one started with --events without its type)
// is no surprise. It said "an open listen session gets it too" whatever
// was open. Closed sessions do not count, and an open session behind a
// page of closed ones does.
func TestTriggerCountsOpenListenSessions(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server and trigger binaries; skipped with -short")
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "e.db")
	_, key := createAccount(t, db)
	p := startServe(t, "--db", db)
	trigger := func() string {
		t.Helper()
		cmd := exec.Command(binary, "trigger", "order.cancelled", "--api-base", p.base)
		cmd.Env = append(os.Environ(), "ESAHAYAK_API_KEY="+key)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "Triggered order.cancelled") {
			t.Fatalf("trigger: %v\n%s", err, out)
		}
		return string(out)
	}
	open := func(body string) string {
		t.Helper()
		var s struct{ ID string }
		json.Unmarshal(mustCall(t, p.base, "POST", "/v1/listen_sessions", key, body, 201), &s)
		return s.ID
	}
	check := func(out string, want, notWant []string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("trigger printed no %q:\n%s", w, out)
			}
		}
		for _, w := range notWant {
			if strings.Contains(out, w) {
				t.Errorf("trigger printed %q:\n%s", w, out)
			}
		}
	}

	check(trigger(), []string{"; 0 webhook endpoint deliveries; no open listen session takes order.cancelled)", "No listen session is open, so no `esahayak listen` terminal shows it"},
		[]string{"gets it too"})

	// The oldest, open, behind more than a page of closed ones.
	open(`{"events": ["order.cancelled"]}`)
	for range 101 {
		mustCall(t, p.base, "DELETE", "/v1/listen_sessions/"+open(`{}`), key, "", 200)
	}
	check(trigger(), []string{"; 1 open listen session takes it)"}, []string{"No listen session", "does not take"})

	open(`{}`) // every type
	check(trigger(), []string{"; 2 open listen sessions take it)"}, []string{"No listen session", "does not take"})

	// Sessions open, but none for this type.
	db2 := "sqlite:" + filepath.Join(t.TempDir(), "e2.db")
	_, key = createAccount(t, db2)
	p = startServe(t, "--db", db2)
	open(`{"events": ["stamp.failed", "stamp.uploaded"]}`)
	check(trigger(), []string{"; no open listen session takes order.cancelled)",
		"The account's 1 open listen session does not take order.cancelled (started with --events without it)"},
		[]string{"No listen session is open"})
}

// TestTriggerCountsOpenSessionsAmongManyClosed: trigger finds the open
// listen session of an account whose closed ones fill more than the 100
// pages of 100 it reads (a CI job that runs listen per test makes that
// many within the 30 days they are kept). It listed closed sessions too,
// and said "open listen sessions not counted: more than 10000 listen
// sessions" instead of the session that takes the event.
func TestTriggerCountsOpenSessionsAmongManyClosed(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server and trigger binaries; skipped with -short")
	}
	path := filepath.Join(t.TempDir(), "e.db")
	db := "sqlite:" + path
	acct, key := createAccount(t, db)
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := raw.Begin()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(-24 * time.Hour)
	for i := range 10_001 {
		at := start.Add(time.Duration(i) * time.Millisecond)
		if _, err := tx.Exec(`INSERT INTO listen_sessions (id, account_id, events, secret, created_at, closed_at) VALUES (?, ?, '', '', ?, ?)`,
			ids.NewAt("ls_", at), acct, at.UnixMicro(), at.Add(time.Second).UnixMicro()); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	p := startServe(t, "--db", db)
	var open struct{ ID string }
	json.Unmarshal(mustCall(t, p.base, "POST", "/v1/listen_sessions", key, `{"events": ["order.cancelled"]}`, 201), &open)

	cmd := exec.Command(binary, "trigger", "order.cancelled", "--api-base", p.base)
	cmd.Env = append(os.Environ(), "ESAHAYAK_API_KEY="+key)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "1 open listen session takes it") || strings.Contains(string(out), "not counted") {
		t.Fatalf("trigger with 10,001 closed listen sessions and %s open: %v\n%s", open.ID, err, out)
	}
}

// TestTriggerAgainstAHostileServer: what the server sends is printed with
// its terminal escapes shown, not obeyed, as listen prints it. trigger
// printed the stamp request's fields, the order's status, the event's id
// and type and an error's message and code as they came, so an --api-base
// that was not the user's server (or anyone on a plain http:// path to
// it) could retitle the terminal, clear it or rewrite what was read.
func TestTriggerAgainstAHostileServer(t *testing.T) {
	const esc = "\x1b]0;pwned\x07\x1b[2J\u202e"
	order := ids.New("order_")
	for _, failing := range []bool{false, true} {
		api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			switch {
			case strings.HasPrefix(r.URL.Path, "/v1/orders/order_0000"):
				w.WriteHeader(404)
				json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": "resource_missing", "message": "no such order"}})
			case r.URL.Path == "/v1/orders" && failing:
				w.WriteHeader(422)
				json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": "invalid" + esc, "message": "refused" + esc}})
			case r.URL.Path == "/v1/orders":
				w.WriteHeader(201)
				json.NewEncoder(w).Encode(map[string]any{"id": order, "stamp_request": map[string]any{
					"id": "stamp_" + esc, "state": "Assam" + esc, "amount": 1000, "article_code": "AS" + esc, "provider": "SHCIL" + esc}})
			case r.URL.Path == "/v1/listen_sessions":
				json.NewEncoder(w).Encode(map[string]any{"data": []any{}, "has_more": false})
			default:
				json.NewEncoder(w).Encode(map[string]any{"status": "COMPLETED" + esc,
					"event": map[string]any{"id": "evt_" + esc, "type": "stamp.uploaded" + esc, "deliveries": 0}})
			}
		}))
		out, _ := exec.Command(binary, "trigger", "stamp.uploaded", "--api-base", api.URL, "--api-key", "esk_x", "--operator-token", "T").CombinedOutput()
		api.Close()
		if strings.ContainsAny(string(out), "\x1b\x07\u202e") || !strings.Contains(string(out), `\x1b]0;pwned\a`) {
			t.Errorf("trigger against a server sending escapes (failing %v) printed them:\n%q", failing, out)
		}
	}
}

// TestAPIBaseWithStrayWhiteSpace: an --api-base pasted with a space, or an
// ESAHAYAK_API_BASE read from an env file with its \r, was refused as
// "use the server's URL, e.g. http://127.0.0.1:8080", of a URL that looked
// right; the refusal now says what is wrong with it.
func TestAPIBaseWithStrayWhiteSpace(t *testing.T) {
	// ASCII white space around it is trimmed (TestTextEnvValuesWithoutSurroundingSpace);
	// another space, pasted from a web page, is refused with its cause.
	for _, c := range []struct {
		args []string
		env  []string
		want string
	}{
		{args: []string{"trigger", "order.cancelled", "--api-key", "esk_x", "--api-base", "http://127.0.0.1:1\u00a0"},
			want: `--api-base "http://127.0.0.1:1\u00a0" has a space or line break at its start or end; give the URL alone, e.g. --api-base http://127.0.0.1:1`},
		{args: []string{"trigger", "order.cancelled", "--api-key", "esk_x", "--api-base", "\u00a0http://127.0.0.1:1"},
			want: `--api-base "\u00a0http://127.0.0.1:1" has a space or line break at its start or end`},
		{args: []string{"listen", "--api-key", "esk_x", "--forward-to", "http://localhost:1/x"}, env: []string{"ESAHAYAK_API_BASE=http://127.0.0.1:1\u2028"},
			want: `--api-base (from ESAHAYAK_API_BASE) "http://127.0.0.1:1\u2028" has a space or line break at its start or end; give the URL alone, e.g. --api-base http://127.0.0.1:1`},
	} {
		_, stderr, code := runBinary(t, t.TempDir(), c.env, "", c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("esahayak %q %q: exit %d, want 2 and %q:\n%s", c.args, c.env, code, c.want, stderr)
		}
	}
}
