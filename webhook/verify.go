package webhook

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultTolerance is how far webhook-timestamp may be from the receiver's
// clock, in either direction, before a message is rejected. Five minutes is
// the Standard Webhooks default: long enough for ordinary clock skew and
// network delay, short enough that a captured request cannot be replayed
// later. Retries are re-signed with a fresh timestamp, so a legitimate retry
// never trips it.
const DefaultTolerance = 5 * time.Minute

// Verifier checks that webhook requests were signed with one of a set of
// secrets and are fresh, then parses them. Holding several secrets lets a
// receiver accept both the old and the new secret while a rotation is under
// way, with no moment at which deliveries fail.
//
// A Verifier is safe for concurrent use.
type Verifier struct {
	keys      []*hmacKey
	tolerance time.Duration
	now       func() time.Time
	err       error // first option error, reported by NewVerifier
}

// VerifyOption configures a Verifier.
type VerifyOption func(*Verifier)

// WithTolerance sets how far the signature timestamp may be from now, in
// either direction (default DefaultTolerance). It must be positive: turning
// the check off would make every captured request replayable forever.
func WithTolerance(d time.Duration) VerifyOption {
	return func(v *Verifier) {
		if d <= 0 {
			v.setErr(fmt.Errorf("webhook: tolerance must be positive, got %v", d))
			return
		}
		v.tolerance = d
	}
}

// WithClock sets the clock used for the timestamp check (default
// time.Now). Tests use it to verify recorded requests deterministically.
func WithClock(now func() time.Time) VerifyOption {
	return func(v *Verifier) {
		if now == nil {
			v.setErr(errors.New("webhook: WithClock(nil)"))
			return
		}
		v.now = now
	}
}

func (v *Verifier) setErr(err error) {
	if v.err == nil {
		v.err = err
	}
}

// MinSecretBytes is the fewest bytes a secret given to NewVerifier may
// decode to: the least Standard Webhooks allows a signing secret ("between
// 24 bytes and 64 bytes"). eSahayak's secrets are 32 bytes (NewSecret).
const MinSecretBytes = 24

// NewVerifier returns a Verifier that accepts messages signed with any of
// secrets. At least one secret is required; each must be accepted by
// DecodeSecret and decode to at least MinSecretBytes. A shorter one is
// most likely a secret cut short when it was copied (at a multiple of four
// characters it is still base64): no sender signs with it, so every
// request would be refused with ErrNoMatchingSignature, which does not say
// that the secret is at fault. It is refused here, at start, instead.
// (A Signer takes any secret DecodeSecret accepts: it is the sender's.)
func NewVerifier(secrets []string, opts ...VerifyOption) (*Verifier, error) {
	keys, err := decodeSecrets(secrets, MinSecretBytes)
	if err != nil {
		return nil, err
	}
	v := &Verifier{keys: keys, tolerance: DefaultTolerance, now: time.Now}
	for _, opt := range opts {
		opt(v)
	}
	if v.err != nil {
		return nil, v.err
	}
	return v, nil
}

// Verify authenticates a webhook request and returns its parsed Event.
//
// body must be the raw request body, byte for byte as received: the
// signature covers those bytes, so a body that was decoded and re-encoded
// (as JSON middleware does) will not verify.
//
// The checks run in this order, and the first failure is returned wrapping
// one of the sentinel errors:
//
//  1. webhook-id, webhook-timestamp and webhook-signature are present (ErrMissingHeaders);
//  2. webhook-timestamp is an integer of Unix seconds (ErrInvalidHeaders);
//  3. it is within the tolerance of now, either way (ErrTimestampTooOld, ErrTimestampTooNew);
//  4. some "v1,<sig>" entry of webhook-signature equals the HMAC under some
//     secret, compared in constant time (ErrNoMatchingSignature); entries of
//     other versions are ignored, as the standard requires;
//  5. the body is a valid event (ErrInvalidPayload, see ParseEvent).
//
// The payload is parsed only after it is authenticated, so nothing an
// attacker sends unsigned reaches the JSON decoder.
//
// Against the Standard Webhooks reference libraries, on what no compliant
// sender (eSahayak included) sends: Verify is stricter in that a
// webhook-timestamp must be plain digits without a sign or a leading zero
// (the reference reads "+1700000000" and "01700000000" as numbers), an
// entry of webhook-signature must be exactly "v1,<44 base64 characters>"
// (the reference takes the second field of "v1,<sig>,extra"), a negative
// or overlong (19 digits or more) timestamp is ErrInvalidHeaders where the
// reference says too old or too new, a webhook-signature of only spaces is
// ErrMissingHeaders where the reference finds no matching signature, and a
// signed body that is not an event is ErrInvalidPayload (Verify returns an
// Event). It is more lenient in that it reads every webhook-signature header
// line and entries separated by any whitespace, finds header keys in their
// canonical spelling ("Webhook-Id", as net/http stores them) and in lower
// case ("webhook-id", as a map built by hand often has them; any other
// spelling is missing, as for the reference), and trims spaces around a
// secret.
func (v *Verifier) Verify(body []byte, h http.Header) (*Event, error) {
	if err := v.verify(body, h); err != nil {
		return nil, err
	}
	return ParseEvent(body)
}

