package webhook_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite"

	"github.com/esahayak/esahayak/webhook"
)

const exampleSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

const exampleBody = `{"id":"evt_01hmd8rq3x","type":"stamp.uploaded","created_at":"2024-01-15T10:30:00Z",` +
	`"data":{"order":{"id":"order_12345","status":"COMPLETED","created_at":"2024-01-15T10:00:00Z"},` +
	`"stamp_request":{"id":"stamp_67890","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"}}}`

// The headers eSahayak sends with a delivery, signed at ts.
func exampleHeaders(s *webhook.Signer, ts time.Time) http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", webhook.UserAgent)
	h.Set(webhook.HeaderEvent, webhook.EventStampUploaded)
	h.Set(webhook.HeaderDelivery, "evt_01hmd8rq3x")
	h.Set(webhook.HeaderAttempt, "1")
	h.Set(webhook.HeaderID, "evt_01hmd8rq3x")
	h.Set(webhook.HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	h.Set(webhook.HeaderSignature, s.Sign("evt_01hmd8rq3x", ts, []byte(exampleBody)))
	return h
}

func ExampleNewSigner() {
	signer, err := webhook.NewSigner(exampleSecret)
	if err != nil {
		panic(err)
	}
	ts := time.Unix(1705314600, 0) // 2024-01-15T10:30:00Z
	fmt.Println(signer.Sign("evt_01hmd8rq3x", ts, []byte(exampleBody)))
	// Output:
	// v1,kkPAx0FPxz8+7xne+CGmgb9VAc//S0F6ZJm6VvCvU5c=
}

// During a secret rotation the sender signs with both secrets; a receiver
// that knows either one accepts the message.
func ExampleNewSigner_rotation() {
	const newSecret = "whsec_bmV3LXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHMhIQ=="
	signer, _ := webhook.NewSigner(exampleSecret, newSecret)
	now := time.Now()
	h := exampleHeaders(signer, now)
	fmt.Println("signatures:", len(strings.Fields(h.Get(webhook.HeaderSignature))))

	for _, secret := range []string{exampleSecret, newSecret} {
		_, err := webhook.Verify(secret, []byte(exampleBody), h)
		fmt.Println("verified:", err == nil)
	}
	// Output:
	// signatures: 2
	// verified: true
	// verified: true
}

func ExampleVerify() {
	// What the sender does…
	signer, _ := webhook.NewSigner(exampleSecret)
	h := exampleHeaders(signer, time.Now())

	// …and what the receiver does with the raw body and the headers.
	event, err := webhook.Verify(exampleSecret, []byte(exampleBody), h)
	if err != nil {
		fmt.Println("rejected:", err)
		return
	}
	fmt.Println(event.Type, event.Data.Order.ID, event.Data.StampRequest.State, event.Data.StampRequest.Amount)

	// A body changed in transit no longer matches its signature.
	tampered := strings.Replace(exampleBody, `"amount":1000`, `"amount":1`, 1)
	_, err = webhook.Verify(exampleSecret, []byte(tampered), h)
	fmt.Println(errors.Is(err, webhook.ErrNoMatchingSignature))
	// Output:
	// stamp.uploaded order_12345 Assam 1000
	// true
}

func ExampleVerifier_Verify() {
	now := time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC)
	v, err := webhook.NewVerifier(
		[]string{exampleSecret},
		webhook.WithTolerance(2*time.Minute),
		webhook.WithClock(func() time.Time { return now }),
	)
	if err != nil {
		panic(err)
	}
	signer, _ := webhook.NewSigner(exampleSecret)

	for _, age := range []time.Duration{time.Minute, 10 * time.Minute} {
		_, err := v.Verify([]byte(exampleBody), exampleHeaders(signer, now.Add(-age)))
		switch {
		case err == nil:
			fmt.Println(age, "old: ok")
		case errors.Is(err, webhook.ErrTimestampTooOld):
			fmt.Println(age, "old: too old, possibly a replay")
		default:
			fmt.Println(age, "old:", err)
		}
	}
	// Output:
	// 1m0s old: ok
	// 10m0s old: too old, possibly a replay
}

func ExampleHandler() {
	now := time.Date(2024, 1, 15, 10, 30, 5, 0, time.UTC)
	v, _ := webhook.NewVerifier([]string{exampleSecret}, webhook.WithClock(func() time.Time { return now }))
	h := webhook.NewHandler(v, webhook.WithLogger(slog.New(slog.DiscardHandler)))
	h.On(webhook.EventStampUploaded, func(ctx context.Context, e *webhook.Event) error {
		fmt.Printf("stamp %s for order %s is ready\n", e.Data.StampRequest.ID, e.Data.Order.ID)
		return nil
	})
	// In a real service: http.Handle("/webhooks/esahayak", h) (no method in
	// the pattern: the Handler answers other methods with its JSON 405)

	signer, _ := webhook.NewSigner(exampleSecret)
	for range 2 { // the second delivery is a retry of the same event
		req := httptest.NewRequest(http.MethodPost, "/webhooks/esahayak", strings.NewReader(exampleBody))
		req.Header = exampleHeaders(signer, now)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Print(rec.Code, " ", rec.Body.String())
	}
	// Output:
	// stamp stamp_67890 for order order_12345 is ready
	// 200 {"received":true,"event_id":"evt_01hmd8rq3x","processed_at":"2024-01-15T10:30:05Z"}
	// 200 {"received":true,"event_id":"evt_01hmd8rq3x","duplicate":true,"processed_at":"2024-01-15T10:30:05Z"}
}

func ExampleNewSecret() {
	secret, err := webhook.NewSecret()
	if err != nil {
		panic(err)
	}
	key, _ := webhook.DecodeSecret(secret)
	fmt.Println(strings.HasPrefix(secret, webhook.SecretPrefix), len(key))
	// Output:
	// true 32
}

