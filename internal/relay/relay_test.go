package relay_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/relay"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/postgres"
	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/webhook"
)

func TestIDTime(t *testing.T) {
	t.Parallel()
	// ids.NewAt never goes back in time within a process, so compare
	// against ids made now.
	at := time.Now()
	id := ids.NewAt(ids.Event, at)
	at, _ = relay.IDTime(ids.Event, id)
	floor, next := ids.Floor(ids.Event, at), ids.Floor(ids.Event, at.Add(time.Millisecond))
	if !(floor < id && id < next) {
		t.Errorf("want %s < %s < %s", floor, id, next)
	}
	for _, at := range []time.Time{time.Unix(0, 0).UTC(), time.Date(2024, 1, 15, 10, 30, 0, 123e6, time.UTC), time.Now().Truncate(time.Millisecond).UTC()} {
		f := ids.Floor(ids.Event, at)
		if !ids.Valid(ids.Event, f) {
			t.Errorf("ids.Floor %s is not a valid id", f)
		}
		if got, ok := relay.IDTime(ids.Event, f); !ok || !got.Equal(at) {
			t.Errorf("IDTime(ids.Floor(%v)) = %v %v", at, got, ok)
		}
	}
	if a, b := ids.Floor(ids.Event, time.Unix(1, 0)), ids.Floor(ids.Event, time.Unix(1, 1e6)); a >= b {
		t.Errorf("ids.Floor does not sort by time: %s, %s", a, b)
	}
	for _, bad := range []string{"", "evt_", "order_01m8mq275dvp0dcf39z7s9kn9p", "evt_01m8mq275dvp0dcf39z7s9kn9", "evt_8zzzzzzzzzzzzzzzzzzzzzzzzz", "evt_01m8mq275uvp0dcf39z7s9kn9p"} {
		if _, ok := relay.IDTime(ids.Event, bad); ok {
			t.Errorf("IDTime accepted %q", bad)
		}
	}
}

// received is one request at the local handler.
type received struct {
	header http.Header
	body   []byte
	at     time.Time
}

// receiver is the developer's local handler.
type receiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	got    []received
	status int
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{status: 200}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, received{req.Header.Clone(), b, time.Now()})
		st := r.status
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if st >= 300 && st < 400 {
			w.Header().Set("Location", "/elsewhere")
		}
		w.WriteHeader(st)
		fmt.Fprintf(w, `{"received": true}`)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) setStatus(s int) {
	r.mu.Lock()
	r.status = s
	r.mu.Unlock()
}

// byID waits until the event id has arrived and returns its request.
func (r *receiver) byID(t *testing.T, id string) received {
	t.Helper()
	var out received
	testenv.Eventually(t, 15*time.Second, "event "+id+" at the local handler", func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		for _, g := range r.got {
			if g.header.Get("webhook-id") == id {
				out = g
				return true
			}
		}
		return false
	})
	return out
}

func (r *receiver) count(id string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, g := range r.got {
		if g.header.Get("webhook-id") == id {
			n++
		}
	}
	return n
}

// listen runs a Listener until the test ends.
func listen(t *testing.T, base, key, to string, events ...string) (*relay.Listener, *testenv.Output) {
	t.Helper()
	return startListener(t, relay.ListenerConfig{APIBase: base, APIKey: key, ForwardTo: to, Events: events})
}

// startListener runs a listener with cfg (short backoffs, output to the
// returned buffer) until the test ends.
func startListener(t *testing.T, cfg relay.ListenerConfig) (*relay.Listener, *testenv.Output) {
	t.Helper()
	out := &testenv.Output{}
	cfg.Out, cfg.MinBackoff, cfg.MaxBackoff = out, 50*time.Millisecond, 300*time.Millisecond
	l, err := relay.NewListener(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("listener: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("the listener did not stop")
		}
	})
	select {
	case <-l.Ready():
	case err := <-done:
		t.Fatalf("listener: %v\n%s", err, out.String())
	case <-time.After(10 * time.Second):
		t.Fatal("the listener did not start")
	}
	testenv.Eventually(t, 10*time.Second, "the stream to connect", func() bool { return strings.Contains(out.String(), "Ready") })
	return l, out
}

// waitReady waits for l, whose Run sends its result to done, to be
// ready; a listener that could not start fails the test with its error
// (a bare wait for Ready held the test until go test's own timeout).
func waitReady(t *testing.T, l *relay.Listener, done chan error, out *testenv.Output) {
	t.Helper()
	select {
	case <-l.Ready():
	case err := <-done:
		done <- err
		t.Fatalf("listener: %v\n%s", err, out.String())
	case <-time.After(10 * time.Second):
		t.Fatalf("the listener did not start within 10 s\n%s", out.String())
	}
}

const orderJSON = `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}, "delivery_requested": true}`

// emit creates an order and moves it to emit typ; it returns the event id.
func emit(t *testing.T, base, key, op, typ string) string {
	t.Helper()
	st, b := testenv.DoHeaders(t, "POST", base+"/v1/orders", key, orderJSON, nil)
	if st != 201 {
		t.Fatalf("create order: %d %s", st, b)
	}
	id := testenv.JSON(t, b)["id"].(string)
	steps := map[string][][3]string{
		order.EventStampUploaded:  {{"upload", "", op}},
		order.EventStampFailed:    {{"fail", `{"error": {"code": "PORTAL_DOWN", "message": "portal down"}}`, op}},
		order.EventOrderDelivered: {{"upload", "", op}, {"deliver", `{"delivery": {"partner": "BlueDart", "tracking_id": "BD1"}}`, op}},
		order.EventOrderCancelled: {{"cancel", `{"reason": "r"}`, key}},
	}[typ]
	var ev string
	for _, s := range steps {
		var body any
		if s[1] != "" {
			body = s[1]
		}
		st, b := testenv.DoHeaders(t, "POST", base+"/v1/orders/"+id+"/"+s[0], s[2], body, nil)
		if st != 200 {
			t.Fatalf("%s: %d %s", s[0], st, b)
		}
		ev = testenv.JSON(t, b)["event"].(map[string]any)["id"].(string)
	}
	return ev
}

// checkForwarded asserts a request is the event, exactly as a real
// delivery would carry it, signed with the session's secret.
func checkForwarded(t *testing.T, base, key string, l *relay.Listener, r received, eventID, typ string) {
	t.Helper()
	st, stored := testenv.DoHeaders(t, "GET", base+"/v1/events/"+eventID, key, nil, nil)
	if st != 200 {
		t.Fatalf("get event: %d", st)
	}
	if !bytes.Equal(r.body, bytes.TrimSuffix(stored, []byte("\n"))) {
		t.Errorf("forwarded body differs from the stored event:\n%s\n%s", r.body, stored)
	}
	want := map[string]string{"Content-Type": "application/json", "User-Agent": webhook.UserAgent, "X-eSahayak-Event": typ,
		"X-eSahayak-Delivery": eventID, "X-eSahayak-Attempt": "1", "webhook-id": eventID}
	for k, v := range want {
		if got := r.header.Get(k); got != v {
			t.Errorf("header %s = %q, want %q", k, got, v)
		}
	}
	if r.header.Get("Accept-Encoding") != "" {
		t.Errorf("Accept-Encoding %q: real deliveries send none", r.header.Get("Accept-Encoding"))
	}
	ev, err := webhook.Verify(l.Session().Secret, r.body, r.header)
	if err != nil {
		t.Fatalf("the forwarded request does not verify with the session's secret: %v", err)
	}
	if ev.ID != eventID || ev.Type != typ {
		t.Fatalf("verified event %s %s", ev.ID, ev.Type)
	}
}

