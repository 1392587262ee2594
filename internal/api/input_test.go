package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// apiError is the code and param of an error answer, "" for another one
// (so a test can report an unexpected success and go on).
func apiError(b []byte) (code, param string) {
	var e struct{ Error struct{ Code, Param string } }
	json.Unmarshal(b, &e)
	return e.Error.Code, e.Error.Param
}

// TestLoopbackSpellingsRefused: on a server without --allow-insecure-urls,
// every spelling of a loopback (or this-network) address that browsers and
// inet_aton read as one is refused when the endpoint is saved, as
// 127.0.0.1 itself is; other spellings of an IPv4 address are invalid.
// Nothing is sent anywhere: the endpoints are only saved.
func TestLoopbackSpellingsRefused(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{Secure: true})
	for _, tc := range []struct{ host, code string }{
		{"127.0.0.1", "url_private_address"},
		{"127.0.0.1.", "url_private_address"},
		{"127.1", "url_private_address"},
		{"2130706433", "url_private_address"},
		{"0x7f.0.0.1", "url_private_address"},
		{"0177.0.0.1", "url_private_address"},
		{"0", "url_private_address"},
		{"0x7f000001:8443", "url_private_address"},
		{"１２７.0.0.1", "url_private_address"},
		{"ｌｏｃａｌｈｏｓｔ", "url_private_address"},
		{"127.0.0.256", "invalid_url"},
		{"127.0.0.1.2", "invalid_url"},
	} {
		st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]string{"url": "https://" + tc.host + "/"})
		if code, param := apiError(b); st != 422 || code != tc.code || param != "url" {
			t.Errorf("%s: %d %s; want 422 %s", tc.host, st, b, tc.code)
		}
	}
	// As a change of URL too.
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "https://hooks.example.com/x"}`)
	if st != 201 {
		t.Fatalf("create: %d %s", st, b)
	}
	id := testenv.JSON(t, b)["id"].(string)
	st, b = s.Do(t, "PATCH", "/v1/webhook_endpoints/"+id, s.APIKey, `{"url": "https://127.1/x"}`)
	if code, _ := apiError(b); st != 422 || code != "url_private_address" {
		t.Errorf("PATCH to 127.1: %d %s", st, b)
	}
	st, b = s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "https://0x7f.1/x"}`)
	if code, _ := apiError(b); st != 422 || code != "url_private_address" || !strings.Contains(string(b), "loopback") {
		t.Errorf("0x7f.1: %d %s", st, b)
	}
}

// TestIPv4SpellingsOnInsecureServer: with --allow-insecure-urls loopback is
// fine, but only written as four decimal numbers: what 127.1 would reach
// depends on the resolver.
func TestIPv4SpellingsOnInsecureServer(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "http://127.1:9/x"}`)
	if code, _ := apiError(b); st != 422 || code != "invalid_url" || !strings.Contains(string(b), "four decimal numbers, e.g. 203.0.113.7") {
		t.Errorf("127.1: %d %s", st, b)
	}
	if st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "http://127.0.0.1:9/x"}`); st != 201 {
		t.Errorf("127.0.0.1: %d %s", st, b)
	}
}

