package api_test

import (
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestOutageIsLoggedOncePerInterval: while the database is down every
// request fails alike; the log gets one "database unavailable" warning for
// them, not one each (a busy server wrote thousands a second, burying the
// line that said when the outage began), and every request still gets its
// 503.
func TestOutageIsLoggedOncePerInterval(t *testing.T) {
	st := testenv.SQLite(t)
	seeded := testenv.Start(t, st, testenv.Options{})
	var logs testenv.Output
	a := api.New(api.Config{AllowInsecureURLs: true, Version: "test"}, st, nil, slog.New(slog.NewTextHandler(&logs, nil)))
	hs := httptest.NewServer(a)
	defer hs.Close()
	s := &testenv.Server{URL: hs.URL, Store: st, API: a}
	st.Close()
	for i := range 40 {
		code, b := s.Do(t, "POST", "/v1/orders", seeded.APIKey, goodOrder)
		if c, _ := errCode(t, b); code != 503 || c != "unavailable" {
			t.Fatalf("request %d with the database closed: %d %s", i, code, b)
		}
	}
	if n := strings.Count(logs.String(), "database unavailable"); n != 1 {
		t.Fatalf("40 failed requests logged %d warnings, want 1:\n%s", n, logs.String())
	}
}
