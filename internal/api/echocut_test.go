package api_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestRefusedValueQuotedInWholeCharacters: a refused state or event type
// longer than 64 bytes is quoted in the error message cut short, and the
// cut fell inside a character: the state written in Devanagari ("दादरा और
// नगर हवेली और दमन और दीव", three bytes a letter) came back as
// "…\xe0\xa4…" and an event type as "…\ufffd\ufffd…", text no customer
// wrote. The quote now ends on a whole character, before the "…".
func TestRefusedValueQuotedInWholeCharacters(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{AllowInsecureURLs: true})
	const hindi = "दादरा और नगर हवेली और दमन और दीव"
	for _, tc := range []struct {
		name, path, body, code, quoted string
	}{
		{"state", "/v1/orders", `{"stamp_request": {"state": "` + hindi + `", "amount": 1, "article_code": "A", "provider": "SHCIL"}}`,
			"invalid_state", `"दादरा और नगर हवेली और दम…"`},
		{"event type", "/v1/webhook_endpoints", `{"url": "http://127.0.0.1:9/x", "events": ["` + hindi + `"]}`,
			"unknown_event_type", `"दादरा और नगर हवेली और दम…"`},
	} {
		st, b := s.Do(t, "POST", tc.path, s.APIKey, tc.body)
		code, _ := errCode(t, b)
		var e struct{ Error struct{ Message string } }
		json.Unmarshal(b, &e)
		if st != 422 || code != tc.code {
			t.Errorf("%s: %d %s, want 422 %s", tc.name, st, b, tc.code)
			continue
		}
		if !strings.Contains(e.Error.Message, tc.quoted) || strings.ContainsRune(e.Error.Message, '\uFFFD') || strings.Contains(e.Error.Message, `\x`) {
			t.Errorf("%s: message %q, want it to quote %s", tc.name, e.Error.Message, tc.quoted)
		}
	}
}

// TestLongFieldNameNotRepeatedInMessage: a body with a key of 100,000
// characters the API does not take was answered with that key twice, in
// param and again in the message ("unknown field \"sss…sss\""), so a
// 1 MiB request made a 2 MiB error that a client's log took whole. The
// message now quotes the name as it quotes a refused value (its first 64
// bytes and "…"); param still names the field exactly, as documented. So
// does a listen result's header of the wrong kind, named
// "request_headers.<name>".
func TestLongFieldNameNotRepeatedInMessage(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	long := strings.Repeat("s", 100000)
	const stamp = `"stamp_request": {"state": "Assam", "amount": 1, "article_code": "A", "provider": "SHCIL"}`
	session := s.NewListenSession(t, s.APIKey, `{}`)
	for _, tc := range []struct {
		name, body, code, param, says string
	}{
		{"unknown field", `{` + stamp + `, "` + long + `": 1}`, "unknown_field", long, `unknown field "` + long[:64] + `…"`},
		{"unknown nested field", `{"stamp_request": {"` + long + `": 1}}`, "unknown_field", "stamp_request." + long, `unknown field "stamp_request.` + long[:50] + `…"`},
		{"listen result header of the wrong kind", `{"event_id": "evt_00000000000000000000000000", "started_at": "` + time.Now().UTC().Format(time.RFC3339) + `", "status": 200, "request_headers": {"` + long + `": 1}}`,
			"invalid_type", "request_headers." + long, `request_headers.` + long[:48] + `…`},
	} {
		path, status := "/v1/orders", 400
		if tc.code == "invalid_type" {
			path, status = "/v1/listen_sessions/"+session+"/results", 422
		}
		st, b := s.Do(t, "POST", path, s.APIKey, tc.body)
		code, param := errCode(t, b)
		var e struct{ Error struct{ Message string } }
		json.Unmarshal(b, &e)
		if st != status || code != tc.code || param != tc.param {
			t.Errorf("%s: %d %s %.80q, want %d %s and the whole name in param", tc.name, st, code, param, status, tc.code)
			continue
		}
		if len(e.Error.Message) > 200 || !strings.HasPrefix(e.Error.Message, tc.says) {
			t.Errorf("%s: message of %d bytes %.120q, want it to start %q and stay short", tc.name, len(e.Error.Message), e.Error.Message, tc.says)
		}
	}
}

// TestBadEscapeInPasswordNotQuoted: a URL whose password holds a "%" not
// followed by two hexadecimal digits was refused with a quote of the 12
// bytes from that "%" ("%zzsecret@12"), part of the password, in the
// answer (and on the dashboard's page). User info is refused whatever its
// escapes: the answer now says so and quotes nothing of it. A bad escape
// in the path is still quoted, an "@" after it notwithstanding.
func TestBadEscapeInPasswordNotQuoted(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{AllowInsecureURLs: true})
	for _, tc := range []struct{ url, want, never string }{
		{"http://hook:pa%zzsecret@127.0.0.1:9/x", "must not contain a user name or password", "secret"},
		{"http://hook:secret%@127.0.0.1:9/x", "must not contain a user name or password", "secret"},
		{"http://ho%zzok@127.0.0.1:9/x", "must not contain a user name or password", "%zz"},
		{"http://127.0.0.1:9/a%zz?b=c@d", `("%zz?b=c@d")`, "user name"},
	} {
		st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "`+tc.url+`"}`)
		code, _ := errCode(t, b)
		var e struct{ Error struct{ Message string } }
		json.Unmarshal(b, &e)
		if st != 422 || code != "invalid_url" || !strings.Contains(e.Error.Message, tc.want) || strings.Contains(e.Error.Message, tc.never) {
			t.Errorf("%s: %d %s; want 422 invalid_url saying %s, never %q", tc.url, st, b, tc.want, tc.never)
		}
	}
}
