package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// FuzzVerify feeds arbitrary headers and bodies to Verify. It must never
// panic, must fail with one of the sentinels, and must accept exactly when
// the signature is ours, whatever else the header holds; what it accepts,
// the Standard Webhooks reference library accepts too.
func FuzzVerify(f *testing.F) {
	signer := mustSigner(f, testSecret)
	v := mustVerifier(f, []string{testSecret}, WithClock(fixedClock))
	ts := strconv.FormatInt(testNow.Unix(), 10)
	f.Add("evt_01hmd8rq3x", ts, signer.Sign("evt_01hmd8rq3x", testNow, []byte(uploadedBody)), []byte(uploadedBody), false)
	f.Add("evt_1", ts, "v1,AAAA v1a,BBBB", []byte(`{}`), true)
	f.Add("", "", "", []byte(nil), false)
	f.Add("evt_1", "99999999999999999999999", "v1,", []byte(`null`), true)
	f.Add("evt_1", "-1", "v2,x v1 ,", []byte(`[1,2`), true)
	f.Add("evt_1", ts, ",,, v1,,,", []byte(`{"id":"evt_1","type":"t","created_at":"2024-01-15T10:30:00Z","data":{}}`), true)

	reference, err := standardwebhooks.NewWebhook(testSecret)
	if err != nil {
		f.Fatal(err)
	}
	sentinels := []error{ErrMissingHeaders, ErrInvalidHeaders, ErrTimestampTooOld, ErrTimestampTooNew, ErrNoMatchingSignature, ErrInvalidPayload}
	f.Fuzz(func(t *testing.T, id, timestamp, sig string, body []byte, appendValid bool) {
		h := http.Header{}
		h.Set(HeaderID, id)
		h.Set(HeaderTimestamp, timestamp)
		h.Set(HeaderSignature, sig)
		parsed, tsOK := parseUnixSeconds(timestamp)
		if appendValid && tsOK {
			// Splice a genuine signature among the fuzzed entries: it must
			// still be found.
			h.Set(HeaderSignature, sig+" "+signer.Sign(id, testNow, body))
			h.Set(HeaderTimestamp, ts)
			parsed = testNow.Unix()
		}
		e, err := v.Verify(body, h)
		if err != nil {
			if e != nil {
				t.Fatal("event returned with an error")
			}
			matched := false
			for _, s := range sentinels {
				matched = matched || errors.Is(err, s)
			}
			if !matched {
				t.Fatalf("error %v wraps no sentinel", err)
			}
			if appendValid && tsOK && id != "" && (errors.Is(err, ErrNoMatchingSignature) || errors.Is(err, ErrMissingHeaders)) {
				t.Fatalf("a genuine signature was not found: %v (header %q)", err, h.Get(HeaderSignature))
			}
			return
		}
		// Accepted: it must really carry our signature for these bytes.
		if want := signer.Sign(id, testNow, body); parsed != testNow.Unix() || !containsField(h.Get(HeaderSignature), want) {
			t.Fatalf("accepted without a genuine signature: id %q ts %q sig %q", id, h.Get(HeaderTimestamp), h.Get(HeaderSignature))
		}
		if e.ID == "" || e.Type == "" {
			t.Fatalf("accepted an invalid event: %+v", e)
		}
		// Verify is stricter than the Standard Webhooks reference library
		// but for the leniencies its documentation lists: what it accepts,
		// the reference accepts too (the timestamp aside: the reference
		// reads the real clock), unless entries are separated by
		// whitespace other than the spaces the reference splits on.
		if !strings.ContainsAny(h.Get(HeaderSignature), "\t\n\v\f\r") {
			if err := reference.VerifyIgnoringTimestamp(body, h); err != nil {
				t.Fatalf("accepted what the reference library refuses (%v): id %q ts %q sig %q", err, id, h.Get(HeaderTimestamp), h.Get(HeaderSignature))
			}
		}
	})
}

func containsField(s, field string) bool {
	for i := 0; i+len(field) <= len(s); i++ {
		if s[i:i+len(field)] == field &&
			(i == 0 || isSpace(s[i-1])) && (i+len(field) == len(s) || isSpace(s[i+len(field)])) {
			return true
		}
	}
	return false
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// FuzzParseEvent: ParseEvent must never panic, and it accepts exactly the
// bodies the guide's isValidWebhookPayload and its documented types
// accept, read as JavaScript reads them (each key exactly as written, the
// last of a repeated one): a JSON object whose "id" and "type" are
// non-empty strings, whose "created_at" is an RFC 3339 time and whose
// "data" is an object, with a boolean "test" if any; and the event holds
// those values.
func FuzzParseEvent(f *testing.F) {
	for _, b := range []string{uploadedBody, failedBody, deliveredBody, cancelledBody,
		``, `{}`, `null`, `[]`, `{"id":"x","type":"y","created_at":"2024-01-15T10:30:00Z","data":{}}`,
		`{"id":"x","type":"y","created_at":"2024-01-15T10:30:00Z","data":{"order":null,"error":null}}`,
		`{"id":"x","type":"y","created_at":"0000-01-01T00:00:00Z","data":{"stamp_request":{"amount":1e3}}}`,
		`{"id":"x","type":"y","created_at":"2024-01-15T10:30:00Z","data":{},"test":true}`,
	} {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		e, err := ParseEvent(body)
		want, ref := referenceEvent(body)
		if err != nil {
			if !errors.Is(err, ErrInvalidPayload) || e != nil {
				t.Fatalf("ParseEvent = %v, %v", e, err)
			}
			if want {
				t.Fatalf("ParseEvent(%q) refused a valid event (%+v): %v", body, ref, err)
			}
			return
		}
		if !want {
			t.Fatalf("ParseEvent(%q) accepted an invalid event as %+v", body, e)
		}
		if e.ID != ref.ID || e.Type != ref.Type || !e.CreatedAt.Equal(ref.CreatedAt) || e.Test != ref.Test || string(e.Raw) != string(body) {
			t.Fatalf("ParseEvent(%q) = %+v; the body says %+v", body, e, ref)
		}
	})
}

// referenceEvent is the guide's check, written plainly over the body's
// keys as written.
func referenceEvent(body []byte) (bool, Event) {
	var m map[string]json.RawMessage
	var e Event
	if json.Unmarshal(body, &m) != nil || m == nil {
		return false, e
	}
	for k, v := range m {
		if string(v) == "null" {
			delete(m, k) // as if absent: JavaScript's null is falsy
		}
	}
	var created *time.Time
	if json.Unmarshal(m["id"], &e.ID) != nil || json.Unmarshal(m["type"], &e.Type) != nil || json.Unmarshal(m["created_at"], &created) != nil {
		return false, e
	}
	if test, ok := m["test"]; ok && json.Unmarshal(test, &e.Test) != nil {
		return false, e
	}
	data := bytes.TrimSpace(m["data"])
	if e.ID == "" || e.Type == "" || created == nil || len(data) == 0 || data[0] != '{' || json.Unmarshal(data, &e.Data) != nil {
		return false, e
	}
	e.CreatedAt = *created
	return true, e
}
