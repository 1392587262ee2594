package webhook

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzVerifyRotation: a receiver in the middle of a secret rotation holds
// the old and the new secret. Whatever else webhook-signature holds (fuzzed
// entries, on the same line or a line of its own), Verify accepts exactly
// when it carries a genuine signature under either secret, the timestamp is
// within the tolerance either way and webhook-id is present (an absent
// webhook-id or webhook-signature is refused first); a signature
// under a secret it does not hold never lets a message in; a timestamp
// outside the tolerance is refused as too old or too new, whichever it is.
func FuzzVerifyRotation(f *testing.F) {
	const foreignSecret = "whsec_Zm9yZWlnbi1zZWNyZXQtbm90LWhlbGQtYnktdGhlLXJlY2VpdmVy"
	old, cur, foreign := mustSigner(f, testSecret), mustSigner(f, testSecret2), mustSigner(f, foreignSecret)
	v := mustVerifier(f, []string{testSecret, testSecret2}, WithClock(fixedClock))
	f.Add("evt_01hmd8rq3x", "", []byte(uploadedBody), uint8(0b0011), int16(0))
	f.Add("evt_01hmd8rq3x", "v1a,x v2,y", []byte(uploadedBody), uint8(0b0001), int16(300))
	f.Add("evt_01hmd8rq3x", "v1,AAAA", []byte(uploadedBody), uint8(0b1010), int16(-300))
	f.Add("evt_01hmd8rq3x", "", []byte(uploadedBody), uint8(0b0100), int16(0))
	f.Add("evt_01hmd8rq3x", "", []byte(uploadedBody), uint8(0b0010), int16(301))
	f.Add("evt_01hmd8rq3x", "", []byte(uploadedBody), uint8(0b1001), int16(-301))
	f.Add("", "", []byte(uploadedBody), uint8(0b0011), int16(0))
	f.Add("evt_1", " \t", []byte(`{}`), uint8(0b1000), int16(7))
	f.Add("0", "", []byte("0"), uint8(0), int16(301)) // the headers' presence is checked before the time
	f.Fuzz(func(t *testing.T, id, noise string, body []byte, which uint8, skew int16) {
		ts := testNow.Add(time.Duration(skew) * time.Second)
		var lines []string
		if noise != "" {
			lines = append(lines, noise)
		}
		var sigs []string
		for i, s := range []*Signer{old, cur, foreign} {
			if which&(1<<i) != 0 {
				sigs = append(sigs, s.Sign(id, ts, body))
			}
		}
		if which&0b1000 != 0 || len(lines) == 0 {
			lines = append(lines, sigs...) // each on a line of its own
		} else {
			lines[0] = strings.Join(append([]string{noise}, sigs...), " ")
		}
		h := http.Header{}
		h.Set(HeaderID, id)
		h.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
		h["Webhook-Signature"] = lines

		genuine := which&0b0011 != 0 || containsField(noise, old.Sign(id, ts, body)) || containsField(noise, cur.Sign(id, ts, body))
		e, err := v.Verify(body, h)
		blank := strings.TrimSpace(strings.Join(lines, "")) == ""
		switch {
		case id == "" || blank:
			if !errors.Is(err, ErrMissingHeaders) {
				t.Fatalf("no webhook-id or webhook-signature (%q): %v, want ErrMissingHeaders", lines, err)
			}
		case skew < -300 && !errors.Is(err, ErrTimestampTooOld), skew > 300 && !errors.Is(err, ErrTimestampTooNew):
			t.Fatalf("signed %ds from now: %v, want it refused as too old or too new", skew, err)
		case skew < -300 || skew > 300:
		case !genuine && err == nil:
			t.Fatalf("accepted without a signature under either secret: which %04b, header %q", which, lines)
		case !genuine && !errors.Is(err, ErrNoMatchingSignature) && !errors.Is(err, ErrMissingHeaders):
			t.Fatalf("no genuine signature: %v, want ErrNoMatchingSignature", err)
		case genuine && err != nil && !errors.Is(err, ErrInvalidPayload):
			t.Fatalf("a genuine signature (which %04b) was not found: %v (header %q)", which, err, lines)
		case genuine && err != nil:
			if _, perr := ParseEvent(body); perr == nil {
				t.Fatalf("a signed event was refused as a payload: %v", err)
			}
		case genuine && e.ID == "":
			t.Fatalf("accepted an event without an id: %+v", e)
		}
	})
}
