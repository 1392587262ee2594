package main_test

import (
	"strings"
	"testing"
)

// TestListenCtrlCBeforeItsSession: Ctrl-C while the server has not yet
// answered listen's request for a session says that a session may have
// been made and stays open, and how to find and close it. listen ended
// in silence, though the server may have made a session that then stays
// open (sessions do not expire) and counts against the account's limit.
func TestListenCtrlCBeforeItsSession(t *testing.T) {
	stdout, stderr, apiBase, err := interruptWhileServerHolds(t, func(apiBase string) []string {
		return []string{"listen", "--forward-to", "http://127.0.0.1:1/hook", "--api-base", apiBase, "--api-key", "esk_x"}
	})
	if err != nil {
		t.Errorf("listen after Ctrl-C: %v; want exit status 0, as a Ctrl-C after its session", err)
	}
	want := "esahayak: listen stopped before the server confirmed its session; if the server made one, it stays open: GET " + apiBase + "/v1/listen_sessions?status=open lists it"
	if !strings.Contains(stderr, want) || stdout != "" {
		t.Errorf("listen after Ctrl-C before its session: stdout %q, stderr %q; want on stderr %q", stdout, stderr, want)
	}
}