// TestNullBody: a JSON null is not an object, as [] is not: it is refused
// rather than read as {}.
func TestNullBody(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "https://hooks.example.com/x"}`)
	if st != 201 {
		t.Fatalf("create: %d %s", st, b)
	}
	id := testenv.JSON(t, b)["id"].(string)
	for _, tc := range []struct{ method, path string }{
		{"POST", "/v1/listen_sessions"},
		{"PATCH", "/v1/webhook_endpoints/" + id},
		{"POST", "/v1/orders"},
		{"POST", "/v1/webhook_endpoints"},
	} {
		for _, body := range []string{"null", " null\n", "[]"} {
			st, b := s.Do(t, tc.method, tc.path, s.APIKey, body)
			code, _ := apiError(b)
			if st != 400 || code != "invalid_json" || !strings.Contains(string(b), "request body must be a JSON object") {
				t.Errorf("%s %s %q: %d %s; want 400 invalid_json", tc.method, tc.path, body, st, b)
			}
		}
	}
	if _, b := s.Do(t, "GET", "/v1/listen_sessions", s.APIKey, nil); strings.Contains(string(b), `"ls_`) {
		t.Errorf("a listen session was created: %s", b)
	}
	// Whitespace that is not JSON's is not an empty body: a route that
	// takes one would otherwise run with its defaults.
	for _, body := range []string{"\v", "\f", "\u00a0", "\u3000", " \u00a0 "} {
		st, b := s.Do(t, "POST", "/v1/listen_sessions", s.APIKey, body)
		if code, _ := apiError(b); st != 400 || code != "invalid_json" {
			t.Errorf("POST /v1/listen_sessions %q: %d %s; want 400 invalid_json", body, st, b)
		}
	}
	if _, b := s.Do(t, "GET", "/v1/listen_sessions", s.APIKey, nil); strings.Contains(string(b), `"ls_`) {
		t.Errorf("a listen session was created from whitespace: %s", b)
	}
	// A body that is not JSON is invalid_json whatever keys it holds: an
	// unknown one must not make it look like well-formed JSON.
	deep := `{"x":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`
	for _, body := range []string{`{"x":`, `{"x":1, ]`, `{"x":1}garbage`, `{"x":1}{}`, deep} {
		for _, path := range []string{"/v1/orders", "/v1/listen_sessions"} {
			st, b := s.Do(t, "POST", path, s.APIKey, body)
			if code, _ := apiError(b); st != 400 || code != "invalid_json" {
				t.Errorf("POST %s %.40q: %d %.200s; want 400 invalid_json", path, body, st, b)
			}
		}
	}
}

// TestListenSessionRequest: events [] is refused as on webhook endpoints
// (omitted still means all), and forward_to must be an http(s) URL.
func TestListenSessionRequest(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, tc := range []struct {
		body, code string // code "" = 201
	}{
		{`{"events": []}`, "invalid_events"},
		{`{"events": [], "forward_to": "http://localhost:3000/webhooks"}`, "invalid_events"},
		{`{"forward_to": "javascript:x"}`, "invalid_forward_to"},
		{`{"forward_to": "localhost:3000/webhooks"}`, "invalid_forward_to"},
		{`{"forward_to": "ftp://localhost/x"}`, "invalid_forward_to"},
		{`{"forward_to": "http:///x"}`, "invalid_forward_to"},
		{`{"forward_to": "/webhooks"}`, "invalid_forward_to"},
		{`{"forward_to": ""}`, "invalid_forward_to"},
		{`{"forward_to": "http://localhost:` + strings.Repeat("1", 2048) + `/"}`, "invalid_forward_to"},
		{`{}`, ""},
		{`{"events": ["order.cancelled"]}`, ""},
		{`{"forward_to": "http://localhost:3000/webhooks/esahayak"}`, ""},
		{`{"forward_to": "https://10.0.0.5:8443/hooks?x=1"}`, ""},
		{`{"forward_to": "HTTP://127.0.0.1:3000/"}`, ""},
		{`{"forward_to": "http://:3000/hook"}`, ""}, // esahayak listen --forward-to :3000/hook
		{`{"forward_to": "http://[::1]:99999"}`, "invalid_forward_to"},
		{`{"forward_to": "http://localhost:0"}`, "invalid_forward_to"},
		{`{"forward_to": "http://-/"}`, "invalid_forward_to"},
		{`{"forward_to": "http://.../"}`, "invalid_forward_to"},
		{`{"forward_to": "http://[::1]:8080/hook"}`, ""},
		// Shown like an endpoint's URL, and checked the same way.
		{`{"forward_to": "http://localhost:3000/\u202ekoohbew"}`, "invalid_forward_to"},
		{`{"forward_to": "http://localhost:3000/a\u200bb"}`, "invalid_forward_to"},
		{`{"forward_to": "http://localhost:3000/\ud81b\udfe4"}`, "invalid_forward_to"},
		{`{"forward_to": "http://localhost:3000/\ud83c\udff4\udb40\udc75\udb40\udc73\udb40\udc63\udb40\udc61\udb40\udc7f"}`, "invalid_forward_to"},
		{`{"forward_to": "http://localhost:3000/caf\u00e9/\ud83d\ude42"}`, ""},
	} {
		st, b := s.Do(t, "POST", "/v1/listen_sessions", s.APIKey, tc.body)
		if tc.code == "" {
			if st != 201 {
				t.Errorf("%.80s: %d %s", tc.body, st, b)
			}
			continue
		}
		if code, param := apiError(b); st != 422 || code != tc.code || !strings.HasPrefix(tc.body, `{"`+param+`"`) {
			t.Errorf("%.80s: %d %s; want 422 %s", tc.body, st, b, tc.code)
		}
	}
	_, b := s.Do(t, "POST", "/v1/listen_sessions", s.APIKey, `{}`)
	var ls struct{ Events []string }
	if json.Unmarshal(b, &ls); len(ls.Events) != 4 {
		t.Errorf("omitted events: %s; want all four", b)
	}
}

