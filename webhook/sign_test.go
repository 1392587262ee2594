package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// referenceSign is the Standard Webhooks algorithm written out as plainly as
// possible, to check the pooled implementation against.
func referenceSign(secret, id string, ts time.Time, body []byte) string {
	key, err := DecodeSecret(secret)
	if err != nil {
		panic(err)
	}
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "%s.%d.%s", id, ts.Unix(), body)
	return "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func TestSignKnownVector(t *testing.T) {
	t.Parallel()
	// Vector from the Standard Webhooks reference test suites.
	s := mustSigner(t, testSecret)
	got := s.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`))
	const want = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
	if got != want {
		t.Fatalf("Sign = %q, want %q", got, want)
	}
}

func TestSignMatchesReferenceAlgorithm(t *testing.T) {
	t.Parallel()
	s := mustSigner(t, testSecret)
	for _, body := range []string{"", "{}", uploadedBody, strings.Repeat("x", 10000)} {
		for _, id := range []string{"evt_1", "", strings.Repeat("i", 5000)} {
			got := s.Sign(id, testNow, []byte(body))
			want := referenceSign(testSecret, id, testNow, []byte(body))
			if got != want {
				t.Fatalf("Sign(id len %d, body len %d) = %q, want %q", len(id), len(body), got, want)
			}
		}
	}
}

func TestSignRotationEmitsOneSignaturePerSecret(t *testing.T) {
	t.Parallel()
	s := mustSigner(t, testSecret, testSecret2)
	got := s.Sign("evt_1", testNow, []byte(uploadedBody))
	want := referenceSign(testSecret, "evt_1", testNow, []byte(uploadedBody)) + " " +
		referenceSign(testSecret2, "evt_1", testNow, []byte(uploadedBody))
	if got != want {
		t.Fatalf("Sign = %q\nwant   %q", got, want)
	}
}

func TestAppendSignAppends(t *testing.T) {
	t.Parallel()
	s := mustSigner(t, testSecret)
	dst := []byte("webhook-signature: ")
	got := s.AppendSign(dst, "evt_1", testNow, []byte("{}"))
	if want := "webhook-signature: " + s.Sign("evt_1", testNow, []byte("{}")); string(got) != want {
		t.Fatalf("AppendSign = %q, want %q", got, want)
	}
}

func TestAppendSignDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under the race detector")
	}
	s := mustSigner(t, testSecret, testSecret2)
	body := []byte(uploadedBody)
	dst := make([]byte, 0, 256)
	s.AppendSign(dst, "evt_1", testNow, body) // warm the pool
	allocs := testing.AllocsPerRun(100, func() {
		dst = s.AppendSign(dst[:0], "evt_01hmd8rq3x", testNow, body)
	})
	if allocs > 0 {
		t.Fatalf("AppendSign allocates %.1f times per call, want 0", allocs)
	}
}

func TestSignerConcurrentUse(t *testing.T) {
	t.Parallel()
	s := mustSigner(t, testSecret, testSecret2)
	want := s.Sign("evt_1", testNow, []byte(uploadedBody))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				if got := s.Sign("evt_1", testNow, []byte(uploadedBody)); got != want {
					t.Errorf("concurrent Sign = %q, want %q", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestSecretErrorsSayWebhookOnce: the README's receiver, started without
// ESAHAYAK_WEBHOOK_SECRET, passes [""] and printed "webhook: secret #1:
// webhook: empty secret".
func TestSecretErrorsSayWebhookOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		secrets []string
		want    string
	}{
		{[]string{""}, "webhook: secret #1: empty secret"},
		{[]string{testSecret, "whsec_%%%"}, "webhook: secret #2: secret is not valid base64 (expected " + SecretPrefix + "<standard base64>)"},
	}
	for _, tt := range tests {
		if _, err := NewVerifier(tt.secrets); err == nil || err.Error() != tt.want {
			t.Errorf("NewVerifier(%d secrets) error = %v, want %q", len(tt.secrets), err, tt.want)
		}
		if _, err := NewSigner(tt.secrets...); err == nil || err.Error() != tt.want {
			t.Errorf("NewSigner(%d secrets) error = %v, want %q", len(tt.secrets), err, tt.want)
		}
	}
}

// TestSecretErrorsAreErrInvalidSecret: a receiver tells a wrong secret in
// its configuration from a bad request with errors.Is, as it does the
// request's errors.
func TestSecretErrorsAreErrInvalidSecret(t *testing.T) {
	t.Parallel()
	for _, secrets := range [][]string{nil, {""}, {"  "}, {"whsec_"}, {"whsec_%%%"}, {testSecret, "not base64!"}} {
		if _, err := NewVerifier(secrets); !errors.Is(err, ErrInvalidSecret) {
			t.Errorf("NewVerifier(%q) error = %v, want one that is ErrInvalidSecret", secrets, err)
		}
		if _, err := NewSigner(secrets...); !errors.Is(err, ErrInvalidSecret) {
			t.Errorf("NewSigner(%q) error = %v, want one that is ErrInvalidSecret", secrets, err)
		}
	}
	if _, err := DecodeSecret("whsec_%%%"); !errors.Is(err, ErrInvalidSecret) || errors.Is(err, ErrInvalidPayload) {
		t.Errorf("DecodeSecret error = %v, want ErrInvalidSecret alone", err)
	}
	if _, err := NewVerifier([]string{testSecret}); err != nil {
		t.Fatal(err)
	}
}

func TestNewSignerErrors(t *testing.T) {
	t.Parallel()
	if _, err := NewSigner(); err == nil {
		t.Error("NewSigner() with no secrets: want error")
	}
	if _, err := NewSigner(testSecret, "whsec_%%%"); err == nil || !strings.Contains(err.Error(), "#2") {
		t.Errorf("NewSigner with a bad second secret: err = %v, want one naming secret #2", err)
	}
}