// During a secret rotation, give the Verifier both secrets: it accepts a
// request signed with either, so nothing fails while the sender moves from
// the old secret to the new one (it signs with both for 24 hours) and while
// your own deploy rolls out. Once the new secret is live everywhere, build
// the Verifier with the new secret alone.
func ExampleNewVerifier_rotation() {
	const newSecret = "whsec_bmV3LXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHMhIQ=="
	oldSecret := exampleSecret
	// In a service: strings.Split(os.Getenv("ESAHAYAK_WEBHOOK_SECRET"), ",")
	// with the variable set to "whsec_new,whsec_old".
	v, err := webhook.NewVerifier([]string{newSecret, oldSecret})
	if err != nil {
		panic(err)
	}
	now := time.Now()
	for _, signedWith := range [][]string{{oldSecret}, {newSecret, oldSecret}, {newSecret}} {
		signer, _ := webhook.NewSigner(signedWith...)
		_, err := v.Verify([]byte(exampleBody), exampleHeaders(signer, now))
		fmt.Printf("%d signature(s): verified %v\n", len(signedWith), err == nil)
	}

	// After the rotation: the old secret alone no longer verifies.
	v, _ = webhook.NewVerifier([]string{newSecret})
	signer, _ := webhook.NewSigner(oldSecret)
	_, err = v.Verify([]byte(exampleBody), exampleHeaders(signer, now))
	fmt.Println("old secret after the rotation:", errors.Is(err, webhook.ErrNoMatchingSignature))
	// Output:
	// 1 signature(s): verified true
	// 2 signature(s): verified true
	// 1 signature(s): verified true
	// old secret after the rotation: true
}

// When your work may take longer than the sender's 10 seconds, answer
// first and work afterwards: WithBackground acknowledges each verified,
// claimed event at once (200) and runs the functions on a pool of workers.
// A redelivery that arrives while the event is still queued or running is
// answered 409, and one after it is done 200 without running it again.
// Call Shutdown before exiting, so that acknowledged events are not lost.
func ExampleWithBackground() {
	now := time.Date(2024, 1, 15, 10, 30, 5, 0, time.UTC)
	v, _ := webhook.NewVerifier([]string{exampleSecret}, webhook.WithClock(func() time.Time { return now }))
	h := webhook.NewHandler(v, webhook.WithBackground(4), webhook.WithLogger(slog.New(slog.DiscardHandler)))
	answered := make(chan struct{})
	h.On(webhook.EventStampUploaded, func(ctx context.Context, e *webhook.Event) error {
		<-answered // slow work: here, until the sender has its answer
		fmt.Println("handled", e.ID, "after the answer")
		return nil
	})

	signer, _ := webhook.NewSigner(exampleSecret)
	deliver := func() {
		req := httptest.NewRequest(http.MethodPost, "/webhooks/esahayak", strings.NewReader(exampleBody))
		req.Header = exampleHeaders(signer, now)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Print(rec.Code, " ", rec.Body.String())
	}
	deliver() // answered at once, the work still to do
	deliver() // a redelivery meanwhile: 409, the sender tries again later
	close(answered)

	// On SIGTERM, after http.Server.Shutdown: finish what was acknowledged.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := h.Shutdown(ctx); err != nil {
		fmt.Println("shutdown:", err)
	}
	// Output:
	// 200 {"received":true,"event_id":"evt_01hmd8rq3x","processed_at":"2024-01-15T10:30:05Z"}
	// 409 {"error":"event is being processed"}
	// handled evt_01hmd8rq3x after the answer
}

// With several receiver instances behind a load balancer, or to remember
// handled events across restarts, deduplicate in a database shared by all
// of them: the table's primary key lets exactly one instance claim an
// event. Here two Handlers, as two instances would, share one SQLite file;
// a retry of the event that reaches the other instance is acknowledged
// without running it again.
func ExampleNewSQLDedup() {
	dir, err := os.MkdirTemp("", "dedup")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	// SQLite needs a busy timeout and WAL for concurrent claims; with
	// PostgreSQL: sql.Open("pgx", "postgres://…").
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "dedup.db")+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)")
	if err != nil {
		panic(err)
	}
	defer db.Close()

	now := time.Date(2024, 1, 15, 10, 30, 5, 0, time.UTC)
	v, _ := webhook.NewVerifier([]string{exampleSecret}, webhook.WithClock(func() time.Time { return now }))
	instance := func(name string) *webhook.Handler {
		store, err := webhook.NewSQLDedup(db, "") // creates esahayak_webhook_dedup if missing
		if err != nil {
			panic(err)
		}
		h := webhook.NewHandler(v, webhook.WithDedupStore(store), webhook.WithLogger(slog.New(slog.DiscardHandler)))
		h.On(webhook.EventStampUploaded, func(ctx context.Context, e *webhook.Event) error {
			fmt.Println(name, "handled", e.ID)
			return nil
		})
		return h
	}
	a, b := instance("instance a"), instance("instance b")

	signer, _ := webhook.NewSigner(exampleSecret)
	for _, h := range []*webhook.Handler{a, b} { // the first delivery, then its retry
		req := httptest.NewRequest(http.MethodPost, "/webhooks/esahayak", strings.NewReader(exampleBody))
		req.Header = exampleHeaders(signer, now)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Print(rec.Code, " ", rec.Body.String())
	}
	// Output:
	// instance a handled evt_01hmd8rq3x
	// 200 {"received":true,"event_id":"evt_01hmd8rq3x","processed_at":"2024-01-15T10:30:05Z"}
	// 200 {"received":true,"event_id":"evt_01hmd8rq3x","duplicate":true,"processed_at":"2024-01-15T10:30:05Z"}
}