// deliveriesOf lists the deliveries of a listen session through the API.
func deliveriesOf(t *testing.T, base, key, session string) []map[string]any {
	t.Helper()
	st, b := testenv.DoHeaders(t, "GET", base+"/v1/deliveries?limit=100&endpoint_id="+session, key, nil, nil)
	if st != 200 {
		t.Fatalf("list deliveries: %d %s", st, b)
	}
	var l struct{ Data []map[string]any }
	json.Unmarshal(b, &l)
	return l.Data
}

func TestListenForwardsSignedEvents(t *testing.T) {
	for name, open := range testenv.Stores() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := testenv.Start(t, open(t), testenv.Options{})
			rcv := newReceiver(t)
			l, out := listen(t, s.URL, s.APIKey, rcv.srv.URL+"/webhooks/esahayak")
			sess := l.Session()
			if !strings.HasPrefix(sess.ID, relay.SessionPrefix) || !strings.HasPrefix(sess.Secret, "whsec_") ||
				!strings.Contains(out.String(), sess.Secret) || !strings.Contains(out.String(), sess.ID) {
				t.Fatalf("session %+v; printed:\n%s", sess, out)
			}
			// An account's other events stay its own.
			_, otherKey := s.NewAccount(t)
			foreign := emit(t, s.URL, otherKey, s.Operator, order.EventStampUploaded)

			events := map[string]string{}
			for _, typ := range order.EventTypes {
				events[emit(t, s.URL, s.APIKey, s.Operator, typ)] = typ
			}
			for id, typ := range events {
				checkForwarded(t, s.URL, s.APIKey, l, rcv.byID(t, id), id, typ)
			}
			// One line per event: time, type, id, local status, latency.
			testenv.Eventually(t, 30*time.Second, "a line per event", func() bool {
				for id, typ := range events {
					if !lineMatches(out.String(), typ, id, "[200]") {
						return false
					}
				}
				return true
			})
			// The results are deliveries to the session.
			testenv.Eventually(t, 30*time.Second, "the results recorded", func() bool {
				return len(deliveriesOf(t, s.URL, s.APIKey, sess.ID)) == len(events)+1 // order.delivered brings stamp.uploaded too
			})
			for _, d := range deliveriesOf(t, s.URL, s.APIKey, sess.ID) {
				if d["status"] != "succeeded" || d["last_status_code"] != float64(200) || d["attempt_count"] != float64(1) {
					t.Errorf("delivery %v", d)
				}
			}
			var anyID string
			for id := range events {
				anyID = id
			}
			ds := deliveriesOf(t, s.URL, s.APIKey, sess.ID)
			var dlv string
			for _, d := range ds {
				if d["event_id"] == anyID {
					dlv = d["id"].(string)
				}
			}
			st, b := s.Do(t, "GET", "/v1/deliveries/"+dlv, s.APIKey, nil)
			var full struct {
				Attempts []struct {
					Request  struct{ Headers map[string]string }
					Response struct{ Status int }
				}
			}
			json.Unmarshal(b, &full)
			if st != 200 || len(full.Attempts) != 1 || full.Attempts[0].Request.Headers["webhook-id"] != anyID ||
				!strings.HasPrefix(full.Attempts[0].Request.Headers["webhook-signature"], "v1,") || full.Attempts[0].Response.Status != 200 {
				t.Fatalf("delivery detail: %d %s", st, b)
			}
			if rcv.count(foreign) != 0 {
				t.Fatal("another account's event was forwarded")
			}
			// Each event was forwarded once, though polls re-read recent events.
			time.Sleep(1500 * time.Millisecond)
			for id := range events {
				if n := rcv.count(id); n != 1 {
					t.Errorf("event %s forwarded %d times", id, n)
				}
			}
		})
	}
}

func lineMatches(out, typ, id, status string) bool {
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		// 2026-01-15 10:30:00  stamp.uploaded  evt_…  [200]  1.2ms
		if len(f) == 6 && f[2] == typ && f[3] == id && f[4] == status && strings.HasSuffix(f[5], "ms") {
			if _, err := time.Parse("2006-01-02 15:04:05", f[0]+" "+f[1]); err == nil {
				return true
			}
		}
	}
	return false
}

func TestListenEventsFilterAndFailures(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	rcv := newReceiver(t)
	rcv.setStatus(500)
	l, out := listen(t, s.URL, s.APIKey, rcv.srv.URL+"/hook", order.EventStampFailed, order.EventOrderCancelled)
	uploaded := emit(t, s.URL, s.APIKey, s.Operator, order.EventStampUploaded)
	failed := emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed)
	rcv.byID(t, failed)
	testenv.Eventually(t, 30*time.Second, "the failure printed", func() bool { return lineMatches(out.String(), order.EventStampFailed, failed, "[500]") })
	testenv.Eventually(t, 30*time.Second, "the failure recorded", func() bool {
		ds := deliveriesOf(t, s.URL, s.APIKey, l.Session().ID)
		return len(ds) == 1 && ds[0]["status"] == "failed" && ds[0]["last_status_code"] == float64(500)
	})
	if rcv.count(uploaded) != 0 {
		t.Fatal("a stamp.uploaded event reached a listener that asked only for stamp.failed and order.cancelled")
	}

	// A redirect is recorded as a real delivery records it: not followed.
	rcv.setStatus(302)
	redirected := emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed)
	testenv.Eventually(t, 30*time.Second, "the redirect recorded", func() bool {
		for _, d := range deliveriesOf(t, s.URL, s.APIKey, l.Session().ID) {
			if d["event_id"] == redirected {
				return d["status"] == "failed" && strings.Contains(fmt.Sprint(d["last_error"]), "redirects are not followed")
			}
		}
		return false
	})

	// The local handler is down: the line says why, and so does the delivery.
	rcv.srv.Close()
	cancelled := emit(t, s.URL, s.APIKey, s.Operator, order.EventOrderCancelled)
	testenv.Eventually(t, 10*time.Second, "the refused forward recorded", func() bool {
		for _, d := range deliveriesOf(t, s.URL, s.APIKey, l.Session().ID) {
			if d["event_id"] == cancelled {
				return d["status"] == "failed" && d["last_status_code"] == nil && strings.Contains(fmt.Sprint(d["last_error"]), "refused")
			}
		}
		return false
	})
	if !strings.Contains(out.String(), cancelled+"  [ERR] ") {
		t.Fatalf("no error line for %s:\n%s", cancelled, out)
	}
	// The server never resends to a listen session.
	ds := deliveriesOf(t, s.URL, s.APIKey, l.Session().ID)
	st, b := s.Do(t, "POST", "/v1/deliveries/"+ds[0]["id"].(string)+"/retry", s.APIKey, nil)
	if st != 409 || !strings.Contains(string(b), "listen_delivery") {
		t.Fatalf("retry of a listen delivery: %d %s", st, b)
	}
}

