package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestVerify(t *testing.T) {
	t.Parallel()
	signer := mustSigner(t, testSecret)
	v := mustVerifier(t, []string{testSecret}, WithClock(fixedClock))
	body := []byte(uploadedBody)
	const id = "evt_01hmd8rq3x"

	valid := func() http.Header { return signedHeaders(t, signer, id, testNow, body, EventStampUploaded) }
	with := func(mod func(http.Header)) http.Header { h := valid(); mod(h); return h }
	sigOf := func(h http.Header) string { return strings.TrimPrefix(h.Get(HeaderSignature), "v1,") }
	signedAt := func(ts time.Time) http.Header { return signedHeaders(t, signer, id, ts, body, EventStampUploaded) }

	tests := []struct {
		name    string
		body    []byte
		header  http.Header
		wantErr error
	}{
		{"valid", body, valid(), nil},
		{"missing webhook-id", body, with(func(h http.Header) { h.Del(HeaderID) }), ErrMissingHeaders},
		{"missing webhook-timestamp", body, with(func(h http.Header) { h.Del(HeaderTimestamp) }), ErrMissingHeaders},
		{"missing webhook-signature", body, with(func(h http.Header) { h.Del(HeaderSignature) }), ErrMissingHeaders},
		{"empty webhook-signature", body, with(func(h http.Header) { h.Set(HeaderSignature, " ") }), ErrMissingHeaders},
		{"no headers at all", body, http.Header{}, ErrMissingHeaders},
		{"nil header", body, nil, ErrMissingHeaders},
		{"timestamp not a number", body, with(func(h http.Header) { h.Set(HeaderTimestamp, "yesterday") }), ErrInvalidHeaders},
		{"timestamp negative", body, with(func(h http.Header) { h.Set(HeaderTimestamp, "-1705314605") }), ErrInvalidHeaders},
		{"timestamp with plus sign", body, with(func(h http.Header) { h.Set(HeaderTimestamp, "+1705314605") }), ErrInvalidHeaders},
		{"timestamp fractional", body, with(func(h http.Header) { h.Set(HeaderTimestamp, "1705314605.5") }), ErrInvalidHeaders},
		{"timestamp in milliseconds overflows tolerance", body, with(func(h http.Header) { h.Set(HeaderTimestamp, "1705314605000") }), ErrTimestampTooNew},
		{"timestamp too long", body, with(func(h http.Header) { h.Set(HeaderTimestamp, strings.Repeat("9", 30)) }), ErrInvalidHeaders},
		// Only v1 entries are compared: the right HMAC under another
		// version's name does not verify (the standard's rule).
		{"right signature under v2", body, with(func(h http.Header) {
			h.Set(HeaderSignature, "v1,"+strings.Repeat("A", 44)+" v2,"+strings.TrimPrefix(h.Get(HeaderSignature), "v1,"))
		}), ErrNoMatchingSignature},
		// 19 digits is overlong (Verify's doc) even where int64 holds it.
		{"timestamp of 19 digits", body, with(func(h http.Header) { h.Set(HeaderTimestamp, "1"+strings.Repeat("0", 18)) }), ErrInvalidHeaders},
		{"timestamp too old", body, signedAt(testNow.Add(-DefaultTolerance - time.Second)), ErrTimestampTooOld},
		{"timestamp at old edge", body, signedAt(testNow.Add(-DefaultTolerance)), nil},
		{"timestamp too new", body, signedAt(testNow.Add(DefaultTolerance + time.Second)), ErrTimestampTooNew},
		{"timestamp at new edge", body, signedAt(testNow.Add(DefaultTolerance)), nil},
		{"timestamp zero", body, with(func(h http.Header) { h.Set(HeaderTimestamp, "0") }), ErrTimestampTooOld},
		// The signed number with a leading zero is another spelling of the
		// timestamp, not the one that was signed.
		{"timestamp with a leading zero", body, with(func(h http.Header) { h.Set(HeaderTimestamp, "0"+h.Get(HeaderTimestamp)) }), ErrInvalidHeaders},
		{"tampered body", []byte(strings.Replace(uploadedBody, `"amount":1000`, `"amount":1`, 1)), valid(), ErrNoMatchingSignature},
		{"body with extra whitespace", append(append([]byte(nil), body...), '\n'), valid(), ErrNoMatchingSignature},
		{"different webhook-id", body, with(func(h http.Header) { h.Set(HeaderID, "evt_other") }), ErrNoMatchingSignature},
		{"timestamp changed after signing", body, with(func(h http.Header) {
			h.Set(HeaderTimestamp, strconv.FormatInt(testNow.Unix()-1, 10))
		}), ErrNoMatchingSignature},
		{"wrong secret", body, signedHeaders(t, mustSigner(t, testSecret2), id, testNow, body, ""), ErrNoMatchingSignature},
		{"only other versions", body, with(func(h http.Header) { h.Set(HeaderSignature, "v1a,"+sigOf(h)+" v2,"+sigOf(h)) }), ErrNoMatchingSignature},
		{"no comma", body, with(func(h http.Header) { h.Set(HeaderSignature, sigOf(h)) }), ErrNoMatchingSignature},
		{"truncated signature", body, with(func(h http.Header) { h.Set(HeaderSignature, h.Get(HeaderSignature)[:20]) }), ErrNoMatchingSignature},
		{"signature of another length", body, with(func(h http.Header) { h.Set(HeaderSignature, "v1,"+sigOf(h)+"AAAA") }), ErrNoMatchingSignature},
		{"valid among unknown versions and junk", body, with(func(h http.Header) {
			h.Set(HeaderSignature, "v1a,abc junk v1,bogus "+h.Get(HeaderSignature)+" v2,xyz")
		}), nil},
		{"valid in a second header line", body, with(func(h http.Header) {
			sig := h.Get(HeaderSignature)
			h.Set(HeaderSignature, "v1,bogus")
			h.Add(HeaderSignature, sig)
		}), nil},
		{"valid with extra spaces", body, with(func(h http.Header) { h.Set(HeaderSignature, "  "+h.Get(HeaderSignature)+"  ") }), nil},
		// net/http trims the spaces around a value that arrives on the wire;
		// a header built by hand keeps them, and Verify takes the id and the
		// timestamp as given: the signature covers the id as sent, and a
		// padded timestamp is another spelling of the number signed.
		{"webhook-id padded with spaces", body, with(func(h http.Header) { h.Set(HeaderID, " "+h.Get(HeaderID)+" ") }), ErrNoMatchingSignature},
		{"webhook-id padded with a tab", body, with(func(h http.Header) { h.Set(HeaderID, h.Get(HeaderID)+"\t") }), ErrNoMatchingSignature},
		{"timestamp padded with spaces", body, with(func(h http.Header) { h.Set(HeaderTimestamp, " "+h.Get(HeaderTimestamp)+" ") }), ErrInvalidHeaders},
		{"timestamp padded with a tab", body, with(func(h http.Header) { h.Set(HeaderTimestamp, "\t"+h.Get(HeaderTimestamp)) }), ErrInvalidHeaders},
		{"lower-case header map", body, func() http.Header {
			h := valid()
			return http.Header{
				"webhook-id":        {h.Get(HeaderID)},
				"webhook-timestamp": {h.Get(HeaderTimestamp)},
				"webhook-signature": {h.Get(HeaderSignature)},
			}
		}(), nil},
		{"signed but not an event", []byte(`{"hello":"world"}`),
			signedHeaders(t, signer, id, testNow, []byte(`{"hello":"world"}`), ""), ErrInvalidPayload},
		{"signed but not JSON", []byte(`not json`), signedHeaders(t, signer, id, testNow, []byte(`not json`), ""), ErrInvalidPayload},
		{"signed empty body", nil, signedHeaders(t, signer, id, testNow, nil, ""), ErrInvalidPayload},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := v.Verify(tt.body, tt.header)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("Verify error = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if e != nil {
					t.Fatalf("Verify returned an event with an error")
				}
				return
			}
			if e.ID != id || e.Type != EventStampUploaded {
				t.Fatalf("Verify event = %+v", e)
			}
		})
	}
}

