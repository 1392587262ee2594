package webhook

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestNewSecret(t *testing.T) {
	t.Parallel()
	a, err := NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatal("two secrets are equal")
	}
	if !strings.HasPrefix(a, SecretPrefix) {
		t.Fatalf("secret %q lacks prefix", a)
	}
	key, err := DecodeSecret(a)
	if err != nil {
		t.Fatalf("DecodeSecret(NewSecret()): %v", err)
	}
	if len(key) != 32 {
		t.Fatalf("key is %d bytes, want 32", len(key))
	}
}

func TestDecodeSecret(t *testing.T) {
	t.Parallel()
	want24, _ := base64.StdEncoding.DecodeString("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	tests := []struct {
		name    string
		secret  string
		want    []byte
		wantErr bool
	}{
		{"prefixed", testSecret, want24, false},
		{"unprefixed", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", want24, false},
		{"trailing newline from an env file", testSecret + "\n", want24, false},
		{"one byte", "whsec_AA==", []byte{0}, false},
		{"empty", "", nil, true},
		{"prefix only", "whsec_", nil, true},
		{"whitespace only", "  \n", nil, true},
		{"not base64", "whsec_not base64!", nil, true},
		{"url-safe alphabet", "whsec_-_-_", nil, true},
		{"missing padding", "whsec_AA", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := DecodeSecret(tt.secret)
			if (err != nil) != tt.wantErr {
				t.Fatalf("DecodeSecret(%q) error = %v, wantErr %v", tt.secret, err, tt.wantErr)
			}
			if string(got) != string(tt.want) {
				t.Fatalf("DecodeSecret(%q) = %x, want %x", tt.secret, got, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), strings.TrimPrefix(tt.secret, SecretPrefix)) && len(tt.secret) > 8 {
				t.Fatalf("error %q echoes the secret", err)
			}
		})
	}
}

func TestEventTypes(t *testing.T) {
	t.Parallel()
	want := []string{"stamp.uploaded", "stamp.failed", "order.delivered", "order.cancelled"}
	if strings.Join(EventTypes, ",") != strings.Join(want, ",") {
		t.Fatalf("EventTypes = %v, want %v", EventTypes, want)
	}
}
