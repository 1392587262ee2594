package dashboard

import "testing"

// TestPointsAtReadsThePortAsANumber: an endpoint URL whose port is
// written with leading zeros (127.0.0.1:08080), or that names the default
// port its Host leaves out, reaches the same server, so the inspector's
// capture URL there is its: Delete inspector deleted the endpoints at the
// capture URL but left 127.0.0.1:08080/inspect/TOKEN, whose requests the
// inspector captured (a client reads the port as a number, and Save
// Webhook's sameURL did already), and Create an endpoint for this URL
// made a second one beside it.
func TestPointsAtReadsThePortAsANumber(t *testing.T) {
	const token = "dfyEoh4cXHw6pghajl5GnnNJ9LVW7zAMMtB_I7-iOL4"
	for _, c := range []struct {
		url, host string
		want      bool
	}{
		{"http://127.0.0.1:8080/inspect/" + token, "127.0.0.1:8080", true},
		{"http://127.0.0.1:08080/inspect/" + token, "127.0.0.1:8080", true},
		{"http://localhost:0008080/inspect/" + token + "/sub", "127.0.0.1:8080", true},
		{"http://127.0.0.1:8080/inspect/" + token, "127.0.0.1:08080", true},
		{"https://hooks.example.com:443/inspect/" + token, "hooks.example.com", true},
		{"https://HOOKS.example.com:0443/inspect/" + token, "hooks.example.com:443", true},
		{"http://hooks.example.com:80/inspect/" + token, "hooks.example.com", true},
		// Not this server.
		{"http://127.0.0.1:8081/inspect/" + token, "127.0.0.1:8080", false},
		{"http://127.0.0.1:80801/inspect/" + token, "127.0.0.1:8080", false},
		{"https://hooks.example.com:8443/inspect/" + token, "hooks.example.com", false},
		{"https://other.example.com/inspect/" + token, "hooks.example.com", false},
		{"http://127.0.0.2:8080/inspect/" + token, "hooks.example.com:8080", false},
		{"http://127.0.0.1:8080/proxy/inspect/" + token, "127.0.0.1:8080", false},
	} {
		if got := pointsAt(c.url, c.host, token); got != c.want {
			t.Errorf("pointsAt(%s) reached at %s = %v, want %v", c.url, c.host, got, c.want)
		}
	}
}