// Verify is a convenience for a single secret with the default options:
// NewVerifier([]string{secret}) followed by Verify. Build a Verifier once
// instead when verifying many requests, so the secret is decoded only once.
func Verify(secret string, body []byte, h http.Header) (*Event, error) {
	v, err := NewVerifier([]string{secret})
	if err != nil {
		return nil, err
	}
	return v.Verify(body, h)
}

// checkHeaders is what Verify checks before it looks at the body: the
// three headers are there, and the timestamp is Unix seconds within the
// tolerance. Handler runs it before reading a body, so a request that
// cannot verify costs no buffered body.
func (v *Verifier) checkHeaders(h http.Header) (id string, ts int64, sigs []string, err error) {
	id = headerValue(h, HeaderID, "Webhook-Id")
	tsHeader := headerValue(h, HeaderTimestamp, "Webhook-Timestamp")
	sigs = headerValues(h, HeaderSignature, "Webhook-Signature")
	if id == "" || tsHeader == "" || len(sigs) == 0 {
		// Name what is missing: a proxy or a framework that drops one
		// header, or a hand-made test request without one, is then found
		// from the receiver's log alone.
		var missing []string
		for _, m := range []struct {
			name   string
			absent bool
		}{{HeaderID, id == ""}, {HeaderTimestamp, tsHeader == ""}, {HeaderSignature, len(sigs) == 0}} {
			if m.absent {
				missing = append(missing, m.name)
			}
		}
		return "", 0, nil, fmt.Errorf("%w: %s", ErrMissingHeaders, strings.Join(missing, ", "))
	}

	now := v.now()
	ts, ok := parseUnixSeconds(tsHeader)
	if !ok {
		// Nanoseconds (19 digits) are past what parseUnixSeconds reads.
		if n, err := strconv.ParseUint(tsHeader, 10, 64); err == nil {
			if hint := finerUnit(tsHeader, n, now, v.tolerance); hint != "" {
				return "", 0, nil, fmt.Errorf("%w: %s", ErrInvalidHeaders, hint)
			}
		}
		return "", 0, nil, fmt.Errorf("%w: webhook-timestamp %.32q is not Unix seconds", ErrInvalidHeaders, tsHeader)
	}
	// Comparing Durations saturates rather than overflows, so absurd
	// timestamps land safely on one side or the other.
	sent := time.Unix(ts, 0)
	if age := now.Sub(sent); age > v.tolerance {
		return "", 0, nil, fmt.Errorf("%w: signed %s ago, tolerance %v", ErrTimestampTooOld, offset(age), v.tolerance)
	}
	if ahead := sent.Sub(now); ahead > v.tolerance {
		if hint := finerUnit(tsHeader, uint64(ts), now, v.tolerance); hint != "" {
			return "", 0, nil, fmt.Errorf("%w: %s", ErrTimestampTooNew, hint)
		}
		return "", 0, nil, fmt.Errorf("%w: signed %s in the future, tolerance %v", ErrTimestampTooNew, offset(ahead), v.tolerance)
	}
	// A header without a single v1 entry cannot verify, whatever the body.
	if !slices.ContainsFunc(sigs, hasV1Entry) {
		return "", 0, nil, fmt.Errorf("%w: no v1 signature in webhook-signature", ErrNoMatchingSignature)
	}
	return id, ts, sigs, nil
}

// hasV1Entry reports whether a webhook-signature header holds a "v1,…"
// entry (the one version Verify checks).
func hasV1Entry(header string) bool {
	for entry := range strings.FieldsSeq(header) {
		if version, _, found := strings.Cut(entry, ","); found && version == "v1" {
			return true
		}
	}
	return false
}

