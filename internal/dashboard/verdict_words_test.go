package dashboard

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/webhook"
)

// The inspector's verdict on a request whose signature headers are
// malformed, or whose timestamp is out of the tolerance, said "Signature
// does not verify with the secret of …: webhook: invalid signature
// headers: …": the signature was never compared (the secret was not the
// trouble), and the Go package's "webhook: " prefix was shown as the
// page's words. It now says what is wrong with the request, in words.
func TestInspectorVerdictSaysWhatIsWrong(t *testing.T) {
	secret, err := webhook.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	e := &store.Endpoint{URL: "https://receiver.example/hook", Secret: secret}
	signer, err := webhook.NewSigner(secret)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := webhook.NewSecret()
	otherSigner, _ := webhook.NewSigner(other)
	at := time.Date(2026, 1, 15, 10, 30, 0, 0, time.UTC)
	body := []byte(`{"id":"evt_x","type":"stamp.uploaded","created_at":"2026-01-15T10:30:00.000Z","data":{}}`)
	capt := func(h http.Header) *capture { return &capture{ReceivedAt: at, Body: body, header: h} }
	signed := func(s *webhook.Signer, when time.Time) http.Header {
		return http.Header{"Webhook-Id": {"evt_x"}, "Webhook-Timestamp": {strconv.FormatInt(when.Unix(), 10)},
			"Webhook-Signature": {s.Sign("evt_x", when, body)}}
	}
	for _, c := range []struct {
		name        string
		h           http.Header
		class       string
		want        []string
		notAboutKey bool // the secret was not what failed
	}{
		{"timestamp not a number", http.Header{"Webhook-Id": {"evt_x"}, "Webhook-Timestamp": {"soon"}, "Webhook-Signature": {"v1,abc"}},
			"bad", []string{"webhook-timestamp"}, true},
		{"no webhook-id", http.Header{"Webhook-Timestamp": {strconv.FormatInt(at.Unix(), 10)}, "Webhook-Signature": {"v1,abc"}},
			"bad", []string{"webhook-id"}, true},
		{"signed an hour before it arrived", signed(signer, at.Add(-time.Hour)), "bad", []string{"timestamp"}, true},
		{"signed with another secret", signed(otherSigner, at), "bad", []string{"Signature does not verify with the secret of", "no matching signature"}, false},
		{"signed", signed(signer, at), "ok", []string{"Signature verified with the secret of"}, false},
	} {
		v := verify(e, capt(c.h))
		if v.Class != c.class {
			t.Errorf("%s: verdict %q (%s), want %s", c.name, v.Class, v.Text, c.class)
		}
		for _, w := range c.want {
			if !strings.Contains(v.Text, w) {
				t.Errorf("%s: verdict %q lacks %q", c.name, v.Text, w)
			}
		}
		if strings.Contains(v.Text, "webhook: ") {
			t.Errorf("%s: verdict shows the Go package's error prefix: %q", c.name, v.Text)
		}
		if c.notAboutKey && strings.Contains(v.Text, "does not verify with the secret") {
			t.Errorf("%s: verdict blames the secret, which was never compared: %q", c.name, v.Text)
		}
	}
}
