package delivery_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// These tests run the whole service for real: the API and the engine of
// testenv on a real store (SQLite and PostgreSQL), sending over real HTTP
// to receivers that are httptest servers on loopback. Nothing else is ever
// contacted.

const orderBody = `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`

// eachStore runs fn once per store driver, in parallel.
func eachStore(t *testing.T, fn func(t *testing.T, open func(testing.TB) store.Store)) {
	t.Helper()
	t.Parallel()
	for name, open := range testenv.Stores() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fn(t, open)
		})
	}
}

// received is one request as a receiver saw it.
type received struct {
	Host   string    // the Host header
	At     time.Time // when the request's body had been read
	Method string
	URI    string // the request target (RequestURI)
	Header http.Header
	Body   []byte
}

// respondFunc answers the n-th request (1-based) a receiver got. r's
// context also ends when the test ends, so slow answers never outlive it.
type respondFunc func(n int, w http.ResponseWriter, r *http.Request, body []byte)

// receiver is a webhook receiver on loopback that records every request.
type receiver struct {
	srv     *httptest.Server
	stop    chan struct{}
	respond respondFunc

	mu          sync.Mutex
	reqs        []received
	inflight    int
	maxInflight int
	conns       atomic.Int64 // TCP connections accepted
}

// newReceiver starts a plain-HTTP receiver on 127.0.0.1. Create receivers
// after testenv.Start, so that when the test ends their slow answers are
// released before the engine is stopped.
func newReceiver(t *testing.T, respond respondFunc) *receiver {
	t.Helper()
	rc := &receiver{stop: make(chan struct{}), respond: respond}
	rc.srv = httptest.NewUnstartedServer(rc)
	rc.srv.Config.ConnState = rc.connState
	rc.srv.Start()
	rc.cleanup(t)
	return rc
}

// newTLSReceiver starts an HTTPS receiver listening on l.
func newTLSReceiver(t *testing.T, l net.Listener) *receiver {
	t.Helper()
	rc := &receiver{stop: make(chan struct{})}
	rc.srv = httptest.NewUnstartedServer(rc)
	rc.srv.Listener.Close()
	rc.srv.Listener = l
	rc.srv.Config.ConnState = rc.connState
	rc.srv.StartTLS()
	rc.cleanup(t)
	return rc
}

func (rc *receiver) cleanup(t *testing.T) {
	t.Cleanup(rc.srv.Close)
	t.Cleanup(func() { close(rc.stop) }) // runs first: releases slow answers
}

func (rc *receiver) connState(_ net.Conn, st http.ConnState) {
	if st == http.StateNew {
		rc.conns.Add(1)
	}
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	rc.mu.Lock()
	rc.reqs = append(rc.reqs, received{At: time.Now(), Method: r.Method, URI: r.RequestURI, Host: r.Host, Header: r.Header.Clone(), Body: body})
	n := len(rc.reqs)
	rc.inflight++
	rc.maxInflight = max(rc.maxInflight, rc.inflight)
	rc.mu.Unlock()
	defer func() {
		rc.mu.Lock()
		rc.inflight--
		rc.mu.Unlock()
	}()
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	go func() {
		select {
		case <-rc.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	if rc.respond == nil {
		io.WriteString(w, "ok")
		return
	}
	rc.respond(n, w, r.WithContext(ctx), body)
}

// URL is the receiver's address with path (and query) appended.
func (rc *receiver) URL(path string) string { return rc.srv.URL + path }

func (rc *receiver) Count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.reqs)
}

func (rc *receiver) Requests() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.reqs...)
}

// Inflight returns the requests being answered now and the most there ever were at once.
func (rc *receiver) Inflight() (now, most int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.inflight, rc.maxInflight
}

// waitCount waits until the receiver has seen at least n requests and returns them.
func (rc *receiver) waitCount(t *testing.T, n int, timeout time.Duration) []received {
	t.Helper()
	testenv.Eventually(t, timeout, "receiver to get "+itoa(n)+" requests", func() bool { return rc.Count() >= n })
	return rc.Requests()
}

// sleepCtx waits d or until ctx ends; it reports whether d passed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// The API's resources, as a client decodes them.

