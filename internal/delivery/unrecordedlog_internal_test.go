package delivery

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestStopNamesTheUnrecordedDeliveries: a stop whose grace ends while the
// recorder cannot write (the database is gone) says that the unrecorded
// deliveries will be sent again. It said so with no ids, so an operator
// could not tell which; it must name them as the recorder's error line
// does: how many, their endpoints and their ids (cut after maxLoggedIDs).
func TestStopNamesTheUnrecordedDeliveries(t *testing.T) {
	sq := goneSQLite(t)
	var logs lockedLog
	e := New(Config{Log: slog.New(slog.NewTextHandler(&logs, nil)), Poll: time.Hour}, sq)
	n := maxLoggedIDs + 3
	queueOutcomes(e, n)
	e.Start(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	e.Stop(ctx)

	line := logs.line(t, "stopped before every outcome was recorded")
	for _, want := range []string{"level=WARN", fmt.Sprintf("deliveries=%d", n), "endpoint_ids=we_a,we_b",
		loggedDeliveryIDs(n)} {
		if !strings.Contains(line, want) {
			t.Errorf("the stop's line lacks %s: %s", want, line)
		}
	}
}
