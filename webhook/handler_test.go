package webhook

import (
	"bufio"
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
	"net/http/httptrace"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var discardLogger = slog.New(slog.DiscardHandler)

// handlerBundle is what each handler test needs, built by setupHandler.
type handlerBundle struct {
	h      *Handler
	signer *Signer
	calls  map[string]*atomic.Int32
}

func setupHandler(t *testing.T, opts ...HandlerOption) *handlerBundle {
	t.Helper()
	v := mustVerifier(t, []string{testSecret}, WithClock(fixedClock))
	opts = append([]HandlerOption{WithLogger(discardLogger)}, opts...)
	b := &handlerBundle{h: NewHandler(v, opts...), signer: mustSigner(t, testSecret), calls: map[string]*atomic.Int32{}}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := b.h.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
	})
	return b
}

// count registers a handler for typ that counts calls and returns err().
func (b *handlerBundle) count(typ string, err func() error) *atomic.Int32 {
	n := new(atomic.Int32)
	b.h.On(typ, func(_ context.Context, e *Event) error {
		n.Add(1)
		if e.Type != typ {
			return errors.New("dispatched to the wrong type")
		}
		if err != nil {
			return err()
		}
		return nil
	})
	return n
}

func (b *handlerBundle) request(t *testing.T, body string) *http.Request {
	t.Helper()
	e, err := ParseEvent([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodPost, "/webhooks/esahayak", strings.NewReader(body))
	for k, v := range signedHeaders(t, b.signer, e.ID, testNow, []byte(body), e.Type) {
		r.Header[k] = v
	}
	return r
}

type response struct {
	status int
	header http.Header
	body   map[string]any
}

func serve(t *testing.T, h http.Handler, r *http.Request) response {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	res := response{status: w.Code, header: w.Header()}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type = %q, want application/json", ct)
	}
	if err := json.Unmarshal(w.Body.Bytes(), &res.body); err != nil {
		t.Fatalf("response body %q: %v", w.Body.String(), err)
	}
	return res
}

// serveUntilNotConflict sends body until the answer is not 409, as a
// sender retries a delivery answered "being processed", for at most 5 s.
// A background handler's claim is released or committed just after its
// function returns, so a test that waits for the function alone may
// redeliver inside that moment.
func serveUntilNotConflict(t *testing.T, h http.Handler, request func(*testing.T, string) *http.Request, body string) response {
	t.Helper()
	res := serve(t, h, request(t, body))
	for deadline := time.Now().Add(5 * time.Second); res.status == http.StatusConflict && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
		res = serve(t, h, request(t, body))
	}
	return res
}

func wantStatus(t *testing.T, got response, want int) {
	t.Helper()
	if got.status != want {
		t.Fatalf("status = %d (%v), want %d", got.status, got.body, want)
	}
}

