package webhook

import (
	"bytes"
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"
)

// FuzzDecodeSecret: a secret is read from an environment variable or a
// file, so anything may arrive. DecodeSecret gives back exactly the key of
// a secret written as "whsec_" + standard base64 (with surrounding
// whitespace, with or without the prefix), and otherwise one of its fixed
// errors (decodeSecretErrors): never a panic, an empty key, or the secret
// in the message (errors end up in logs).
func FuzzDecodeSecret(f *testing.F) {
	for _, s := range []string{"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", " whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n",
		"whsec_", "whsec_whsec_AAAA", "whsec_AAA", "whsec_AA==", "whsec_AA=", "whsec_-_-_", "whsec_\xff", "\ufeffwhsec_AAAA", "whsec_AAAA\x00",
		"whsec_ＡＡＡＡ", "WHSEC_AAAA", "whsec_A A A A", "\t\r\n", "esk_AAAA", " whsec_esk_AAAA",
		// What the walk-throughs show beside a secret (misgivenSecret).
		"whsec_...", "whsec_AAAA…", "we_01hmd8rq3x", "whsec_ls_01hmd8rq3x", `"whsec_AAAA"`, "'AAAA'", `whsec_AAAA"`} {
		f.Add(s, []byte("key"))
	}
	f.Fuzz(func(t *testing.T, secret string, key []byte) {
		got, err := DecodeSecret(secret)
		if err != nil {
			if msg := err.Error(); !errors.Is(err, ErrInvalidSecret) || !slices.Contains(decodeSecretErrors, msg) {
				t.Fatalf("DecodeSecret(%q): unexpected error %q", secret, msg)
			}
		} else if len(got) == 0 {
			t.Fatalf("DecodeSecret(%q) = an empty key", secret)
		} else if again, err := DecodeSecret(SecretPrefix + base64.StdEncoding.EncodeToString(got)); err != nil || !bytes.Equal(again, got) {
			t.Fatalf("DecodeSecret(%q) = %x, which does not round-trip: %x, %v", secret, got, again, err)
		}
		if len(key) == 0 {
			return
		}
		encoded := base64.StdEncoding.EncodeToString(key)
		for _, s := range []string{SecretPrefix + encoded, encoded, " \t" + SecretPrefix + encoded + "\r\n"} {
			if k, err := DecodeSecret(s); err != nil || !bytes.Equal(k, key) {
				t.Fatalf("DecodeSecret(%q) = %x, %v; want %x", s, k, err, key)
			}
		}
		if _, err := DecodeSecret(strings.TrimRight(SecretPrefix+encoded, "=") + "!"); err == nil {
			t.Fatalf("DecodeSecret accepted %q", SecretPrefix+encoded+"!")
		}
	})
}

// decodeSecretErrors are every message DecodeSecret gives: fixed texts,
// none of which can quote the secret it refuses.
var decodeSecretErrors = []string{
	"webhook: empty secret",
	"webhook: secret is not valid base64 (expected " + SecretPrefix + "<standard base64>)",
	errAPIKeyAsSecret,
	misgivenSecret("we_"),
	misgivenSecret("ls_"),
	misgivenSecret("…"),
	misgivenSecret(`"`),
}
