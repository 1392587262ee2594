package api

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/relay"
)

// The parsers of outside input must answer every body with a value or a
// precise *Error (or a FieldError/ TransitionError the API maps) — never a
// panic, never an unclassified error that would become a 500.

func classified(err error) bool {
	var e *Error
	var fe *order.FieldError
	return err == nil || errors.As(err, &e) || errors.As(err, &fe)
}

func FuzzParseCreateOrder(f *testing.F) {
	for _, s := range []string{
		`{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}, "delivery_requested": false}`,
		`{"stamp_request": {"state": "assam", "amount": 1e3}}`, `{"stamp_request": null}`, `[]`, `{`, ``, `{"stamp_request": {"amount": -0}}`,
		`{"stamp_request": {"amount": 99999999999999999999}}`, "{\"stamp_request\": {\"state\": \"\xff\"}}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		sr, _, err := ParseCreateOrder(body)
		if !classified(err) {
			t.Fatalf("unclassified error %T: %v", err, err)
		}
		if err == nil && (sr.Amount <= 0 || sr.Amount > order.MaxAmount || !order.ValidArticleCode(sr.ArticleCode)) {
			t.Fatalf("accepted an invalid request: %+v", sr)
		}
	})
}

func FuzzParseMove(f *testing.F) {
	for _, s := range []string{`{"reason": "x"}`, `{"error": {"code": "A", "message": "b"}}`, `{"delivery": {"partner": "P", "tracking_id": "T"}}`, ``, `null`, `{"error": null}`,
		`{"reason": "Refund \u202edeunitnoc"}`, `{"error": {"code": "A\u0000", "message": "b\nc"}}`, `{"delivery": {"partner": "क्\u200dष", "tracking_id": "EE\u200b1"}}`} {
		f.Add([]byte(s), uint8(0))
	}
	f.Fuzz(func(t *testing.T, body []byte, m uint8) {
		move := order.Moves[int(m)%len(order.Moves)]
		req, err := ParseMove(move, body)
		if !classified(err) {
			t.Fatalf("unclassified error %T: %v", err, err)
		}
		if err != nil {
			return
		}
		// Whatever free text a move keeps holds no character that would
		// make it read otherwise, or hide some of it.
		for _, text := range []string{req.Reason, req.Error.Code, req.Error.Message, req.Delivery.Partner, req.Delivery.TrackingID} {
			for i := 0; i < len(text); {
				c, size, hidden := order.HiddenAt(text, i)
				if hidden {
					t.Fatalf("%s kept %q, with U+%04X", move, text, c)
				}
				i += size
			}
		}
	})
}

func FuzzParseEndpointRequest(f *testing.F) {
	for _, s := range []string{`{"url": "https://a.example/x", "events": ["stamp.uploaded"]}`, `{"url": "http://[::1]:80/"}`, `{"status": "enabled"}`, `{"url": "https://%zz"}`} {
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, body []byte, create bool) {
		req, err := ParseEndpointRequest(body, create, false)
		if !classified(err) {
			t.Fatalf("unclassified error %T: %v", err, err)
		}
		if err == nil && req.URL != nil && ValidateEndpointURL(*req.URL, false) != nil {
			t.Fatal("accepted an invalid URL")
		}
	})
}