// TestListenBodyTimeoutIsPrintedAsAFailure: a handler that answers 200 but
// does not finish its body within the forward timeout failed, and the
// printed line says so, as the recorded delivery does.
func TestListenBodyTimeoutIsPrintedAsAFailure(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "12")
		w.WriteHeader(200)
		w.Write([]byte("o"))
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(slow.Close)
	t.Cleanup(func() { close(release) })
	l, out := startListener(t, relay.ListenerConfig{APIBase: s.URL, APIKey: s.APIKey, ForwardTo: slow.URL + "/hook",
		// Long enough for the status and headers to arrive on a loaded
		// machine (300 ms was not, now and then: the line then said [ERR],
		// not [200 ERR]); the body never does.
		ForwardTimeout: 2 * time.Second})
	id := emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed)
	testenv.Eventually(t, 20*time.Second, "the failure recorded", func() bool {
		ds := deliveriesOf(t, s.URL, s.APIKey, l.Session().ID)
		return len(ds) == 1 && ds[0]["status"] == "failed"
	})
	if !strings.Contains(out.String(), id+"  [200 ERR] ") {
		t.Fatalf("the line of a body that timed out does not say it failed:\n%s", out)
	}

	// A body that breaks off (fewer bytes than its Content-Length) fails
	// too, as it does for a real delivery.
	short := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(200)
		w.Write([]byte("partial"))
	}))
	t.Cleanup(short.Close)
	l2, out2 := startListener(t, relay.ListenerConfig{APIBase: s.URL, APIKey: s.APIKey, ForwardTo: short.URL + "/hook"})
	id2 := emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed)
	testenv.Eventually(t, 30*time.Second, "the short body recorded as failed", func() bool {
		for _, d := range deliveriesOf(t, s.URL, s.APIKey, l2.Session().ID) {
			if d["event_id"] == id2 {
				return d["status"] == "failed"
			}
		}
		return false
	})
	if !strings.Contains(out2.String(), id2+"  [200 ERR] ") {
		t.Fatalf("the line of a body that broke off does not say it failed:\n%s", out2)
	}
}

// TestListenTimeoutSaysHowLong: a handler that does not answer within
// the forward timeout (a real delivery's 10 s) was printed and recorded as
// Go's "context deadline exceeded", which says neither whose deadline nor
// how long it was; the line and the recorded error now name the timeout,
// in a delivery's words ("timed out after 1s").
func TestListenTimeoutSaysHowLong(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	release := make(chan struct{})
	silent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(silent.Close)
	t.Cleanup(func() { close(release) })
	l, out := startListener(t, relay.ListenerConfig{APIBase: s.URL, APIKey: s.APIKey, ForwardTo: silent.URL + "/hook", ForwardTimeout: time.Second})
	id := emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed)
	const want = "timed out after 1s (the request was sent; no response had begun); 1s is the attempt timeout"
	var recorded string
	testenv.Eventually(t, 20*time.Second, "the failure recorded", func() bool {
		ds := deliveriesOf(t, s.URL, s.APIKey, l.Session().ID)
		if len(ds) != 1 || ds[0]["status"] != "failed" {
			return false
		}
		recorded = fmt.Sprint(ds[0]["last_error"])
		return true
	})
	if line := lineOf(out.String(), id); !strings.Contains(line, "[ERR] ") || !strings.Contains(line, want) {
		t.Errorf("the line of a forward that timed out does not say how long it waited (want %q):\n%s", want, out)
	}
	if !strings.Contains(recorded, want) {
		t.Errorf("recorded error %q; want it to say %q", recorded, want)
	}
}

// lineOf is the line of out that names id ("" if none).
func lineOf(out, id string) string {
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, id) {
			return line
		}
	}
	return ""
}

// restartable is an API server on a fixed address that can be stopped
// (as SIGTERM does: http.Server.Shutdown) and started again.
type restartable struct {
	t    *testing.T
	addr string
	st   store.Store
	srv  *http.Server
	done chan struct{}
}

func (r *restartable) start() {
	r.t.Helper()
	var ln net.Listener
	var err error
	for range 50 { // the port may take a moment to be free again
		if ln, err = net.Listen("tcp", r.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		r.t.Fatal(err)
	}
	r.addr = ln.Addr().String()
	a := api.New(api.Config{OperatorToken: "op", AllowInsecureURLs: true}, r.st, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	r.srv = &http.Server{Handler: a, ReadTimeout: 500 * time.Millisecond} // shorter than the test: the stream must outlive it
	r.done = make(chan struct{})
	go func() { defer close(r.done); r.srv.Serve(ln) }()
}

func (r *restartable) stop() {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := r.srv.Shutdown(ctx); err != nil {
		r.t.Fatalf("shutdown waited for the listen stream: %v", err)
	}
	<-r.done
}

func TestListenReconnectsAndReplays(t *testing.T) {
	for name, open := range testenv.Stores() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			st := open(t)
			// Instance B writes events while A, the listener's, is down.
			b := testenv.Start(t, st, testenv.Options{OperatorToken: "op"})
			a := &restartable{t: t, addr: "127.0.0.1:0", st: st}
			a.start()
			t.Cleanup(func() { a.srv.Close() })
			base := "http://" + a.addr
			rcv := newReceiver(t)
			l, out := listen(t, base, b.APIKey, rcv.srv.URL+"/hook")

			before := emit(t, base, b.APIKey, "op", order.EventStampUploaded)
			rcv.byID(t, before)
			time.Sleep(time.Second) // past the server's ReadTimeout: the stream must still be up
			live := emit(t, base, b.APIKey, "op", order.EventStampFailed)
			rcv.byID(t, live)

			a.stop() // ends the stream at once
			testenv.Eventually(t, 5*time.Second, "the listener to notice", func() bool { return strings.Contains(out.String(), "Connection lost") })
			missed := []string{
				emit(t, b.URL, b.APIKey, "op", order.EventOrderCancelled),
				emit(t, b.URL, b.APIKey, "op", order.EventOrderDelivered), // and its stamp.uploaded
			}
			// A failed reconnection while the server is down. (A fixed 300 ms
			// here, on a loaded machine, could end before the first try, and
			// the test failed wanting "Could not connect".)
			testenv.Eventually(t, 10*time.Second, "a failed reconnection", func() bool { return strings.Contains(out.String(), "Could not connect") })
			a.start()
			for _, id := range missed {
				rcv.byID(t, id)
			}
			if !strings.Contains(out.String(), "replaying 3 event(s) missed meanwhile") {
				t.Errorf("no replay notice:\n%s", out)
			}
			// One stream was lost; the tries while the server was down
			// never had one.
			if n := strings.Count(out.String(), "Connection lost"); n != 1 || !strings.Contains(out.String(), "Could not connect") {
				t.Errorf("%d \"Connection lost\" lines (want 1, then \"Could not connect\"):\n%s", n, out)
			}
			for _, id := range []string{before, live} {
				if n := rcv.count(id); n != 1 {
					t.Errorf("event %s forwarded %d times across the reconnection", id, n)
				}
			}
			// Results of the replayed events are recorded too.
			testenv.Eventually(t, 30*time.Second, "every result recorded", func() bool {
				return len(deliveriesOf(t, base, b.APIKey, l.Session().ID)) == 5
			})
		})
	}
}