// TestLimitDigitsOnly: limit is plain decimal digits; a sign, whether
// written %2B or as a space, is refused alike; an empty one is the default.
func TestLimitDigitsOnly(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, path := range []string{"/v1/orders", "/v1/events", "/v1/webhook_endpoints", "/v1/deliveries", "/v1/listen_sessions"} {
		for _, q := range []string{"limit=%2B5", "limit=+5", "limit=-5", "limit=5.0", "limit=%205"} {
			st, b := s.Do(t, "GET", path+"?"+q, s.APIKey, nil)
			if code, param := apiError(b); st != 422 || code != "invalid_limit" || param != "limit" {
				t.Errorf("%s?%s: %d %s", path, q, st, b)
			}
		}
		// An empty value is the parameter left out, as for every filter.
		for _, q := range []string{"limit=5", "limit=05", "limit=100", "limit=", "limit"} {
			if st, b := s.Do(t, "GET", path+"?"+q, s.APIKey, nil); st != http.StatusOK {
				t.Errorf("%s?%s: %d %s", path, q, st, b)
			}
		}
	}
}

// TestEndpointURLQueryEncoded: the non-ASCII characters of a URL's query
// are stored, and shown, percent-encoded (a request target must be
// ASCII); the rest of the URL is kept as written.
func TestEndpointURLQueryEncoded(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	const in, want = "http://127.0.0.1:9/q/sp%20ace/ü?k=ü&t=%7e", "http://127.0.0.1:9/q/sp%20ace/ü?k=%C3%BC&t=%7e"
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]string{"url": in})
	if st != 201 {
		t.Fatalf("create: %d %s", st, b)
	}
	e := testenv.JSON(t, b)
	if e["url"] != want {
		t.Errorf("created url = %q, want %q", e["url"], want)
	}
	id := e["id"].(string)
	if _, b := s.Do(t, "GET", "/v1/webhook_endpoints/"+id, s.APIKey, nil); testenv.JSON(t, b)["url"] != want {
		t.Errorf("stored url: %s", b)
	}
	st, b = s.Do(t, "PATCH", "/v1/webhook_endpoints/"+id, s.APIKey, map[string]string{"url": "http://127.0.0.1:9/x?name=Zoë"})
	if st != 200 || testenv.JSON(t, b)["url"] != "http://127.0.0.1:9/x?name=Zo%C3%AB" {
		t.Errorf("PATCH: %d %s", st, b)
	}
	// An ASCII URL is kept byte for byte.
	const ascii = "http://127.0.0.1:9/Hooks?A=%2f&b"
	if st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]string{"url": ascii}); st != 201 || testenv.JSON(t, b)["url"] != ascii {
		t.Errorf("ASCII URL: %d %s", st, b)
	}
}

