package relay_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestListenSaysOnceThatTheForwardURLHasNoPath: `listen --forward-to
// localhost:3000` (or http://localhost:3000) sends every event to "/",
// which a handler served at /webhooks/esahayak answers 404: listen said
// "[404]" for each event and nothing else. The first such answer is
// followed, once, by what happened and the URL most likely meant; a
// handler that answers 404 at a path the user gave gets no such guess.
func TestListenSaysOnceThatTheForwardURLHasNoPath(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	mux := http.NewServeMux()
	mux.HandleFunc("POST /webhooks/esahayak", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	h := httptest.NewServer(mux)
	t.Cleanup(h.Close)

	for _, to := range []string{h.URL, h.URL + "/"} {
		_, out := listen(t, s.URL, s.APIKey, to, order.EventStampFailed)
		first := emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed)
		second := emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed)
		testenv.Eventually(t, 30*time.Second, "both events answered 404", func() bool {
			return lineMatches(out.String(), order.EventStampFailed, first, "[404]") && lineMatches(out.String(), order.EventStampFailed, second, "[404]")
		})
		want := "  your handler answered 404 at " + h.URL + "/: --forward-to has no path, so every event is sent to /. Did you mean --forward-to " +
			h.URL + "/webhooks/esahayak? Stop with Ctrl-C and start listen again with the path your handler serves.\n"
		if n := strings.Count(out.String(), want); n != 1 {
			t.Errorf("--forward-to %s: the hint is printed %d times, want once:\n%s", to, n, out)
		}
	}

	// A path given: the 404 is the handler's to explain, and no URL is guessed.
	_, out := listen(t, s.URL, s.APIKey, h.URL+"/webhook", order.EventStampFailed)
	ev := emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed)
	testenv.Eventually(t, 30*time.Second, "the event answered 404", func() bool {
		return lineMatches(out.String(), order.EventStampFailed, ev, "[404]")
	})
	if strings.Contains(out.String(), "Did you mean") {
		t.Errorf("a hint for a --forward-to with a path:\n%s", out)
	}
}
