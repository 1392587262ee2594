package backoff

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

// TestReceivingDocsSayTheJitter: docs/receiving.md gave the retry delays
// as exact ("after 5 s, 5 min, …") and the last retry as "about 28 h"
// after the event, though Next moves each delay by up to Jitter either
// way (the README tour's second attempt came 4.8 s after the first). The
// page says the jitter, and its figures are the ones the default schedule
// makes with it.
func TestReceivingDocsSayTheJitter(t *testing.T) {
	b, err := os.ReadFile("../../docs/receiving.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(b)), " ")

	var total time.Duration
	for _, d := range DefaultSchedule().Delays() {
		total += d
	}
	first := DefaultSchedule().Delays()[0]
	for _, sentence := range []string{
		fmt.Sprintf("each delay moved by up to %d %% either way at random", int(Jitter*100)),
		fmt.Sprintf("the second attempt comes %s–%s s after the first",
			decimal(first.Seconds()*(1-Jitter)), decimal(first.Seconds()*(1+Jitter))),
		fmt.Sprintf("the last %d–%d h after the event",
			int(math.Round(total.Hours()*(1-Jitter))), int(math.Round(total.Hours()*(1+Jitter)))),
		fmt.Sprintf("Retries stop after the last one (%d–%d h after the event)",
			int(math.Round(total.Hours()*(1-Jitter))), int(math.Round(total.Hours()*(1+Jitter)))),
	} {
		if !strings.Contains(text, sentence) {
			t.Errorf("docs/receiving.md does not say %q", sentence)
		}
	}
	if strings.Contains(text, "about 28 h") {
		t.Error(`docs/receiving.md still says "about 28 h": with the jitter the last retry comes 25–30 h after the event`)
	}
}

// decimal writes f with one decimal, or none when it is whole ("4.5", "5").
func decimal(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}
