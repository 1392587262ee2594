package main

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
)

// TestRedactDB: the DSN printed at start-up never shows a password, in the
// user part or as pgx's ?password= parameter; other DSNs print as given.
func TestRedactDB(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:hunter2@127.0.0.1:5432/test?sslmode=disable":              "postgres://u:xxxxx@127.0.0.1:5432/test?sslmode=disable",
		"postgres://u@127.0.0.1:5432/test?sslmode=disable&password=hunter2&x=1": "postgres://u@127.0.0.1:5432/test?password=xxxxx&sslmode=disable&x=1",
		"postgres://u:a@127.0.0.1/test?password=hunter2":                        "postgres://u:xxxxx@127.0.0.1/test?password=xxxxx",
		"sqlite:esahayak.db": "sqlite:esahayak.db",
		"sqlite:/tmp/x.db":   "sqlite:/tmp/x.db",
		"postgres://postgres@127.0.0.1:5432/test?sslmode=disable&search_path=a b": "postgres://postgres@127.0.0.1:5432/test?sslmode=disable&search_path=a b",
		// pgx's other secret, another spelling of the scheme, and the
		// keyword/value form.
		"postgres://u@127.0.0.1/test?sslpassword=hunter2":                    "postgres://u@127.0.0.1/test?sslpassword=xxxxx",
		"Postgres://u:hunter2@127.0.0.1/test":                                "postgres://u:xxxxx@127.0.0.1/test",
		"host=127.0.0.1 user=postgres password=hunter2 dbname=x":             "host=127.0.0.1 user=postgres password=xxxxx dbname=x",
		"host=127.0.0.1 password = 'hunter2 x' sslpassword=hunter2 dbname=x": "host=127.0.0.1 password = xxxxx sslpassword=xxxxx dbname=x",
		// FuzzRedactDB's "password='xxxxx '": its mask and the space after
		// it read as the password, which is not shown.
		"host=h password='xxxxx ' dbname=x": "host=h password=xxxxx dbname=x",
	} {
		got := redactDB(in)
		if got != want || strings.Contains(got, "hunter2") {
			t.Errorf("redactDB(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPprofWithholdsTheCommandLine: the profile address has no
// authentication, and the command line holds --operator-token and
// passwords given as flags.
func TestPprofWithholdsTheCommandLine(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go servePprof(ln, slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer ln.Close()
	resp, err := http.Get("http://" + ln.Addr().String() + "/debug/pprof/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || strings.Contains(string(body), os.Args[0]) {
		t.Errorf("/debug/pprof/cmdline: %d %q", resp.StatusCode, body)
	}
}
