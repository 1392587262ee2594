package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Event is one webhook notification, as documented in the eSahayak guide:
//
//	{"id": "evt_…", "type": "stamp.uploaded", "created_at": "2024-01-15T10:30:00Z",
//	 "data": {"order": {…}, "stamp_request": {…}}}
//
// Unknown fields are ignored, so receivers keep working when fields are
// added; anything the typed fields do not cover is still in Raw.
type Event struct {
	// ID is unique per event and stays the same across delivery attempts
	// and manual redeliveries: it is the key to deduplicate on.
	ID string `json:"id"`
	// Type is one of the Event* constants, or a type added after this
	// package was built.
	Type string `json:"type"`
	// CreatedAt is when the event happened, not when it was delivered.
	CreatedAt time.Time `json:"created_at"`
	// Test is true for events sent with the dashboard's "send test event":
	// their data is sample data that refers to no real order.
	Test bool `json:"test,omitempty"`
	// Data is the event-specific payload.
	Data EventData `json:"data"`
	// Raw is the whole payload exactly as received (a copy: it does not
	// alias the body passed to ParseEvent).
	Raw json.RawMessage `json:"-"`
}

// EventData is the "data" object. Order and StampRequest are present on
// every event type; exactly one of the pointer fields is set, depending on
// the type (none for stamp.uploaded).
type EventData struct {
	Order        Order         `json:"order"`
	StampRequest StampRequest  `json:"stamp_request"`
	Error        *Error        `json:"error,omitempty"`        // stamp.failed
	Delivery     *Delivery     `json:"delivery,omitempty"`     // order.delivered
	Cancellation *Cancellation `json:"cancellation,omitempty"` // order.cancelled
}

// Order is the customer's order the event is about.
type Order struct {
	ID        string    `json:"id"`
	Status    string    `json:"status"` // e.g. "COMPLETED", "FAILED", "CANCELLED"
	CreatedAt time.Time `json:"created_at"`
}

// StampRequest is the e-stamp the order asked for.
type StampRequest struct {
	ID    string `json:"id"`
	State string `json:"state"` // Indian state whose stamp duty applies, e.g. "Assam"
	// Amount is the stamp duty in whole rupees.
	Amount      int64  `json:"amount"`
	ArticleCode string `json:"article_code"` // e.g. "AS-RG-4"
	Provider    string `json:"provider"`     // e.g. "SHCIL"
}

// Error explains a stamp.failed event.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Delivery describes the physical delivery of an order.delivered event.
type Delivery struct {
	Partner     string    `json:"partner"`
	TrackingID  string    `json:"tracking_id"`
	DeliveredAt time.Time `json:"delivered_at"`
}

// Cancellation explains an order.cancelled event.
type Cancellation struct {
	Reason string `json:"reason"`
	Refund Refund `json:"refund"`
}

// Refund is the refund a cancellation initiated.
type Refund struct {
	Amount int64  `json:"amount"` // whole rupees
	Status string `json:"status"`
}

// ParseEvent decodes a webhook body without checking its signature. It is
// exported for tests, replays of stored events and receivers that
// authenticate by other means; HTTP receivers should call Verify, which
// parses only after authenticating.
//
// Following the guide's isValidWebhookPayload, the body must be a JSON object
// with a non-empty string "id" and "type", an RFC 3339 "created_at" and an
// object "data"; fields that are present must have the documented JSON
// types. Anything else returns an error wrapping ErrInvalidPayload.
//
// The top-level keys are read as written, as the guide's JavaScript reads
// them (a key given twice counts as its last): encoding/json matches a
// struct's fields regardless of case, which took {"Created_at": …} for the
// missing "created_at" and let {"id": …, "ID": ""} drop the id.
func ParseEvent(body []byte) (*Event, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidPayload, err)
	}
	if fields == nil {
		return nil, fmt.Errorf("%w: not an object", ErrInvalidPayload)
	}
	e := &Event{}
	var createdAt *time.Time
	for _, f := range [...]struct {
		name string
		dst  any
	}{{"id", &e.ID}, {"type", &e.Type}, {"created_at", &createdAt}, {"test", &e.Test}} {
		if raw, ok := fields[f.name]; ok {
			if err := json.Unmarshal(raw, f.dst); err != nil {
				return nil, fmt.Errorf("%w: %s: %v", ErrInvalidPayload, f.name, err)
			}
		}
	}
	switch {
	case e.ID == "":
		return nil, fmt.Errorf("%w: missing id", ErrInvalidPayload)
	case e.Type == "":
		return nil, fmt.Errorf("%w: missing type", ErrInvalidPayload)
	case createdAt == nil:
		return nil, fmt.Errorf("%w: missing created_at", ErrInvalidPayload)
	}
	e.CreatedAt = *createdAt
	data := bytes.TrimSpace(fields["data"])
	if len(data) == 0 || data[0] != '{' {
		return nil, fmt.Errorf("%w: data must be an object", ErrInvalidPayload)
	}
	if err := json.Unmarshal(data, &e.Data); err != nil {
		return nil, fmt.Errorf("%w: data: %v", ErrInvalidPayload, err)
	}
	e.Raw = append(json.RawMessage(nil), body...)
	return e, nil
}