// TestListenRetriesResultsWhileConnected: one results call that fails (a
// 5xx from a proxy, a broken connection) must not leave every later result
// unrecorded for as long as the stream stays up; they were sent again
// only after a reconnection or at Ctrl-C.
func TestListenRetriesResultsWhileConnected(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	target, _ := url.Parse(s.URL)
	var refuse atomic.Bool
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.FlushInterval = -1 // the stream passes through as it comes
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if refuse.Load() && r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/results") {
			http.Error(w, `{"error": {"code": "unavailable"}}`, http.StatusServiceUnavailable)
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	rcv := newReceiver(t)
	l, out := startListener(t, relay.ListenerConfig{APIBase: proxy.URL, APIKey: s.APIKey, ForwardTo: rcv.srv.URL + "/hook",
		PendingRetry: 200 * time.Millisecond})

	refuse.Store(true)
	first := emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed)
	rcv.byID(t, first)
	testenv.Eventually(t, 30*time.Second, "the refused result noticed", func() bool {
		return strings.Contains(out.String(), "could not be recorded yet")
	})
	refuse.Store(false)
	// No new event, no reconnection: the timer sends it again.
	testenv.Eventually(t, 30*time.Second, "the refused result recorded", func() bool {
		return len(deliveriesOf(t, s.URL, s.APIKey, l.Session().ID)) == 1
	})
	second := emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed)
	rcv.byID(t, second)
	testenv.Eventually(t, 30*time.Second, "a later result recorded", func() bool {
		return len(deliveriesOf(t, s.URL, s.APIKey, l.Session().ID)) == 2
	})
	if strings.Contains(out.String(), "Connection lost") {
		t.Fatalf("the stream dropped, so this did not test the timer:\n%s", out)
	}
}

// TestListenForwardsWhileResultsHang: a results call the server does not
// answer (a busy database can take 20 s) must not hold up forwarding: the
// retry ran in the forwarding loop and delayed every event by 10 s.
func TestListenForwardsWhileResultsHang(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	target, _ := url.Parse(s.URL)
	release := make(chan struct{})
	var once sync.Once
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.FlushInterval = -1
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/results") {
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	// Registered after the Close, so it runs first: the held results
	// call ends, and the Close does not wait for it. The other way round,
	// a failure of the test hung it until the package's timeout.
	t.Cleanup(func() { once.Do(func() { close(release) }) })
	rcv := newReceiver(t)
	l, _ := startListener(t, relay.ListenerConfig{APIBase: proxy.URL, APIKey: s.APIKey, ForwardTo: rcv.srv.URL + "/hook",
		PendingRetry: 200 * time.Millisecond})
	var ids []string
	for i := range 4 {
		start := time.Now()
		id := emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed)
		rcv.byID(t, id)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("event %d forwarded %s after it was made, while results hang", i, d)
		}
		ids = append(ids, id)
	}
	once.Do(func() { close(release) })
	testenv.Eventually(t, 15*time.Second, "every result recorded once the server answers", func() bool {
		return len(deliveriesOf(t, s.URL, s.APIKey, l.Session().ID)) == len(ids)
	})
}

// TestListenClosesItsSessionWhileResultsAreRefused: at Ctrl-C, results
// the server refuses (a 5xx) get one last try, and the session is closed
// all the same, at once: the reporter waited out its retry past the
// shutdown's budget, and the DELETE went out with an expired deadline.
func TestListenClosesItsSessionWhileResultsAreRefused(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	target, _ := url.Parse(s.URL)
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.FlushInterval = -1
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/results") {
			http.Error(w, `{"error": {"code": "unavailable"}}`, http.StatusServiceUnavailable)
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	rcv := newReceiver(t)
	out := &testenv.Output{}
	l, err := relay.NewListener(relay.ListenerConfig{APIBase: proxy.URL, APIKey: s.APIKey, ForwardTo: rcv.srv.URL + "/hook", Out: out})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Run(ctx) }()
	waitReady(t, l, done, out)
	rcv.byID(t, emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed))
	testenv.Eventually(t, 30*time.Second, "the refused result noticed", func() bool {
		return strings.Contains(out.String(), "could not be recorded yet")
	})
	start := time.Now()
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("listen did not stop")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("stopping took %s", d)
	}
	st, b := s.Do(t, "GET", "/v1/listen_sessions/"+l.Session().ID, s.APIKey, nil)
	if st != 200 || !strings.Contains(string(b), `"closed_at":"`) {
		t.Fatalf("the session after Ctrl-C: %d %s\n%s", st, b, out)
	}
	if !strings.Contains(out.String(), "1 result(s) could not be recorded") {
		t.Errorf("the unrecorded result is not mentioned:\n%s", out)
	}
}

// TestListenRecordsBodiesWithNUL: a local handler that answers with a NUL
// byte in its body still leaves a record of the forward;
// the API refuses NUL in strings, and the result was dropped for good.
func TestListenRecordsBodiesWithNUL(t *testing.T) {
	s, d := recordedForward(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\x00")) })
	st, b := s.Do(t, "GET", "/v1/deliveries/"+d["id"].(string), s.APIKey, nil)
	if st != 200 || !strings.Contains(string(b), `"body":"ok`+"\uFFFD"+`"`) {
		t.Fatalf("delivery: %d %s", st, b)
	}
}

// recordedForward runs listen against a real server with handler as the
// local handler, emits one event, and returns the server and the delivery
// the listener's result recorded, once it is recorded as succeeded.
func recordedForward(t *testing.T, handler http.HandlerFunc) (*testenv.Server, map[string]any) {
	t.Helper()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	app := httptest.NewServer(handler)
	t.Cleanup(app.Close)
	l, out := listen(t, s.URL, s.APIKey, app.URL+"/hook")
	emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("listen printed:\n%s", out)
		}
	})
	testenv.Eventually(t, 30*time.Second, "the result recorded", func() bool {
		ds := deliveriesOf(t, s.URL, s.APIKey, l.Session().ID)
		return len(ds) == 1 && ds[0]["status"] == "succeeded"
	})
	return s, deliveriesOf(t, s.URL, s.APIKey, l.Session().ID)[0]
}