type attemptView struct {
	ID         string  `json:"id"`
	Number     int     `json:"number"`
	StartedAt  string  `json:"started_at"`
	DurationMS float64 `json:"duration_ms"`
	Succeeded  bool    `json:"succeeded"`
	Request    struct {
		Headers map[string]string `json:"headers"`
	} `json:"request"`
	Response *struct {
		Status  int               `json:"status"`
		Headers map[string]string `json:"headers"`
		Body    string            `json:"body"`
	} `json:"response"`
	Error     string `json:"error"`
	ErrorKind string `json:"error_kind"`
}

type deliveryView struct {
	ID             string        `json:"id"`
	Object         string        `json:"object"`
	EventID        string        `json:"event_id"`
	EventType      string        `json:"event_type"`
	EndpointID     string        `json:"endpoint_id"`
	Status         string        `json:"status"`
	AttemptCount   int           `json:"attempt_count"`
	NextAttemptAt  *string       `json:"next_attempt_at"`
	LastAttemptAt  *string       `json:"last_attempt_at"`
	LastStatusCode *int          `json:"last_status_code"`
	LastError      string        `json:"last_error"`
	Test           bool          `json:"test"`
	Attempts       []attemptView `json:"attempts"`
}

type endpointView struct {
	ID             string   `json:"id"`
	URL            string   `json:"url"`
	Events         []string `json:"events"`
	Status         string   `json:"status"`
	DisabledReason string   `json:"disabled_reason"`
	FailingSince   string   `json:"failing_since"`
	Secret         string   `json:"secret"`
	UpdatedAt      string   `json:"updated_at"`
}

func decode[T any](t testing.TB, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode %T: %v\n%s", v, err, b)
	}
	return v
}

func apiTime(t testing.TB, s *string) time.Time {
	t.Helper()
	if s == nil {
		t.Fatal("time is null")
	}
	tm, err := time.Parse(time.RFC3339Nano, *s)
	if err != nil {
		t.Fatalf("time %q: %v", *s, err)
	}
	return tm
}

// createEndpoint creates a webhook endpoint for the account of key and
// returns its id and signing secret. No events means all of them.
func createEndpoint(t testing.TB, s *testenv.Server, key, u string, events ...string) (id, secret string) {
	t.Helper()
	req := map[string]any{"url": u}
	if len(events) > 0 {
		req["events"] = events
	}
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", key, req)
	if st != http.StatusCreated {
		t.Fatalf("create endpoint %s: %d %s", u, st, b)
	}
	e := decode[endpointView](t, b)
	if !strings.HasPrefix(e.ID, "we_") || !strings.HasPrefix(e.Secret, "whsec_") {
		t.Fatalf("endpoint = %s", b)
	}
	return e.ID, e.Secret
}

func getEndpoint(t testing.TB, s *testenv.Server, key, id string) endpointView {
	t.Helper()
	st, b := s.Do(t, "GET", "/v1/webhook_endpoints/"+id, key, nil)
	if st != http.StatusOK {
		t.Fatalf("get endpoint: %d %s", st, b)
	}
	return decode[endpointView](t, b)
}

type uploadResponse struct {
	Status string
	Event  *struct {
		ID         string
		Type       string
		Deliveries int
	}
}

// uploaded is an order the operator uploaded, and the event it emitted.
type uploaded struct {
	OrderID    string
	EventID    string
	Deliveries int
	Sent       time.Time // just before the upload request
	Answered   time.Time // when its response had arrived
}

