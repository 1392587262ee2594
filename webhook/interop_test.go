package webhook_test

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/esahayak/esahayak/webhook"
)

// These tests hold our implementation to the Standard Webhooks reference Go
// library in both directions, so customers can verify with any compliant
// library and our receiver accepts what compliant senders send (Verify's
// documentation lists where it differs from the reference on inputs they
// never produce).

const refSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

const refBody = `{"id":"evt_ref1","type":"stamp.uploaded","created_at":"2024-01-15T10:30:00Z",` +
	`"data":{"order":{"id":"order_12345","status":"COMPLETED","created_at":"2024-01-15T10:00:00Z"},` +
	`"stamp_request":{"id":"stamp_67890","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"}}}`

func TestInteropOurSignerReferenceVerifier(t *testing.T) {
	t.Parallel()
	ref, err := standardwebhooks.NewWebhook(refSecret)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := webhook.NewSigner(refSecret)
	if err != nil {
		t.Fatal(err)
	}
	other, err := webhook.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	rotating, err := webhook.NewSigner(other, refSecret)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		signer  *webhook.Signer
		body    string
		tamper  func(now time.Time, body string, h http.Header) string
		wantErr error
	}{
		{"single secret", signer, refBody, nil, nil},
		{"rotation, reference knows the second secret", rotating, refBody, nil, nil},
		{"empty body", signer, "", nil, nil},
		{"unicode body", signer, `{"note":"असम स्टाम्प ₹1000"}`, nil, nil},
		// The reference library's tolerance is 5 minutes either way, as
		// ours. It reads the real clock, and a timestamp is whole seconds:
		// 5 s inside the edge verifies, 5 s outside does not, however the
		// second falls and however long the test takes to get there.
		{"signed 4m55s ago", signer, refBody, func(now time.Time, b string, h http.Header) string {
			resign(h, signer, now.Add(-5*time.Minute+5*time.Second), b)
			return b
		}, nil},
		{"signed 5m5s ago", signer, refBody, func(now time.Time, b string, h http.Header) string {
			resign(h, signer, now.Add(-5*time.Minute-5*time.Second), b)
			return b
		}, standardwebhooks.ErrMessageTooOld},
		{"dated 4m55s ahead", signer, refBody, func(now time.Time, b string, h http.Header) string {
			resign(h, signer, now.Add(5*time.Minute-5*time.Second), b)
			return b
		}, nil},
		{"dated 5m5s ahead", signer, refBody, func(now time.Time, b string, h http.Header) string {
			resign(h, signer, now.Add(5*time.Minute+5*time.Second), b)
			return b
		}, standardwebhooks.ErrMessageTooNew},
		{"tampered body", signer, refBody, func(_ time.Time, b string, _ http.Header) string {
			return strings.Replace(b, "1000", "1", 1)
		}, standardwebhooks.ErrNoMatchingSignature},
		{"tampered id", signer, refBody, func(now time.Time, b string, h http.Header) string {
			h.Set(webhook.HeaderID, "evt_other")
			return b
		}, standardwebhooks.ErrNoMatchingSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// The reference library checks against the real clock: read
			// here, not before the subtests, which wait for the others
			// of the package (seconds on a loaded machine, past the 5 s
			// the edge cases leave).
			now := time.Now()
			h := http.Header{}
			h.Set(webhook.HeaderID, "evt_ref1")
			h.Set(webhook.HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
			h.Set(webhook.HeaderSignature, tt.signer.Sign("evt_ref1", now, []byte(tt.body)))
			body := tt.body
			if tt.tamper != nil {
				body = tt.tamper(now, body, h)
			}
			err := ref.Verify([]byte(body), h)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("reference Verify = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

// resign dates a request's signature at, as the sender would have.
func resign(h http.Header, s *webhook.Signer, at time.Time, body string) {
	h.Set(webhook.HeaderTimestamp, strconv.FormatInt(at.Unix(), 10))
	h.Set(webhook.HeaderSignature, s.Sign(h.Get(webhook.HeaderID), at, []byte(body)))
}

func TestInteropReferenceSignerOurVerifier(t *testing.T) {
	t.Parallel()
	ref, err := standardwebhooks.NewWebhook(refSecret)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2024, 1, 15, 10, 30, 5, 0, time.UTC)
	v, err := webhook.NewVerifier([]string{refSecret}, webhook.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}

	signed := func(id string, ts time.Time, body string) http.Header {
		sig, err := ref.Sign(id, ts, []byte(body))
		if err != nil {
			t.Fatal(err)
		}
		h := http.Header{}
		h.Set(webhook.HeaderID, id)
		h.Set(webhook.HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
		h.Set(webhook.HeaderSignature, sig)
		return h
	}

	tests := []struct {
		name    string
		body    string
		header  http.Header
		wantErr error
	}{
		{"valid", refBody, signed("evt_ref1", now, refBody), nil},
		{"valid, signed 4 minutes ago", refBody, signed("evt_ref1", now.Add(-4*time.Minute), refBody), nil},
		{"too old", refBody, signed("evt_ref1", now.Add(-10*time.Minute), refBody), webhook.ErrTimestampTooOld},
		{"too new", refBody, signed("evt_ref1", now.Add(10*time.Minute), refBody), webhook.ErrTimestampTooNew},
		{"tampered", strings.Replace(refBody, "Assam", "Bihar", 1), signed("evt_ref1", now, refBody), webhook.ErrNoMatchingSignature},
		{"reference-signed non-event", `{"a":1}`, signed("msg_1", now, `{"a":1}`), webhook.ErrInvalidPayload},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := v.Verify([]byte(tt.body), tt.header)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("Verify = %v, want %v", err, tt.wantErr)
			}
			if err == nil && (e.ID != "evt_ref1" || e.Data.StampRequest.Amount != 1000) {
				t.Fatalf("event = %+v", e)
			}
		})
	}
}

// Both implementations must produce the same bytes, not merely accept each
// other's: a customer comparing signatures by hand would otherwise be confused.
func TestInteropIdenticalSignatures(t *testing.T) {
	t.Parallel()
	ref, err := standardwebhooks.NewWebhook(refSecret)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := webhook.NewSigner(refSecret)
	if err != nil {
		t.Fatal(err)
	}
	for i, body := range []string{"", "{}", refBody, strings.Repeat("é", 3000)} {
		ts := time.Unix(1700000000+int64(i)*997, 0)
		want, err := ref.Sign("evt_"+strconv.Itoa(i), ts, []byte(body))
		if err != nil {
			t.Fatal(err)
		}
		if got := signer.Sign("evt_"+strconv.Itoa(i), ts, []byte(body)); got != want {
			t.Errorf("body %d: ours %q, reference %q", i, got, want)
		}
	}
}
