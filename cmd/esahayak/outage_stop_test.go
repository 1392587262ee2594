//go:build unix

package main_test

import (
	"fmt"
	"net/http"
	"regexp"
	"syscall"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestServeStoppedMidOutageCountsEveryFailure: serve stopped during a
// database outage logged the API's and the dashboard's first failed
// requests, one line each, and never the rest, which their next line
// would have counted: on SIGTERM it now writes them (stopping=true), once
// the HTTP server has shut down.
func TestServeStoppedMidOutageCountsEveryFailure(t *testing.T) {
	schema := testenv.NewSchema(t)
	db := testenv.PostgresURL(schema)
	_, key := createAccount(t, db)
	p := startServe(t, "--db", db)
	// A restore half done: the tables the requests need are gone, which
	// the store reports as the database unavailable.
	testenv.SchemaTables(t, schema).Gone("orders", "dashboard_sessions")
	for i := range 3 {
		if code, b, err := call(p.base, "POST", "/v1/orders", key, fmt.Sprintf(orderBody, false)); err != nil || code != http.StatusServiceUnavailable {
			t.Fatalf("order %d with the orders table gone: %d %v %s", i, code, err, b)
		}
		req, _ := http.NewRequest("GET", p.base+"/dashboard/orders", nil)
		req.AddCookie(&http.Cookie{Name: "esahayak_session", Value: "a-session-the-database-cannot-look-up"})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("page %d with the sessions table gone: %d", i, resp.StatusCode)
		}
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		p.done <- nil // let startServe's cleanup receive
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not exit after SIGTERM\n%s", p.output())
	}
	out := p.output()
	for _, msg := range []string{"database unavailable", "dashboard request failed: database unavailable"} {
		want := regexp.MustCompile(`level=WARN msg="` + msg + `" [^\n]*stopping=true also_failed_since_last_warning=2\n`)
		if !want.MatchString(out) {
			t.Errorf("3 requests failed, 1 was logged: the stop does not log the other 2 with stopping=true (msg %q)", msg)
		}
	}
}