// TestListenSeveralInstances: the listener is connected to instance A;
// events written through instance B (another process on the same
// PostgreSQL) reach it through A's poll of the store.
func TestListenSeveralInstances(t *testing.T) {
	t.Parallel()
	schema := testenv.NewSchema(t)
	openPG := func() store.Store {
		st, err := postgres.Open(context.Background(), testenv.PostgresDSN(), postgres.Options{Schema: schema})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	a := testenv.Start(t, openPG(), testenv.Options{})
	b := testenv.Start(t, openPG(), testenv.Options{})
	rcv := newReceiver(t)
	listen(t, a.URL, a.APIKey, rcv.srv.URL+"/hook")
	start := time.Now()
	id := emit(t, b.URL, a.APIKey, b.Operator, order.EventStampUploaded)
	got := rcv.byID(t, id)
	if d := got.at.Sub(start); d > 3*relay.PollInterval {
		t.Errorf("an event written by another instance took %s", d)
	}
}

// TestStreamReplayBound checks the documented bound on what a
// reconnecting listener gets: events of the last hour, at most the newest
// ReplayLimit, none from before the session.
//
// With events of the last seconds, the stream's periodic read behind its
// cursor (Lookback) runs over the same ids: it must not send the events
// the bound left out after all.
func TestStreamReplayBound(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		age  time.Duration // of the events replayed
		wait time.Duration // after the replay, before the stream ends
	}{
		{"half an hour old", 30 * time.Minute, 100 * time.Millisecond},
		{"seconds old", 3 * time.Second, relay.Lookback/2 + time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			testStreamReplayBound(t, tc.age, tc.wait)
		})
	}
}

func testStreamReplayBound(t *testing.T, age, wait time.Duration) {
	st, sess, now := replayFixture(t, 3*time.Hour)
	ctx, acct := context.Background(), sess.AccountID
	makeEvents := func(n int, at time.Time) []string { return eventsAt(t, st, acct, n, at) }
	old := makeEvents(3, now.Add(-2*time.Hour))              // outside the window
	recent := makeEvents(relay.ReplayLimit+5, now.Add(-age)) // 5 more than the limit

	w := &recorder{}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- relay.Stream(sctx, w, relay.StreamConfig{Store: st, Session: sess, LastEventID: old[0], Heartbeat: time.Hour})
	}()
	testenv.Eventually(t, 10*time.Second, "the replay", func() bool { return strings.Count(w.String(), "event: webhook") >= relay.ReplayLimit })
	time.Sleep(wait)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	out := w.String()
	var ready relay.Ready
	first, _, _ := strings.Cut(out, "\n\n")
	json.Unmarshal([]byte(strings.TrimPrefix(first, "event: ready\ndata: ")), &ready)
	if !ready.Truncated || ready.Replayed != relay.ReplayLimit || ready.SessionID != sess.ID {
		t.Fatalf("ready = %+v (%q)", ready, first)
	}
	if n := strings.Count(out, "event: webhook"); n != relay.ReplayLimit {
		t.Fatalf("replayed %d events, want %d", n, relay.ReplayLimit)
	}
	for _, id := range append(old, recent[:5]...) {
		if strings.Contains(out, id) {
			t.Fatalf("replayed %s, outside the bound", id)
		}
	}
	// Oldest first, each with its id.
	if strings.Index(out, "id: "+recent[5]+"\n") > strings.Index(out, "id: "+recent[len(recent)-1]+"\n") {
		t.Fatal("not oldest first")
	}
}

// replayFixture is a SQLite store with an account and a listen session of
// it, for every event type, started age ago.
func replayFixture(t *testing.T, age time.Duration) (store.Store, store.ListenSession, time.Time) {
	t.Helper()
	st := testenv.SQLite(t)
	ctx := context.Background()
	now := time.Now().UTC()
	acct := ids.New(ids.Account)
	if err := st.CreateAccount(ctx, store.Account{ID: acct, Name: "t", CreatedAt: now.Add(-age - time.Hour)}); err != nil {
		t.Fatal(err)
	}
	sess := store.ListenSession{ID: ids.New(relay.SessionPrefix), AccountID: acct, Events: order.EventTypes, Secret: "whsec_x", CreatedAt: now.Add(-age)}
	if err := st.CreateListenSession(ctx, sess, 0); err != nil {
		t.Fatal(err)
	}
	return st, sess, now
}

// eventsAt makes n uploads of account acct whose events have ids of the
// time at (ids.NewAt would not go back in time), a millisecond apart.
func eventsAt(t *testing.T, st store.Store, acct string, n int, at time.Time) []string {
	ctx := context.Background()
	out := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() { // concurrent writers share SQLite commits
			defer wg.Done()
			when := at.Add(time.Duration(i) * time.Millisecond)
			o := store.Order{ID: ids.New(ids.Order), AccountID: acct, Status: store.StatusProcessing, CreatedAt: when, UpdatedAt: when, Version: 1,
				StampRequest: store.StampRequest{ID: ids.New(ids.Stamp), State: "Assam", Amount: 1000, ArticleCode: "AS-RG-4", Provider: "SHCIL"}}
			if _, err := st.CreateOrder(ctx, store.CreateOrderParams{Order: o, Now: when}); err != nil {
				t.Error(err)
				return
			}
			floor := ids.Floor(ids.Event, when)
			evID := floor[:len(floor)-4] + "0001"
			res, err := st.TransitionOrder(ctx, store.TransitionParams{OrderID: o.ID, Now: when, Decide: func(cur store.Order) (store.Transition, error) {
				tr, err := order.Apply(cur, order.Request{Move: order.MoveUpload, Actor: order.Operator, Now: when})
				if err == nil {
					tr.Event.ID = evID
				}
				return tr, err
			}})
			if err != nil {
				t.Error(err)
				return
			}
			out[i] = res.Event.ID
		}()
	}
	wg.Wait()
	return out
}

// TestStreamTruncatedOnlyWhenSomethingWasMissed: a cursor older than the
// replay window loses the events between it and the window, and the ready
// message says so; after a quiet hour there are none, and it said so all
// the same.
func TestStreamTruncatedOnlyWhenSomethingWasMissed(t *testing.T) {
	for _, gap := range []bool{false, true} {
		st, sess, now := replayFixture(t, 3*time.Hour)
		acct := sess.AccountID
		cursor := eventsAt(t, st, acct, 1, now.Add(-2*time.Hour))[0]
		if gap {
			eventsAt(t, st, acct, 1, now.Add(-90*time.Minute))
		}
		eventsAt(t, st, acct, 3, now.Add(-10*time.Minute))
		ready := replayReady(t, st, sess, cursor, 3)
		if ready.Truncated != gap || ready.Replayed != 3 {
			t.Errorf("an event between the cursor and the window: %v; ready = %+v, want truncated %v and 3 replayed", gap, ready, gap)
		}
	}
}

// replayReady streams sess from the cursor until n events are replayed,
// and returns the stream's ready message.
func replayReady(t *testing.T, st store.Store, sess store.ListenSession, cursor string, n int) relay.Ready {
	t.Helper()
	w := &recorder{}
	sctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- relay.Stream(sctx, w, relay.StreamConfig{Store: st, Session: sess, LastEventID: cursor, Heartbeat: time.Hour})
	}()
	testenv.Eventually(t, 10*time.Second, "the replay", func() bool { return strings.Count(w.String(), "event: webhook") >= n })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	var ready relay.Ready
	first, _, _ := strings.Cut(w.String(), "\n\n")
	json.Unmarshal([]byte(strings.TrimPrefix(first, "event: ready\ndata: ")), &ready)
	return ready
}

// recorder is a Flusher that keeps what was written.
type recorder struct{ testenv.Output }

func (*recorder) Flush() error                     { return nil }
func (*recorder) SetWriteDeadline(time.Time) error { return nil }

