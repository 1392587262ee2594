package order

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

// TestEveryStatusMovePair walks the whole state machine: each (status,
// move, actor) either yields exactly the documented next status and event,
// or is refused with a TransitionError naming the current status.
func TestEveryStatusMovePair(t *testing.T) {
	type want struct {
		to    string
		event string
	}
	ok := map[string]map[Move]map[Actor]want{
		store.StatusProcessing: {
			MoveUpload: {Operator: {store.StatusCompleted, EventStampUploaded}},
			MoveFail:   {Operator: {store.StatusFailed, EventStampFailed}},
			MoveCancel: {Operator: {store.StatusCancelled, EventOrderCancelled}, Customer: {store.StatusCancelled, EventOrderCancelled}},
		},
		store.StatusFailed: {
			MoveRetry:  {Operator: {store.StatusProcessing, ""}},
			MoveCancel: {Operator: {store.StatusCancelled, EventOrderCancelled}, Customer: {store.StatusCancelled, EventOrderCancelled}},
		},
		store.StatusCompleted: {
			MoveDeliver: {Operator: {store.StatusDelivered, EventOrderDelivered}},
			MoveCancel:  {Operator: {store.StatusCancelled, EventOrderCancelled}},
		},
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, status := range Statuses {
		for _, m := range Moves {
			for _, actor := range []Actor{Customer, Operator} {
				cur := store.Order{ID: "order_x", AccountID: "acct_x", Status: status, DeliveryRequested: true, Version: 3,
					StampRequest: store.StampRequest{ID: "stamp_x", State: "Assam", Amount: 1000, ArticleCode: "AS-RG-4", Provider: "SHCIL"}}
				tr, err := Apply(cur, Request{Move: m, Actor: actor, Now: now, Reason: "r", Error: ErrorDetail{Code: "C", Message: "M"}, Delivery: DeliveryDetail{Partner: "P", TrackingID: "T"}})
				w, allowed := ok[status][m][actor]
				if !allowed {
					var te *TransitionError
					if !errors.As(err, &te) || te.From != status {
						t.Errorf("%s %s by %d: err = %v, want TransitionError from %s", status, m, actor, err, status)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s %s by %d: %v", status, m, actor, err)
					continue
				}
				if tr.Order.Status != w.to || tr.Order.Version != 4 {
					t.Errorf("%s %s: to %s v%d, want %s v4", status, m, tr.Order.Status, tr.Order.Version, w.to)
				}
				if w.event == "" {
					if tr.Event != nil {
						t.Errorf("%s %s emitted %s, want none", status, m, tr.Event.Type)
					}
					continue
				}
				if tr.Event == nil || tr.Event.Type != w.event {
					t.Errorf("%s %s: event %+v, want %s", status, m, tr.Event, w.event)
					continue
				}
				var p map[string]any
				if err := json.Unmarshal(tr.Event.Payload, &p); err != nil {
					t.Fatal(err)
				}
				data := p["data"].(map[string]any)
				if p["id"] != tr.Event.ID || p["type"] != w.event || data["order"].(map[string]any)["status"] != w.to {
					t.Errorf("payload = %s", tr.Event.Payload)
				}
			}
		}
	}
}

// TestDeliverNeedsDeliveryRequested: delivering a completed order that did
// not ask for physical delivery is refused, saying so; the same order that
// asked for it is delivered. (It checked only for a TransitionError, which
// any refusal of the move gives.)
func TestDeliverNeedsDeliveryRequested(t *testing.T) {
	cur := store.Order{Status: store.StatusCompleted}
	r := Request{Move: MoveDeliver, Actor: Operator, Now: time.Now(), Delivery: DeliveryDetail{Partner: "BlueDart", TrackingID: "T1"}}
	_, err := Apply(cur, r)
	var te *TransitionError
	if !errors.As(err, &te) || err.Error() != "cannot deliver an order that did not request physical delivery" {
		t.Fatalf("deliver without delivery_requested: err = %v, want a TransitionError saying no physical delivery was requested", err)
	}
	cur.DeliveryRequested = true
	tr, err := Apply(cur, r)
	if err != nil || tr.Order.Status != store.StatusDelivered {
		t.Fatalf("deliver with delivery_requested: %v, status %q, want %q", err, tr.Order.Status, store.StatusDelivered)
	}
}

// TestMoveNeverStampedBeforeThePrevious: a request takes its time before
// the store locks the order, so a move that waits behind another (on
// another instance) can hold an earlier time than the move committed
// before it, or the same millisecond. Its event must be stamped after
// that move, to the millisecond (created_at's precision), so that its
// created_at and its id (whose time is that millisecond: two instances'
// ids of one millisecond sort at random) both sort after the other's.
func TestMoveNeverStampedBeforeThePrevious(t *testing.T) {
	uploaded := time.Date(2026, 12, 1, 5, 31, 51, 825_400_000, time.UTC)
	after := time.Date(2026, 12, 1, 5, 31, 51, 826_000_000, time.UTC)
	cur := store.Order{ID: "ord_x", Status: store.StatusCompleted, UpdatedAt: uploaded, Version: 3,
		StampRequest: store.StampRequest{Amount: 100}}
	for _, now := range []time.Time{uploaded.Add(-time.Millisecond), uploaded, uploaded.Add(300 * time.Microsecond)} {
		tr, err := Apply(cur, Request{Move: MoveCancel, Actor: Operator, Reason: "r", Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if !tr.Event.CreatedAt.Equal(after) || !tr.Order.UpdatedAt.Equal(after) || !tr.Order.CancelledAt.Equal(after) {
			t.Fatalf("cancel at %s after an upload at %s stamped event %s, order %s, cancelled_at %s",
				now, uploaded, tr.Event.CreatedAt, tr.Order.UpdatedAt, tr.Order.CancelledAt)
		}
		var p struct {
			CreatedAt string `json:"created_at"`
		}
		if err := json.Unmarshal(tr.Event.Payload, &p); err != nil || p.CreatedAt != "2026-12-01T05:31:51.826Z" {
			t.Fatalf("payload created_at = %q (%v)", p.CreatedAt, err)
		}
	}
	tr, err := Apply(cur, Request{Move: MoveCancel, Actor: Operator, Reason: "r", Now: uploaded.Add(-time.Millisecond)})
	if err != nil {
		t.Fatal(err)
	}
	// A later request time is kept as it is.
	tr, err = Apply(cur, Request{Move: MoveCancel, Actor: Operator, Reason: "r", Now: uploaded.Add(time.Second)})
	if err != nil || !tr.Event.CreatedAt.Equal(uploaded.Add(time.Second)) {
		t.Fatalf("later move stamped %s (%v)", tr.Event.CreatedAt, err)
	}
}

// TestEventIDCarriesItsCreatedAt: the time in an event's id is its
// created_at's millisecond, even when this process has made ids of a later
// time (as one instance of several does while another instance writes the
// order's next change), so an order's events sort by id as by created_at.
func TestEventIDCarriesItsCreatedAt(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Millisecond)
	ids.NewAt(ids.Delivery, now.Add(time.Hour)) // this process is ahead
	cur := store.Order{ID: "order_1", AccountID: "acct_1", Status: store.StatusProcessing, UpdatedAt: now.Add(-time.Second),
		StampRequest: store.StampRequest{Amount: 1000}}
	tr, err := Apply(cur, Request{Move: MoveUpload, Actor: Operator, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	at := tr.Event.CreatedAt
	if id := tr.Event.ID; at.Before(now) || at.Sub(now) > time.Second || id < ids.Floor(ids.Event, at) || id >= ids.Floor(ids.Event, at.Add(time.Millisecond)) {
		t.Fatalf("event asked for at %s, created at %s, has id %s, outside [%s, %s)", now.Format(TimeFormat), at.Format(TimeFormat), id,
			ids.Floor(ids.Event, at), ids.Floor(ids.Event, at.Add(time.Millisecond)))
	}
	if !tr.Order.UpdatedAt.Equal(at) {
		t.Errorf("the order's updated_at %s is not its event's created_at %s", tr.Order.UpdatedAt.Format(TimeFormat), at.Format(TimeFormat))
	}
}

// TestPayloadMatchesGuide checks the exact bytes of an event: the guide's
// field order and names, and each type's extra object.
func TestPayloadMatchesGuide(t *testing.T) {
	created := time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)
	at := time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC)
	o := store.Order{ID: "order_12345", Status: store.StatusCompleted, CreatedAt: created,
		StampRequest: store.StampRequest{ID: "stamp_67890", State: "Assam", Amount: 1000, ArticleCode: "AS-RG-4", Provider: "SHCIL"}}
	got, err := Payload("evt_1", EventStampUploaded, at, o, false)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"evt_1","type":"stamp.uploaded","created_at":"2024-01-15T10:30:00.000Z","data":{"order":{"id":"order_12345","status":"COMPLETED","created_at":"2024-01-15T10:00:00.000Z"},"stamp_request":{"id":"stamp_67890","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"}}}`
	if string(got) != want {
		t.Fatalf("payload\n got %s\nwant %s", got, want)
	}
	o.Status, o.CancelReason, o.RefundAmount, o.RefundStatus = store.StatusCancelled, "customer asked", 1000, "INITIATED"
	got, _ = Payload("evt_2", EventOrderCancelled, at, o, false)
	var p struct {
		Data struct {
			Cancellation struct {
				Reason string
				Refund struct {
					Amount int64
					Status string
				}
			}
		}
	}
	json.Unmarshal(got, &p)
	if p.Data.Cancellation.Reason != "customer asked" || p.Data.Cancellation.Refund.Amount != 1000 || p.Data.Cancellation.Refund.Status != "INITIATED" {
		t.Fatalf("cancellation payload = %s", got)
	}
	for _, typ := range EventTypes {
		ev, err := SampleEvent("acct_1", typ, at)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		json.Unmarshal(ev.Payload, &m)
		if m["test"] != true || m["type"] != typ || m["data"] == nil {
			t.Fatalf("sample %s = %s", typ, ev.Payload)
		}
	}
}

func TestValidateStampRequest(t *testing.T) {
	s := func(v string) *string { return &v }
	n := func(v int64) *int64 { return &v }
	good := StampRequestInput{State: s("  assam "), Amount: n(1000), ArticleCode: s("AS-RG-4"), Provider: s("shcil")}
	v, err := ValidateStampRequest(good)
	if err != nil || v.State != "Assam" || v.Provider != "SHCIL" {
		t.Fatalf("good = %+v, %v", v, err)
	}
	if v, _ := ValidateStampRequest(StampRequestInput{State: s("ORISSA"), Amount: n(1), ArticleCode: s("A"), Provider: s("SHCIL")}); v.State != "Odisha" {
		t.Fatalf("alias: %+v", v)
	}
	for name, tc := range map[string]struct {
		in    StampRequestInput
		field string
	}{
		"no state":      {StampRequestInput{Amount: n(1), ArticleCode: s("A"), Provider: s("SHCIL")}, "stamp_request.state"},
		"bad state":     {StampRequestInput{State: s("Atlantis"), Amount: n(1), ArticleCode: s("A"), Provider: s("SHCIL")}, "stamp_request.state"},
		"zero amount":   {StampRequestInput{State: s("Goa"), Amount: n(0), ArticleCode: s("A"), Provider: s("SHCIL")}, "stamp_request.amount"},
		"huge amount":   {StampRequestInput{State: s("Goa"), Amount: n(MaxAmount + 1), ArticleCode: s("A"), Provider: s("SHCIL")}, "stamp_request.amount"},
		"lower code":    {StampRequestInput{State: s("Goa"), Amount: n(1), ArticleCode: s("as-rg-4"), Provider: s("SHCIL")}, "stamp_request.article_code"},
		"long code":     {StampRequestInput{State: s("Goa"), Amount: n(1), ArticleCode: s("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"), Provider: s("SHCIL")}, "stamp_request.article_code"},
		"empty code":    {StampRequestInput{State: s("Goa"), Amount: n(1), ArticleCode: s(""), Provider: s("SHCIL")}, "stamp_request.article_code"},
		"hyphens only":  {StampRequestInput{State: s("Goa"), Amount: n(1), ArticleCode: s("---"), Provider: s("SHCIL")}, "stamp_request.article_code"},
		"bad provider":  {StampRequestInput{State: s("Goa"), Amount: n(1), ArticleCode: s("A"), Provider: s("ACME")}, "stamp_request.provider"},
		"no provider":   {StampRequestInput{State: s("Goa"), Amount: n(1), ArticleCode: s("A")}, "stamp_request.provider"},
		"no amount":     {StampRequestInput{State: s("Goa"), ArticleCode: s("A"), Provider: s("SHCIL")}, "stamp_request.amount"},
		"space in code": {StampRequestInput{State: s("Goa"), Amount: n(1), ArticleCode: s("AS RG"), Provider: s("SHCIL")}, "stamp_request.article_code"},
		// "Any case" is ASCII case: look-alikes that Unicode folds to the
		// letters (the Kelvin sign, the long s) are not the names.
		"Kelvin sign state": {StampRequestInput{State: s("\u212Aerala"), Amount: n(1), ArticleCode: s("A"), Provider: s("SHCIL")}, "stamp_request.state"},
		"long s provider":   {StampRequestInput{State: s("Goa"), Amount: n(1), ArticleCode: s("A"), Provider: s("\u017Fhcil")}, "stamp_request.provider"},
		"no-break space":    {StampRequestInput{State: s("Tamil\u00a0Nadu"), Amount: n(1), ArticleCode: s("A"), Provider: s("SHCIL")}, "stamp_request.state"},
		"ideographic space": {StampRequestInput{State: s("Goa"), Amount: n(1), ArticleCode: s("A"), Provider: s("\u3000shcil")}, "stamp_request.provider"},
	} {
		_, err := ValidateStampRequest(tc.in)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: err = %v, want field %s", name, err, tc.field)
		} else if !strings.HasPrefix(fe.Message, tc.field+" ") {
			// As the decoder's messages do (stamp_request.amount must be a
			// whole number…): one field, one name.
			t.Errorf("%s: message %q does not name the field as %s", name, fe.Message, tc.field)
		}
	}
	for in, want := range map[string]string{"failed": "FAILED", "Failed": "FAILED", "COMPLETED": "COMPLETED"} {
		if got, ok := CanonicalStatus(in); !ok || got != want {
			t.Errorf("CanonicalStatus(%q) = %q, %v", in, got, ok)
		}
	}
	if got, ok := CanonicalStatus("fa\u0131led"); ok { // dotless ı upper-cases to I
		t.Errorf("CanonicalStatus(dotless ı) = %q, want refused", got)
	}
	if len(States) != 36 {
		t.Fatalf("%d states and union territories, want 36", len(States))
	}
}

// TestInvalidStateNamesTheStateMeant: a misspelt state ("Asam") was
// refused with the rule alone; the message now names the state meant when
// one is close, and guesses nothing otherwise. The code is unchanged.
func TestInvalidStateNamesTheStateMeant(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Asam", "Assam"},
		{"maharastra", "Maharashtra"},
		{"Tamilnadu", "Tamil Nadu"},
		{"Jammu", "Jammu and Kashmir"},
		{"Atlantis", ""},
		{"Goaa", "Goa"},
		{"XY", ""},
		{strings.Repeat("Assam", 100), ""},
		// Look-alikes: a Cyrillic А or а for the Latin letter, a
		// zero-width space after the name. Each is one edit from its
		// state, as "Asam" is, and was refused with the rule alone.
		{"\u0410ssam", "Assam"},
		{"Ker\u0430la", "Kerala"},
		{"Assam\u200b", "Assam"},
	} {
		state, amount, code, provider := tc.in, int64(1000), "AS-RG-4", "SHCIL"
		_, err := ValidateStampRequest(StampRequestInput{State: &state, Amount: &amount, ArticleCode: &code, Provider: &provider})
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Code != "invalid_state" {
			t.Errorf("%.20q: %v, want invalid_state", tc.in, err)
			continue
		}
		switch {
		case tc.want == "" && strings.Contains(fe.Message, "did you mean"):
			t.Errorf("%.20q: %q guesses where no state is near", tc.in, fe.Message)
		case tc.want != "" && !strings.HasSuffix(fe.Message, `(did you mean "`+tc.want+`"?)`):
			t.Errorf("%q: message %q, want it to end (did you mean %q?)", tc.in, fe.Message, tc.want)
		}
	}
}

// TestInvalidStateNamesItsNonASCIICharacter: a state written with a
// character that only looks like a letter of its name ("Аssam" with a
// Cyrillic А, "Assam" with a zero-width space) read, quoted in the
// message, exactly as the state it was refused for: the message names the
// character and where it is, as the move texts' messages do.
func TestInvalidStateNamesItsNonASCIICharacter(t *testing.T) {
	for in, want := range map[string]string{
		"\u0410ssam":         `names are written in ASCII, and it has U+0410 at character 1 (did you mean "Assam"?)`,
		"Assam\u200b":        `names are written in ASCII, and it has U+200B at character 6 (did you mean "Assam"?)`,
		"Tamil\u00a0Nadu":    `names are written in ASCII, and it has U+00A0 at character 6 (did you mean "Tamil Nadu"?)`,
		"\u0905\u0938\u092e": "names are written in ASCII, and it has U+0905 at character 1",
	} {
		state, amount, code, provider := in, int64(1000), "AS-RG-4", "SHCIL"
		_, err := ValidateStampRequest(StampRequestInput{State: &state, Amount: &amount, ArticleCode: &code, Provider: &provider})
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Code != "invalid_state" || !strings.HasSuffix(fe.Message, want) {
			t.Errorf("%q: %v, want invalid_state ending %q", in, err, want)
		}
	}
	// An ASCII name says nothing of characters.
	state, amount, code, provider := "Atlantis", int64(1000), "AS-RG-4", "SHCIL"
	_, err := ValidateStampRequest(StampRequestInput{State: &state, Amount: &amount, ArticleCode: &code, Provider: &provider})
	if err == nil || strings.Contains(err.Error(), "ASCII") {
		t.Errorf("Atlantis: %v, want invalid_state with the rule alone", err)
	}
}

// TestMovesCarryTheirDetails: each move writes what it was asked into the
// order (as GET /v1/orders/{id} shows it) and into its event's payload
// (as the receiver reads it): a fail's code and message, a retry clearing
// them, a delivery's partner, tracking id and time, a cancellation's
// reason and refund. TestEveryStatusMovePair checked statuses and event
// types only: no test failed when the fail's message was its code, the
// retry kept the old error, the partner and tracking id were swapped, the
// delivery time or the cancel reason was not kept, or the refund was 0 or
// not INITIATED (each by hand).
func TestMovesCarryTheirDetails(t *testing.T) {
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	base := store.Order{ID: "order_x", AccountID: "acct_x", Status: store.StatusProcessing, DeliveryRequested: true, Version: 1,
		StampRequest: store.StampRequest{ID: "stamp_x", State: "Assam", Amount: 1234, ArticleCode: "AS-RG-4", Provider: "SHCIL"}}
	type payloadData struct {
		Data struct {
			Error    *ErrorDetail
			Delivery *struct {
				Partner     string
				TrackingID  string `json:"tracking_id"`
				DeliveredAt string `json:"delivered_at"`
			}
			Cancellation *struct {
				Reason string
				Refund struct {
					Amount int64
					Status string
				}
			}
		}
	}
	apply := func(cur store.Order, r Request) (store.Order, payloadData) {
		t.Helper()
		r.Now = now
		tr, err := Apply(cur, r)
		if err != nil {
			t.Fatalf("%s from %s: %v", r.Move, cur.Status, err)
		}
		var p payloadData
		if tr.Event != nil {
			if err := json.Unmarshal(tr.Event.Payload, &p); err != nil {
				t.Fatal(err)
			}
		}
		return tr.Order, p
	}

	failed, p := apply(base, Request{Move: MoveFail, Actor: Operator, Error: ErrorDetail{Code: "PORTAL_DOWN", Message: "portal did not answer"}})
	if failed.ErrorCode != "PORTAL_DOWN" || failed.ErrorMessage != "portal did not answer" {
		t.Errorf("failed order's error = %q, %q", failed.ErrorCode, failed.ErrorMessage)
	}
	if p.Data.Error == nil || *p.Data.Error != (ErrorDetail{Code: "PORTAL_DOWN", Message: "portal did not answer"}) {
		t.Errorf("stamp.failed payload error = %+v", p.Data.Error)
	}

	retried, _ := apply(failed, Request{Move: MoveRetry, Actor: Operator})
	if retried.ErrorCode != "" || retried.ErrorMessage != "" {
		t.Errorf("retried order still shows the error %q, %q", retried.ErrorCode, retried.ErrorMessage)
	}

	completed := base
	completed.Status = store.StatusCompleted
	delivered, p := apply(completed, Request{Move: MoveDeliver, Actor: Operator, Delivery: DeliveryDetail{Partner: "India Post", TrackingID: "EE1IN"}})
	if delivered.DeliveryPartner != "India Post" || delivered.TrackingID != "EE1IN" || delivered.DeliveredAt == nil || !delivered.DeliveredAt.Equal(delivered.UpdatedAt) {
		t.Errorf("delivered order: partner %q, tracking %q, delivered_at %v (updated_at %s)", delivered.DeliveryPartner, delivered.TrackingID, delivered.DeliveredAt, delivered.UpdatedAt)
	}
	if d := p.Data.Delivery; d == nil || d.Partner != "India Post" || d.TrackingID != "EE1IN" || d.DeliveredAt != FormatTime(delivered.UpdatedAt) {
		t.Errorf("order.delivered payload delivery = %+v", d)
	}

	for _, actor := range []Actor{Customer, Operator} {
		cancelled, p := apply(base, Request{Move: MoveCancel, Actor: actor, Reason: "customer asked"})
		if cancelled.CancelReason != "customer asked" || cancelled.RefundAmount != 1234 || cancelled.RefundStatus != "INITIATED" {
			t.Errorf("cancelled order: reason %q, refund %d %q", cancelled.CancelReason, cancelled.RefundAmount, cancelled.RefundStatus)
		}
		if c := p.Data.Cancellation; c == nil || c.Reason != "customer asked" || c.Refund.Amount != 1234 || c.Refund.Status != "INITIATED" {
			t.Errorf("order.cancelled payload cancellation = %+v", c)
		}
	}
}

// TestStampRequestBoundsAndSpellings: the documented bounds are accepted
// at their edges (an amount of exactly 100,000,000, an article code of
// exactly 32 characters) and the amount is kept; names are matched in any
// ASCII case (an upper-case Z too: "MIZORAM") and with ASCII white space
// around or between their words (a tab; a provider " shcil "); a refused
// state is quoted cut at 64 bytes. No test failed when the edges were
// refused, the amount was dropped, Z was not lowered, a tab was no space,
// the provider was not trimmed or the quote was not cut (each by hand).
func TestStampRequestBoundsAndSpellings(t *testing.T) {
	s := func(v string) *string { return &v }
	n := func(v int64) *int64 { return &v }
	code32 := strings.Repeat("AB-4", 8)
	v, err := ValidateStampRequest(StampRequestInput{State: s("MIZORAM"), Amount: n(MaxAmount), ArticleCode: s(code32), Provider: s(" shcil\t")})
	if err != nil || v.State != "Mizoram" || v.Amount != MaxAmount || v.ArticleCode != code32 || v.Provider != "SHCIL" {
		t.Fatalf("MIZORAM, %d, a 32-character code, \" shcil\\t\" = %+v, %v", int64(MaxAmount), v, err)
	}
	v, err = ValidateStampRequest(StampRequestInput{State: s("Tamil\tNadu"), Amount: n(1), ArticleCode: s("A"), Provider: s("NESL")})
	if err != nil || v.State != "Tamil Nadu" || v.Amount != 1 {
		t.Fatalf("Tamil<TAB>Nadu = %+v, %v", v, err)
	}
	long := strings.Repeat("x", 200)
	_, err = ValidateStampRequest(StampRequestInput{State: s(long), Amount: n(1), ArticleCode: s("A"), Provider: s("NESL")})
	var fe *FieldError
	if !errors.As(err, &fe) || strings.Contains(fe.Message, strings.Repeat("x", 65)) || !strings.Contains(fe.Message, strings.Repeat("x", 64)+"…") {
		t.Fatalf("a 200-byte state: %v, want its quote cut at 64 bytes", err)
	}
	// A long name three edits off is no typo of it (at most two).
	_, err = ValidateStampRequest(StampRequestInput{State: s("Maharashtraxyz"), Amount: n(1), ArticleCode: s("A"), Provider: s("NESL")})
	if !errors.As(err, &fe) || strings.Contains(fe.Message, "did you mean") {
		t.Fatalf("Maharashtraxyz: %v, want no guess", err)
	}
}

// TestSampleEventIdsCarryTheirObjectsTimes: ids sort by creation time
// (docs/api.md), and a receiver may read an object's time from its id. A
// test event's made-up order was created ten minutes before the event,
// but its order and stamp request ids carried the moment the sample was
// made, ten minutes after its created_at.
func TestSampleEventIdsCarryTheirObjectsTimes(t *testing.T) {
	at := time.Now().UTC().Truncate(time.Millisecond)
	inMS := func(prefix, id string, when time.Time) bool {
		return ids.Valid(prefix, id) && id >= ids.Floor(prefix, when) && id < ids.Floor(prefix, when.Add(time.Millisecond))
	}
	for _, typ := range EventTypes {
		ev, err := SampleEvent("acct_1", typ, at)
		if err != nil {
			t.Fatal(err)
		}
		var p struct {
			ID        string    `json:"id"`
			CreatedAt time.Time `json:"created_at"`
			Data      struct {
				Order struct {
					ID        string    `json:"id"`
					CreatedAt time.Time `json:"created_at"`
				} `json:"order"`
				StampRequest struct {
					ID string `json:"id"`
				} `json:"stamp_request"`
			} `json:"data"`
		}
		if err := json.Unmarshal(ev.Payload, &p); err != nil {
			t.Fatal(err)
		}
		if !p.Data.Order.CreatedAt.Before(p.CreatedAt) {
			t.Fatalf("%s: the made-up order was created at %s, not before its event (%s)", typ, p.Data.Order.CreatedAt, p.CreatedAt)
		}
		if !inMS(ids.Event, p.ID, p.CreatedAt) {
			t.Errorf("%s: event id %s is not of its created_at %s", typ, p.ID, p.CreatedAt.Format(time.RFC3339Nano))
		}
		if !inMS(ids.Order, p.Data.Order.ID, p.Data.Order.CreatedAt) {
			t.Errorf("%s: order id %s is not of the order's created_at %s", typ, p.Data.Order.ID, p.Data.Order.CreatedAt.Format(time.RFC3339Nano))
		}
		if !inMS(ids.Stamp, p.Data.StampRequest.ID, p.Data.Order.CreatedAt) {
			t.Errorf("%s: stamp request id %s is not of the order's created_at %s", typ, p.Data.StampRequest.ID, p.Data.Order.CreatedAt.Format(time.RFC3339Nano))
		}
	}
}

// TestFormatTimeIsTimeFormat: FormatTime writes its digits itself; its
// bytes must be Format's with TimeFormat for any instant and zone,
// including the years Format writes with other than four digits, the
// last nanosecond of a millisecond (truncated, not rounded) and a leap day.
func TestFormatTimeIsTimeFormat(t *testing.T) {
	kolkata := time.FixedZone("IST", 5*3600+1800)
	west := time.FixedZone("", -(9*3600 + 30*60))
	times := []time.Time{
		{},
		time.Unix(0, 0),
		time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 12, 31, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 0, 0, 0, west), // the year 10000 in UTC
		time.Date(1, 1, 1, 3, 0, 0, 0, kolkata),    // the year 0 in UTC
		time.Date(2024, 2, 29, 23, 59, 59, 999_999_999, kolkata),
		time.Date(2024, 1, 15, 10, 30, 0, 1_000_000, time.UTC),
		time.Date(2024, 1, 15, 10, 30, 0, 999_999, time.UTC),
	}
	r := uint64(0x9e3779b97f4a7c15)
	for range 2000 {
		r ^= r << 13
		r ^= r >> 7
		r ^= r << 17
		// Seconds across years 1 to 3000, any nanosecond, in one of the zones.
		sec := int64(r%(3000*365*86400)) - 62135596800
		zone := []*time.Location{time.UTC, kolkata, west}[r%3]
		times = append(times, time.Unix(sec, int64(r>>20)%1e9).In(zone))
	}
	for _, at := range times {
		if got, want := FormatTime(at), at.UTC().Format(TimeFormat); got != want {
			t.Errorf("FormatTime(%s) = %q, want %q", at, got, want)
		}
	}
}

// TestFormerUnionTerritoriesNameTheMergedOne: Dadra and Nagar Haveli and
// Daman and Diu were two union territories until 26 January 2020, and
// deeds, addresses and customer records made before then still name one
// of them; both are the merged territory's stamp duty now, as Orissa is
// Odisha's. "Daman and Diu" was refused with no hint at all, and "Dadra
// and Nagar Haveli" only with a guess, as if it were a typo.
func TestFormerUnionTerritoriesNameTheMergedOne(t *testing.T) {
	const merged = "Dadra and Nagar Haveli and Daman and Diu"
	for _, in := range []string{"Daman and Diu", "DAMAN & DIU", "Dadra and Nagar Haveli", "dadra & nagar haveli", merged} {
		state, amount, code, provider := in, int64(1000), "DD-1", "SHCIL"
		v, err := ValidateStampRequest(StampRequestInput{State: &state, Amount: &amount, ArticleCode: &code, Provider: &provider})
		if err != nil || v.State != merged {
			t.Errorf("%q = %q, %v; want %q", in, v.State, err, merged)
		}
	}
}

// TestProviderRefusalSaysWhatWasSent: a provider of "" (a field its
// sender's code left blank), of spaces, or misspelt ("SHCILL") was refused
// with the rule alone, "must be one of SHCIL, NESL", where an empty state
// or article code is told it is empty. The message now says the value was
// empty or blank, or quotes it, after the values allowed.
func TestProviderRefusalSaysWhatWasSent(t *testing.T) {
	amount := int64(1000)
	for _, tc := range []struct{ provider, want string }{
		{"", `stamp_request.provider must be one of SHCIL, NESL; it is empty`},
		{"  \t", `stamp_request.provider must be one of SHCIL, NESL; it is blank (white space only)`},
		{"SHCILL", `stamp_request.provider must be one of SHCIL, NESL, not "SHCILL"`},
		{"\u0405HCIL", "stamp_request.provider must be one of SHCIL, NESL, not \"\u0405HCIL\"; it has U+0405 at character 1, which is not ASCII"},
	} {
		state, code, provider := "Goa", "A", tc.provider
		_, err := ValidateStampRequest(StampRequestInput{State: &state, Amount: &amount, ArticleCode: &code, Provider: &provider})
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Code != "invalid_provider" || fe.Field != "stamp_request.provider" || fe.Message != tc.want {
			t.Errorf("provider %q: %v; want invalid_provider %q", tc.provider, err, tc.want)
		}
	}
}

// TestInvalidProviderAndArticleCodeNameTheirNonASCIICharacter: a provider
// or article code with a look-alike letter ("ЅHCIL" with a Cyrillic Ѕ, an
// article code "АS-1" with a Cyrillic А) or a zero-width space was refused
// with the rule alone ("must be one of SHCIL, NESL"), which the value, as
// it reads, meets: the message names the character and where it is.
func TestInvalidProviderAndArticleCodeNameTheirNonASCIICharacter(t *testing.T) {
	s := func(v string) *string { return &v }
	amount := int64(1000)
	for _, tc := range []struct {
		in         StampRequestInput
		code, want string
	}{
		{StampRequestInput{State: s("Goa"), Amount: &amount, ArticleCode: s("A"), Provider: s("\u0405HCIL")}, "invalid_provider", "; it has U+0405 at character 1, which is not ASCII"},
		{StampRequestInput{State: s("Goa"), Amount: &amount, ArticleCode: s("A"), Provider: s("NESL\u200b")}, "invalid_provider", "; it has U+200B at character 5, which is not ASCII"},
		{StampRequestInput{State: s("Goa"), Amount: &amount, ArticleCode: s("\u0410S-1"), Provider: s("NESL")}, "invalid_article_code", "; it has U+0410 at character 1, which is not ASCII"},
		{StampRequestInput{State: s("Goa"), Amount: &amount, ArticleCode: s("AS-\u2011RG"), Provider: s("NESL")}, "invalid_article_code", "; it has U+2011 at character 4, which is not ASCII"},
	} {
		_, err := ValidateStampRequest(tc.in)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Code != tc.code || !strings.HasSuffix(fe.Message, tc.want) {
			t.Errorf("%v: want %s ending %q", err, tc.code, tc.want)
		}
	}
	// ASCII mistakes say nothing of characters.
	for _, in := range []StampRequestInput{
		{State: s("Goa"), Amount: &amount, ArticleCode: s("A"), Provider: s("SHCL")},
		{State: s("Goa"), Amount: &amount, ArticleCode: s("as-1"), Provider: s("NESL")},
	} {
		if _, err := ValidateStampRequest(in); err == nil || strings.Contains(err.Error(), "ASCII") {
			t.Errorf("%v: want a refusal with the rule alone", err)
		}
	}
}
