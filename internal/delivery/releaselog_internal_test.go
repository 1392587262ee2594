package delivery

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// TestFailedGiveBackNamesItsDeliveries: when deliveries cannot be given
// back (the write fails), the warning says which, so that an operator can
// find them: how many, their endpoints and their ids, with the cause. It
// said only what becomes of them and the error.
func TestFailedGiveBackNamesItsDeliveries(t *testing.T) {
	sq := goneSQLite(t)
	var logs bytes.Buffer
	e := New(Config{Log: slog.New(slog.NewTextHandler(&logs, nil))}, sq)
	until := time.Now().Add(time.Minute)
	var work []store.Work
	for i, ep := range []string{"we_b", "we_a", "we_b"} {
		work = append(work, store.Work{DeliveryID: "dlv_" + string(rune('1'+i)), EndpointID: ep, Attempt: 1, RoundAttempt: 1, LeaseOwner: "test", LeaseUntil: until})
	}
	e.release(work, stoppedReleaseFailed)
	line := logs.String()
	if !strings.Contains(line, stoppedReleaseFailed) {
		t.Fatalf("no warning that the give-back failed; log: %s", line)
	}
	for _, want := range []string{"level=WARN", "deliveries=3", "endpoint_ids=we_a,we_b", "delivery_ids=dlv_1,dlv_2,dlv_3", "err="} {
		if !strings.Contains(line, want) {
			t.Errorf("the warning lacks %s: %s", want, line)
		}
	}

	// A give-back of a whole queue lists the first ids and counts the rest.
	work = nil
	for i := range maxLoggedIDs + 5 {
		work = append(work, store.Work{DeliveryID: fmt.Sprintf("dlv_%02d", i), EndpointID: "we_a", Attempt: 1, RoundAttempt: 1, LeaseOwner: "test", LeaseUntil: until})
	}
	logs.Reset()
	e.release(work, stoppedReleaseFailed)
	if want := fmt.Sprintf("deliveries=%d endpoint_ids=we_a delivery_ids=\"dlv_00,dlv_01,", maxLoggedIDs+5); !strings.Contains(logs.String(), want) {
		t.Errorf("the warning lacks %s: %s", want, logs.String())
	}
	if want := fmt.Sprintf(",dlv_%02d,… 5 more\"", maxLoggedIDs-1); !strings.Contains(logs.String(), want) {
		t.Errorf("the warning lacks %s: %s", want, logs.String())
	}
}
