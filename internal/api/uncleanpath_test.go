package api_test

import (
	"testing"

	"github.com/esahayak/esahayak/internal/api"
)

// TestUncleanPath: what the mux would redirect to a clean form is unclean,
// so that the API answers it with its JSON 404 instead. "//" was taken for
// clean ("/" with the trailing slash put back), and GET // got the mux's
// HTML 307 (found by FuzzAPIRequest).
func TestUncleanPath(t *testing.T) {
	for p, want := range map[string]bool{
		"": false, "/": false, "/v1/orders": false, "/v1/orders/": false, "/dashboard/": false,
		"//": true, "///": true, "//v1/orders": true, "/v1//orders": true, "/v1/./orders": true,
		"/v1/orders/..": true, "/v1/../v1/orders": true, "/v1/orders/.": true, "/v1/orders//": true,
	} {
		if got := api.UncleanPath(p); got != want {
			t.Errorf("UncleanPath(%q) = %v; want %v", p, got, want)
		}
	}
}