// TestInvisibleCharactersInURLRefused: a bidi override makes a URL read as
// another one wherever it is shown; zero-width, soft-hyphen and control
// characters hide in it. They are refused, not stored.
func TestInvisibleCharactersInURLRefused(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, u := range []string{
		"http://127.0.0.1:9/hook/\u202emoc.elpmaxe//:sptth",
		"http://127.0.0.1:9/a\u200bb",
		"http://127.0.0.1:9/a\u00adb",
		"http://127.0.0.1:9/a\u2066b\u2069",
		"http://127.0.0.1:9/a\u0085b",
		"http://127.0.0.1:9/a\u200db",                   // a joiner between ASCII letters joins nothing
		"http://127.0.0.1:9/x\u200d\u200d\u200d\u200dy", // nor joiners in a row
		"http://127.0.0.1:9/a?x=\u202eb",
		"http://127.0.0.1:9/a\ufe0f\u200d\ufe0fb",                                // joined invisibles
		"http://127.0.0.1:9/\U0001F525\u200d",                                    // a joiner at the end joins nothing
		"http://127.0.0.1:9/\u00a9\u200d\u00a9",                                  // nor between symbols that are not emoji
		"http://127.0.0.1:9/caf\u00e9\u200d\u00e9",                               // a joiner between Latin letters
		"http://127.0.0.1:9/pay\u3164ments",                                      // a Hangul filler: a letter that renders as nothing
		"http://127.0.0.1:9/a?x=\uffa0",                                          // its half-width form, in the query
		"http://127.0.0.1:9/a\u034fb",                                            // the combining grapheme joiner
		"http://127.0.0.1:9/pa\ufe00y",                                           // a variation selector after an ASCII letter
		"http://127.0.0.1:9/pa\U000E0100y",                                       // an ideographic one
		"http://127.0.0.1:9/pa\u180by",                                           // a Mongolian one
		"http://127.0.0.1:9/p?a=\ufe0f",                                          // emoji presentation of nothing
		"http://127.0.0.1:9/a\u00a0b",                                            // a no-break space
		"http://127.0.0.1:9/a\u3000b",                                            // an ideographic space
		"http://127.0.0.1:9/a\u2800b",                                            // the Braille blank
		"http://127.0.0.1:9/a\u2028b",                                            // a line separator
		"http://127.0.0.1:9/it\u2019\ufe0fs",                                     // a selector after punctuation that has no emoji form
		"http://127.0.0.1:9/pay\u2215\ufe01x",                                    // or after a math symbol without that variant
		"http://127.0.0.1:9/\u2194\ufe00",                                        // an emoji-capable arrow with a text selector of another kind
		"http://127.0.0.1:9/x\u20e3\ufe0f",                                       // after the keycap mark rather than before it
		"http://127.0.0.1:9/pay\U00016FE4ments",                                  // the Khitan filler
		"http://127.0.0.1:9/pay\ue000ments",                                      // private use: each font draws its own
		"http://127.0.0.1:9/a?x=\U000F0000",                                      // supplementary private use
		"http://127.0.0.1:9/a\U0010FFFEb",                                        // a noncharacter
		"http://127.0.0.1:9/a\U000E0067\U000E0062\U000E007F",                     // tags with no 🏴 before them
		"http://127.0.0.1:9/\U0001F3F4\U000E0067b",                               // nor their cancel tag after them
		"http://127.0.0.1:9/\U0001F3F4\U000E007F",                                // a cancel tag alone
		"http://127.0.0.1:9/x\U0001F3F4\U000E0070\U000E0061\U000E0079\U000E007F", // tags spelling a hidden "pay"
		"http://127.0.0.1:9/x\U0001F3F4\U000E0020\U000E007F",                     // a tag space
		"http://127.0.0.1:9/x\U0001F525\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", // England's tags after 🔥
		"http://127.0.0.1:9/a\ufdd0b", // a noncharacter in the BMP
	} {
		body := `{"url": "` + u + `"}`
		st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, body)
		if code, param := apiError(b); st != 422 || code != "invalid_url" || param != "url" {
			t.Errorf("POST %s: %d %s; want 422 invalid_url", body, st, b)
		}
	}
	for _, u := range []string{"http://127.0.0.1:9/hoök?q=ü", "http://127.0.0.1:9/hooks/👩\u200d💻", "http://127.0.0.1:9/می\u200cخواهم",
		"http://127.0.0.1:9/\u0915\u094d\u200d\u0937", "http://127.0.0.1:9/\u2764\ufe0f\u200d\U0001F525",
		"http://127.0.0.1:9/\u2764\ufe0f", "http://127.0.0.1:9/1\ufe0f\u20e3", "http://127.0.0.1:9/\u845b\U000E0100", "http://127.0.0.1:9/\u00a9\ufe0f",
		"http://127.0.0.1:9/\u2122\ufe0f", "http://127.0.0.1:9/\u2194\ufe0f", "http://127.0.0.1:9/\u2229\ufe00", "http://127.0.0.1:9/\u1820\u180b",
		"http://127.0.0.1:9/go-\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F",                                                                    // the flag of England
		"http://127.0.0.1:9/\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F\U0001F3F4\U000E0067\U000E0062\U000E0077\U000E006C\U000E0073\U000E007F", // Scotland's and Wales's
		"http://127.0.0.1:9/\U0001F642\u200d\u2194\ufe0f", // head shaking horizontally: a joiner before an emoji-capable arrow
		"http://127.0.0.1:9/\U0001FAE9",                   // an emoji newer than Go's Unicode tables
		"http://127.0.0.1:9/\U00010D50"} {                 // a script newer than them (Garay)
		// Letters, and the joiners of emoji and Persian words.
		if st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "`+u+`"}`); st != 201 {
			t.Errorf("%q: %d %s", u, st, b)
		}
	}
}

// A URL's length is checked before its characters: a run of 40,000 tag
// characters after 🏴 cost seconds of CPU to be refused.
func TestLongURLRefusedForItsLengthFirst(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	u := "http://127.0.0.1:9/x\U0001F3F4" + strings.Repeat("\U000E0061", 40000) + "\U000E007F"
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]string{"url": u})
	if code, _ := apiError(b); st != 422 || code != "invalid_url" || !strings.Contains(string(b), "at most 2048 characters") {
		t.Fatalf("a 40,000-tag URL: %d %.300s", st, b)
	}
}

// TestPatchKeepsAStoredURLTheRulesNowRefuse: a client that reads an
// endpoint, edits its description and sends the whole object back is not
// refused for a URL stored before a rule refused it; a new URL is still
// checked.
func TestPatchKeepsAStoredURLTheRulesNowRefuse(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]string{"url": "http://127.0.0.1:9/hooks/ab"})
	if st != 201 {
		t.Fatalf("create: %d %s", st, b)
	}
	id := testenv.JSON(t, b)["id"].(string)
	const old = "http://127.0.0.1:9/hooks/a\u200bb"
	if _, err := s.Store.UpdateEndpoint(context.Background(), s.AccountID, id, func(e *store.Endpoint) error {
		e.URL = old
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	st, b = s.Do(t, "PATCH", "/v1/webhook_endpoints/"+id, s.APIKey, map[string]string{"url": old, "description": "billing"})
	if e := testenv.JSON(t, b); st != 200 || e["url"] != old || e["description"] != "billing" {
		t.Fatalf("PATCH with the stored URL sent back: %d %s", st, b)
	}
	// Another URL with the same character is a change, and refused.
	st, b = s.Do(t, "PATCH", "/v1/webhook_endpoints/"+id, s.APIKey, map[string]string{"url": old + "c", "description": "other"})
	if code, param := apiError(b); st != 422 || code != "invalid_url" || param != "url" {
		t.Errorf("PATCH to a new URL with U+200B: %d %s; want 422 invalid_url", st, b)
	}
	if _, b := s.Do(t, "GET", "/v1/webhook_endpoints/"+id, s.APIKey, nil); testenv.JSON(t, b)["description"] != "billing" {
		t.Errorf("a refused PATCH changed the endpoint: %s", b)
	}
	// Sent back beside a PATCH that changes the URL, it never writes the
	// URL as read over the new one.
	for i := 0; i < 30; i++ {
		if _, err := s.Store.UpdateEndpoint(context.Background(), s.AccountID, id, func(e *store.Endpoint) error {
			e.URL = old
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		const valid = "http://127.0.0.1:9/hooks/new"
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			s.Do(t, "PATCH", "/v1/webhook_endpoints/"+id, s.APIKey, map[string]string{"url": old, "description": "billing"})
		}()
		go func() {
			defer wg.Done()
			s.Do(t, "PATCH", "/v1/webhook_endpoints/"+id, s.APIKey, map[string]string{"url": valid})
		}()
		wg.Wait()
		if _, b := s.Do(t, "GET", "/v1/webhook_endpoints/"+id, s.APIKey, nil); testenv.JSON(t, b)["url"] != valid {
			t.Fatalf("round %d: after a PATCH to %s beside one sending the stored URL back: %s", i, valid, b)
		}
	}
	// Another account's PATCH of it is a 404, whatever its body.
	_, other := s.NewAccount(t)
	if st, b := s.Do(t, "PATCH", "/v1/webhook_endpoints/"+id, other, map[string]string{"url": old}); st != 404 {
		t.Errorf("another account's PATCH: %d %s", st, b)
	}
}

// TestDescriptionRefusesControlCharacters: a description with a control
// character (BEL, ESC, a line break) or a bidi control (U+202E makes the
// words after it read backwards wherever it is shown) is 422
// invalid_description naming the character and where it is; an emoji's
// zero-width joiner is the customer's; a description stored before the
// rule is kept by a PATCH that sends it back unchanged.
func TestDescriptionRefusesControlCharacters(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, c := range []struct{ desc, code string }{
		{"bill\u0007ing", "U+0007 at character 5"},
		{"\u001b[31mred", "U+001B at character 1"},
		{"line\nbreak", "U+000A at character 5"},
		{"invoice \u202egnp.exe", "U+202E at character 9"},
		{"a\u2066b", "U+2066 at character 2"},
		{"\u0085", "U+0085 at character 1"},
		// The other two line breaks of Unicode beside NEL (U+0085): a
		// line and a paragraph separator break the line as \n does.
		{"billing\u2028team", "U+2028 at character 8"},
		{"\u2029", "U+2029 at character 1"},
	} {
		st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]string{"url": "http://127.0.0.1:9/hooks", "description": c.desc})
		if code, param := apiError(b); st != 422 || code != "invalid_description" || param != "description" || !strings.Contains(string(b), c.code) {
			t.Errorf("description %q: %d %s; want 422 invalid_description naming %s", c.desc, st, b, c.code)
		}
	}
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]string{"url": "http://127.0.0.1:9/hooks", "description": "Team 👩\u200d💻 बिल"})
	if st != 201 {
		t.Fatalf("an emoji sequence and Devanagari: %d %s", st, b)
	}
	id := testenv.JSON(t, b)["id"].(string)
	const old = "legacy\u0007 \u202eeman"
	if _, err := s.Store.UpdateEndpoint(context.Background(), s.AccountID, id, func(e *store.Endpoint) error {
		e.Description = old
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	st, b = s.Do(t, "PATCH", "/v1/webhook_endpoints/"+id, s.APIKey, map[string]any{"url": "http://127.0.0.1:9/hooks", "description": old, "events": []string{"order.delivered"}})
	if e := testenv.JSON(t, b); st != 200 || e["description"] != old {
		t.Fatalf("PATCH sending the stored description back: %d %s", st, b)
	}
	st, b = s.Do(t, "PATCH", "/v1/webhook_endpoints/"+id, s.APIKey, map[string]string{"description": old + "x"})
	if code, _ := apiError(b); st != 422 || code != "invalid_description" {
		t.Errorf("PATCH to another description with U+0007: %d %s", st, b)
	}
}