// Nesting is bounded before anything recurses: a body of a million "[" or
// of 100,000 nested objects, in a free-form or a typed field, is one
// invalid_json error, found without a frame or a string per level.
func TestDeepNestingIsRefused(t *testing.T) {
	type freeForm struct {
		Data    any               `json:"data"`
		Headers map[string]string `json:"headers"`
		List    [][]int           `json:"list"`
	}
	for _, body := range []string{
		`{"data": ` + strings.Repeat("[", 1_000_000),
		`{"data": ` + strings.Repeat(`{"a":`, 100_000) + "1" + strings.Repeat("}", 100_000) + "}",
		`{"headers": {"a": ` + strings.Repeat("[", 1_000_000),
		`{"list": ` + strings.Repeat("[", 100_000),
		`{"data": ` + strings.Repeat("[", maxNesting+1) + strings.Repeat("]", maxNesting+1) + "}",
	} {
		var dst freeForm
		err := decodeJSON([]byte(body), &dst, false)
		var e *Error
		if !errors.As(err, &e) || e.Status != 400 || e.Code != "invalid_json" {
			t.Fatalf("%.40s…: %v; want 400 invalid_json", body, err)
		}
	}
	// Inside a field that decodes itself: a value of the wrong kind,
	// however deep, named by its field (docs/api.md: invalid_type up to
	// 10,000 levels), not taken for a stamp_request of the wrong kind.
	_, _, err := ParseCreateOrder([]byte(`{"stamp_request": {"state": "Assam", "amount": ` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}}`))
	var e *Error
	if !errors.As(err, &e) || e.Code != "invalid_type" || e.Param != "stamp_request.amount" {
		t.Fatalf("deep amount: %v", err)
	}
	var dst freeForm
	ok := `{"data": ` + strings.Repeat("[", maxNesting-1) + strings.Repeat("]", maxNesting-1) + `, "headers": {"a": "b"}}`
	if err := decodeJSON([]byte(ok), &dst, false); err != nil {
		t.Fatalf("%d levels: %v", maxNesting, err)
	}
}

// A body is walked for at most maxValues tokens: a megabyte of short
// array elements or keys cost a second of CPU before anything was
// refused, and 20,000 valid event types were accepted (as one, deduplicated).
func TestTooManyValuesAreRefused(t *testing.T) {
	type body struct {
		Events  []string          `json:"events"`
		Headers map[string]string `json:"headers"`
	}
	many := func(n int, v string) string { return strings.TrimSuffix(strings.Repeat(v+",", n), ",") }
	manyKeys := func(n int, v string) string {
		members := make([]string, n)
		for i := range members {
			members[i] = fmt.Sprintf(`"k%d": %s`, i, v)
		}
		return strings.Join(members, ",")
	}
	for _, c := range []struct{ body, param string }{
		{`{"events": [` + many(20000, `"order.cancelled"`) + `]}`, "events"},
		{`{"headers": {` + manyKeys(20000, `"x"`) + `}}`, "headers"},
	} {
		var dst body
		err := decodeJSON([]byte(c.body), &dst, false)
		var e *Error
		if !errors.As(err, &e) || e.Status != 400 || e.Code != "invalid_json" || (e.Param != c.param && !strings.HasPrefix(e.Param, c.param+".")) || !strings.Contains(e.Message, "more than 10000 values") {
			t.Errorf("%.40s…: %v; want 400 invalid_json naming %s", c.body, err, c.param)
		}
	}
	// A value of the wrong kind is counted as it is skipped: one such
	// value switched the bound off for the rest of the body, and a map of
	// 100,000 keys after it was decoded whole.
	_, _, err := ParseCreateOrder([]byte(`{"stamp_request": {"state": "Assam", "amount": [` + many(20000, "1") + `]}}`))
	if e := (*Error)(nil); !errors.As(err, &e) || e.Code != "invalid_json" || !strings.HasPrefix(e.Param, "stamp_request") {
		t.Errorf("a long array as an amount: %v", err)
	}
	type report struct {
		Error          string            `json:"error"`
		RequestHeaders map[string]string `json:"request_headers"`
	}
	var rep report
	err = decodeJSON([]byte(`{"error": [`+many(9990, "1")+`], "request_headers": {`+manyKeys(100000, `""`)+`}}`), &rep, false)
	if e := (*Error)(nil); !errors.As(err, &e) || e.Code != "invalid_json" || !strings.HasPrefix(e.Param, "error") && !strings.HasPrefix(e.Param, "request_headers") {
		t.Errorf("a long value of the wrong kind before a long map: %v", err)
	}
	// The bound is exact, brackets counted: {"events": [ … ]} is 5 tokens
	// besides its elements.
	for n, ok := range map[int]bool{maxValues - 5: true, maxValues - 4: false} {
		var dst body
		err := decodeJSON([]byte(`{"events": [`+many(n, `"order.cancelled"`)+`]}`), &dst, false)
		if (err == nil) != ok {
			t.Errorf("%d events: %v", n, err)
		}
	}
	// The body's own members: the count ran out in none of them.
	var dst0 body
	err = decodeJSON([]byte(`{"events": [`+many(maxValues-4, `"order.cancelled"`)+`], "headers": {}}`), &dst0, false)
	if e := (*Error)(nil); !errors.As(err, &e) || e.Param != "" || !strings.Contains(e.Message, "(in the request body)") {
		t.Errorf("the count out at the body's own member: %v", err)
	}
	var dst body
	// Under the bound, a body is read as before.
	if err := decodeJSON([]byte(`{"events": [`+many(9000, `"order.cancelled"`)+`]}`), &dst, false); err != nil || len(dst.Events) != 9000 {
		t.Errorf("9,000 events: %v (%d read)", err, len(dst.Events))
	}
}

// FuzzListenReport: the body of POST /v1/listen_sessions/{id}/results,
// which carries free-form header maps.
func FuzzListenReport(f *testing.F) {
	for _, s := range []string{
		`{"event_id": "evt_x", "started_at": "2026-01-01T00:00:00Z", "duration_ms": 3, "status": 200, "response_headers": {"a": "b"}}`,
		`{"request_headers": {"a": [[[1]]]}}`, `{"response_headers": {"a": {"b": {}}}}`, `{"status": 2e2}`, `[`, ``,
		`{"request_headers": {"a": "b", "a": "c"}}`, `{"error": "\u0000"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var rep relay.Report
		err := decodeJSON(body, &rep, false)
		if err == nil {
			_, err = parseReport(rep, time.Now())
		}
		if !classified(err) {
			t.Fatalf("unclassified error %T: %v", err, err)
		}
	})
}

