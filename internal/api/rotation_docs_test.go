package api

import (
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// TestRotationOverlapIsWhatReceiversAreTold: a receiver deploying a
// rotated secret has as long as the old one keeps signing, and each place
// that tells it to hold both secrets says how long that is: the server's
// default overlap. webhook/doc.go said only "for a while".
func TestRotationOverlapIsWhatReceiversAreTold(t *testing.T) {
	s := New(Config{}, nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if s.cfg.RotationOverlap != 24*time.Hour {
		t.Fatalf("default RotationOverlap = %v; the sentences below say 24 hours", s.cfg.RotationOverlap)
	}
	for file, sentence := range map[string]string{
		"../../README.md":         "secret sign (space-separated signatures) for 24 hours",
		"../../webhook/doc.go":    "old and the new secret for 24 hours",
		"../../docs/receiving.md": "two for 24 hours after a secret rotation",
	} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(strings.ReplaceAll(string(b), "//", "")), " ")
		if !strings.Contains(text, sentence) {
			t.Errorf("%s does not say %q", file, sentence)
		}
	}
}

// TestRotationCapIsWhatReceiversAreTold: an endpoint signs with its current
// secret and at most store.MaxRetiredSecrets retired ones, and a rotation
// past that stops the oldest retired secret signing at once, before its
// 24 hours (six rotations in a minute sent a receiver still on the first
// secret 401s: six signatures, none of them its). docs/receiving.md said
// only "one more for each further rotation within those 24 hours", and
// README.md that "both the new and the old secret sign … for 24 hours";
// each place that tells a receiver how many signatures come says the cap.
func TestRotationCapIsWhatReceiversAreTold(t *testing.T) {
	if store.MaxRetiredSecrets != 5 {
		t.Fatalf("store.MaxRetiredSecrets = %d; the sentences below say five retired, six signing", store.MaxRetiredSecrets)
	}
	for file, sentences := range map[string][]string{
		"../../README.md": {
			"six at most (the current secret and the five retired last): a sixth rotation within 24 hours stops the oldest retired secret signing at once",
		},
		"../../docs/receiving.md": {
			"six at most: the current secret and the five retired last; a sixth rotation within 24 hours stops the oldest retired secret signing at once, before its 24 hours are up",
		},
		"../../webhook/doc.go": {
			"six at most, as a sixth rotation within a day stops the oldest retired secret signing at once",
		},
		"../../docs/api.md": {
			"(five at most: a sixth rotation within 24 hours stops the oldest of them signing at once, and it is no longer listed)",
		},
	} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(strings.ReplaceAll(string(b), "//", "")), " ")
		for _, sentence := range sentences {
			if !strings.Contains(text, sentence) {
				t.Errorf("%s does not say %q", file, sentence)
			}
		}
	}
}
