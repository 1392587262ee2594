package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/esahayak/esahayak/internal/order"
)

// StartingMessage is what a server still starting says, in /healthz's
// error and in the 503 of every other request.
const StartingMessage = "the server is starting (opening and migrating the database, or waiting for its --instance-id); retry shortly"

// Starting answers every request while serve starts: its address is taken
// before the database is opened (so that an address in use stops it
// before it creates or migrates anything), and the start can then take
// long (migrations, another instance's migration, an --instance-id in
// use). Unanswered, the connections it accepted meanwhile hung until the
// start ended, a load balancer's health check and a client's request
// alike. /healthz answers 503 "unhealthy" with StartingMessage as its
// error; every other request 503 unavailable; both with Retry-After.
// driver is the store's ("sqlite", "postgres"), as /healthz names it.
func Starting(version, driver string, now func() time.Time) http.Handler {
	if now == nil {
		now = time.Now
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		// Nothing of the request is read: the connection must not be
		// read on after it (a body left unread, an ambiguous framing).
		w.Header().Set("Connection", "close")
		w.Header().Set("Retry-After", retryAfterSeconds)
		if p := strings.TrimSuffix(r.URL.Path, "/"); strings.EqualFold(p, "/healthz") && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			writeJSON(w, http.StatusServiceUnavailable, struct {
				Status    string `json:"status"`
				Timestamp string `json:"timestamp"`
				Version   string `json:"version"`
				Database  string `json:"database"`
				Error     string `json:"error"`
			}{Status: "unhealthy", Timestamp: order.FormatTime(now()), Version: version, Database: driver, Error: StartingMessage})
			return
		}
		writeJSON(w, http.StatusServiceUnavailable, map[string]*Error{"error": {Status: http.StatusServiceUnavailable, Type: typeAPI,
			Code: "unavailable", Message: StartingMessage}})
	})
}
