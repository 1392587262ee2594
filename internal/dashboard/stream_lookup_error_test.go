package dashboard_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestLiveStreamEndsWhenAChangeCannotBeRead: a change the stream could
// not read from the store (here its delivery's endpoint, its table gone
// for a moment) was logged and dropped: the page never showed the
// delivery, or its new status, until it was reloaded by hand, and went on
// saying Live. The stream now ends as a dropped connection does, and the
// browser opens it again and catches up on what it missed (app.js).
func TestLiveStreamEndsWhenAChangeCannotBeRead(t *testing.T) {
	schema := testenv.NewSchema(t)
	e := startEnv(t, envOptions{Store: testenv.PostgresOn(t, schema), StreamHeartbeat: 20 * time.Millisecond})
	tables := testenv.SchemaTables(t, schema)
	b := e.signedIn(t)
	ls := e.NewListenSession(t, e.APIKey, `{}`)
	event := uploadedEvent(t, e)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	lines := openStreamPastFirstPing(ctx, t, e.URL+"/dashboard/live", "esahayak_session="+b.cookies["esahayak_session"].Value)

	tables.Gone("endpoints")
	defer tables.Back("endpoints")
	reportResult(t, e, ls, event, `"status": 200`)
	for lines.Scan() {
		if line := lines.Text(); strings.HasPrefix(line, "event: ") {
			t.Errorf("with the endpoints table gone, the stream sent %q", line)
		}
	}
	if ctx.Err() != nil {
		t.Errorf("the stream was still open 10 s after a change it could not read: the page misses it until reloaded")
	}
}
