package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

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
