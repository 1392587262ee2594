package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"strconv"
	"strings"
	"sync"
	"time"
)

// sigLen is the length of a base64-encoded HMAC-SHA256:
// base64.StdEncoding.EncodedLen(sha256.Size).
const sigLen = 44

// maxPooledBuf bounds the scratch buffer kept in the pool, so one request
// with a huge webhook-id cannot pin memory for the life of the process.
const maxPooledBuf = 4 << 10

// hmacKey is one decoded secret with a pool of keyed HMAC states.
//
// Why a pool: hmac.New allocates two SHA-256 states and hashes the padded
// key into both on every call. Reusing a keyed state with Reset skips all of
// that and makes signing allocation-free, which matters on the delivery hot
// path where every attempt is signed.
type hmacKey struct {
	pool sync.Pool // of *macState
}

type macState struct {
	mac hash.Hash
	buf []byte
}

func newHMACKey(secret []byte) *hmacKey {
	key := append([]byte(nil), secret...) // own the bytes: callers may reuse theirs
	k := &hmacKey{}
	k.pool.New = func() any {
		return &macState{mac: hmac.New(sha256.New, key), buf: make([]byte, 0, 128)}
	}
	return k
}

// sum computes the Standard Webhooks v1 HMAC over "id.timestamp.body" and
// writes its base64 encoding into out.
func (k *hmacKey) sum(out *[sigLen]byte, id string, ts int64, body []byte) {
	st := k.pool.Get().(*macState)
	st.mac.Reset()
	b := append(st.buf[:0], id...)
	b = append(b, '.')
	b = strconv.AppendInt(b, ts, 10)
	b = append(b, '.')
	st.mac.Write(b)
	st.mac.Write(body)
	b = st.mac.Sum(b[:0])
	base64.StdEncoding.Encode(out[:], b)
	if cap(b) <= maxPooledBuf {
		st.buf = b[:0]
	} else {
		st.buf = make([]byte, 0, 128)
	}
	k.pool.Put(st)
}

// decodeSecrets decodes each of secrets (DecodeSecret), refusing one that
// decodes to fewer than minBytes.
func decodeSecrets(secrets []string, minBytes int) ([]*hmacKey, error) {
	if len(secrets) == 0 {
		return nil, secretError("webhook: at least one secret is required")
	}
	keys := make([]*hmacKey, 0, len(secrets))
	for i, s := range secrets {
		raw, err := DecodeSecret(s)
		if err != nil {
			// DecodeSecret's errors begin "webhook: " already: said once,
			// the message reads "webhook: secret #1: empty secret", not
			// "webhook: secret #1: webhook: empty secret" (what the
			// README's receiver prints when its variable is unset).
			return nil, secretError("webhook: secret #" + strconv.Itoa(i+1) + ": " + strings.TrimPrefix(err.Error(), "webhook: "))
		}
		if len(raw) < minBytes {
			// Never quoted: errors end up in logs.
			return nil, secretError("webhook: secret #" + strconv.Itoa(i+1) + " is " + plural(len(raw), "byte") +
				" long, shorter than any signing secret (at least " + strconv.Itoa(minBytes) + " bytes; an eSahayak secret is " + SecretPrefix +
				" and 44 characters, 32 bytes): was it cut short when copied? give the whole secret, from the answer that created the endpoint, " +
				"GET /v1/webhook_endpoints/{id}/secret, or esahayak listen")
		}
		keys = append(keys, newHMACKey(raw))
	}
	return keys, nil
}

// Signer produces webhook-signature header values. It holds one key per
// secret, so during a secret rotation the sender signs with both the old and
// the new secret and receivers that know either one keep verifying (the
// Standard Webhooks "several signatures, space-separated" rule).
//
// A Signer is safe for concurrent use.
type Signer struct {
	keys []*hmacKey
}

// NewSigner returns a Signer for the given secrets, in the order their
// signatures should appear. At least one secret is required; each must be
// accepted by DecodeSecret.
func NewSigner(secrets ...string) (*Signer, error) {
	keys, err := decodeSecrets(secrets, 1)
	if err != nil {
		return nil, err
	}
	return &Signer{keys: keys}, nil
}

// Sign returns the webhook-signature value for a message: "v1,<base64>"
// for each secret, separated by single spaces. id is the webhook-id header
// (the event id) and ts is truncated to whole seconds, as it is sent in
// webhook-timestamp.
func (s *Signer) Sign(id string, ts time.Time, body []byte) string {
	var buf [128]byte // room for two signatures (a rotation) without a heap buffer
	return string(s.AppendSign(buf[:0], id, ts, body))
}

// AppendSign appends the value Sign would return to dst and returns the
// extended slice. With a dst of enough capacity it does not allocate, which
// is why the sender's hot path uses it.
func (s *Signer) AppendSign(dst []byte, id string, ts time.Time, body []byte) []byte {
	unix := ts.Unix()
	var sig [sigLen]byte
	for i, k := range s.keys {
		if i > 0 {
			dst = append(dst, ' ')
		}
		k.sum(&sig, id, unix, body)
		dst = append(dst, "v1,"...)
		dst = append(dst, sig[:]...)
	}
	return dst
}