// upload creates an order for the account of key and has the operator
// upload its stamp, which emits stamp.uploaded.
func upload(t testing.TB, s *testenv.Server, key string) uploaded {
	t.Helper()
	u, err := tryUpload(s, key)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// tryUpload is upload for goroutines other than the test's.
func tryUpload(s *testenv.Server, key string) (uploaded, error) {
	call := func(path, token, body string) (int, []byte, error) {
		req, err := http.NewRequest("POST", s.URL+path, strings.NewReader(body))
		if err != nil {
			return 0, nil, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, b, err
	}
	st, b, err := call("/v1/orders", key, orderBody)
	if err != nil || st != http.StatusCreated {
		return uploaded{}, fmt.Errorf("create order: %d %s %v", st, b, err)
	}
	var o struct{ ID string }
	if err := json.Unmarshal(b, &o); err != nil {
		return uploaded{}, err
	}
	sent := time.Now()
	st, b, err = call("/v1/orders/"+o.ID+"/upload", s.Operator, "")
	answered := time.Now()
	if err != nil || st != http.StatusOK {
		return uploaded{}, fmt.Errorf("upload %s: %d %s %v", o.ID, st, b, err)
	}
	var res uploadResponse
	if err := json.Unmarshal(b, &res); err != nil || res.Status != "COMPLETED" || res.Event == nil || res.Event.Type != "stamp.uploaded" ||
		!strings.HasPrefix(res.Event.ID, "evt_") {
		return uploaded{}, fmt.Errorf("upload answered %s (%v)", b, err)
	}
	return uploaded{OrderID: o.ID, EventID: res.Event.ID, Deliveries: res.Event.Deliveries, Sent: sent, Answered: answered}, nil
}

func getDelivery(t testing.TB, s *testenv.Server, key, id string) deliveryView {
	t.Helper()
	st, b := s.Do(t, "GET", "/v1/deliveries/"+id, key, nil)
	if st != http.StatusOK {
		t.Fatalf("get delivery %s: %d %s", id, st, b)
	}
	return decode[deliveryView](t, b)
}

// listDeliveries lists deliveries with query parameters q (without attempts).
func listDeliveries(t testing.TB, s *testenv.Server, key string, q url.Values) []deliveryView {
	t.Helper()
	if q.Get("limit") == "" {
		q.Set("limit", "100")
	}
	st, b := s.Do(t, "GET", "/v1/deliveries?"+q.Encode(), key, nil)
	if st != http.StatusOK {
		t.Fatalf("list deliveries: %d %s", st, b)
	}
	return decode[struct{ Data []deliveryView }](t, b).Data
}

// deliveryOf returns the id of the delivery of eventID to endpointID.
func deliveryOf(t testing.TB, s *testenv.Server, key, eventID, endpointID string) string {
	t.Helper()
	ds := listDeliveries(t, s, key, url.Values{"event_id": {eventID}, "endpoint_id": {endpointID}})
	if len(ds) != 1 {
		t.Fatalf("event %s has %d deliveries to %s, want 1", eventID, len(ds), endpointID)
	}
	return ds[0].ID
}

// failedFirstAttempt delivers an event of a new upload to a new endpoint
// at u and returns the delivery once its first attempt is recorded, after
// checking what every failed first attempt must show: it failed with
// error kind kind, the delivery waits to retry, and its last_error is the
// attempt's error, which is returned with the status the response kept (0:
// none).
func failedFirstAttempt(t testing.TB, s *testenv.Server, u, kind string, within time.Duration) (errText string, status int, d deliveryView) {
	t.Helper()
	ep, _ := createEndpoint(t, s, s.APIKey, u)
	id := deliveryOf(t, s, s.APIKey, upload(t, s, s.APIKey).EventID, ep)
	d = waitDelivery(t, s, s.APIKey, id, within, "attempted", func(d deliveryView) bool { return d.AttemptCount >= 1 })
	a := d.Attempts[0]
	if d.Status != store.DeliveryRetrying || a.Succeeded || a.ErrorKind != kind {
		t.Errorf("delivery %s, attempt succeeded=%v error_kind %q; want retrying after a failed %s", d.Status, a.Succeeded, a.ErrorKind, kind)
	}
	if d.LastError != a.Error {
		t.Errorf("last_error %q, the attempt's %q", d.LastError, a.Error)
	}
	if a.Response != nil {
		status = a.Response.Status
	}
	return a.Error, status, d
}

// waitDelivery polls a delivery until cond holds and returns it.
func waitDelivery(t testing.TB, s *testenv.Server, key, id string, timeout time.Duration, what string, cond func(d deliveryView) bool) deliveryView {
	t.Helper()
	var d deliveryView
	deadline := time.Now().Add(timeout)
	for {
		d = getDelivery(t, s, key, id)
		if cond(d) {
			return d
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for delivery %s to be %s; it is %s with %d attempts (%s)", timeout, id, what, d.Status, d.AttemptCount, d.LastError)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func waitStatus(t testing.TB, s *testenv.Server, key, id, status string, timeout time.Duration) deliveryView {
	t.Helper()
	return waitDelivery(t, s, key, id, timeout, status, func(d deliveryView) bool { return d.Status == status })
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func sortDurations(d []time.Duration) []time.Duration {
	out := append([]time.Duration(nil), d...)
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