func TestLoneSurrogate(t *testing.T) {
	for body, want := range map[string]int{
		`{"a": "x"}`:                    -1,
		`{"a": "\ud83d\ude00"}`:         -1, // a pair: 😀
		`{"a": "\uD83D\uDE00\u00e9"}`:   -1,
		`{"a": "\\ud800"}`:              -1, // an escaped backslash, then text
		`{"a": "\ud800"}`:               7,
		`{"a": "\udc00"}`:               7,
		`{"a": "\ud800\u0041"}`:         7,
		`{"a": "ok", "\ud800b": 1}`:     13,
		`{"a": "\"\ud800"}`:             9,
		`{"a": "\u12"}`:                 -1, // malformed: the decoder's to report
		`{"a": "\ud83d\ude00", "b": 1}`: -1,
	} {
		if got := loneSurrogate([]byte(body)); got != want {
			t.Errorf("loneSurrogate(%s) = %d, want %d", body, got, want)
		}
	}
	var dst struct{ Description string }
	err := decodeJSON([]byte(`{"description": "a\ud800b"}`), &dst, false)
	var e *Error
	if !errors.As(err, &e) || e.Status != 400 || e.Code != "invalid_json" || !strings.Contains(e.Message, "surrogate") {
		t.Fatalf("lone surrogate: %v", err)
	}
}

func FuzzLoneSurrogate(f *testing.F) {
	for _, s := range []string{`{"a": "\ud800"}`, `"\\u`, `"\ud83d\ude00"`, `\u"`, `"\ud800\u`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		at := loneSurrogate(body)
		if at >= 0 && (at+6 > len(body) || body[at] != '\\' || body[at+1] != 'u') {
			t.Fatalf("offset %d does not point at a \\u escape", at)
		}
		var dst struct{ A string }
		if err := decodeJSON(body, &dst, false); !classified(err) {
			t.Fatalf("unclassified error %T: %v", err, err)
		}
	})
}

// BenchmarkDecodeManyKeys: a megabyte of short header names in a listen
// result, the costliest body an API key could send before the walk was
// bounded (maxValues); 1 s of CPU per request on a slow machine then.
//
//	go test ./internal/api -run '^$' -bench DecodeManyKeys -benchtime 20x
func BenchmarkDecodeManyKeys(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"event_id": "evt_x", "request_headers": {`)
	for i := range 115000 {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `"%x":""`, i)
	}
	sb.WriteString(`}}`)
	body := []byte(sb.String())
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		var rep relay.Report
		if err := decodeJSON(body, &rep, false); err == nil {
			b.Fatal("accepted")
		}
	}
}