func TestListenerGivesUpOnWrongKey(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	l, err := relay.NewListener(relay.ListenerConfig{APIBase: s.URL, APIKey: "esk_wrong", ForwardTo: "http://localhost:1/x"})
	if err != nil {
		t.Fatal(err)
	}
	err = l.Run(context.Background())
	var apiErr *relay.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 401 {
		t.Fatalf("Run with a wrong key: %v", err)
	}
	for _, c := range []relay.ListenerConfig{
		{APIBase: s.URL, ForwardTo: "http://localhost:3000"},
		{APIBase: "localhost:8080", APIKey: "k", ForwardTo: "http://localhost:3000"},
		{APIBase: s.URL, APIKey: "k", ForwardTo: "ftp://x"},
	} {
		if _, err := relay.NewListener(c); err == nil {
			t.Errorf("NewListener(%+v) accepted it", c)
		}
	}
}

// TestStreamLateCommit: an event whose id is older than one already sent
// (its transaction committed later, as happens with several writers) is
// still sent, by the look-back read (a sweep every Lookback/2), and once:
// the next sweep reads it again and does not send it twice. The stream's
// clock is a minute behind the events' ids (as an instance's clock may be
// behind the writer's), so every sweep of the test reads back past all of
// them. A second late event, written once the first has arrived, arrives
// only by a later sweep: it proves that one ran, over the first.
func TestStreamLateCommit(t *testing.T) {
	t.Parallel()
	st, sess, _ := replayFixture(t, time.Minute)
	ctx, acct := context.Background(), sess.AccountID
	// write commits an uploaded order whose event id is made for at.
	write := func(at time.Time) string {
		o := store.Order{ID: ids.New(ids.Order), AccountID: acct, Status: store.StatusProcessing, CreatedAt: at, UpdatedAt: at, Version: 1,
			StampRequest: store.StampRequest{ID: ids.New(ids.Stamp), State: "Assam", Amount: 1000, ArticleCode: "AS-RG-4", Provider: "SHCIL"}}
		if _, err := st.CreateOrder(ctx, store.CreateOrderParams{Order: o, Now: at}); err != nil {
			t.Fatal(err)
		}
		floor := ids.Floor(ids.Event, at)
		res, err := st.TransitionOrder(ctx, store.TransitionParams{OrderID: o.ID, Now: at, Decide: func(cur store.Order) (store.Transition, error) {
			tr, err := order.Apply(cur, order.Request{Move: order.MoveUpload, Actor: order.Operator, Now: at})
			if err == nil {
				tr.Event.ID = floor[:len(floor)-4] + "0001"
			}
			return tr, err
		}})
		if err != nil {
			t.Fatal(err)
		}
		return res.Event.ID
	}
	w := &recorder{}
	wake := make(chan struct{}, 1)
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- relay.Stream(sctx, w, relay.StreamConfig{Store: st, Session: sess, Wake: wake, Poll: 50 * time.Millisecond,
			Now: func() time.Time { return time.Now().Add(-time.Minute) }})
	}()
	// wakeUp is this instance's commit of an event: a catch-up from the
	// cursor, which finds no late event.
	wakeUp := func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	at := time.Now()
	newer := write(at)
	testenv.Eventually(t, 30*time.Second, "the newer event", func() bool { return strings.Contains(w.String(), newer) })
	older := write(at.Add(-3 * time.Second)) // commits after newer was sent
	wakeUp()
	// A sweep every Lookback/2: the first comes within that, and more.
	testenv.Eventually(t, relay.Lookback, "the late event", func() bool { return strings.Contains(w.String(), older) })
	later := write(at.Add(-2 * time.Second)) // late too, after older arrived
	wakeUp()
	testenv.Eventually(t, relay.Lookback, "the second late event, from a later sweep", func() bool { return strings.Contains(w.String(), later) })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{newer, older, later} {
		if n := strings.Count(w.String(), "id: "+id+"\n"); n != 1 {
			t.Errorf("%s sent %d times", id, n)
		}
	}
}

// A --forward-to with user:password@ forwards with those credentials, but
// never sends them to the server (which shows forward_to on the session,
// and refuses credentials in it) nor prints them.
func TestListenKeepsForwardCredentials(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	rcv := newReceiver(t)
	u, _ := url.Parse(rcv.srv.URL + "/webhooks/esahayak")
	u.User = url.UserPassword("dev", "s3cret-pw")
	l, out := listen(t, s.URL, s.APIKey, u.String())
	id := emit(t, s.URL, s.APIKey, s.Operator, order.EventOrderCancelled)
	got := rcv.byID(t, id)
	if user, pw, ok := (&http.Request{Header: got.header}).BasicAuth(); !ok || user != "dev" || pw != "s3cret-pw" {
		t.Errorf("the local handler got Authorization %q, want the URL's credentials", got.header.Get("Authorization"))
	}
	st, b := s.Do(t, "GET", "/v1/listen_sessions/"+l.Session().ID, s.APIKey, nil)
	if st != 200 || strings.Contains(string(b), "s3cret-pw") || !strings.Contains(string(b), strings.TrimPrefix(rcv.srv.URL, "http://")) {
		t.Errorf("the session as the server has it: %d %s", st, b)
	}
	if strings.Contains(out.String(), "s3cret-pw") {
		t.Errorf("the password was printed:\n%s", out)
	}

	// A forward that fails names the URL without its user too, in the
	// recorded result and on the terminal.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://dev:s3cret-pw@" + ln.Addr().String() + "/x"
	ln.Close()
	l2, out2 := listen(t, s.URL, s.APIKey, closed)
	id2 := emit(t, s.URL, s.APIKey, s.Operator, order.EventOrderCancelled)
	var ds []map[string]any
	testenv.Eventually(t, 10*time.Second, "the failed forward recorded", func() bool {
		ds = deliveriesOf(t, s.URL, s.APIKey, l2.Session().ID)
		return len(ds) == 1
	})
	st, b = s.Do(t, "GET", "/v1/deliveries/"+ds[0]["id"].(string), s.APIKey, nil)
	if st != 200 || !strings.Contains(string(b), "connection refused") || strings.Contains(string(b), "dev:") {
		t.Errorf("the failed forward of %s as recorded: %d %s", id2, st, b)
	}
	if strings.Contains(out2.String(), "dev:") {
		t.Errorf("the user was printed:\n%s", out2)
	}
}

// A forward under way at Ctrl-C is printed and recorded, not dropped: the
// handler got the event.
func TestListenStoppedDuringAForward(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	got := make(chan struct{}, 1)
	var requests atomic.Int32
	handler := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		io.Copy(io.Discard, r.Body) // else the server does not notice the client leave
		select {
		case got <- struct{}{}:
		default:
		}
		<-r.Context().Done()
	}))
	t.Cleanup(handler.Close)
	out := &testenv.Output{}
	l, err := relay.NewListener(relay.ListenerConfig{APIBase: s.URL, APIKey: s.APIKey, ForwardTo: handler.URL + "/hook", Out: out,
		MinBackoff: 50 * time.Millisecond, MaxBackoff: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- l.Run(ctx) }()
	testenv.Eventually(t, 10*time.Second, "the stream to connect", func() bool { return strings.Contains(out.String(), "Ready") })
	id := emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed)
	select {
	case <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("the handler never got the event")
	}
	cancel() // Ctrl-C
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("listen: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("listen did not stop")
	}
	if !strings.Contains(out.String(), id+"  [ERR] not waited for") {
		t.Errorf("no line for the event forwarded at Ctrl-C:\n%s", out)
	}
	ds := deliveriesOf(t, s.URL, s.APIKey, l.Session().ID)
	if len(ds) != 1 || ds[0]["event_id"] != id || ds[0]["status"] != "failed" {
		t.Errorf("deliveries of the session after Ctrl-C: %v; want the event's, failed", ds)
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("the handler got %d requests, want 1:\n%s", n, out)
	}
}

