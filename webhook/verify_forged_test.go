package webhook

import (
	"errors"
	"testing"
)

// TestVerifyRefusesEverySignatureOneCharacterOff changes each character of
// a valid signature in turn, to every other base64 character: each must be
// refused. A compare of fewer than all 44 (the last two carry the HMAC's
// final bits and the padding) accepted signatures that are not the HMAC.
func TestVerifyRefusesEverySignatureOneCharacterOff(t *testing.T) {
	t.Parallel()
	signer := mustSigner(t, testSecret)
	v := mustVerifier(t, []string{testSecret}, WithClock(fixedClock))
	body := []byte(uploadedBody)
	const id = "evt_01hmd8rq3x"
	h := signedHeaders(t, signer, id, testNow, body, EventStampUploaded)
	if _, err := v.Verify(body, h); err != nil {
		t.Fatalf("valid request: %v", err)
	}
	sig := h.Get(HeaderSignature)[len("v1,"):]
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
	for i := range len(sig) {
		for _, c := range []byte(alphabet) {
			if c == sig[i] {
				continue
			}
			forged := []byte(sig)
			forged[i] = c
			hf := h.Clone()
			hf.Set(HeaderSignature, "v1,"+string(forged))
			if _, err := v.Verify(body, hf); !errors.Is(err, ErrNoMatchingSignature) {
				t.Fatalf("signature with character %d changed from %q to %q: err = %v, want ErrNoMatchingSignature", i, sig[i], c, err)
			}
		}
	}
}

// TestVerifyReadsBothSpellingsOfTheSignatureHeader: a header map built by
// hand may hold webhook-signature under both its canonical and its
// lower-case key; Verify reads the entries of both (the doc comment's "reads
// every webhook-signature header line"), so a valid signature under either
// verifies whatever the other holds.
func TestVerifyReadsBothSpellingsOfTheSignatureHeader(t *testing.T) {
	t.Parallel()
	signer := mustSigner(t, testSecret)
	other := mustSigner(t, testSecret2)
	v := mustVerifier(t, []string{testSecret}, WithClock(fixedClock))
	body := []byte(uploadedBody)
	const id = "evt_01hmd8rq3x"
	good := signer.Sign(id, testNow, body)
	bad := other.Sign(id, testNow, body)
	for _, tc := range []struct{ name, canonical, lower string }{
		{"valid under the canonical key", good, bad},
		{"valid under the lower-case key", bad, good},
	} {
		h := signedHeaders(t, signer, id, testNow, body, EventStampUploaded)
		h.Del(HeaderSignature)
		h["Webhook-Signature"] = []string{tc.canonical}
		h["webhook-signature"] = []string{tc.lower}
		if _, err := v.Verify(body, h); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	h := signedHeaders(t, signer, id, testNow, body, EventStampUploaded)
	h["Webhook-Signature"] = []string{bad}
	h["webhook-signature"] = []string{bad}
	if _, err := v.Verify(body, h); !errors.Is(err, ErrNoMatchingSignature) {
		t.Errorf("neither valid: err = %v, want ErrNoMatchingSignature", err)
	}
}
