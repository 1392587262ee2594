package webhook

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"
)

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseEventTypes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want Event
	}{
		{"stamp.uploaded", uploadedBody, Event{
			ID: "evt_01hmd8rq3x", Type: EventStampUploaded, CreatedAt: mustTime("2024-01-15T10:30:00Z"),
			Data: EventData{
				Order:        Order{ID: "order_12345", Status: "COMPLETED", CreatedAt: mustTime("2024-01-15T10:00:00Z")},
				StampRequest: StampRequest{ID: "stamp_67890", State: "Assam", Amount: 1000, ArticleCode: "AS-RG-4", Provider: "SHCIL"},
			},
		}},
		{"stamp.failed", failedBody, Event{
			ID: "evt_failed1", Type: EventStampFailed, CreatedAt: mustTime("2024-01-15T10:30:00Z"),
			Data: EventData{
				Order:        Order{ID: "order_2", Status: "FAILED", CreatedAt: mustTime("2024-01-15T10:00:00Z")},
				StampRequest: StampRequest{ID: "stamp_2", State: "Karnataka", Amount: 500, ArticleCode: "KA-5", Provider: "SHCIL"},
				Error:        &Error{Code: "PORTAL_UNAVAILABLE", Message: "Government portal did not respond"},
			},
		}},
		{"order.delivered", deliveredBody, Event{
			ID: "evt_deliv1", Type: EventOrderDelivered, CreatedAt: mustTime("2024-01-16T09:00:00Z"),
			Data: EventData{
				Order:        Order{ID: "order_3", Status: "DELIVERED", CreatedAt: mustTime("2024-01-15T10:00:00Z")},
				StampRequest: StampRequest{ID: "stamp_3", State: "Assam", Amount: 1000, ArticleCode: "AS-RG-4", Provider: "SHCIL"},
				Delivery:     &Delivery{Partner: "BlueDart", TrackingID: "BD123456789", DeliveredAt: mustTime("2024-01-16T08:45:00Z")},
			},
		}},
		{"order.cancelled test event", cancelledBody, Event{
			ID: "evt_cancel1", Type: EventOrderCancelled, CreatedAt: mustTime("2024-01-15T12:00:00Z"), Test: true,
			Data: EventData{
				Order:        Order{ID: "order_4", Status: "CANCELLED", CreatedAt: mustTime("2024-01-15T10:00:00Z")},
				StampRequest: StampRequest{ID: "stamp_4", State: "Delhi", Amount: 100, ArticleCode: "DL-1", Provider: "SHCIL"},
				Cancellation: &Cancellation{Reason: "Duplicate order", Refund: Refund{Amount: 1150, Status: "INITIATED"}},
			},
		}},
		{"unknown type and extra fields are kept", `{"id":"evt_x","type":"stamp.future","created_at":"2024-01-15T10:30:00.123+05:30","api_version":"2",` +
			`"data":{"order":{"id":"o","extra":1},"something_new":{"a":[1,2]}}}`, Event{
			ID: "evt_x", Type: "stamp.future", CreatedAt: mustTime("2024-01-15T05:00:00.123Z"),
			Data: EventData{Order: Order{ID: "o"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseEvent([]byte(tt.body))
			if err != nil {
				t.Fatalf("ParseEvent: %v", err)
			}
			if string(got.Raw) != tt.body {
				t.Errorf("Raw = %s, want the body", got.Raw)
			}
			got.Raw = nil
			if !got.CreatedAt.Equal(tt.want.CreatedAt) {
				t.Errorf("CreatedAt = %v, want %v", got.CreatedAt, tt.want.CreatedAt)
			}
			got.CreatedAt = tt.want.CreatedAt
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("ParseEvent =\n%+v\nwant\n%+v", *got, tt.want)
			}
		})
	}
}

func TestParseEventInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, body string }{
		{"empty", ``},
		{"not JSON", `hello`},
		{"null", `null`},
		{"array", `[]`},
		{"string", `"evt"`},
		{"empty object", `{}`},
		{"missing id", `{"type":"stamp.uploaded","created_at":"2024-01-15T10:30:00Z","data":{}}`},
		{"empty id", `{"id":"","type":"stamp.uploaded","created_at":"2024-01-15T10:30:00Z","data":{}}`},
		{"numeric id", `{"id":7,"type":"stamp.uploaded","created_at":"2024-01-15T10:30:00Z","data":{}}`},
		{"missing type", `{"id":"evt_1","created_at":"2024-01-15T10:30:00Z","data":{}}`},
		{"missing created_at", `{"id":"evt_1","type":"stamp.uploaded","data":{}}`},
		{"null created_at", `{"id":"evt_1","type":"stamp.uploaded","created_at":null,"data":{}}`},
		{"created_at not RFC 3339", `{"id":"evt_1","type":"stamp.uploaded","created_at":"15/01/2024","data":{}}`},
		{"missing data", `{"id":"evt_1","type":"stamp.uploaded","created_at":"2024-01-15T10:30:00Z"}`},
		{"null data", `{"id":"evt_1","type":"stamp.uploaded","created_at":"2024-01-15T10:30:00Z","data":null}`},
		{"array data", `{"id":"evt_1","type":"stamp.uploaded","created_at":"2024-01-15T10:30:00Z","data":[]}`},
		{"string amount", `{"id":"evt_1","type":"stamp.uploaded","created_at":"2024-01-15T10:30:00Z","data":{"stamp_request":{"amount":"1000"}}}`},
		{"string test flag", `{"id":"evt_1","type":"stamp.uploaded","created_at":"2024-01-15T10:30:00Z","test":"yes","data":{}}`},
		{"trailing garbage", uploadedBody + `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := ParseEvent([]byte(tt.body))
			if !errors.Is(err, ErrInvalidPayload) {
				t.Fatalf("ParseEvent = %+v, %v; want ErrInvalidPayload", e, err)
			}
		})
	}
}

// TestParseEventReadsKeysAsWritten: the top-level keys are the guide's, as
// its JavaScript reads them; encoding/json's case-insensitive match took
// "Created_at" for created_at (found by FuzzParseEvent, its input kept as
// a seed) and let a later "ID" replace the id.
func TestParseEventReadsKeysAsWritten(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"created_at in another case": `{"id":"evt_1","type":"stamp.uploaded","Created_at":"2024-01-15T10:30:00Z","data":{}}`,
		"id in another case":         `{"ID":"evt_1","type":"stamp.uploaded","created_at":"2024-01-15T10:30:00Z","data":{}}`,
		"data in another case":       `{"id":"evt_1","type":"stamp.uploaded","created_at":"2024-01-15T10:30:00Z","Data":{}}`,
	} {
		if e, err := ParseEvent([]byte(body)); !errors.Is(err, ErrInvalidPayload) {
			t.Errorf("%s: ParseEvent = %+v, %v; want ErrInvalidPayload", name, e, err)
		}
	}
	for name, body := range map[string]string{
		"an empty ID after the id":         `{"id":"evt_1","ID":"","type":"stamp.uploaded","created_at":"2024-01-15T10:30:00Z","data":{}}`,
		"a numeric TEST beside no test":    `{"id":"evt_1","TEST":7,"type":"stamp.uploaded","created_at":"2024-01-15T10:30:00Z","data":{}}`,
		"an id given twice, the last kept": `{"id":7,"id":"evt_1","type":"stamp.uploaded","created_at":"2024-01-15T10:30:00Z","data":{}}`,
	} {
		if e, err := ParseEvent([]byte(body)); err != nil || e.ID != "evt_1" {
			t.Errorf("%s: ParseEvent = %+v, %v; want the event evt_1", name, e, err)
		}
	}
}

// An Event marshals back to the documented wire shape, so receivers can
// store or forward it.
func TestEventJSONRoundTrip(t *testing.T) {
	t.Parallel()
	for _, body := range []string{uploadedBody, failedBody, deliveredBody, cancelledBody} {
		e, err := ParseEvent([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		out, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var got, want any
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(body), &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("round trip of %s\n got %s", body, out)
		}
	}
}
