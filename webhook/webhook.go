package webhook

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// Header names. The Standard Webhooks headers (webhook-*) carry everything
// needed to verify a request; the X-eSahayak-* headers are informational
// copies that let a receiver route or log a request before reading the body.
// Never trust the X-eSahayak-* headers for anything that matters: they are
// not covered by the signature. Use the verified Event instead.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"

	HeaderEvent    = "X-eSahayak-Event"
	HeaderDelivery = "X-eSahayak-Delivery"
	HeaderAttempt  = "X-eSahayak-Attempt"

	// UserAgent is the User-Agent of every webhook request.
	UserAgent = "eSahayak-Webhooks/1.0"

	// SecretPrefix starts every signing secret, so that a secret pasted in
	// the wrong place is recognisable (and greppable by secret scanners).
	SecretPrefix = "whsec_"
)

// Event type names.
const (
	// EventStampUploaded: the stamp was generated and uploaded; it is ready
	// for download or delivery.
	EventStampUploaded = "stamp.uploaded"
	// EventStampFailed: stamp generation failed; Data.Error says why.
	EventStampFailed = "stamp.failed"
	// EventOrderDelivered: the delivery partner confirmed physical delivery;
	// Data.Delivery has the details.
	EventOrderDelivered = "order.delivered"
	// EventOrderCancelled: the order was cancelled and a refund initiated;
	// Data.Cancellation has the reason and the refund.
	EventOrderCancelled = "order.cancelled"
)

// EventTypes lists every event type, in the order the guide documents them.
// Treat it as read-only.
var EventTypes = []string{
	EventStampUploaded,
	EventStampFailed,
	EventOrderDelivered,
	EventOrderCancelled,
}

// Errors returned by verification and parsing. They are sentinels: the
// returned errors wrap them with detail, so compare with errors.Is.
//
// The split matters to an HTTP receiver: ErrMissingHeaders,
// ErrInvalidHeaders and ErrInvalidPayload mean the request is malformed
// (answer 400), while ErrTimestampTooOld, ErrTimestampTooNew and
// ErrNoMatchingSignature mean it is not authentic or is a replay (answer 401).
var (
	// ErrMissingHeaders: webhook-id, webhook-timestamp or webhook-signature is absent or empty.
	ErrMissingHeaders = errors.New("webhook: missing required headers")
	// ErrInvalidHeaders: webhook-timestamp is not a non-negative integer of Unix seconds.
	ErrInvalidHeaders = errors.New("webhook: invalid signature headers")
	// ErrTimestampTooOld: the signature is older than the tolerance; possibly a replay.
	ErrTimestampTooOld = errors.New("webhook: message timestamp too old")
	// ErrTimestampTooNew: the signature is dated further in the future than the tolerance.
	ErrTimestampTooNew = errors.New("webhook: message timestamp too new")
	// ErrNoMatchingSignature: no v1 signature in webhook-signature matches any secret.
	ErrNoMatchingSignature = errors.New("webhook: no matching signature found")
	// ErrInvalidPayload: the body is not a well-formed event (id, type,
	// created_at and data are all required).
	ErrInvalidPayload = errors.New("webhook: invalid payload")
	// ErrInvalidSecret: a secret given to DecodeSecret, NewSigner or
	// NewVerifier is empty or not base64, or none was given. Unlike the
	// errors above it is the receiver's configuration, not a request, that
	// is wrong: a receiver that meets it at start should stop there.
	ErrInvalidSecret = errors.New("webhook: invalid secret")
)

// secretError is an ErrInvalidSecret with its own message, which says
// what is wrong with which secret and never quotes the secret.
type secretError string

func (e secretError) Error() string        { return string(e) }
func (e secretError) Is(target error) bool { return target == ErrInvalidSecret }

// secretBytes is how many random bytes NewSecret uses: 256 bits, the size of
// the HMAC-SHA256 block output, so the key is never the weak link.
const secretBytes = 32

