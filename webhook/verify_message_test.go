package webhook

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

// TestVerifyErrorsSayWhatIsWrong: a receiver's log is all a developer has
// when a webhook is refused, and "missing required headers" or "no matching
// signature found" alone said neither which header a proxy had dropped nor
// what to look at when the secret was the wrong one (the endpoint's where
// the listen session's was meant, or the other way round). The errors still
// wrap their sentinels.
func TestVerifyErrorsSayWhatIsWrong(t *testing.T) {
	t.Parallel()
	signer := mustSigner(t, testSecret)
	v := mustVerifier(t, []string{testSecret}, WithClock(fixedClock))
	v2 := mustVerifier(t, []string{testSecret2, testSecret2}, WithClock(fixedClock))
	body := []byte(uploadedBody)
	const id = "evt_01hmd8rq3x"
	valid := func() http.Header { return signedHeaders(t, signer, id, testNow, body, EventStampUploaded) }
	with := func(mod func(http.Header)) http.Header { h := valid(); mod(h); return h }

	cases := []struct {
		name     string
		v        *Verifier
		header   http.Header
		sentinel error
		want     []string
		notWant  []string
	}{
		{"no webhook-signature", v, with(func(h http.Header) { h.Del(HeaderSignature) }), ErrMissingHeaders,
			[]string{"missing required headers: webhook-signature"}, []string{"webhook-id", "webhook-timestamp"}},
		{"blank webhook-signature", v, with(func(h http.Header) { h.Set(HeaderSignature, "  ") }), ErrMissingHeaders,
			[]string{": webhook-signature"}, []string{"webhook-id"}},
		{"no webhook-id", v, with(func(h http.Header) { h.Del(HeaderID) }), ErrMissingHeaders,
			[]string{": webhook-id"}, []string{"webhook-timestamp", "webhook-signature"}},
		{"none of them", v, http.Header{}, ErrMissingHeaders,
			[]string{": webhook-id, webhook-timestamp, webhook-signature"}, nil},
		{"another secret", v2, valid(), ErrNoMatchingSignature,
			[]string{"1 v1 signature checked against 2 secrets", "signed with another secret", "listen session", "raw bytes"}, nil},
		{"a rotation's two signatures, neither ours", v2, signedHeaders(t, mustSigner(t, testSecret, testSecret), id, testNow, body, EventStampUploaded), ErrNoMatchingSignature,
			[]string{"2 v1 signatures checked against 2 secrets"}, nil},
		{"a signature of the wrong length", v, with(func(h http.Header) { h.Set(HeaderSignature, "v1,abc") }), ErrNoMatchingSignature,
			[]string{"no v1 signature in webhook-signature is 44 base64 characters long"}, []string{"secret"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.v.Verify(body, tc.header)
			if !errors.Is(err, tc.sentinel) {
				t.Fatalf("err = %v, want it to wrap %v", err, tc.sentinel)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %q, want it to say %q", err, w)
				}
			}
			for _, nw := range tc.notWant {
				if strings.Contains(err.Error(), nw) {
					t.Errorf("err = %q names %q, which is there", err, nw)
				}
			}
		})
	}
}

// TestAPIKeyGivenAsSecret: README's walk-through exports ESAHAYAK_API_KEY
// (esk_…) beside the receiver's ESAHAYAK_WEBHOOK_SECRET (whsec_…), and an
// API key given as the secret was refused only as "not valid base64". The
// error now says what it is and where the secret comes from, without
// echoing the key.
func TestAPIKeyGivenAsSecret(t *testing.T) {
	t.Parallel()
	const apiKey = "esk_osMR0QsH3DhxismaivKefK10QiG3jYDdYp30T36Ydeo"
	_, err := NewVerifier([]string{apiKey})
	if !errors.Is(err, ErrInvalidSecret) {
		t.Fatalf("err = %v, want ErrInvalidSecret", err)
	}
	for _, w := range []string{"secret #1", "API key (esk_…), not a webhook signing secret (whsec_…)", "GET /v1/webhook_endpoints/{id}/secret", "esahayak listen"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("err = %q, want it to say %q", err, w)
		}
	}
	if strings.Contains(err.Error(), apiKey[4:]) {
		t.Errorf("err = %q echoes the key", err)
	}
}

// TestQuotedSecret: a secret kept in its quotes, as an env file read by
// docker run --env-file (or a YAML value quoted twice) hands it over
// ("whsec_…" with the quotes in the value), was refused as "not valid
// base64", though every character the reader sees in the file is right.
func TestQuotedSecret(t *testing.T) {
	t.Parallel()
	for _, secret := range []string{`"` + testSecret + `"`, `'` + testSecret + `'`, `"` + testSecret, testSecret + `"`, ` "` + testSecret + "\"\n"} {
		_, err := NewVerifier([]string{testSecret2, secret})
		if !errors.Is(err, ErrInvalidSecret) {
			t.Fatalf("%q: err = %v, want ErrInvalidSecret", secret, err)
		}
		for _, w := range []string{"secret #2", "in quotes", "without them", "--env-file"} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: err = %q, want it to say %q", secret, err, w)
			}
		}
		if strings.Contains(err.Error(), strings.TrimPrefix(testSecret, SecretPrefix)) {
			t.Errorf("%q: err = %q quotes the secret", secret, err)
		}
	}
}

// TestIDOrExampleGivenAsSecret: what the walk-throughs show beside a
// secret, given in its place, is named for what it is: an endpoint's id
// (the create answer holds "id" and "secret"), a listen session's id
// (listen prints both on one line), and the README's own whsec_… copied
// as written (ESAHAYAK_WEBHOOK_SECRET=whsec_… go run ./examples/receiver).
// Each was refused only as "not valid base64". A secret that is merely not
// base64 keeps that message.
func TestIDOrExampleGivenAsSecret(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ secret, want, where string }{
		{"we_01m92e5xxe27d80ydv4v9nmrjg", "webhook endpoint's id (we_…), not its signing secret (whsec_…)", "GET /v1/webhook_endpoints/{id}/secret"},
		{"ls_01m92e6vsv4t4h6ww52r9dmg8r", "listen session's id (ls_…), not its signing secret (whsec_…)", "esahayak listen prints"},
		{"whsec_…", "cut short with an ellipsis", "GET /v1/webhook_endpoints/{id}/secret"},
		{"whsec_WToq…", "cut short with an ellipsis", "esahayak listen"},
		{"whsec_...", "cut short with an ellipsis", "esahayak listen"},
		{"whsec_not*base64", "not valid base64", "whsec_<standard base64>"},
	} {
		_, err := NewVerifier([]string{c.secret})
		if !errors.Is(err, ErrInvalidSecret) {
			t.Fatalf("%q: err = %v, want ErrInvalidSecret", c.secret, err)
		}
		for _, w := range []string{"secret #1", c.want, c.where} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: err = %q, want it to say %q", c.secret, err, w)
			}
		}
	}
}
