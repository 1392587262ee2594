package relay_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/relay"
)

// TestListenerRefusesAPIBaseFragment: the API's paths are appended to
// APIBase, so after a "#" they were no part of the URL requested and every
// call went to "/". A fragment with text was refused, an empty one
// ("http://127.0.0.1:8080#", which url.Parse reads as no fragment at all)
// was taken, where the CLI's --api-base refuses it: NewListener now
// refuses it too, as it does an empty query ("?").
func TestListenerRefusesAPIBaseFragment(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"http://127.0.0.1:8080#", "http://127.0.0.1:8080/#", "http://127.0.0.1:8080/v1#", "http://127.0.0.1:8080#x", "http://127.0.0.1:8080?"} {
		_, err := relay.NewListener(relay.ListenerConfig{APIBase: base, APIKey: "k", ForwardTo: "http://localhost:3000/hook"})
		if err == nil || !strings.Contains(err.Error(), "--api-base") {
			t.Errorf("NewListener with APIBase %q: %v; want it refused, naming --api-base", base, err)
		}
	}
	for _, base := range []string{"http://127.0.0.1:8080", "http://127.0.0.1:8080/", "https://[::1]:8443"} {
		if _, err := relay.NewListener(relay.ListenerConfig{APIBase: base, APIKey: "k", ForwardTo: "http://localhost:3000/hook"}); err != nil {
			t.Errorf("NewListener with APIBase %q: %v", base, err)
		}
	}
}
