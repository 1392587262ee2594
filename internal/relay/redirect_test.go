package relay_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/testenv"
)

// A redirect that listen's handler answers is recorded as a real
// delivery to the same handler records it: the error names the URL to
// configure, a relative Location resolved against the URL the event was
// sent to (delivery's TestRedirectErrorNamesTheURLToConfigure), and the
// response keeps the Location as sent. listen quoted "/v2/hook" as it
// came, where the delivery's log said "http://127.0.0.1:3000/v2/hook".
func TestListenNamesARedirectsTargetAsADeliveryDoes(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, tc := range []struct{ location, want string }{
		{"/v2/hook", "/v2/hook"},
		{"next?x=1", "/hooks/next?x=1"},
	} {
		h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header()["Location"] = []string{tc.location}
			w.WriteHeader(http.StatusFound)
		}))
		t.Cleanup(h.Close)
		l, _ := listen(t, s.URL, s.APIKey, h.URL+"/hooks/esahayak", order.EventStampFailed)
		ev := emit(t, s.URL, s.APIKey, s.Operator, order.EventStampFailed)
		want := fmt.Sprintf("HTTP 302 redirect to %q: redirects are not followed; configure the final URL", h.URL+tc.want)
		var got map[string]any
		testenv.Eventually(t, 30*time.Second, "the redirect recorded", func() bool {
			for _, d := range deliveriesOf(t, s.URL, s.APIKey, l.Session().ID) {
				if d["event_id"] == ev {
					got = d
					return true
				}
			}
			return false
		})
		if got["last_error"] != want || got["last_status_code"] != float64(302) {
			t.Errorf("Location %q: recorded %v %q; want 302 %q", tc.location, got["last_status_code"], got["last_error"], want)
		}
	}
}