// TestListenForwardEndsAtA101: a handler that answers 101 Switching
// Protocols and keeps the socket quiet does not hold the forward past its
// timeout (the upgraded connection is not read); the result is recorded
// as a failed status.
func TestListenForwardEndsAtA101(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	l, out := startListener(t, relay.ListenerConfig{APIBase: s.URL, APIKey: s.APIKey, ForwardTo: "http://" + testenv.SwitchingProtocols(t) + "/hook",
		ForwardTimeout: 30 * time.Second})
	emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed)
	testenv.Eventually(t, 30*time.Second, "the 101 printed", func() bool { return strings.Contains(out.String(), "101") })
	testenv.Eventually(t, 30*time.Second, "the result recorded", func() bool {
		return len(deliveriesOf(t, s.URL, s.APIKey, l.Session().ID)) == 1
	})
}

// TestListenEndsAtAnAPIThatAnswers101: an --api-base that answers 101 and
// goes quiet is an error at once, not minutes of silence that Ctrl-C could
// not end (the error body, the raw connection, was read to its end).
func TestListenEndsAtAnAPIThatAnswers101(t *testing.T) {
	l, err := relay.NewListener(relay.ListenerConfig{APIBase: "http://" + testenv.SwitchingProtocols(t), APIKey: "esk_x",
		ForwardTo: "http://127.0.0.1:1/hook", Out: &testenv.Output{}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- l.Run(ctx) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "switched protocols") {
			t.Fatalf("listen against a 101: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("listen against a 101 still runs after 10 s")
	}
}

// TestListenRecordsAHandlerWithManyHeaders: a local handler answering with
// more headers than are kept (100, 8 KiB) has its result recorded like
// any other; the mark of the headers left out, "(cut)", was refused as a
// header name and the delivery never recorded.
func TestListenRecordsAHandlerWithManyHeaders(t *testing.T) {
	recordedForward(t, func(w http.ResponseWriter, r *http.Request) {
		for i := range 120 {
			w.Header().Set(fmt.Sprintf("X-H%03d", i), "v")
		}
		w.Write([]byte("ok"))
	})
}

// TestStreamLookbackIsNotMissed: the replay starts 10 s behind the
// listener's cursor, so the events it already has count in the replay's
// limit; 998 missed with 5 already had said "more was missed".
func TestStreamLookbackIsNotMissed(t *testing.T) {
	st, sess, now := replayFixture(t, 3*time.Hour)
	acct := sess.AccountID
	had := eventsAt(t, st, acct, 5, now.Add(-30*time.Minute))
	missed := relay.ReplayLimit - 2
	eventsAt(t, st, acct, missed, now.Add(-29*time.Minute))
	ready := replayReady(t, st, sess, had[len(had)-1], missed)
	if ready.Truncated || ready.Replayed != missed {
		t.Errorf("ready = %+v; want %d replayed and nothing missed", ready, missed)
	}
}

// An answer without the API's error code is another server's (or a
// proxy's), and says so; the API's own errors name their code.
func TestAPIErrorNamesAnotherServer(t *testing.T) {
	for _, status := range []int{404, 501, 502} {
		if got := (&relay.APIError{Status: status}).Error(); !strings.Contains(got, "is --api-base an esahayak server?") {
			t.Errorf("a bare %d: %q", status, got)
		}
	}
	if got := (&relay.APIError{Status: 404, Code: "not_found", Message: "no such listen session"}).Error(); strings.Contains(got, "--api-base") {
		t.Errorf("the API's 404: %q", got)
	}
}

// TestListenClosesIdleForwardConnections: like a real delivery, listen
// closes a kept-alive connection to the local handler after 4 s idle,
// before a handler (Node's default keepAliveTimeout is 5 s) closes it
// first and a forward written onto that closing connection fails: such a
// forward is not retried, so its event would never reach the handler.
func TestListenClosesIdleForwardConnections(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	var mu sync.Mutex
	var opened, closed int
	h := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
	}))
	h.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		mu.Lock()
		defer mu.Unlock()
		switch st {
		case http.StateNew:
			opened++
		case http.StateClosed, http.StateHijacked:
			closed++
		}
	}
	h.Start()
	defer h.Close()
	_, out := listen(t, s.URL, s.APIKey, h.URL+"/hook")
	id := emit(t, s.URL, s.APIKey, s.Operator, order.EventStampUploaded)
	testenv.Eventually(t, 30*time.Second, "the event forwarded", func() bool {
		return lineMatches(out.String(), order.EventStampUploaded, id, "[200]")
	})
	// The handler never closes an idle connection itself (no IdleTimeout),
	// so only the listener's own idle close can end it.
	testenv.Eventually(t, 8*time.Second, "the idle forward connection closed by listen", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return opened > 0 && closed == opened
	})
}

// TestListenRecordsStatusesOutsideTheStandardRange: a local handler whose
// status line carries three digits outside 100-599 ("700", "999", "042")
// has its result recorded with that status, as the engine records the
// same answer for a webhook endpoint; the results API refused anything
// above 599, and listen printed "was not recorded" instead.
func TestListenRecordsStatusesOutsideTheStandardRange(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	statusOf := map[string]int{order.EventStampFailed: 700, order.EventStampUploaded: 999, order.EventOrderCancelled: 42}
	// net/http's server writes no status below 100: the status line is
	// written by hand.
	handler := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		code := statusOf[r.Header.Get(webhook.HeaderEvent)]
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		defer conn.Close()
		fmt.Fprintf(buf, "HTTP/1.1 %03d Odd\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok", code)
		buf.Flush()
	}))
	endpoint, l, out := sideBySide(t, s, handler)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("listen printed:\n%s", out)
		}
	})
	eventType := map[string]string{}
	for typ := range statusOf {
		eventType[emit(t, s.URL, s.APIKey, s.Operator, typ)] = typ
	}
	// The last status each recorded per event, once all three have one.
	lastStatus := func(endpointID string) map[string]any {
		got := map[string]any{}
		for _, d := range deliveriesOf(t, s.URL, s.APIKey, endpointID) {
			if d["last_status_code"] != nil {
				got[d["event_id"].(string)] = d["last_status_code"]
			}
		}
		return got
	}
	var byListen, byEngine map[string]any
	testenv.Eventually(t, 15*time.Second, "the results of listen and of the engine recorded", func() bool {
		if strings.Contains(out.String(), "was not recorded") {
			return true // fails below, without waiting out the time
		}
		byListen, byEngine = lastStatus(l.Session().ID), lastStatus(endpoint)
		return len(byListen) == len(eventType) && len(byEngine) == len(eventType)
	})
	if strings.Contains(out.String(), "was not recorded") {
		t.Fatal("the results API refused a result of listen")
	}
	for id, typ := range eventType {
		want := float64(statusOf[typ])
		if byEngine[id] != want || byListen[id] != want {
			t.Errorf("%s (%s): the engine recorded %v, listen %v; want %v for both", id, typ, byEngine[id], byListen[id], want)
		}
		if !lineMatches(out.String(), typ, id, fmt.Sprintf("[%d]", statusOf[typ])) {
			t.Errorf("no line [%d] for %s", statusOf[typ], id)
		}
	}
}

