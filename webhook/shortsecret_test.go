package webhook

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"testing"
)

// TestVerifierRefusesShortSecret: a receiver given a secret cut short when
// it was copied (an eSahayak secret is whsec_ and 44 characters; cut at a
// multiple of four it is still base64) started, and then answered every
// delivery 401, "no matching signature found", with nothing to say the
// secret itself could never match. A secret of fewer than 24 bytes, the
// least Standard Webhooks allows and less than any sender's, is now refused
// by NewVerifier, naming which secret and how long it is, never quoting it.
// The Standard Webhooks test vector (24 bytes) and a whole secret verify
// as before.
func TestVerifierRefusesShortSecret(t *testing.T) {
	t.Parallel()
	whole, err := NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	for _, ok := range [][]string{{whole}, {testSecret}, {whole, testSecret}} {
		if _, err := NewVerifier(ok); err != nil {
			t.Fatalf("NewVerifier(%d secrets) = %v, want it accepted", len(ok), err)
		}
	}
	for _, c := range []struct {
		secrets []string
		n       int // which secret is refused
		bytes   int
	}{
		{[]string{whole[:len(SecretPrefix)+28]}, 1, 21}, // cut after 28 of its 44 characters
		{[]string{whole[:len(SecretPrefix)+8]}, 1, 6},
		{[]string{whole, "whsec_AA=="}, 2, 1},
		{[]string{"whsec_" + base64.StdEncoding.EncodeToString(make([]byte, 23))}, 1, 23},
	} {
		_, err := NewVerifier(c.secrets)
		if !errors.Is(err, ErrInvalidSecret) {
			t.Fatalf("NewVerifier(a secret of %d bytes) = %v, want ErrInvalidSecret", c.bytes, err)
		}
		msg := err.Error()
		for _, w := range []string{"secret #" + strconv.Itoa(c.n), "is " + strconv.Itoa(c.bytes) + " byte", "at least 24", "cut short"} {
			if !strings.Contains(msg, w) {
				t.Errorf("secret of %d bytes: err = %q, want it to say %q", c.bytes, msg, w)
			}
		}
		if s := strings.TrimPrefix(c.secrets[c.n-1], SecretPrefix); strings.Contains(msg, s) {
			t.Errorf("err = %q quotes the secret", msg)
		}
	}
}