func TestHandlerRejects(t *testing.T) {
	t.Parallel()
	b := setupHandler(t, WithMaxBodyBytes(2048))
	calls := b.count(EventStampUploaded, nil)

	tests := []struct {
		name    string
		req     func() *http.Request
		status  int
		message string
	}{
		{"GET", func() *http.Request { return httptest.NewRequest(http.MethodGet, "/", nil) }, http.StatusMethodNotAllowed, "method not allowed"},
		{"PUT with a valid signature", func() *http.Request { r := b.request(t, uploadedBody); r.Method = http.MethodPut; return r },
			http.StatusMethodNotAllowed, "method not allowed"},
		{"too large", func() *http.Request {
			big := strings.Replace(uploadedBody, `"provider":"SHCIL"`, `"provider":"`+strings.Repeat("S", 4096)+`"`, 1)
			return b.request(t, big)
		}, http.StatusBadRequest, "payload too large"},
		{"no signature headers", func() *http.Request {
			return httptest.NewRequest(http.MethodPost, "/", strings.NewReader(uploadedBody))
		}, http.StatusBadRequest, "missing signature headers"},
		{"bad timestamp header", func() *http.Request { r := b.request(t, uploadedBody); r.Header.Set(HeaderTimestamp, "soon"); return r },
			http.StatusBadRequest, "invalid signature headers"},
		{"signed, but not an event", func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"id":"evt_1"}`))
			for k, v := range signedHeaders(t, b.signer, "evt_1", testNow, []byte(`{"id":"evt_1"}`), "") {
				r.Header[k] = v
			}
			return r
		}, http.StatusBadRequest, "invalid payload"},
		{"tampered body", func() *http.Request {
			r := b.request(t, uploadedBody)
			r.Body = io.NopCloser(strings.NewReader(strings.Replace(uploadedBody, "1000", "10", 1)))
			return r
		}, http.StatusUnauthorized, "invalid signature"},
		{"wrong secret", func() *http.Request {
			r := b.request(t, uploadedBody)
			r.Header.Set(HeaderSignature, mustSigner(t, testSecret2).Sign("evt_01hmd8rq3x", testNow, []byte(uploadedBody)))
			return r
		}, http.StatusUnauthorized, "invalid signature"},
		{"replayed an hour later", func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(uploadedBody))
			for k, v := range signedHeaders(t, b.signer, "evt_01hmd8rq3x", testNow.Add(-time.Hour), []byte(uploadedBody), "") {
				r.Header[k] = v
			}
			return r
		}, http.StatusUnauthorized, "timestamp outside tolerance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := serve(t, b.h, tt.req())
			wantStatus(t, res, tt.status)
			if res.body["error"] != tt.message {
				t.Fatalf("error = %v, want %q", res.body["error"], tt.message)
			}
			if tt.status == http.StatusMethodNotAllowed && res.header.Get("Allow") != http.MethodPost {
				t.Fatalf("Allow = %q", res.header.Get("Allow"))
			}
		})
	}
	if n := calls.Load(); n != 0 {
		t.Fatalf("handler called %d times for rejected requests", n)
	}
}

// A request that cannot verify from its headers alone is refused without
// its body being read: a sender without the secret cannot make the
// receiver buffer a megabyte per connection.
func TestHandlerRefusesBeforeReadingTheBody(t *testing.T) {
	t.Parallel()
	b := setupHandler(t)
	for name, mod := range map[string]func(*http.Request){
		"no signature headers": func(r *http.Request) { r.Header = http.Header{} },
		"stale timestamp":      func(r *http.Request) { r.Header.Set(HeaderTimestamp, "1000000000") },
		// Signed and fresh, but announcing more than the limit: it would
		// be refused once the limit was read, so it is refused at once.
		"body over the limit": func(r *http.Request) { r.ContentLength = DefaultMaxBodyBytes + 1 },
	} {
		r := b.request(t, uploadedBody)
		mod(r)
		read := false
		r.Body = io.NopCloser(readFunc(func(p []byte) (int, error) { read = true; return 0, io.EOF }))
		w := httptest.NewRecorder()
		b.h.ServeHTTP(w, r)
		if w.Code != http.StatusBadRequest && w.Code != http.StatusUnauthorized || read {
			t.Errorf("%s: %d, body read: %v", name, w.Code, read)
		}
	}
}

// The refusal is sent at once, not when the body has come: net/http would
// otherwise read and discard an unread body before answering, to keep the
// connection, and a stalled body held the answer until the server's
// ReadTimeout.
func TestHandlerRefusalDoesNotWaitForTheBody(t *testing.T) {
	t.Parallel()
	b := setupHandler(t)
	srv := httptest.NewUnstartedServer(b.h)
	srv.Config.ReadTimeout = time.Minute
	srv.Start()
	t.Cleanup(srv.Close)
	for _, head := range []string{
		"POST /hook HTTP/1.1\r\nHost: x\r\nwebhook-id: evt_1\r\nwebhook-timestamp: 1000000000\r\nwebhook-signature: v1,AAAA\r\nContent-Length: 1000\r\n\r\n",
		"POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n",
		// Fresh, but no v1 entry: it cannot verify whatever the body.
		fmt.Sprintf("POST /hook HTTP/1.1\r\nHost: x\r\nwebhook-id: evt_1\r\nwebhook-timestamp: %d\r\nwebhook-signature: v2,abc\r\nContent-Length: 1000\r\n\r\n", testNow.Unix()),

		"PUT /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n",
		// Fresh, with a v1 entry, and a body announced past the limit: the
		// handler read (and waited for) a megabyte before refusing it.
		fmt.Sprintf("POST /hook HTTP/1.1\r\nHost: x\r\nwebhook-id: evt_1\r\nwebhook-timestamp: %d\r\nwebhook-signature: v1,%s\r\nContent-Length: %d\r\n\r\n",
			testNow.Unix(), strings.Repeat("A", sigLen), DefaultMaxBodyBytes+1),
	} {
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(20 * time.Second))
		io.WriteString(conn, head) // and never the body
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%q: no answer before the body came: %v", head[:20], err)
		}
		resp.Body.Close()
		if resp.StatusCode < 400 || !resp.Close {
			t.Errorf("%q: %d, connection kept: %v", head[:20], resp.StatusCode, !resp.Close)
		}
	}
}

// On HTTP/2 a refusal keeps the connection: "Connection: close" there ends
// the whole multiplexed connection (Go's server sends GOAWAY), and a
// stream's unread body costs nothing to leave.
func TestHandlerRefusalKeepsHTTP2Connections(t *testing.T) {
	t.Parallel()
	b := setupHandler(t)
	srv := httptest.NewUnstartedServer(b.h)
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	client := srv.Client()
	var reused []bool
	for range 3 {
		req, _ := http.NewRequest("POST", srv.URL+"/hook", strings.NewReader(`{"x": 1}`))
		req.Header.Set(HeaderID, "evt_1")
		req.Header.Set(HeaderTimestamp, "1000000000") // stale: refused from the headers
		req.Header.Set(HeaderSignature, "v1,AAAA")
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
			GotConn: func(info httptrace.GotConnInfo) { reused = append(reused, info.Reused) },
		}))
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.ProtoMajor != 2 || resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("HTTP/%d %d; want an HTTP/2 401", resp.ProtoMajor, resp.StatusCode)
		}
	}
	if len(reused) != 3 || !reused[1] || !reused[2] {
		t.Fatalf("connection reused: %v; want the refusals to keep it", reused)
	}
}

type readFunc func([]byte) (int, error)

func (f readFunc) Read(p []byte) (int, error) { return f(p) }

func TestHandlerSuccessAndDuplicate(t *testing.T) {
	t.Parallel()
	b := setupHandler(t)
	var got *Event
	b.h.On(EventStampUploaded, func(_ context.Context, e *Event) error { got = e; return nil })
	failed := b.count(EventStampFailed, nil)

	res := serve(t, b.h, b.request(t, uploadedBody))
	wantStatus(t, res, http.StatusOK)
	if res.body["received"] != true || res.body["event_id"] != "evt_01hmd8rq3x" || res.body["processed_at"] != "2024-01-15T10:30:05Z" {
		t.Fatalf("body = %v", res.body)
	}
	if _, dup := res.body["duplicate"]; dup {
		t.Fatalf("first delivery marked duplicate: %v", res.body)
	}
	if got == nil || got.Data.StampRequest.ArticleCode != "AS-RG-4" || got.Data.Order.ID != "order_12345" {
		t.Fatalf("handler got %+v", got)
	}

	// The retry of a handled event is acknowledged without running the handler.
	got = nil
	res = serve(t, b.h, b.request(t, uploadedBody))
	wantStatus(t, res, http.StatusOK)
	if res.body["duplicate"] != true || got != nil {
		t.Fatalf("duplicate: body %v, handler called: %v", res.body, got != nil)
	}

	wantStatus(t, serve(t, b.h, b.request(t, failedBody)), http.StatusOK)
	if failed.Load() != 1 {
		t.Fatalf("stamp.failed handler called %d times", failed.Load())
	}
}

func TestHandlerErrorReleasesClaim(t *testing.T) {
	t.Parallel()
	b := setupHandler(t)
	var fail atomic.Bool
	fail.Store(true)
	calls := b.count(EventOrderDelivered, func() error {
		if fail.Load() {
			return errors.New("database down")
		}
		return nil
	})

	res := serve(t, b.h, b.request(t, deliveredBody))
	wantStatus(t, res, http.StatusInternalServerError)
	if res.body["error"] != "processing failed" {
		t.Fatalf("body = %v (the handler's error must not leak)", res.body)
	}
	// The sender retries: the failed attempt must not count as handled.
	wantStatus(t, serve(t, b.h, b.request(t, deliveredBody)), http.StatusInternalServerError)
	fail.Store(false)
	wantStatus(t, serve(t, b.h, b.request(t, deliveredBody)), http.StatusOK)
	wantStatus(t, serve(t, b.h, b.request(t, deliveredBody)), http.StatusOK)
	if n := calls.Load(); n != 3 {
		t.Fatalf("handler called %d times, want 3 (two failures, one success, then a duplicate)", n)
	}
}

func TestHandlerPanicIsAnError(t *testing.T) {
	t.Parallel()
	b := setupHandler(t)
	var panicked atomic.Bool
	b.h.On(EventOrderCancelled, func(context.Context, *Event) error {
		if panicked.CompareAndSwap(false, true) {
			panic("nil map")
		}
		return nil
	})
	wantStatus(t, serve(t, b.h, b.request(t, cancelledBody)), http.StatusInternalServerError)
	wantStatus(t, serve(t, b.h, b.request(t, cancelledBody)), http.StatusOK)
}

func TestHandlerUnknownTypeAcknowledged(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	var mu sync.Mutex
	b := setupHandler(t, WithLogger(slog.New(slog.NewJSONHandler(lockedWriter{&mu, &logs}, nil))))
	b.count(EventStampUploaded, nil)
	res := serve(t, b.h, b.request(t, cancelledBody)) // no order.cancelled handler
	wantStatus(t, res, http.StatusOK)
	if res.body["received"] != true || res.body["event_id"] != "evt_cancel1" {
		t.Fatalf("body = %v", res.body)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(logs.String(), "no handler for event type") || !strings.Contains(logs.String(), `"event_type":"order.cancelled"`) {
		t.Fatalf("log = %s", logs.String())
	}
}

// TestHandlerLogCutsUnsignedHeaders: the delivery id and attempt headers are
// not signed, and the refusal of a request without a signature logged them
// whole, so anyone could make every refused request write a log line of up
// to Go's 1 MB header limit. They are cut to 64 bytes, with their length.
func TestHandlerLogCutsUnsignedHeaders(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	var mu sync.Mutex
	b := setupHandler(t, WithLogger(slog.New(slog.NewJSONHandler(lockedWriter{&mu, &logs}, nil))))
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(uploadedBody))
	r.Header.Set(HeaderDelivery, "dlv_"+strings.Repeat("é", 50_000))
	r.Header.Set(HeaderAttempt, strings.Repeat("9", 50_000))
	wantStatus(t, serve(t, b.h, r), http.StatusBadRequest)
	mu.Lock()
	defer mu.Unlock()
	line := logs.String()
	if len(line) > 1000 {
		t.Fatalf("the refusal's log line is %d bytes, want the unsigned headers cut: %.300s…", len(line), line)
	}
	for _, want := range []string{`"delivery":"dlv_` + strings.Repeat("é", 30) + `… (100004 bytes)"`, `"attempt":"` + strings.Repeat("9", 64) + `… (50000 bytes)"`} {
		if !strings.Contains(line, want) {
			t.Errorf("log = %s\nwant it to hold %s", line, want)
		}
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestHandlerConcurrentDeliveryGets409(t *testing.T) {
	t.Parallel()
	b := setupHandler(t)
	entered, release := make(chan struct{}), make(chan struct{})
	calls := b.count(EventStampUploaded, func() error {
		close(entered)
		<-release
		return nil
	})
	first := make(chan response, 1)
	go func() { first <- serve(t, b.h, b.request(t, uploadedBody)) }()
	<-entered
	res := serve(t, b.h, b.request(t, uploadedBody))
	wantStatus(t, res, http.StatusConflict)
	if got := res.header.Get("Retry-After"); got != "30" {
		t.Fatalf("409 with Retry-After %q, want the documented 30", got)
	}
	if res.body["error"] != "event is being processed" {
		t.Fatalf("409 says %v, want the documented \"event is being processed\"", res.body)
	}
	close(release)
	wantStatus(t, <-first, http.StatusOK)
	// The sender's retry, once the first delivery is done: a duplicate.
	retry := serve(t, b.h, b.request(t, uploadedBody))
	wantStatus(t, retry, http.StatusOK)
	if retry.body["duplicate"] != true {
		t.Fatalf("retry after the 409 answered %v, want a duplicate", retry.body)
	}
	if calls.Load() != 1 {
		t.Fatalf("handler called %d times", calls.Load())
	}
}

type failingStore struct{}

func (failingStore) Claim(context.Context, string) (ClaimStatus, error) {
	return 0, errors.New("connection refused")
}
func (failingStore) Commit(context.Context, string) error  { return nil }
func (failingStore) Release(context.Context, string) error { return nil }

type badStatusStore struct{ failingStore }

func (badStatusStore) Claim(context.Context, string) (ClaimStatus, error) { return 0, nil }

func TestHandlerDedupStoreFailures(t *testing.T) {
	t.Parallel()
	for name, store := range map[string]DedupStore{"error": failingStore{}, "invalid status": badStatusStore{}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setupHandler(t, WithDedupStore(store))
			calls := b.count(EventStampUploaded, nil)
			wantStatus(t, serve(t, b.h, b.request(t, uploadedBody)), http.StatusInternalServerError)
			if calls.Load() != 0 {
				t.Fatal("handler ran although the claim failed")
			}
		})
	}
}

func TestHandlerWithoutDedup(t *testing.T) {
	t.Parallel()
	b := setupHandler(t, WithDedupStore(nil))
	calls := b.count(EventStampUploaded, nil)
	for range 3 {
		wantStatus(t, serve(t, b.h, b.request(t, uploadedBody)), http.StatusOK)
	}
	if calls.Load() != 3 {
		t.Fatalf("handler called %d times, want 3", calls.Load())
	}
}

func TestHandlerSharedSQLDedup(t *testing.T) {
	t.Parallel()
	// Two receiver instances behind a load balancer share one table: a
	// retry landing on the other instance is still a duplicate.
	store, err := NewSQLDedup(openSQLite(t), "")
	if err != nil {
		t.Fatal(err)
	}
	a, b := setupHandler(t, WithDedupStore(store)), setupHandler(t, WithDedupStore(store))
	ca, cb := a.count(EventStampUploaded, nil), b.count(EventStampUploaded, nil)
	wantStatus(t, serve(t, a.h, a.request(t, uploadedBody)), http.StatusOK)
	res := serve(t, b.h, b.request(t, uploadedBody))
	wantStatus(t, res, http.StatusOK)
	if res.body["duplicate"] != true || ca.Load() != 1 || cb.Load() != 0 {
		t.Fatalf("body %v, calls %d/%d", res.body, ca.Load(), cb.Load())
	}
}

func TestHandlerSeveralFunctionsPerType(t *testing.T) {
	t.Parallel()
	b := setupHandler(t)
	var order []string
	var mu sync.Mutex
	add := func(name string, err error) {
		b.h.On(EventStampUploaded, func(context.Context, *Event) error {
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
			return err
		})
	}
	add("first", nil)
	add("second", errors.New("boom"))
	add("third", nil)
	wantStatus(t, serve(t, b.h, b.request(t, uploadedBody)), http.StatusInternalServerError)
	if strings.Join(order, ",") != "first,second" {
		t.Fatalf("ran %v, want first,second", order)
	}
}

func TestHandlerBackground(t *testing.T) {
	t.Parallel()
	b := setupHandler(t, WithBackground(2))
	var mu sync.Mutex
	done := map[string]int{}
	handled := make(chan string, 10)
	release := make(chan struct{})
	var fail atomic.Bool
	fail.Store(true)
	for _, typ := range EventTypes {
		b.h.On(typ, func(ctx context.Context, e *Event) error {
			<-release
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if e.Type == EventStampFailed && fail.Load() {
				handled <- "error"
				return errors.New("downstream failed")
			}
			mu.Lock()
			done[e.ID]++
			mu.Unlock()
			handled <- e.ID
			return nil
		})
	}

	// Answers before the handler runs (it is blocked on release).
	res := serve(t, b.h, b.request(t, uploadedBody))
	wantStatus(t, res, http.StatusOK)
	if res.body["event_id"] != "evt_01hmd8rq3x" {
		t.Fatalf("body = %v", res.body)
	}
	// While queued, a redelivery is told to come back later.
	wantStatus(t, serve(t, b.h, b.request(t, uploadedBody)), http.StatusConflict)
	wantStatus(t, serve(t, b.h, b.request(t, failedBody)), http.StatusOK)
	close(release)
	<-handled
	<-handled

	// The failed background handler releases its claim just after it
	// returns (its "error" above is sent first), so a redelivery may still
	// be told to come back later, as a sender would; once released, the
	// redelivery runs it again.
	fail.Store(false)
	res = serveUntilNotConflict(t, b.h, b.request, failedBody)
	wantStatus(t, res, http.StatusOK)
	if id := <-handled; id != "evt_failed1" {
		t.Fatalf("handled %q", id)
	}
	// And the handled one is a duplicate now. Its handler returned before
	// its worker marked it handled, so here too a redelivery may first be
	// told to come back later (it failed so in CI once).
	res = serveUntilNotConflict(t, b.h, b.request, uploadedBody)
	wantStatus(t, res, http.StatusOK)
	if res.body["duplicate"] != true {
		t.Fatalf("body = %v", res.body)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := b.h.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.h.Shutdown(ctx); err != nil { // twice is fine
		t.Fatal(err)
	}
	wantStatus(t, serve(t, b.h, b.request(t, deliveredBody)), http.StatusServiceUnavailable)
	mu.Lock()
	defer mu.Unlock()
	if done["evt_01hmd8rq3x"] != 1 || done["evt_failed1"] != 1 {
		t.Fatalf("handled counts %v", done)
	}
}

func TestHandlerBackgroundQueueFull(t *testing.T) {
	t.Parallel()
	store := NewMemoryDedup(time.Hour)
	b := setupHandler(t, WithBackground(1), WithDedupStore(store))
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	b.h.On(EventStampUploaded, func(context.Context, *Event) error {
		select {
		case started <- struct{}{}:
		default:
		}
		<-release
		return nil
	})
	defer close(release)

	send := func(i int) response {
		body := strings.Replace(uploadedBody, "evt_01hmd8rq3x", "evt_q"+strings.Repeat("x", i), 1)
		return serve(t, b.h, b.request(t, body))
	}
	wantStatus(t, send(0), http.StatusOK)
	<-started // the worker holds event 0; the queue is empty
	for i := 1; i <= queuePerWorker; i++ {
		wantStatus(t, send(i), http.StatusOK)
	}
	res := send(queuePerWorker + 1)
	wantStatus(t, res, http.StatusServiceUnavailable)
	if res.header.Get("Retry-After") == "" {
		t.Fatal("503 without Retry-After")
	}
	// Its claim was released, so the sender's retry is not mistaken for a duplicate.
	if seen, _ := store.Seen(context.Background(), "evt_q"+strings.Repeat("x", queuePerWorker+1)); seen {
		t.Fatal("rejected event is still claimed")
	}
}

func TestHandlerShutdownTimeoutCancelsHandlers(t *testing.T) {
	t.Parallel()
	b := setupHandler(t, WithBackground(1))
	started := make(chan struct{})
	b.h.On(EventStampUploaded, func(ctx context.Context, _ *Event) error {
		close(started)
		<-ctx.Done() // a handler that only stops when told to
		return ctx.Err()
	})
	wantStatus(t, serve(t, b.h, b.request(t, uploadedBody)), http.StatusOK)
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := b.h.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Shutdown = %v, want deadline exceeded", err)
	}
	// The cleanup's Shutdown now returns once the cancelled handler exits.
}

func TestHandlerSynchronousShutdown(t *testing.T) {
	t.Parallel()
	b := setupHandler(t)
	b.count(EventStampUploaded, nil)
	if err := b.h.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, serve(t, b.h, b.request(t, uploadedBody)), http.StatusServiceUnavailable)
}

func TestHandlerOverHTTP(t *testing.T) {
	t.Parallel()
	b := setupHandler(t)
	calls := b.count(EventStampUploaded, nil)
	srv := httptest.NewServer(b.h)
	defer srv.Close()

	body := []byte(uploadedBody)
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/webhooks/esahayak", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = signedHeaders(t, b.signer, "evt_01hmd8rq3x", testNow, body, EventStampUploaded)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || got["received"] != true || calls.Load() != 1 {
		t.Fatalf("status %d, body %v, calls %d", resp.StatusCode, got, calls.Load())
	}
}

func TestNewHandlerPanics(t *testing.T) {
	t.Parallel()
	assertPanics := func(name string, f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		f()
	}
	assertPanics("NewHandler(nil)", func() { NewHandler(nil) })
	h := NewHandler(mustVerifier(t, []string{testSecret}))
	assertPanics("On(nil)", func() { h.On(EventStampUploaded, nil) })
}

// A handler that runs, or waits in the background queue, for longer than
// the claim lease keeps its claim: a redelivery of the same event meanwhile
// gets 409, and the handler runs once (the claim used to lapse after the
// lease, and the redelivery ran the handler a second time).
func TestHandlerRenewsClaimsItHolds(t *testing.T) {
	t.Parallel()
	// Short enough that three leases pass in the test, long enough that a
	// loaded machine's scheduler stall (one at 150 ms let a claim lapse
	// once under -race with other packages' tests) is not taken for a lost
	// holder.
	const lease = 600 * time.Millisecond
	store := NewMemoryDedup(time.Hour)
	store.lease = lease
	b := setupHandler(t, WithBackground(1), WithDedupStore(store))
	b.h.renewEvery = lease / 5
	release := make(chan struct{})
	var releaseOnce sync.Once
	letGo := func() { releaseOnce.Do(func() { close(release) }) }
	defer letGo()      // also when the test fails early: Shutdown waits for the handlers
	var calls sync.Map // event id → *atomic.Int32
	b.h.On(EventStampUploaded, func(_ context.Context, e *Event) error {
		n, _ := calls.LoadOrStore(e.ID, new(atomic.Int32))
		n.(*atomic.Int32).Add(1)
		<-release
		return nil
	})
	running := uploadedBody
	queued := strings.Replace(uploadedBody, "evt_01hmd8rq3x", "evt_queued", 1)
	wantStatus(t, serve(t, b.h, b.request(t, running)), http.StatusOK)
	wantStatus(t, serve(t, b.h, b.request(t, queued)), http.StatusOK) // waits behind the first
	time.Sleep(3 * lease)
	for _, body := range []string{running, queued} {
		wantStatus(t, serve(t, b.h, b.request(t, body)), http.StatusConflict)
	}
	letGo()
	for _, body := range []string{running, queued} {
		e, _ := ParseEvent([]byte(body))
		deadline := time.Now().Add(5 * time.Second)
		for {
			res := serve(t, b.h, b.request(t, body))
			if res.status == http.StatusOK && res.body["duplicate"] == true {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s never became a handled duplicate: %d %v", e.ID, res.status, res.body)
			}
			time.Sleep(10 * time.Millisecond)
		}
		if n, _ := calls.Load(e.ID); n == nil || n.(*atomic.Int32).Load() != 1 {
			t.Fatalf("%s handled %v times, want once", e.ID, n)
		}
	}
	// With nothing held, the renewal goroutine ends.
	deadline := time.Now().Add(5 * time.Second)
	for {
		b.h.hmu.Lock()
		done := !b.h.renewing && len(b.h.held) == 0
		b.h.hmu.Unlock()
		if done {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("claims still held or renewed after every event was handled")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// The Handler renews by the store's lease, not by DefaultClaimLease: with
// NewMemoryDedup(ttl) the lease is the TTL when that is shorter, and claims
// used to lapse long before the first renewal (every DefaultClaimLease/3),
// so a redelivery ran the handler beside the one still running.
func TestHandlerRenewsWithinAShortStoreLease(t *testing.T) {
	t.Parallel()
	const ttl = 300 * time.Millisecond
	b := setupHandler(t, WithDedupStore(NewMemoryDedup(ttl)))
	if b.h.renewEvery != ttl/3 {
		t.Fatalf("renewEvery = %v, want a third of the store's lease %v", b.h.renewEvery, ttl)
	}
	entered, release := make(chan struct{}), make(chan struct{})
	var releaseOnce sync.Once
	letGo := func() { releaseOnce.Do(func() { close(release) }) }
	defer letGo()
	var calls atomic.Int32
	b.h.On(EventStampUploaded, func(context.Context, *Event) error {
		if calls.Add(1) == 1 {
			close(entered)
			<-release
		}
		return nil
	})
	first := make(chan response, 1)
	go func() { first <- serve(t, b.h, b.request(t, uploadedBody)) }()
	<-entered
	time.Sleep(3 * ttl) // the handler is still running, several leases on
	res := serve(t, b.h, b.request(t, uploadedBody))
	letGo()
	wantStatus(t, <-first, http.StatusOK)
	if res.status != http.StatusConflict || calls.Load() != 1 {
		t.Fatalf("redelivery during a handler slower than the lease: status %d, handler ran %d times; want 409 and once",
			res.status, calls.Load())
	}
}

// renewOnly is a custom store that renews but does not report its lease.
type renewOnly struct{ *MemoryDedup }

func (renewOnly) ClaimLease() {} // hides MemoryDedup's: not a ClaimLeaser

func TestHandlerRenewIntervalFallsBackToDefaultLease(t *testing.T) {
	t.Parallel()
	s := renewOnly{NewMemoryDedup(DefaultDedupTTL)}
	if _, ok := DedupStore(s).(ClaimLeaser); ok {
		t.Fatal("renewOnly is a ClaimLeaser")
	}
	b := setupHandler(t, WithDedupStore(s))
	if b.h.renewEvery != DefaultClaimLease/3 {
		t.Fatalf("renewEvery = %v, want %v", b.h.renewEvery, DefaultClaimLease/3)
	}
}

// A delivery whose claim lapsed and was taken over by a redelivery, and
// whose handler then fails, must not release the redelivery's claim: the
// Handler releases by owner token. It used to drop whatever claim the event
// had, and a third delivery ran the handler while the redelivery still did.
// The store here does not renew (a custom store, or think of a process
// paused past its lease), so the lapse is the clock's doing.
func TestHandlerStaleReleaseKeepsTheTakenOverClaim(t *testing.T) {
	t.Parallel()
	for name, factory := range dedupStores {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := newFakeClock()
			s := factory(t, clock)
			store := struct {
				DedupStore
				ClaimOwner
			}{s, s.(ClaimOwner)}
			b := setupHandler(t, WithDedupStore(store))
			type call struct {
				entered chan struct{}
				finish  chan error
			}
			calls := []call{{make(chan struct{}), make(chan error, 1)}, {make(chan struct{}), make(chan error, 1)}}
			var n atomic.Int32
			b.h.On(EventStampUploaded, func(context.Context, *Event) error {
				i := int(n.Add(1)) - 1
				if i >= len(calls) {
					return nil // a third run: the bug
				}
				close(calls[i].entered)
				return <-calls[i].finish
			})
			defer func() {
				for _, c := range calls {
					select {
					case c.finish <- nil:
					default:
					}
				}
			}()
			results := make([]chan response, 2)
			for i := range results {
				results[i] = make(chan response, 1)
				go func() { results[i] <- serve(t, b.h, b.request(t, uploadedBody)) }()
				<-calls[i].entered
				if i == 0 {
					clock.Advance(DefaultClaimLease + time.Second) // the first claim lapses
				}
			}
			calls[0].finish <- errors.New("database down") // the first, late, fails
			wantStatus(t, <-results[0], http.StatusInternalServerError)
			res := serve(t, b.h, b.request(t, uploadedBody))
			calls[1].finish <- nil
			wantStatus(t, <-results[1], http.StatusOK)
			if res.status != http.StatusConflict || n.Load() != 2 {
				t.Fatalf("delivery while the takeover runs: status %d, handler ran %d times; want 409 and twice", res.status, n.Load())
			}
		})
	}
}

// renewLoops counts the goroutines running a Handler's claim renewals, as
// a goroutine-leak check (goleak, or a TestMain of the receiver's) sees them.
func renewLoops() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Count(string(buf[:n]), ".(*Handler).renewLoop(")
		}
		buf = make([]byte, 2*len(buf))
	}
}

// Shutdown ends the Handler's claim renewal goroutine. It used to sleep on
// until its next tick, a third of the claim lease (100 s with the default
// store) after the last event, so a receiver's tests that check for leaked
// goroutines after Shutdown failed. Not parallel: it counts every
// goroutine of the process.
func TestHandlerShutdownEndsClaimRenewals(t *testing.T) {
	before := renewLoops()
	v := mustVerifier(t, []string{testSecret}, WithClock(fixedClock))
	h := NewHandler(v, WithLogger(discardLogger))
	b := &handlerBundle{h: h, signer: mustSigner(t, testSecret)}
	var during int
	h.On(EventStampUploaded, func(context.Context, *Event) error {
		// The renewal goroutine starts with the claim; wait until it runs.
		for deadline := time.Now().Add(5 * time.Second); during <= before && time.Now().Before(deadline); {
			runtime.Gosched()
			during = renewLoops()
		}
		return nil
	})
	wantStatus(t, serve(t, h, b.request(t, uploadedBody)), http.StatusOK)
	if during != before+1 {
		t.Fatalf("%d renewal goroutines while the event ran, want %d", during, before+1)
	}
	if err := h.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := renewLoops(); got > before {
		t.Fatalf("%d renewal goroutines after Shutdown, want %d: Shutdown left this Handler's running", got, before)
	}
}

// TestHandlerShutdownTimeoutDropsQueuedEvents: events still queued when
// Shutdown's deadline passes were acknowledged to the sender, which will
// not send them again. They must not start after Shutdown has returned
// (their context already cancelled, the program exiting and closing what
// they use), and each must be named in the log, so the operator knows
// what to redeliver.
func TestHandlerShutdownTimeoutDropsQueuedEvents(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	var mu sync.Mutex
	b := setupHandler(t, WithBackground(1), WithLogger(slog.New(slog.NewJSONHandler(lockedWriter{&mu, &logs}, nil))))
	started := make(chan struct{})
	var ran sync.Map
	b.h.On(EventStampUploaded, func(ctx context.Context, e *Event) error {
		ran.Store(e.ID, true)
		if e.ID == "evt_01hmd8rq3x" {
			close(started)
			<-ctx.Done() // a handler that only stops when told to
			return ctx.Err()
		}
		return nil
	})
	wantStatus(t, serve(t, b.h, b.request(t, uploadedBody)), http.StatusOK)
	<-started // the one worker holds the first event
	queued := []string{"evt_queued1", "evt_queued2", "evt_queued3"}
	for _, id := range queued {
		wantStatus(t, serve(t, b.h, b.request(t, strings.Replace(uploadedBody, "evt_01hmd8rq3x", id, 1))), http.StatusOK)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the deadline has passed already
	if err := b.h.Shutdown(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Shutdown = %v, want context.Canceled", err)
	}
	// Each queued event is named in the log by the time Shutdown returns.
	mu.Lock()
	out := logs.String()
	mu.Unlock()
	for _, id := range queued {
		if !strings.Contains(out, `"event_id":"`+id+`"`) || !strings.Contains(out, "not handled") {
			t.Errorf("the log does not name queued event %s as not handled:\n%s", id, out)
		}
	}
	b.h.wg.Wait() // the worker has ended: the first handler returned
	for _, id := range queued {
		if _, ok := ran.Load(id); ok {
			t.Errorf("queued event %s was handled after Shutdown returned", id)
		}
	}
}

// TestHandlerOnUnknownTypeWarns: a function registered for a misspelt
// type (the US "order.canceled", "stamp_uploaded", "stamp.upload") never
// runs, and every event of the type meant is answered 200 unhandled, so
// eSahayak never sends it again: the events were lost with one Info line
// each ("no handler for event type") and nothing at start. On now warns
// once, naming the type it was probably meant to be.
func TestHandlerOnUnknownTypeWarns(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ typ, want string }{
		{"order.canceled", EventOrderCancelled},
		{"stamp_uploaded", EventStampUploaded},
		{"Stamp.Failed", EventStampFailed},
		{"stamp.upload", EventStampUploaded},
		{"order.delivery", EventOrderDelivered},
		{"invoice.paid", ""}, // no type near it: warned, nothing suggested
	} {
		var logs bytes.Buffer
		var mu sync.Mutex
		b := setupHandler(t, WithLogger(slog.New(slog.NewJSONHandler(lockedWriter{&mu, &logs}, nil))))
		b.h.On(c.typ, func(context.Context, *Event) error { return nil })
		mu.Lock()
		out := logs.String()
		mu.Unlock()
		if !strings.Contains(out, `"level":"WARN"`) || !strings.Contains(out, `"event_type":"`+c.typ+`"`) || !strings.Contains(out, "stamp.uploaded, stamp.failed, order.delivered, order.cancelled") {
			t.Errorf("On(%q) logged %q, want a warning naming the type and the known ones", c.typ, out)
		}
		if c.want != "" && !strings.Contains(out, `"did_you_mean":"`+c.want+`"`) {
			t.Errorf("On(%q) logged %q, want did_you_mean %s", c.typ, out, c.want)
		}
		if c.want == "" && strings.Contains(out, "did_you_mean") {
			t.Errorf("On(%q) logged %q, want no suggestion", c.typ, out)
		}
	}
	// The known types are registered without a word.
	var logs bytes.Buffer
	var mu sync.Mutex
	b := setupHandler(t, WithLogger(slog.New(slog.NewJSONHandler(lockedWriter{&mu, &logs}, nil))))
	for _, typ := range EventTypes {
		b.h.On(typ, func(context.Context, *Event) error { return nil })
	}
	mu.Lock()
	defer mu.Unlock()
	if logs.Len() != 0 {
		t.Errorf("On with the known types logged %q", logs.String())
	}
}

// TestHandlerSynchronousShutdownWithEndedContext: in synchronous mode
// Shutdown has nothing to wait for, so the context it is given cannot
// have run out before anything: given one already ended (the signal
// context that told the program to stop, as it often is), it returned
// that context's error or nil at random, and a receiver that reports
// Shutdown's error exited as if events had been left unhandled.
func TestHandlerSynchronousShutdownWithEndedContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	v := mustVerifier(t, []string{testSecret}, WithClock(fixedClock))
	for i := range 200 {
		h := NewHandler(v, WithLogger(discardLogger))
		h.On(EventStampUploaded, func(context.Context, *Event) error { return nil })
		if err := h.Shutdown(ctx); err != nil {
			t.Fatalf("Shutdown #%d with an ended context = %v, want nil: nothing was left to wait for", i+1, err)
		}
	}
	// Background workers with nothing queued or running: the same, also
	// once they have handled an event.
	signer := mustSigner(t, testSecret)
	for i := range 100 {
		h := NewHandler(v, WithLogger(discardLogger), WithBackground(2))
		h.On(EventStampUploaded, func(context.Context, *Event) error { return nil })
		if i%2 == 1 {
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(uploadedBody))
			for k, vs := range signedHeaders(t, signer, "evt_01hmd8rq3x", testNow, []byte(uploadedBody), EventStampUploaded) {
				r.Header[k] = vs
			}
			wantStatus(t, serve(t, h, r), http.StatusOK)
			for deadline := time.Now().Add(30 * time.Second); h.pending.Load() != 0; time.Sleep(time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("the queued event was not handled within 30 s")
				}
			}
		}
		if err := h.Shutdown(ctx); err != nil {
			t.Fatalf("background Shutdown #%d with an ended context and nothing queued = %v, want nil", i+1, err)
		}
	}
}

// TestHandlerGoexitReleasesClaim: a function that ends its goroutine
// without returning or panicking (runtime.Goexit: t.Fatal in a test's
// handler) left its claim held and renewed for as long as the process
// lived, so every redelivery was answered 409; in background mode its
// worker was gone too, and WithBackground(1) handled nothing more. The
// claim is released, the redelivery is handled, and another worker takes
// the lost one's place.
func TestHandlerGoexitReleasesClaim(t *testing.T) {
	t.Parallel()
	t.Run("sync", func(t *testing.T) {
		t.Parallel()
		b := setupHandler(t)
		var exited atomic.Bool
		b.h.On(EventOrderCancelled, func(context.Context, *Event) error {
			if exited.CompareAndSwap(false, true) {
				runtime.Goexit()
			}
			return nil
		})
		done := make(chan struct{})
		go func() {
			defer close(done)
			b.h.ServeHTTP(httptest.NewRecorder(), b.request(t, cancelledBody))
		}()
		<-done
		wantStatus(t, serve(t, b.h, b.request(t, cancelledBody)), http.StatusOK)
	})
	t.Run("background", func(t *testing.T) {
		t.Parallel()
		b := setupHandler(t, WithBackground(1))
		var exited atomic.Bool
		handled := make(chan string, 4)
		for _, typ := range EventTypes {
			b.h.On(typ, func(_ context.Context, e *Event) error {
				if e.Type == EventOrderCancelled && exited.CompareAndSwap(false, true) {
					runtime.Goexit()
				}
				handled <- e.ID
				return nil
			})
		}
		wantStatus(t, serve(t, b.h, b.request(t, cancelledBody)), http.StatusOK)
		// Another event: handled only if a worker is still there.
		wantStatus(t, serve(t, b.h, b.request(t, uploadedBody)), http.StatusOK)
		select {
		case <-handled:
		case <-time.After(30 * time.Second):
			t.Fatal("after a function's Goexit, WithBackground(1) handled no other event")
		}
		// The abandoned event's redelivery is taken, not answered 409.
		res := serveUntilNotConflict(t, b.h, b.request, cancelledBody)
		wantStatus(t, res, http.StatusOK)
		if res.body["duplicate"] == true {
			t.Fatalf("the abandoned event's redelivery was taken as a duplicate: %v", res.body)
		}
		select {
		case <-handled:
		case <-time.After(30 * time.Second):
			t.Fatal("the abandoned event's redelivery was not handled")
		}
	})
}

// A worker count past MaxBackgroundWorkers is taken as the bound: it made
// the queue at once, 64 slots a worker, and 100000000 workers ended the
// program with a fatal out-of-memory error in NewHandler.
func TestBackgroundWorkersAreBounded(t *testing.T) {
	v, err := NewVerifier([]string{testSecret})
	if err != nil {
		t.Fatal(err)
	}
	h := NewHandler(v, WithBackground(100_000_000))
	defer h.Shutdown(context.Background())
	if h.workers != MaxBackgroundWorkers || cap(h.queue) != MaxBackgroundWorkers*queuePerWorker {
		t.Fatalf("workers %d, queue %d; want %d and %d", h.workers, cap(h.queue), MaxBackgroundWorkers, MaxBackgroundWorkers*queuePerWorker)
	}
}
