package webhook

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// FuzzVerifyTakesWhatTheReferenceSigns is FuzzVerify's other direction: a
// message signed by the Standard Webhooks reference library, its
// "v1,<sig>" entry put anywhere among fuzzed entries of webhook-signature,
// verifies (before its body is read as an event) whenever the reference
// verifies it, but for the inputs Verify's documentation says it refuses
// where the reference does not: a timestamp that is not plain digits of
// at most 18, and an entry that is not exactly "v1,<44 base64
// characters>". A signature the reference refuses is never accepted
// either, unless webhook-signature separates entries with whitespace
// other than spaces (Verify's documented leniency). Nothing panics, and
// every refusal wraps a sentinel.
func FuzzVerifyTakesWhatTheReferenceSigns(f *testing.F) {
	ref, err := standardwebhooks.NewWebhook(testSecret)
	if err != nil {
		f.Fatal(err)
	}
	ts := strconv.FormatInt(testNow.Unix(), 10)
	f.Add("evt_01hmd8rq3x", ts, "", []byte(uploadedBody), uint16(0))
	f.Add("evt_01hmd8rq3x", ts, "v1a,x v2,y v1,AAAA", []byte(""), uint16(7))
	f.Add("evt_1", "01700000000", "v1,", []byte("\xff\xfe"), uint16(3))
	f.Add("evt_1", "+1700000000", ",,", []byte("{}"), uint16(1))
	f.Add("evt.1.2", "1700000000", "\tv1,", []byte(strings.Repeat("क", 500)), uint16(2))
	f.Add("evt_1", "1", "v1,AAAA,", []byte("x"), uint16(5))
	f.Add("evt_1", ts, "v2,x", []byte(uploadedBody), uint16(0xffff)) // body changed after signing
	f.Fuzz(func(t *testing.T, id, timestamp, noise string, body []byte, at uint16) {
		parsed, err := strconv.ParseInt(timestamp, 10, 64)
		if err != nil {
			return // the reference cannot sign it: nothing to compare
		}
		sent := time.Unix(parsed, 0)
		sig, err := ref.Sign(id, sent, body)
		if err != nil {
			t.Fatal(err)
		}
		// Put the reference's entry at a byte offset of noise, with
		// a space on each side.
		i := int(at) % (len(noise) + 1)
		header := noise[:i] + " " + sig + " " + noise[i:]
		h := http.Header{}
		h.Set(HeaderID, id)
		h.Set(HeaderTimestamp, timestamp)
		h.Set(HeaderSignature, header)
		if at == 0xffff && len(body) > 0 {
			// The body changed after it was signed: both refuse it.
			body = append(body[:len(body):len(body)], ' ')
		}
		refErr := ref.VerifyIgnoringTimestamp(body, h)

		v := mustVerifier(t, []string{testSecret}, WithClock(func() time.Time { return sent }))
		err = v.verify(body, h)
		if err != nil {
			matched := false
			for _, s := range []error{ErrMissingHeaders, ErrInvalidHeaders, ErrTimestampTooOld, ErrTimestampTooNew, ErrNoMatchingSignature} {
				matched = matched || errors.Is(err, s)
			}
			if !matched {
				t.Fatalf("error %v wraps no sentinel", err)
			}
		}
		_, plain := parseUnixSeconds(timestamp)
		switch {
		case refErr == nil && id != "" && plain && err != nil:
			t.Fatalf("the reference verifies what Verify refuses (%v): id %q ts %q sig %q", err, id, timestamp, header)
		case refErr != nil && err == nil && !strings.ContainsAny(header, "\t\n\v\f\r"):
			t.Fatalf("Verify accepts what the reference refuses (%v): id %q ts %q sig %q", refErr, id, timestamp, header)
		case err == nil && !plain:
			t.Fatalf("Verify accepts a timestamp that is not plain digits: %q", timestamp)
		}
	})
}
