package api

import (
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"
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
