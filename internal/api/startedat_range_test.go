package api

import (
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/relay"
)

// TestReportStartedAtOfYear0SaysTheRange: a listen result's started_at
// of year 0000 is RFC 3339 by its grammar, and was refused as "must be an
// RFC 3339 time"; it is refused as any other time out of range is, by
// saying the range (the last 24 hours).
func TestReportStartedAtOfYear0SaysTheRange(t *testing.T) {
	now := time.Now()
	for _, at := range []string{"0000-01-01T00:00:00Z", "9999-12-31T23:59:59-23:59"} {
		_, err := parseReport(relay.Report{EventID: ids.New(ids.Event), StartedAt: at}, now)
		e, ok := err.(*Error)
		if !ok || e.Code != "invalid_started_at" || !strings.Contains(e.Message, "within the last 24 hours") {
			t.Errorf("started_at %s: %v; want invalid_started_at saying the range", at, err)
		}
	}
}