// NewSecret returns a fresh signing secret: SecretPrefix followed by the
// standard base64 encoding of 32 bytes from crypto/rand.
func NewSecret() (string, error) {
	b := make([]byte, secretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("webhook: generating secret: %w", err)
	}
	return SecretPrefix + base64.StdEncoding.EncodeToString(b), nil
}

// errAPIKeyAsSecret is DecodeSecret's error for an API key.
const errAPIKeyAsSecret = "webhook: this is an API key (esk_…), not a webhook signing secret (" + SecretPrefix + "…): " +
	"use the endpoint's secret (in the answer that created it, or GET /v1/webhook_endpoints/{id}/secret) or the one esahayak listen prints"

// misgivenSecret says what s (a secret without its prefix) is when it is
// something the walk-throughs show beside a secret rather than one: an
// endpoint's or a listen session's id (the answer that creates an endpoint
// holds "id" and "secret"; listen prints the session's id and secret on
// one line), or the documentation's shortened example, whsec_… (README's
// "ESAHAYAK_WEBHOOK_SECRET=whsec_… go run ./examples/receiver"), copied as
// written; or a secret still in the quotes around it in an env file
// (docker run --env-file keeps them in the value, where a shell or
// systemd would remove them). Each was refused only as "not valid
// base64", which sent people looking for a fault in the secret they meant
// to give. None can be a secret: standard base64 has neither _ nor . nor …
// nor quotes. It is "" otherwise; s is not empty.
func misgivenSecret(s string) string {
	switch {
	case strings.HasPrefix(s, "we_"):
		return "webhook: this is a webhook endpoint's id (we_…), not its signing secret (" + SecretPrefix + "…): " +
			"use the \"secret\" of the answer that created the endpoint, or GET /v1/webhook_endpoints/{id}/secret"
	case strings.HasPrefix(s, "ls_"):
		return "webhook: this is a listen session's id (ls_…), not its signing secret (" + SecretPrefix + "…): " +
			"use the secret esahayak listen prints after the session's id"
	case strings.Contains(s, "…") || strings.Contains(s, "..."):
		return "webhook: the secret is cut short with an ellipsis (" + SecretPrefix + "…), as the documentation's examples write it: " +
			"give the whole secret, from the answer that created the endpoint, GET /v1/webhook_endpoints/{id}/secret, or esahayak listen"
	case strings.ContainsAny(s[:1], `"'`) || strings.ContainsAny(s[len(s)-1:], `"'`):
		return "webhook: the secret is in quotes: give it without them (an env file read by docker run --env-file keeps the quotes of KEY=\"value\" in the value)"
	}
	return ""
}

// DecodeSecret returns the HMAC key bytes of a secret. The SecretPrefix is
// optional (the Standard Webhooks libraries accept both forms, so we do too),
// and surrounding whitespace is ignored because secrets are usually pasted
// into environment variables and files, where a trailing newline is easy to
// miss and would otherwise produce a baffling signature mismatch. An empty
// key, invalid standard base64, an API key (esk_…, given by mistake) or
// what misgivenSecret names is an error.
func DecodeSecret(secret string) ([]byte, error) {
	s := strings.TrimPrefix(strings.TrimSpace(secret), SecretPrefix)
	if s == "" {
		return nil, secretError("webhook: empty secret")
	}
	if strings.HasPrefix(s, "esk_") {
		// The API key, exported beside the secret in the same walk-through
		// (ESAHAYAK_API_KEY): "not valid base64" did not say so.
		return nil, secretError(errAPIKeyAsSecret)
	}
	if msg := misgivenSecret(s); msg != "" {
		return nil, secretError(msg)
	}
	key, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		// Do not echo the secret: errors end up in logs.
		return nil, secretError("webhook: secret is not valid base64 (expected " + SecretPrefix + "<standard base64>)")
	}
	if len(key) == 0 {
		return nil, secretError("webhook: empty secret")
	}
	return key, nil
}
