package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// FuzzHandler sends arbitrary requests through Handler.ServeHTTP, the
// package's entry point for outside input (method, headers in either
// spelling, several webhook-signature lines, body), as a receiver mounts
// it. It must never panic and must answer every request with one of its
// documented statuses and a JSON body; it answers 200 and runs the
// registered function only when Verify accepts the request, and runs it at
// most once per event id; a refusal is 400 for a malformed request and 401
// for one not authentic or not fresh, as the sentinels' documentation
// splits Verify's errors; and Retry-After comes only with 409 and 503.
func FuzzHandler(f *testing.F) {
	signer := mustSigner(f, testSecret)
	ts := strconv.FormatInt(testNow.Unix(), 10)
	good := signer.Sign("evt_01hmd8rq3x", testNow, []byte(uploadedBody))
	f.Add("POST", "evt_01hmd8rq3x", ts, good, "", []byte(uploadedBody), false, false)
	f.Add("POST", "evt_01hmd8rq3x", ts, good, "", []byte(uploadedBody), true, true)
	f.Add("POST", "evt_1", ts, "v1,AAAA", "v1,"+good[3:], []byte(`{}`), true, false)
	f.Add("POST", "evt_1", ts, "", "", []byte(`{"id":"evt_1"}`), false, true) // signed, not an event
	f.Add("GET", "", "", "", "", []byte(nil), false, false)
	f.Add("POST", "evt_1", "01705314605", "v1,", "", []byte(`null`), false, true)
	f.Add("POST", "evt_1", ts, "", " ", bytes.Repeat([]byte("x"), 5000), true, false)
	f.Add("PUT", "evt_1", "-1", "v2,x v1 ,", "", []byte(`[1,2`), false, false)

	v := mustVerifier(f, []string{testSecret}, WithClock(fixedClock))
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	f.Fuzz(func(t *testing.T, method, id, timestamp, sig, sig2 string, body []byte, lower, appendValid bool) {
		if !validMethod(method) {
			return // net/http never hands a handler such a request
		}
		calls := map[string]int{}
		h := NewHandler(v, WithLogger(quiet), WithMaxBodyBytes(4096))
		defer func() {
			if err := h.Shutdown(context.Background()); err != nil {
				t.Fatal(err)
			}
		}()
		for _, typ := range EventTypes {
			h.On(typ, func(_ context.Context, e *Event) error { calls[e.ID]++; return nil })
		}
		hdr := http.Header{}
		set := func(name, canonical, value string) {
			if lower {
				hdr[name] = append(hdr[name], value) // a header map built by hand
			} else {
				hdr[canonical] = append(hdr[canonical], value)
			}
		}
		set(HeaderID, "Webhook-Id", id)
		set(HeaderTimestamp, "Webhook-Timestamp", timestamp)
		set(HeaderSignature, "Webhook-Signature", sig)
		if sig2 != "" {
			set(HeaderSignature, "Webhook-Signature", sig2)
		}
		if appendValid {
			set(HeaderSignature, "Webhook-Signature", signer.Sign(id, testNow, body))
		}

		_, verifyErr := v.Verify(body, hdr)
		for range 2 { // the second is a redelivery: never handled twice
			req := httptest.NewRequest(http.MethodPost, "/webhooks/esahayak", bytes.NewReader(body))
			req.Method = method
			req.Header = hdr.Clone()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)

			var answer map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil {
				t.Fatalf("%d answer is not JSON: %q", rec.Code, rec.Body.Bytes())
			}
			if ra := rec.Header().Get("Retry-After"); ra != "" && rec.Code != http.StatusConflict && rec.Code != http.StatusServiceUnavailable {
				t.Fatalf("Retry-After %q on a %d", ra, rec.Code)
			}
			switch {
			case method != http.MethodPost:
				if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != http.MethodPost {
					t.Fatalf("%s answered %d (Allow %q), want 405", method, rec.Code, rec.Header().Get("Allow"))
				}
			case int64(len(body)) > 4096:
				if rec.Code == http.StatusOK {
					t.Fatalf("a %d-byte body past the 4096-byte limit was accepted", len(body))
				}
			case verifyErr != nil:
				// As the sentinels' documentation splits them: malformed
				// is 400, not authentic or not fresh is 401.
				want := http.StatusUnauthorized
				if errors.Is(verifyErr, ErrMissingHeaders) || errors.Is(verifyErr, ErrInvalidHeaders) || errors.Is(verifyErr, ErrInvalidPayload) {
					want = http.StatusBadRequest
				}
				if rec.Code != want {
					t.Fatalf("Verify says %v, the handler answered %d %s, want %d", verifyErr, rec.Code, rec.Body.Bytes(), want)
				}
			default:
				if rec.Code != http.StatusOK || answer["received"] != true {
					t.Fatalf("a request Verify accepts was answered %d %s", rec.Code, rec.Body.Bytes())
				}
			}
			if rec.Code != http.StatusOK && answer["error"] == nil {
				t.Fatalf("refusal %d without an error: %s", rec.Code, rec.Body.Bytes())
			}
		}
		for eventID, n := range calls {
			if n > 1 {
				t.Fatalf("event %q handled %d times", eventID, n)
			}
			if verifyErr != nil || method != http.MethodPost {
				t.Fatalf("event %q handled though the request does not verify (%v)", eventID, verifyErr)
			}
		}
	})
}

// validMethod reports whether m is an HTTP token, as net/http requires of
// the method of a request it serves.
func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for i := 0; i < len(m); i++ {
		c := m[i]
		if c <= ' ' || c >= 0x7f || bytes.IndexByte([]byte(`"(),/:;<=>?@[\]{}`), c) >= 0 {
			return false
		}
	}
	return true
}
