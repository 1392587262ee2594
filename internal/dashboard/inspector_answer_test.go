package dashboard_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestInspectorAnswerAsDocumented: docs/dashboard.md tells what a capture
// URL answers, `200 {"received": true, "capture": N}`, and a person who
// sends it a request by hand (the page's own curl line) compares what comes
// back with that. It came back as {"capture":1,"received":true}: the keys of
// a Go map, sorted, not the order the doc writes.
func TestInspectorAnswerAsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/dashboard.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("`200 (\\{[^`]*\\})`").FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/dashboard.md no longer writes out a capture URL's answer")
	}
	want := strings.ReplaceAll(strings.ReplaceAll(string(m[1]), " ", ""), "N", "2")

	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	_, captureURL := newInspector(t, e, b)
	send(t, "POST", captureURL, `{"hello": "world"}`, nil)
	st, body := send(t, "POST", captureURL+"/webhooks/esahayak", `{"hello": "world"}`, nil)
	if st != 200 || body != want {
		t.Errorf("the second request to a capture URL answered %d %s; docs/dashboard.md shows %s", st, body, want)
	}
}