func (v *Verifier) verify(body []byte, h http.Header) error {
	id, ts, sigs, err := v.checkHeaders(h)
	if err != nil {
		return err
	}

	// Compute each key's signature once, then compare every offered v1
	// signature against every key. Both loops are tiny (a rotation means two
	// secrets and two signatures) and each compare is constant-time, so the
	// time taken says nothing about how close a forged signature came.
	var expected [2][sigLen]byte
	exp := expected[:0]
	if len(v.keys) > len(expected) {
		exp = make([][sigLen]byte, 0, len(v.keys))
	}
	for _, k := range v.keys {
		exp = append(exp, [sigLen]byte{})
		k.sum(&exp[len(exp)-1], id, ts, body)
	}
	offered := 0
	for _, header := range sigs {
		for entry := range strings.FieldsSeq(header) {
			version, sig, found := strings.Cut(entry, ",")
			if !found || version != "v1" {
				continue
			}
			if len(sig) != sigLen {
				continue // a length is not secret; skip the compare
			}
			offered++
			var got [sigLen]byte
			copy(got[:], sig)
			for i := range exp {
				if subtle.ConstantTimeCompare(got[:], exp[i][:]) == 1 {
					return nil
				}
			}
		}
	}
	// Say what was compared and what usually makes them differ: the bare
	// sentinel left a receiver's log no lead. The counts are no secret.
	if offered == 0 {
		return fmt.Errorf("%w: no v1 signature in webhook-signature is %d base64 characters long (v1,<base64 of 32 bytes>)", ErrNoMatchingSignature, sigLen)
	}
	return fmt.Errorf("%w: %s checked against %s: the request was signed with another secret "+
		"(each endpoint, and each esahayak listen session, has its own), or its body changed after signing (verify the raw bytes received)",
		ErrNoMatchingSignature, plural(offered, "v1 signature"), plural(len(v.keys), "secret"))
}

// plural is "1 secret", "2 secrets".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// parseUnixSeconds accepts only plain decimal digits: no sign, no spaces, no
// fraction, no leading zero, at most 18 digits so the value cannot overflow
// int64. Being strict here keeps one message from having several
// spellings: the signature covers the number as the sender wrote it.
func parseUnixSeconds(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 18 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// headerValue reads a header through http.Header.Get, falling back to the
// exact lower-case key. The fallback serves receivers that build an
// http.Header by hand from a platform's own header map (serverless
// functions often hand over lower-cased names), where Get's canonical
// lookup would miss them.
func headerValue(h http.Header, lower, canonical string) string {
	if v := h[canonical]; len(v) > 0 {
		return v[0]
	}
	if v := h[lower]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// headerValues returns every non-empty value of a header, under either key
// spelling; several webhook-signature lines are treated as one list.
func headerValues(h http.Header, lower, canonical string) []string {
	vals := h[canonical]
	if lower != canonical {
		if extra := h[lower]; len(extra) > 0 {
			vals = append(vals[:len(vals):len(vals)], extra...)
		}
	}
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return vals
		}
	}
	return nil
}

// offset is how far a refused timestamp is from now, for its message. An
// offset past the longest Duration (about 292 years) is that Duration, as
// time.Time.Sub saturates: written out, "2562047h47m16.854775807s" read as
// a measured figure, where the real one can be thousands of years.
func offset(d time.Duration) string {
	if d == math.MaxInt64 || d == math.MinInt64 {
		return "over 292 years"
	}
	return ceilSecond(d).String()
}

// finerUnit says so when a timestamp is the time in milliseconds,
// microseconds or nanoseconds rather than seconds (JavaScript's Date.now(),
// Go's UnixMilli or UnixNano: a slip of a hand-made test request), which
// the bare offset, tens of thousands of years ahead, or "not Unix seconds"
// left to be guessed. It is "" when the timestamp read in none of those
// units is within the tolerance, and for one that read as seconds is a
// date before the year 10000: that is a time, and a receiver's clock that
// stands near the epoch (a device without a real-time clock, just booted)
// must not have it called microseconds.
func finerUnit(header string, n uint64, now time.Time, tolerance time.Duration) string {
	if n <= maxPlausibleUnix {
		return ""
	}
	for _, u := range [...]struct {
		per  uint64
		name string
	}{{1e3, "milliseconds"}, {1e6, "microseconds"}, {1e9, "nanoseconds"}} {
		secs := int64(n / u.per) // at most 1.8e16: an int64 holds it
		if d := time.Unix(secs, 0).Sub(now); d.Abs() <= tolerance+time.Second {
			return fmt.Sprintf("webhook-timestamp %s is in %s; Unix seconds are wanted (%d)", header, u.name, secs)
		}
	}
	return ""
}

// maxPlausibleUnix is the last second of the year 9999: past it, Unix
// seconds are no date a sender meant (a time in milliseconds is past it
// from January 1978 on).
const maxPlausibleUnix = 253402300799

// ceilSecond rounds d up to a whole second, so that a timestamp refused
// for being 300.4 s off reads "5m1s", never "5m0s, tolerance 5m0s".
func ceilSecond(d time.Duration) time.Duration {
	if t := d.Truncate(time.Second); t != d && t <= math.MaxInt64-time.Second {
		return t + time.Second
	}
	return d
}