// TestListenStoppedWhileTheCloseIsNotAnswered: a server that takes the
// close and does not answer it within listen's 3 s may or may not close
// the session; left open it stays open for good, so listen prints how to
// close it, as it does when the server cannot be reached
// (TestListenStoppedWhileTheServerIsDown in cmd/esahayak).
func TestListenStoppedWhileTheCloseIsNotAnswered(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	target, _ := url.Parse(s.URL)
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.FlushInterval = -1
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			<-r.Context().Done() // never answered, never closed
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	out := &testenv.Output{}
	l, err := relay.NewListener(relay.ListenerConfig{APIBase: proxy.URL, APIKey: s.APIKey, ForwardTo: "http://127.0.0.1:1/hook", Out: out})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Run(ctx) }()
	waitReady(t, l, done, out)
	testenv.Eventually(t, 10*time.Second, "the stream to connect", func() bool { return strings.Contains(out.String(), "Ready") })
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("listen: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("listen did not stop")
	}
	id := l.Session().ID
	for _, want := range []string{
		"Stopped (the server did not confirm closing the session in time",
		"If it is still open (sessions do not expire), close it with DELETE /v1/listen_sessions/" + id,
		"  curl -X DELETE '" + proxy.URL + "/v1/listen_sessions/" + id + `' -H "Authorization: Bearer $ESAHAYAK_API_KEY"` + "\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("listen does not print %q:\n%s", want, out)
		}
	}
	if strings.Contains(out.String(), s.APIKey) {
		t.Errorf("listen printed the API key:\n%s", out)
	}
}

// TestListenFailsWhereTheEngineFails: a local handler whose response
// headers pass the engine's limit (1 MiB) fails under listen as it would
// deployed; listen printed [200] and recorded a success, with Go's 10 MB
// default.
func TestListenFailsWhereTheEngineFails(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{Schedule: "1h"})
	handler := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("X-Big", strings.Repeat("a", 2<<20))
		w.Write([]byte("ok"))
	}))
	endpoint, l, out := sideBySide(t, s, handler)
	emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed)
	var byListen, byEngine []map[string]any
	testenv.Eventually(t, 15*time.Second, "both attempts recorded", func() bool {
		byListen, byEngine = deliveriesOf(t, s.URL, s.APIKey, l.Session().ID), deliveriesOf(t, s.URL, s.APIKey, endpoint)
		return len(byListen) == 1 && len(byEngine) == 1 && byListen[0]["status"] != "pending" && byEngine[0]["status"] != "pending"
	})
	if byEngine[0]["status"] == "succeeded" {
		t.Fatalf("the engine's delivery succeeded: %v", byEngine[0])
	}
	if byListen[0]["status"] == "succeeded" || strings.Contains(out.String(), "[200]") {
		t.Errorf("listen recorded %v and printed:\n%s\nwhere the engine's delivery is %v", byListen[0]["status"], out, byEngine[0]["status"])
	}
}

// sideBySide sends handler's events both ways: to a webhook endpoint of
// its own, through the engine, and through a listen session forwarding
// to it; it returns the endpoint's id and the listener. The handler is
// closed when the test ends.
func sideBySide(t *testing.T, s *testenv.Server, handler *httptest.Server) (string, *relay.Listener, *testenv.Output) {
	t.Helper()
	t.Cleanup(handler.Close)
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]any{"url": handler.URL + "/hook"})
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	l, out := listen(t, s.URL, s.APIKey, handler.URL+"/hook")
	return testenv.JSON(t, b)["id"].(string), l, out
}

// A --forward-to whose password holds a "#" typed as is reads, to
// url.Parse, as a host and port with a fragment and no user: the
// "Forwarding … to" line printed it and the session was created with it,
// shown to anyone with the account's dashboard. Both now go without it.
func TestListenHidesAPasswordURLParseDoesNotRead(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	// Forwards go to 127.0.0.1:port, closed, as url.Parse reads it.
	l, out := listen(t, s.URL, s.APIKey, "http://127.0.0.1:"+port+"#pw0815@127.0.0.1:3000/x")
	st, b := s.Do(t, "GET", "/v1/listen_sessions/"+l.Session().ID, s.APIKey, nil)
	if st != 200 || strings.Contains(string(b), "pw0815") {
		t.Errorf("the session as the server has it: %d %s", st, b)
	}
	if !strings.Contains(out.String(), "Forwarding") || strings.Contains(out.String(), "pw0815") {
		t.Errorf("listen printed:\n%s", out)
	}
}

// A real delivery counts an answer whose body runs past the 64 KiB it
// reads as complete once those have arrived (docs/api.md), whatever
// follows them; listen read on for up to 1 MiB more within the forward's
// 10 s, so a handler answering 200 with a long body that is slow to end
// (here: more announced than sent) was printed "[200 ERR]" and recorded
// failed, where the same handler's endpoint delivery succeeded.
func TestListenSucceedsWhereTheEngineSucceedsOnALongBody(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{Schedule: "1h"})
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	handler := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Length", strconv.Itoa(1<<20))
		w.WriteHeader(200)
		w.Write([]byte(strings.Repeat("a", 80<<10)))
		w.(http.Flusher).Flush()
		select { // the rest never comes
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(handler.Close)
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]any{"url": handler.URL + "/hook"})
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	endpoint := testenv.JSON(t, b)["id"].(string)
	l, out := startListener(t, relay.ListenerConfig{APIBase: s.URL, APIKey: s.APIKey, ForwardTo: handler.URL + "/hook",
		ForwardTimeout: 3 * time.Second})
	id := emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed)
	var byListen, byEngine []map[string]any
	testenv.Eventually(t, 30*time.Second, "both attempts recorded", func() bool {
		byListen, byEngine = deliveriesOf(t, s.URL, s.APIKey, l.Session().ID), deliveriesOf(t, s.URL, s.APIKey, endpoint)
		return len(byListen) == 1 && len(byEngine) == 1 && byListen[0]["status"] != "pending" && byEngine[0]["status"] != "pending"
	})
	if byEngine[0]["status"] != "succeeded" {
		t.Fatalf("the engine's delivery is %v, want succeeded: %v", byEngine[0]["status"], byEngine[0])
	}
	if byListen[0]["status"] != "succeeded" || !strings.Contains(out.String(), id+"  [200]") {
		t.Errorf("listen recorded %v and printed:\n%s\nwhere the engine's delivery succeeded", byListen[0]["status"], out)
	}
}
