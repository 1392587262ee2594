package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestPathIDOfAnotherKindSaysSo: a whole id of another kind in a route's
// path (the order's stamp_request.id on GET /v1/orders/{id}, an order's
// id on GET /v1/events/{id}) was answered "no such order" or "no such
// event", as if the object the client had just been given were gone. The
// 404 now says whose id it is and what the route takes. Status, type and
// code are as before; nothing is looked up, so it tells nothing of other
// accounts' objects, and an id of the route's own kind keeps the bare
// message.
func TestPathIDOfAnotherKindSaysSo(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	o := createOrder(t, s, s.APIKey, false)
	orderID := o["id"].(string)
	stampID := o["stamp_request"].(map[string]any)["id"].(string)
	const evt = "evt_01m94xj9f0gzwj5jnxaet4crxk"
	const dlv = "dlv_01m94xj9f0gzwj5jnxaet4crxk"
	const we = "we_01m94xj9f0gzwj5jnxaet4crxk"
	for _, c := range []struct{ method, path, key, want string }{
		{"GET", "/v1/orders/" + stampID, s.APIKey, `no such order: "` + stampID + `" is the id of a stamp request, not of an order; this route takes an order id (order_ and 26 letters and digits)`},
		{"POST", "/v1/orders/" + evt + "/cancel", s.APIKey, `no such order: "` + evt + `" is the id of an event, not of an order; this route takes an order id (order_ and 26 letters and digits)`},
		{"POST", "/v1/orders/" + dlv + "/upload", s.Operator, `no such order: "` + dlv + `" is the id of a delivery, not of an order; this route takes an order id (order_ and 26 letters and digits)`},
		{"GET", "/v1/events/" + orderID, s.APIKey, `no such event: "` + orderID + `" is the id of an order, not of an event; this route takes an event id (evt_ and 26 letters and digits)`},
		{"GET", "/v1/deliveries/" + evt, s.APIKey, `no such delivery: "` + evt + `" is the id of an event, not of a delivery; this route takes a delivery id (dlv_ and 26 letters and digits)`},
		{"GET", "/v1/webhook_endpoints/" + dlv, s.APIKey, `no such webhook endpoint: "` + dlv + `" is the id of a delivery, not of a webhook endpoint; this route takes a webhook endpoint id (we_ and 26 letters and digits)`},
		{"GET", "/v1/listen_sessions/" + we, s.APIKey, `no such listen session: "` + we + `" is the id of a webhook endpoint, not of a listen session; this route takes a listen session id (ls_ and 26 letters and digits)`},
		// The route's own kind: as before; no id at all is said not to
		// be one of the route's kind (TestMalformedIDSaysWhatIsWrongWithIt).
		{"GET", "/v1/orders/order_01m94xj9f0gzwj5jnxaet4crxk", s.APIKey, "no such order"},
		{"GET", "/v1/events/nothing", s.APIKey, `no such event: "nothing" does not start with evt_; this route takes an event id (evt_ and 26 letters and digits)`},
	} {
		st, b := s.Do(t, c.method, c.path, c.key, nil)
		var e struct {
			Error struct{ Type, Code, Message string }
		}
		if err := json.Unmarshal(b, &e); err != nil || st != 404 || e.Error.Type != "not_found_error" || e.Error.Code != "resource_missing" {
			t.Fatalf("%s %s: %d %s (%v)", c.method, c.path, st, b, err)
		}
		if e.Error.Message != c.want {
			t.Errorf("%s %s: message\n %q, want\n %q", c.method, c.path, e.Error.Message, c.want)
		}
	}
	// A missing id of the route's kind and one of another kind's are
	// told apart by their shape alone: another account's order is "no
	// such order", word for word, as a missing one.
	_, other := s.NewAccount(t)
	if _, b := s.Do(t, "GET", "/v1/orders/"+orderID, other, nil); !strings.Contains(string(b), `"message":"no such order"`) {
		t.Errorf("another account's order: %s", b)
	}
}

// TestPathIDWithALookAlikeOrInUpperCaseSaysSo: an id with a look-alike
// letter (a Cyrillic о in оrder_…, which reads as the id) or written in
// upper case (ORDER_01…, as a careless client or a spreadsheet writes it)
// was answered the bare "no such order", as if the order were gone. The
// 404 now says why the id is none: the first character that is not ASCII
// and its position, or that ids are written in lower case, with the id
// as the API gave it. Status, type and code are as before.
func TestPathIDWithALookAlikeOrInUpperCaseSaysSo(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	orderID := createOrder(t, s, s.APIKey, false)["id"].(string)
	lookalike := "\u043e" + orderID[1:] // a Cyrillic о for the o
	upper := strings.ToUpper(orderID)
	for _, c := range []struct{ method, path, want string }{
		{"GET", "/v1/orders/" + lookalike, `no such order: "` + lookalike + `"; it has U+043E at character 1, which is not ASCII; this route takes an order id (order_ and 26 letters and digits)`},
		{"POST", "/v1/orders/" + upper + "/cancel", `no such order: "` + upper + `" has upper-case letters; ids are lower case, as the API gives them: "` + orderID + `"`},
		{"GET", "/v1/events/EVT_01M94XJ9F0GZWJ5JNXAET4CRXK", `no such event: "EVT_01M94XJ9F0GZWJ5JNXAET4CRXK" has upper-case letters; ids are lower case, as the API gives them: "evt_01m94xj9f0gzwj5jnxaet4crxk"`},
	} {
		st, b := s.Do(t, c.method, c.path, s.APIKey, nil)
		var e struct {
			Error struct{ Type, Code, Message string }
		}
		if err := json.Unmarshal(b, &e); err != nil || st != 404 || e.Error.Type != "not_found_error" || e.Error.Code != "resource_missing" {
			t.Fatalf("%s %s: %d %s (%v)", c.method, c.path, st, b, err)
		}
		if e.Error.Message != c.want {
			t.Errorf("%s %s: message\n %q, want\n %q", c.method, c.path, e.Error.Message, c.want)
		}
	}
	// The id as the message gives it is the order's.
	if st, _ := s.Do(t, "GET", "/v1/orders/"+orderID, s.APIKey, nil); st != 200 {
		t.Fatalf("GET the order: %d", st)
	}
}
