package webhook

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

// Fixed secrets and clock so failures are reproducible. The first is the
// example secret of the Standard Webhooks reference libraries.
const (
	testSecret  = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	testSecret2 = "whsec_bmV3LXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHMhIQ=="
)

var testNow = time.Date(2024, 1, 15, 10, 30, 5, 0, time.UTC)

func fixedClock() time.Time { return testNow }

const uploadedBody = `{"id":"evt_01hmd8rq3x","type":"stamp.uploaded","created_at":"2024-01-15T10:30:00Z",` +
	`"data":{"order":{"id":"order_12345","status":"COMPLETED","created_at":"2024-01-15T10:00:00Z"},` +
	`"stamp_request":{"id":"stamp_67890","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"}}}`

const failedBody = `{"id":"evt_failed1","type":"stamp.failed","created_at":"2024-01-15T10:30:00Z",` +
	`"data":{"order":{"id":"order_2","status":"FAILED","created_at":"2024-01-15T10:00:00Z"},` +
	`"stamp_request":{"id":"stamp_2","state":"Karnataka","amount":500,"article_code":"KA-5","provider":"SHCIL"},` +
	`"error":{"code":"PORTAL_UNAVAILABLE","message":"Government portal did not respond"}}}`

const deliveredBody = `{"id":"evt_deliv1","type":"order.delivered","created_at":"2024-01-16T09:00:00Z",` +
	`"data":{"order":{"id":"order_3","status":"DELIVERED","created_at":"2024-01-15T10:00:00Z"},` +
	`"stamp_request":{"id":"stamp_3","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"},` +
	`"delivery":{"partner":"BlueDart","tracking_id":"BD123456789","delivered_at":"2024-01-16T08:45:00Z"}}}`

const cancelledBody = `{"id":"evt_cancel1","type":"order.cancelled","created_at":"2024-01-15T12:00:00Z","test":true,` +
	`"data":{"order":{"id":"order_4","status":"CANCELLED","created_at":"2024-01-15T10:00:00Z"},` +
	`"stamp_request":{"id":"stamp_4","state":"Delhi","amount":100,"article_code":"DL-1","provider":"SHCIL"},` +
	`"cancellation":{"reason":"Duplicate order","refund":{"amount":1150,"status":"INITIATED"}}}}`

// signedHeaders returns the headers the eSahayak server sends for body.
func signedHeaders(tb testing.TB, s *Signer, id string, ts time.Time, body []byte, eventType string) http.Header {
	tb.Helper()
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", UserAgent)
	h.Set(HeaderEvent, eventType)
	h.Set(HeaderDelivery, id)
	h.Set(HeaderAttempt, "1")
	h.Set(HeaderID, id)
	h.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	h.Set(HeaderSignature, s.Sign(id, ts, body))
	return h
}

func mustSigner(tb testing.TB, secrets ...string) *Signer {
	tb.Helper()
	s, err := NewSigner(secrets...)
	if err != nil {
		tb.Fatalf("NewSigner: %v", err)
	}
	return s
}

func mustVerifier(tb testing.TB, secrets []string, opts ...VerifyOption) *Verifier {
	tb.Helper()
	v, err := NewVerifier(secrets, opts...)
	if err != nil {
		tb.Fatalf("NewVerifier: %v", err)
	}
	return v
}
