package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esahayak/esahayak/webhook"
)

const (
	testSecret    = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	rotatedSecret = "whsec_bmV3LXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHMhIQ=="
)

var events = map[string]string{
	webhook.EventStampUploaded: `{"id":"evt_up","type":"stamp.uploaded","created_at":"2024-01-15T10:30:00Z",` +
		`"data":{"order":{"id":"order_1","status":"COMPLETED","created_at":"2024-01-15T10:00:00Z"},` +
		`"stamp_request":{"id":"stamp_1","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"}}}`,
	webhook.EventStampFailed: `{"id":"evt_fail","type":"stamp.failed","created_at":"2024-01-15T10:30:00Z",` +
		`"data":{"order":{"id":"order_2","status":"FAILED","created_at":"2024-01-15T10:00:00Z"},` +
		`"stamp_request":{"id":"stamp_2","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"},` +
		`"error":{"code":"PORTAL_DOWN","message":"Government portal unavailable"}}}`,
	webhook.EventOrderDelivered: `{"id":"evt_del","type":"order.delivered","created_at":"2024-01-16T09:00:00Z",` +
		`"data":{"order":{"id":"order_3","status":"DELIVERED","created_at":"2024-01-15T10:00:00Z"},` +
		`"stamp_request":{"id":"stamp_3","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"},` +
		`"delivery":{"partner":"BlueDart","tracking_id":"BD123","delivered_at":"2024-01-16T08:45:00Z"}}}`,
	webhook.EventOrderCancelled: `{"id":"evt_can","type":"order.cancelled","created_at":"2024-01-15T12:00:00Z",` +
		`"data":{"order":{"id":"order_4","status":"CANCELLED","created_at":"2024-01-15T10:00:00Z"},` +
		`"stamp_request":{"id":"stamp_4","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"},` +
		`"cancellation":{"reason":"Customer request","refund":{"amount":1000,"status":"INITIATED"}}}}`,
}