// The sentinels must stay distinct, or a receiver's errors.Is switch would
// answer the wrong status.
func TestSentinelsAreDistinct(t *testing.T) {
	t.Parallel()
	all := []error{ErrMissingHeaders, ErrInvalidHeaders, ErrTimestampTooOld, ErrTimestampTooNew, ErrNoMatchingSignature, ErrInvalidPayload}
	for i, a := range all {
		for j, b := range all {
			if i != j && errors.Is(a, b) {
				t.Errorf("errors.Is(%v, %v)", a, b)
			}
		}
	}
}

func TestVerifyRotation(t *testing.T) {
	t.Parallel()
	body := []byte(deliveredBody)
	both := signedHeaders(t, mustSigner(t, testSecret, testSecret2), "evt_deliv1", testNow, body, EventOrderDelivered)
	if got := len(strings.Fields(both.Get(HeaderSignature))); got != 2 {
		t.Fatalf("rotation signer emitted %d signatures, want 2", got)
	}
	onlyNew := signedHeaders(t, mustSigner(t, testSecret2), "evt_deliv1", testNow, body, EventOrderDelivered)
	third, _ := NewSecret()

	tests := []struct {
		name    string
		secrets []string
		header  http.Header
		wantErr error
	}{
		{"old secret alone verifies a rotation message", []string{testSecret}, both, nil},
		{"new secret alone verifies a rotation message", []string{testSecret2}, both, nil},
		{"old and new verify a message signed with new only", []string{testSecret, testSecret2}, onlyNew, nil},
		{"new and old (other order) verify it too", []string{testSecret2, testSecret}, onlyNew, nil},
		{"an unrelated secret verifies neither", []string{third}, both, ErrNoMatchingSignature},
		{"three secrets, match in the last", []string{third, third, testSecret2}, onlyNew, nil},
		{"old secret alone rejects new-only message", []string{testSecret}, onlyNew, ErrNoMatchingSignature},
		// After the rotation's 24 hours the sender drops the old secret and
		// the receiver does too: a message signed by it alone (a leaked old
		// secret) no longer verifies.
		{"new secret alone rejects an old-only message", []string{testSecret2}, signedHeaders(t, mustSigner(t, testSecret), "evt_deliv1", testNow, body, EventOrderDelivered), ErrNoMatchingSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := mustVerifier(t, tt.secrets, WithClock(fixedClock))
			_, err := v.Verify(body, tt.header)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("Verify error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestVerifyTolerance(t *testing.T) {
	t.Parallel()
	signer := mustSigner(t, testSecret)
	body := []byte(uploadedBody)
	tests := []struct {
		name      string
		tolerance time.Duration
		offset    time.Duration // signing time minus now
		wantErr   error
	}{
		{"default, 4m old", 0, -4 * time.Minute, nil},
		{"default, 6m old", 0, -6 * time.Minute, ErrTimestampTooOld},
		{"default, 6m ahead", 0, 6 * time.Minute, ErrTimestampTooNew},
		{"1m, 61s old", time.Minute, -61 * time.Second, ErrTimestampTooOld},
		{"1m, 59s ahead", time.Minute, 59 * time.Second, nil},
		{"1m, 61s ahead", time.Minute, 61 * time.Second, ErrTimestampTooNew},
		{"1h, 59m old", time.Hour, -59 * time.Minute, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := []VerifyOption{WithClock(fixedClock)}
			if tt.tolerance > 0 {
				opts = append(opts, WithTolerance(tt.tolerance))
			}
			v := mustVerifier(t, []string{testSecret}, opts...)
			h := signedHeaders(t, signer, "evt_01hmd8rq3x", testNow.Add(tt.offset), body, "")
			_, err := v.Verify(body, h)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("Verify error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestNewVerifierErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		secrets []string
		opts    []VerifyOption
	}{
		{"no secrets", nil, nil},
		{"bad secret", []string{"whsec_***"}, nil},
		{"empty secret", []string{""}, nil},
		{"zero tolerance", []string{testSecret}, []VerifyOption{WithTolerance(0)}},
		{"negative tolerance", []string{testSecret}, []VerifyOption{WithTolerance(-time.Second)}},
		{"nil clock", []string{testSecret}, []VerifyOption{WithClock(nil)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if v, err := NewVerifier(tt.secrets, tt.opts...); err == nil {
				t.Fatalf("NewVerifier = %v, want error", v)
			}
		})
	}
}

func TestVerifyConvenience(t *testing.T) {
	t.Parallel()
	body := []byte(failedBody)
	now := time.Now()
	h := signedHeaders(t, mustSigner(t, testSecret), "evt_failed1", now, body, EventStampFailed)
	e, err := Verify(testSecret, body, h)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if e.Data.Error == nil || e.Data.Error.Code != "PORTAL_UNAVAILABLE" {
		t.Fatalf("event data error = %+v", e.Data.Error)
	}
	if _, err := Verify(testSecret2, body, h); !errors.Is(err, ErrNoMatchingSignature) {
		t.Fatalf("Verify with the wrong secret: %v, want ErrNoMatchingSignature", err)
	}
	if _, err := Verify("", body, h); err == nil {
		t.Fatal("Verify with an empty secret: want error")
	}
}

func TestVerifyDoesNotAliasBody(t *testing.T) {
	t.Parallel()
	body := []byte(uploadedBody)
	h := signedHeaders(t, mustSigner(t, testSecret), "evt_01hmd8rq3x", testNow, body, "")
	e, err := mustVerifier(t, []string{testSecret}, WithClock(fixedClock)).Verify(body, h)
	if err != nil {
		t.Fatal(err)
	}
	for i := range body {
		body[i] = 'x'
	}
	if string(e.Raw) != uploadedBody {
		t.Fatal("Event.Raw aliases the body passed to Verify")
	}
}

// A refused timestamp's message never reads as inside the tolerance: a
// timestamp 300.5 s old is "5m1s ago", not "5m0s ago, tolerance 5m0s".
func TestTimestampMessageRoundsUp(t *testing.T) {
	t.Parallel()
	signer := mustSigner(t, testSecret)
	body := []byte(uploadedBody)
	v := mustVerifier(t, []string{testSecret}, WithClock(func() time.Time { return testNow.Add(500 * time.Millisecond) }))
	for _, c := range []struct {
		sent time.Time
		want string
		err  error
	}{
		{testNow.Add(-5 * time.Minute), "signed 5m1s ago, tolerance 5m0s", ErrTimestampTooOld},
		{testNow.Add(5*time.Minute + time.Second), "signed 5m1s in the future, tolerance 5m0s", ErrTimestampTooNew},
	} {
		h := signedHeaders(t, signer, "evt_1", c.sent, body, EventStampUploaded)
		_, err := v.Verify(body, h)
		if !errors.Is(err, c.err) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("signed at %v: %v; want %q", c.sent, err, c.want)
		}
	}
	// A timestamp so far ahead that the offset is the longest Duration
	// does not wrap into a negative one.
	h := signedHeaders(t, signer, "evt_1", testNow, body, EventStampUploaded)
	h.Set(HeaderTimestamp, "999999999999999999")
	if _, err := v.Verify(body, h); !errors.Is(err, ErrTimestampTooNew) || strings.Contains(err.Error(), "-") {
		t.Errorf("a timestamp far ahead: %v", err)
	}
}

// A hand-made test request signed with the time in milliseconds
// (JavaScript's Date.now(), Go's UnixMilli) or microseconds was refused as
// "signed 2562047h47m16.854775807s in the future": the longest Duration,
// where the real offset is some 50,000 years, and no word of the unit. It
// is still too new (the reference libraries say so too), and the message
// now names the unit and the seconds meant; nanoseconds likewise, which
// were only "not Unix seconds".
func TestTimestampInMillisecondsIsNamed(t *testing.T) {
	t.Parallel()
	body := []byte(uploadedBody)
	key, err := DecodeSecret(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	v := mustVerifier(t, []string{testSecret}, WithClock(fixedClock))
	for _, c := range []struct {
		ts, want string
		err      error
	}{
		{strconv.FormatInt(testNow.UnixMilli(), 10), "webhook-timestamp 1705314605000 is in milliseconds; Unix seconds are wanted (1705314605)", ErrTimestampTooNew},
		{strconv.FormatInt(testNow.Add(-2*time.Minute).UnixMicro(), 10), "webhook-timestamp 1705314485000000 is in microseconds; Unix seconds are wanted (1705314485)", ErrTimestampTooNew},
		{"999999999999999999", "signed over 292 years in the future, tolerance 5m0s", ErrTimestampTooNew},
		// 19 digits are no Unix seconds at all (ErrInvalidHeaders), but say which unit they are.
		{strconv.FormatInt(testNow.UnixNano(), 10), "webhook-timestamp 1705314605000000000 is in nanoseconds; Unix seconds are wanted (1705314605)", ErrInvalidHeaders},
	} {
		// Signed over the timestamp as sent, as such a sender signs it.
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte("evt_1." + c.ts + "."))
		mac.Write(body)
		h := http.Header{}
		h.Set(HeaderID, "evt_1")
		h.Set(HeaderTimestamp, c.ts)
		h.Set(HeaderSignature, "v1,"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
		_, err := v.Verify(body, h)
		if !errors.Is(err, c.err) || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "2562047h") {
			t.Errorf("webhook-timestamp %s: %v; want %v saying %q", c.ts, err, c.err, c.want)
		}
	}
	// Unix seconds of a real time are never called milliseconds or
	// microseconds, even by a receiver whose clock stands 28 minutes after
	// the epoch (a device without a real-time clock, just booted), where
	// the genuine timestamp read as microseconds would be now.
	h := signedHeaders(t, mustSigner(t, testSecret), "evt_1", testNow, body, EventStampUploaded)
	early := mustVerifier(t, []string{testSecret}, WithClock(func() time.Time { return time.Unix(testNow.Unix()/1e6, 0) }))
	if _, err := early.Verify(body, h); !errors.Is(err, ErrTimestampTooNew) || strings.Contains(err.Error(), "seconds are wanted") {
		t.Errorf("a timestamp in seconds, at a clock 28 minutes after the epoch: %v; want too new, with no unit named", err)
	}
}
