package api_test

import (
	"encoding/json"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// A PATCH of an endpoint with {"secret": "…"} (a client setting the
// secret it wants, or sending back the one it read) was told `unknown
// field "secret"` alone, which reads as a misspelt field name and says
// nothing of rotate_secret, the one way to change the secret; a create,
// a rotate_secret and a listen session's create with one were told the
// same. Each now says that the server makes the secret and where it is
// changed, with the same 400 unknown_field, and the secret is unchanged.
func TestSettingTheSecretPointsAtRotateSecret(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "https://example.com/hook"}`)
	var ep struct{ ID, Secret string }
	if err := json.Unmarshal(b, &ep); st != 201 || err != nil {
		t.Fatalf("create: %d %s", st, b)
	}
	patch := `unknown field "secret": an endpoint's signing secret cannot be set with PATCH, as the server makes it: rotate it with POST /v1/webhook_endpoints/` + ep.ID + `/rotate_secret, which answers the new one`
	for _, c := range []struct{ method, path, body, param, want string }{
		{"PATCH", "/v1/webhook_endpoints/" + ep.ID, `{"secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}`, "secret", patch},
		{"PATCH", "/v1/webhook_endpoints/" + ep.ID, `{"description": "x", "secret": null}`, "secret", patch},
		{"PATCH", "/v1/webhook_endpoints/" + ep.ID, `{"previous_secret": "whsec_x"}`, "previous_secret",
			`unknown field "previous_secret": an endpoint's signing secret cannot be set with PATCH, as the server makes it: rotate it with POST /v1/webhook_endpoints/` + ep.ID + `/rotate_secret, which answers the new one`},
		{"POST", "/v1/webhook_endpoints", `{"url": "https://example.com/hook", "secret": "whsec_x"}`, "secret",
			`unknown field "secret": the server makes an endpoint's signing secret and this request's answer holds it: leave the field out, and change the secret later with POST /v1/webhook_endpoints/{id}/rotate_secret`},
		{"POST", "/v1/webhook_endpoints/" + ep.ID + "/rotate_secret", `{"secret": "whsec_x"}`, "secret",
			`unknown field "secret": rotate_secret makes the new secret itself and answers it; send no body or {}`},
		{"POST", "/v1/listen_sessions", `{"secret": "whsec_x"}`, "secret",
			`unknown field "secret": the server makes a listen session's signing secret and this request's answer holds it: leave the field out`},
	} {
		st, code, param, msg := refusal(t, s, c.method, c.path, c.body)
		if st != 400 || code != "unknown_field" || param != c.param || msg != c.want {
			t.Errorf("%s %s %s: %d %s %s %q; want 400 unknown_field %s %q", c.method, c.path, c.body, st, code, param, msg, c.param, c.want)
		}
	}
	// Another unknown field is told as before.
	if st, code, _, msg := refusal(t, s, "PATCH", "/v1/webhook_endpoints/"+ep.ID, `{"secrets": "x"}`); st != 400 || code != "unknown_field" || msg != `unknown field "secrets"` {
		t.Errorf(`PATCH {"secrets": …}: %d %s %q; want 400 unknown_field "unknown field \"secrets\""`, st, code, msg)
	}
	st, b = s.Do(t, "GET", "/v1/webhook_endpoints/"+ep.ID+"/secret", s.APIKey, nil)
	var got struct{ Secret string }
	if err := json.Unmarshal(b, &got); st != 200 || err != nil || got.Secret != ep.Secret {
		t.Errorf("secret after the refusals: %d %s; want %s unchanged", st, b, ep.Secret)
	}
}