// syncBuffer collects log output written from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParseConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    config
		wantErr string
	}{
		{"env secret, defaults", nil, map[string]string{envSecret: testSecret},
			config{addr: ":3000", path: "/webhooks/esahayak", secrets: []string{testSecret}}, ""},
		{"rotation in env", nil, map[string]string{envSecret: testSecret + ", " + rotatedSecret, envAddr: "127.0.0.1:8080"},
			config{addr: "127.0.0.1:8080", path: "/webhooks/esahayak", secrets: []string{testSecret, rotatedSecret}}, ""},
		{"flags win", []string{"-secret", rotatedSecret, "-addr", ":9000", "-path", "/hooks", "-background", "4"}, map[string]string{envSecret: testSecret},
			config{addr: ":9000", path: "/hooks", secrets: []string{rotatedSecret}, workers: 4}, ""},
		{"no secret", nil, nil, config{}, envSecret},
		{"bad path", []string{"-path", "hooks"}, map[string]string{envSecret: testSecret}, config{}, "must start with /"},
		{"negative workers", []string{"-background", "-1"}, map[string]string{envSecret: testSecret}, config{}, "negative"},
		{"most workers", []string{"-background", "10000"}, map[string]string{envSecret: testSecret},
			config{addr: ":3000", path: "/webhooks/esahayak", secrets: []string{testSecret}, workers: 10000}, ""},
		{"too many workers", []string{"-background", "10001"}, map[string]string{envSecret: testSecret}, config{}, "-background 10001: at most 10000 workers"},
		{"stray argument", []string{"serve"}, map[string]string{envSecret: testSecret}, config{}, "unexpected arguments"},
		{"unknown flag", []string{"-port", "1"}, map[string]string{envSecret: testSecret}, config{}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseConfig(tt.args, env(tt.env), io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.addr != tt.want.addr || got.path != tt.want.path || got.workers != tt.want.workers ||
				strings.Join(got.secrets, " ") != strings.Join(tt.want.secrets, " ") {
				t.Fatalf("config = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func newTestApp(t *testing.T, workers int) (*app, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	a, err := newApp(config{path: "/webhooks/esahayak", secrets: []string{testSecret}, workers: workers},
		slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return a, logs
}

// deliver POSTs body the way eSahayak does and returns the status and JSON answer.
func deliver(t *testing.T, url string, signer *webhook.Signer, body string, mutate func(*http.Request)) (int, map[string]any) {
	t.Helper()
	var e struct{ ID, Type string }
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, url+"/webhooks/esahayak", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", webhook.UserAgent)
	req.Header.Set(webhook.HeaderEvent, e.Type)
	req.Header.Set(webhook.HeaderDelivery, e.ID)
	req.Header.Set(webhook.HeaderAttempt, "1")
	req.Header.Set(webhook.HeaderID, e.ID)
	req.Header.Set(webhook.HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	req.Header.Set(webhook.HeaderSignature, signer.Sign(e.ID, now, []byte(body)))
	if mutate != nil {
		mutate(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatalf("decoding answer: %v", err)
	}
	return resp.StatusCode, got
}

func TestReceiver(t *testing.T) {
	t.Parallel()
	a, logs := newTestApp(t, 0)
	srv := httptest.NewServer(a.routes)
	defer srv.Close()
	// eSahayak mid-rotation: signed with a new secret as well as ours.
	signer, err := webhook.NewSigner(rotatedSecret, testSecret)
	if err != nil {
		t.Fatal(err)
	}

	wantLogs := map[string][]string{
		webhook.EventStampUploaded:  {`msg="order status updated" order_id=order_1 status=COMPLETED`, `msg="stamp uploaded"`, `msg="delivery process triggered"`},
		webhook.EventStampFailed:    {`status=FAILED`, `message="Stamp generation failed: Government portal unavailable"`},
		webhook.EventOrderDelivered: {`partner=BlueDart tracking_id=BD123`, `msg="feedback requested"`},
		webhook.EventOrderCancelled: {`status=CANCELLED`, `msg="refund processed" order_id=order_4 amount=1000 refund_status=INITIATED`},
	}
	for _, typ := range webhook.EventTypes {
		status, got := deliver(t, srv.URL, signer, events[typ], nil)
		if status != http.StatusOK || got["received"] != true {
			t.Fatalf("%s: status %d, answer %v", typ, status, got)
		}
		for _, want := range wantLogs[typ] {
			if !strings.Contains(logs.String(), want) {
				t.Errorf("%s: log lacks %q:\n%s", typ, want, logs.String())
			}
		}
	}

	// A retry of a handled event is acknowledged, not handled again.
	before := strings.Count(logs.String(), `msg="stamp uploaded"`)
	status, got := deliver(t, srv.URL, signer, events[webhook.EventStampUploaded], nil)
	if status != http.StatusOK || got["duplicate"] != true {
		t.Fatalf("duplicate: status %d, answer %v", status, got)
	}
	if after := strings.Count(logs.String(), `msg="stamp uploaded"`); after != before {
		t.Fatalf("duplicate was handled again")
	}

	// Forged and tampered deliveries are refused.
	forger, _ := webhook.NewSigner("whsec_" + strings.Repeat("A", 32))
	if status, _ := deliver(t, srv.URL, forger, events[webhook.EventOrderCancelled], nil); status != http.StatusUnauthorized {
		t.Fatalf("forged: status %d, want 401", status)
	}
	status, _ = deliver(t, srv.URL, signer, events[webhook.EventStampFailed], func(r *http.Request) {
		r.Body = io.NopCloser(strings.NewReader(strings.Replace(events[webhook.EventStampFailed], "FAILED", "COMPLETED", 1)))
		r.ContentLength = -1
	})
	if status != http.StatusUnauthorized {
		t.Fatalf("tampered: status %d, want 401", status)
	}

	// Dashboard test events are acknowledged without side effects.
	testEvent := strings.Replace(strings.Replace(events[webhook.EventStampUploaded], `"evt_up"`, `"evt_test"`, 1), `"created_at":"2024-01-15T10:30:00Z",`, `"created_at":"2024-01-15T10:30:00Z","test":true,`, 1)
	if status, _ := deliver(t, srv.URL, signer, testEvent, nil); status != http.StatusOK {
		t.Fatalf("test event: status %d", status)
	}
	if !strings.Contains(logs.String(), "test event received; no action taken") {
		t.Fatalf("test event not logged:\n%s", logs.String())
	}
	if strings.Count(logs.String(), `msg="stamp uploaded"`) != before {
		t.Fatal("test event had side effects")
	}
}

func TestHealthAndMethods(t *testing.T) {
	t.Parallel()
	a, _ := newTestApp(t, 0)
	a.now = func() time.Time { return time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC) }
	srv := httptest.NewServer(a.routes)
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/webhooks/health")
	if err != nil {
		t.Fatal(err)
	}
	var health map[string]string
	if err := json.NewDecoder(resp.Body).Decode(&health); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	want := map[string]string{"status": "healthy", "timestamp": "2024-01-15T10:30:00Z", "server": "webhook-handler", "version": "1.0.0"}
	if resp.StatusCode != http.StatusOK || len(health) != len(want) {
		t.Fatalf("health: status %d, %v", resp.StatusCode, health)
	}
	for k, v := range want {
		if health[k] != v {
			t.Fatalf("health[%s] = %q, want %q", k, health[k], v)
		}
	}

	resp, err = http.Get(srv.URL + "/webhooks/esahayak")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != http.MethodPost {
		t.Fatalf("GET webhook path: status %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

// serve runs until its context ends, and in background mode still finishes
// the events it acknowledged before returning.
func TestServeGracefulShutdown(t *testing.T) {
	t.Parallel()
	a, logs := newTestApp(t, 2)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.serve(ctx, ln) }()

	signer, _ := webhook.NewSigner(testSecret)
	url := "http://" + ln.Addr().String()
	for _, typ := range webhook.EventTypes {
		if status, got := deliver(t, url, signer, events[typ], nil); status != http.StatusOK {
			t.Fatalf("%s: status %d %v", typ, status, got)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(shutdownGrace + 5*time.Second):
		t.Fatal("serve did not return after cancel")
	}
	for _, msg := range []string{`msg="stamp uploaded"`, `msg="stamp failed"`, `msg="order delivered"`, `msg="order cancelled"`} {
		if !strings.Contains(logs.String(), msg) {
			t.Errorf("acknowledged event not handled before exit: no %s in\n%s", msg, logs.String())
		}
	}
	if _, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		t.Error("still listening after shutdown")
	}
}

func TestRunConfigError(t *testing.T) {
	t.Parallel()
	err := run(context.Background(), nil, env(nil), io.Discard, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), envSecret) {
		t.Fatalf("run without a secret: %v", err)
	}
	err = run(context.Background(), []string{"-addr", "127.0.0.1:99999"}, env(map[string]string{envSecret: testSecret}), io.Discard, slog.New(slog.DiscardHandler))
	if err == nil {
		t.Fatal("run with a bad address: want error")
	}
}

// TestRunSaysWhatToDoWithItsAddress: a port alone (-addr 3000) was
// answered "listen tcp: address 3000: missing port in address", and a
// port in use "bind: address already in use", neither naming -addr nor
// the way out.
func TestRunSaysWhatToDoWithItsAddress(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, tc := range []struct{ addr, want string }{
		{"3000", `-addr "3000": `},
		{"3000", "use HOST:PORT, e.g. -addr 127.0.0.1:3000"},
		{busy.Addr().String(), "-addr " + busy.Addr().String() + ": "},
		{busy.Addr().String(), "stop it, or choose another -addr"},
		// One line in the same words on every system, naming the port
		// and another to choose (Windows' own words missed the advice).
		{busy.Addr().String(), fmt.Sprintf("-addr %s: port %d is in use (another program listens there, perhaps a receiver in another terminal): stop it, or choose another -addr, e.g. -addr 127.0.0.1:%d, and send to that port",
			busy.Addr(), busy.Addr().(*net.TCPAddr).Port, busy.Addr().(*net.TCPAddr).Port+1)},
	} {
		err := run(context.Background(), []string{"-addr", tc.addr}, env(map[string]string{envSecret: testSecret}), io.Discard, slog.New(slog.DiscardHandler))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run -addr %s: %v, want an error saying %q", tc.addr, err, tc.want)
		}
	}
}

// An order's earlier event arriving after a later one (a retry) leaves the
// order's status and its customer alone: an upload retried after the
// delivery set the order back to COMPLETED and told the customer the stamp
// was ready. The same event again (its handler failed) is still handled.
func TestOlderEventOfAnOrderIsNotApplied(t *testing.T) {
	t.Parallel()
	a, logs := newTestApp(t, 0)
	srv := httptest.NewServer(a.routes)
	defer srv.Close()
	signer, err := webhook.NewSigner(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	// order_3's delivery (2024-01-16), then its upload (2024-01-15) late.
	if status, _ := deliver(t, srv.URL, signer, events[webhook.EventOrderDelivered], nil); status != http.StatusOK {
		t.Fatalf("delivered: status %d", status)
	}
	late := strings.NewReplacer(`"evt_up"`, `"evt_up3"`, `"id":"order_1"`, `"id":"order_3"`).Replace(events[webhook.EventStampUploaded])
	if status, got := deliver(t, srv.URL, signer, late, nil); status != http.StatusOK || got["received"] != true {
		t.Fatalf("late upload: status %d, answer %v", status, got)
	}
	if strings.Contains(logs.String(), `order_id=order_3 status=COMPLETED`) || strings.Contains(logs.String(), "ready for download") {
		t.Fatalf("an older event changed the order:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "older than the order's last event handled") {
		t.Fatalf("the older event was not logged as such:\n%s", logs.String())
	}
	// A newer event of the order is handled.
	cancelled := strings.NewReplacer(`"evt_can"`, `"evt_can3"`, `"id":"order_4"`, `"id":"order_3"`, `"2024-01-15T12:00:00Z"`, `"2024-01-17T12:00:00Z"`).Replace(events[webhook.EventOrderCancelled])
	if status, _ := deliver(t, srv.URL, signer, cancelled, nil); status != http.StatusOK {
		t.Fatalf("cancelled: status %d", status)
	}
	if !strings.Contains(logs.String(), `order_id=order_3 status=CANCELLED`) {
		t.Fatalf("a newer event was not applied:\n%s", logs.String())
	}
}

// TestPathIsTakenLiterally: -path is the path deliveries are POSTed to, as
// written. It was registered as a ServeMux pattern, so "/x{" or "/a b"
// panicked at start and "/hooks/{id}" took every path below /hooks/.
func TestPathIsTakenLiterally(t *testing.T) {
	t.Parallel()
	signer, _ := webhook.NewSigner(testSecret)
	for _, path := range []string{"/x{", "/a b", "/hooks/{id}", "/{$}", "/webhooks/esahayak"} {
		a, err := newApp(config{path: path, secrets: []string{testSecret}}, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(a.routes)
		status, _ := deliver(t, srv.URL, signer, events[webhook.EventStampUploaded], func(r *http.Request) {
			r.URL.Path, r.URL.RawPath = path, ""
		})
		if status != http.StatusOK {
			t.Errorf("-path %q: a delivery to it got %d, want 200", path, status)
		}
		resp, err := http.Post(srv.URL+"/hooks/other", "application/json", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("-path %q: a POST to /hooks/other got %d, want 404", path, resp.StatusCode)
		}
		resp, err = http.Get(srv.URL + "/webhooks/health")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("-path %q: health %d", path, resp.StatusCode)
		}
		srv.Close()
	}
}

// TestNoSecretSaysWhereTheTourFindsOne: without a secret, the receiver
// sent people to the dashboard alone, where README.md's tour and
// `esahayak listen` hand it over elsewhere (the answer that created the
// endpoint, the session's first lines); someone who had not kept the
// answer was not told that the API gives the secret again.
func TestNoSecretSaysWhereTheTourFindsOne(t *testing.T) {
	t.Parallel()
	_, err := parseConfig(nil, env(nil), io.Discard)
	if err == nil {
		t.Fatal("no secret: want an error")
	}
	for _, want := range []string{envSecret, "the answer that created", "GET /v1/webhook_endpoints/{id}/secret", "Settings → API Access", "esahayak listen"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("no secret: %q does not say %q", err, want)
		}
	}
}
