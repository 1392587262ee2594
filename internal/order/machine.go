package order

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

// Move names a status change.
type Move string

const (
	MoveUpload  Move = "upload"
	MoveFail    Move = "fail"
	MoveRetry   Move = "retry"
	MoveDeliver Move = "deliver"
	MoveCancel  Move = "cancel"
)

// Moves lists every move, for table tests and documentation.
var Moves = []Move{MoveUpload, MoveFail, MoveRetry, MoveDeliver, MoveCancel}

// Statuses lists every order status.
var Statuses = []string{store.StatusProcessing, store.StatusCompleted, store.StatusFailed, store.StatusDelivered, store.StatusCancelled}

// Actor is who asks for a move.
type Actor int

const (
	Customer Actor = iota + 1
	Operator
)

// Event types, as the guide names them.
const (
	EventStampUploaded  = "stamp.uploaded"
	EventStampFailed    = "stamp.failed"
	EventOrderDelivered = "order.delivered"
	EventOrderCancelled = "order.cancelled"
)

// EventTypes lists every event type in the guide's order.
var EventTypes = []string{EventStampUploaded, EventStampFailed, EventOrderDelivered, EventOrderCancelled}

// IsEventType reports whether t is a known event type.
func IsEventType(t string) bool {
	for _, e := range EventTypes {
		if e == t {
			return true
		}
	}
	return false
}

type rule struct {
	from  []string
	to    string
	event string
	actor []Actor
}

var rules = map[Move]rule{
	MoveUpload:  {from: []string{store.StatusProcessing}, to: store.StatusCompleted, event: EventStampUploaded, actor: []Actor{Operator}},
	MoveFail:    {from: []string{store.StatusProcessing}, to: store.StatusFailed, event: EventStampFailed, actor: []Actor{Operator}},
	MoveRetry:   {from: []string{store.StatusFailed}, to: store.StatusProcessing, actor: []Actor{Operator}},
	MoveDeliver: {from: []string{store.StatusCompleted}, to: store.StatusDelivered, event: EventOrderDelivered, actor: []Actor{Operator}},
	MoveCancel:  {from: []string{store.StatusProcessing, store.StatusFailed}, to: store.StatusCancelled, event: EventOrderCancelled, actor: []Actor{Customer, Operator}},
}

// operatorCancelFrom: operators may also cancel a completed order (a stamp
// that was generated but must be voided, with a refund); customers may not.
var operatorCancelFrom = []string{store.StatusProcessing, store.StatusFailed, store.StatusCompleted}

// TransitionError says why a move was refused.
type TransitionError struct {
	From   string
	Move   Move
	Actor  Actor
	Reason string
}

// done is how a refusal says what a move does to an order.
var done = map[Move]string{MoveUpload: "uploaded", MoveFail: "failed", MoveRetry: "retried", MoveDeliver: "delivered", MoveCancel: "cancelled"}

// Error names the current status and the ones the move takes from this
// actor: "cannot upload an order that is COMPLETED" alone does not tell
// a move made too early from one made too late, nor a customer why the
// cancel the operator may make was refused to them.
func (e *TransitionError) Error() string {
	if e.Reason != "" {
		return e.Reason
	}
	msg := fmt.Sprintf("cannot %s an order that is %s", e.Move, e.From)
	from := fromStatuses(e.Move, e.Actor)
	if len(from) == 0 {
		return msg // a move this actor never makes
	}
	list := from[0]
	for i, st := range from[1:] {
		sep := ", "
		if i == len(from)-2 {
			sep = " or "
		}
		list += sep + st
	}
	msg += fmt.Sprintf(": only a %s order", list)
	if e.Move == MoveDeliver {
		msg += " that requested physical delivery"
	}
	msg += " can be " + done[e.Move]
	if e.Move == MoveCancel && e.Actor == Customer {
		msg += " by the customer"
	}
	return msg
}

// Request is one move with its details.
type Request struct {
	Move     Move
	Actor    Actor
	Error    ErrorDetail    // fail
	Delivery DeliveryDetail // deliver
	Reason   string         // cancel
	Now      time.Time
}

// ErrorDetail is why a stamp failed. As a move's body, its fields are read
// by FailErrorCode and FailErrorMessage, which refuse a NUL as they do
// every control character (the tag nul:"checked" tells the API's decoder).
type ErrorDetail struct {
	Code    string `json:"code" nul:"checked"`
	Message string `json:"message" nul:"checked"`
}

// DeliveryDetail is who carries a delivered order, read by DeliveryPartner
// and DeliveryTrackingID.
type DeliveryDetail struct {
	Partner    string `json:"partner" nul:"checked"`
	TrackingID string `json:"tracking_id" nul:"checked"`
}

// Allowed reports whether actor may make move from status (ignoring
// delivery_requested, which Apply checks).
func Allowed(status string, m Move, a Actor) bool {
	for _, f := range fromStatuses(m, a) {
		if f == status {
			return true
		}
	}
	return false
}

// fromStatuses lists the statuses actor may make move from (none when the
// move is not the actor's to make).
func fromStatuses(m Move, a Actor) []string {
	r, ok := rules[m]
	if !ok {
		return nil
	}
	actorOK := false
	for _, x := range r.actor {
		actorOK = actorOK || x == a
	}
	if !actorOK {
		return nil
	}
	if m == MoveCancel && a == Operator {
		return operatorCancelFrom
	}
	return r.from
}

// Apply decides the move on cur: the new order state and the event it emits
// (nil for retry). It is pure, so the store can run it inside its transaction.
func Apply(cur store.Order, r Request) (store.Transition, error) {
	if !Allowed(cur.Status, r.Move, r.Actor) {
		return store.Transition{}, &TransitionError{From: cur.Status, Move: r.Move, Actor: r.Actor}
	}
	if r.Move == MoveDeliver && !cur.DeliveryRequested {
		return store.Transition{}, &TransitionError{From: cur.Status, Move: r.Move, Actor: r.Actor,
			Reason: "cannot deliver an order that did not request physical delivery"}
	}
	now := r.Now.UTC()
	// The request took its time before the store locked the order; another
	// move of the same order (on another instance, or queued before it in
	// a group commit) may have committed in between with a later time. A
	// change made after another is never stamped before it, nor in the
	// same millisecond (the precision of created_at, and of the time in
	// event ids): receivers order by created_at, or by id, and two
	// instances' ids of one millisecond sort at random.
	if last := cur.UpdatedAt.UTC().Truncate(time.Millisecond); !now.Truncate(time.Millisecond).After(last) {
		now = last.Add(time.Millisecond)
	}
	rl := rules[r.Move]
	var eventID string
	if rl.event != "" {
		// The event's id carries its created_at's millisecond, so that
		// the ids of an order's events sort as their times do across
		// instances; within this process they also follow the order they
		// were made in, a request that waited for its turn being stamped
		// the millisecond of the event before it.
		var at time.Time
		if eventID, at = ids.NewTimed(ids.Event, now); at.After(now) {
			now = at
		}
	}
	next := cur
	next.Status = rl.to
	next.UpdatedAt = now
	next.Version = cur.Version + 1
	switch r.Move {
	case MoveFail:
		next.ErrorCode, next.ErrorMessage = r.Error.Code, r.Error.Message
	case MoveRetry:
		next.ErrorCode, next.ErrorMessage = "", ""
	case MoveDeliver:
		next.DeliveryPartner, next.TrackingID = r.Delivery.Partner, r.Delivery.TrackingID
		next.DeliveredAt = &now
	case MoveCancel:
		next.CancelReason = r.Reason
		next.CancelledAt = &now
		next.RefundAmount = cur.StampRequest.Amount
		next.RefundStatus = "INITIATED"
	}
	if rl.event == "" {
		return store.Transition{Order: next}, nil
	}
	ev := &store.Event{
		ID:        eventID,
		AccountID: cur.AccountID,
		OrderID:   cur.ID,
		Type:      rl.event,
		CreatedAt: now,
	}
	payload, err := Payload(ev.ID, ev.Type, now, next, false)
	if err != nil {
		return store.Transition{}, err
	}
	ev.Payload = payload
	return store.Transition{Order: next, Event: ev}, nil
}

// TimeFormat is how every timestamp is written: RFC 3339 in UTC with
// milliseconds, e.g. 2024-01-15T10:30:00.000Z.
const TimeFormat = "2006-01-02T15:04:05.000Z07:00"

// FormatTime formats t in TimeFormat. Every payload holds two or three
// of these, and Format's walk of its layout was a fifth of the cost of
// building one (BenchmarkPayload): the digits are written here instead,
// the same bytes as t.UTC().Format(TimeFormat), which a year of more or
// fewer than four digits still takes.
func FormatTime(t time.Time) string {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.Format(TimeFormat)
	}
	hour, minute, sec := t.Clock()
	var b [len("2006-01-02T15:04:05.000Z")]byte
	digits(b[0:4], year)
	b[4] = '-'
	digits(b[5:7], int(month))
	b[7] = '-'
	digits(b[8:10], day)
	b[10] = 'T'
	digits(b[11:13], hour)
	b[13] = ':'
	digits(b[14:16], minute)
	b[16] = ':'
	digits(b[17:19], sec)
	b[19] = '.'
	// Truncated, as Format's .000 is.
	digits(b[20:23], t.Nanosecond()/int(time.Millisecond))
	b[23] = 'Z'
	return string(b[:])
}

// digits writes n, not negative, zero-padded into all of b.
func digits(b []byte, n int) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
}

// The payload types fix the field order of the guide's example.
type payload struct {
	ID        string      `json:"id"`
	Type      string      `json:"type"`
	CreatedAt string      `json:"created_at"`
	Test      bool        `json:"test,omitempty"`
	Data      payloadData `json:"data"`
}

type payloadData struct {
	Order        payloadOrder         `json:"order"`
	StampRequest payloadStamp         `json:"stamp_request"`
	Error        *ErrorDetail         `json:"error,omitempty"`
	Delivery     *payloadDelivery     `json:"delivery,omitempty"`
	Cancellation *payloadCancellation `json:"cancellation,omitempty"`
}

type payloadOrder struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	CreatedAt string `json:"created_at"`
}

type payloadStamp struct {
	ID          string `json:"id"`
	State       string `json:"state"`
	Amount      int64  `json:"amount"`
	ArticleCode string `json:"article_code"`
	Provider    string `json:"provider"`
}

type payloadDelivery struct {
	Partner     string `json:"partner"`
	TrackingID  string `json:"tracking_id"`
	DeliveredAt string `json:"delivered_at"`
}

type payloadCancellation struct {
	Reason string        `json:"reason"`
	Refund payloadRefund `json:"refund"`
}

type payloadRefund struct {
	Amount int64  `json:"amount"`
	Status string `json:"status"`
}

// Payload builds the event body for an order in state o: the guide's
// structure, plus the fields its example handlers read for each type.
func Payload(id, typ string, created time.Time, o store.Order, test bool) ([]byte, error) {
	p := payload{
		ID: id, Type: typ, CreatedAt: FormatTime(created), Test: test,
		Data: payloadData{
			Order: payloadOrder{ID: o.ID, Status: o.Status, CreatedAt: FormatTime(o.CreatedAt)},
			StampRequest: payloadStamp{
				ID: o.StampRequest.ID, State: o.StampRequest.State, Amount: o.StampRequest.Amount,
				ArticleCode: o.StampRequest.ArticleCode, Provider: o.StampRequest.Provider,
			},
		},
	}
	switch typ {
	case EventStampFailed:
		p.Data.Error = &ErrorDetail{Code: o.ErrorCode, Message: o.ErrorMessage}
	case EventOrderDelivered:
		at := created
		if o.DeliveredAt != nil {
			at = *o.DeliveredAt
		}
		p.Data.Delivery = &payloadDelivery{Partner: o.DeliveryPartner, TrackingID: o.TrackingID, DeliveredAt: FormatTime(at)}
	case EventOrderCancelled:
		p.Data.Cancellation = &payloadCancellation{Reason: o.CancelReason, Refund: payloadRefund{Amount: o.RefundAmount, Status: o.RefundStatus}}
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode %s payload: %w", typ, err)
	}
	return b, nil
}

// SampleEvent builds a realistic test event of type typ for account: a
// made-up order in the state the event implies. The payload carries
// "test": true so receivers can tell it apart while keeping the guide's structure.
func SampleEvent(accountID, typ string, now time.Time) (store.Event, error) {
	now = now.UTC()
	// The order was made ten minutes before its event; its ids carry that
	// time, as a real order's do its creation's.
	created := now.Add(-10 * time.Minute)
	o := store.Order{
		ID: ids.At(ids.Order, created), AccountID: accountID, CreatedAt: created,
		StampRequest:      store.StampRequest{ID: ids.At(ids.Stamp, created), State: "Assam", Amount: 1000, ArticleCode: "AS-RG-4", Provider: "SHCIL"},
		DeliveryRequested: typ == EventOrderDelivered,
	}
	switch typ {
	case EventStampUploaded:
		o.Status = store.StatusCompleted
	case EventStampFailed:
		o.Status, o.ErrorCode, o.ErrorMessage = store.StatusFailed, "PORTAL_UNAVAILABLE", "Government portal did not respond (test event)"
	case EventOrderDelivered:
		o.Status, o.DeliveryPartner, o.TrackingID, o.DeliveredAt = store.StatusDelivered, "India Post", "EE123456789IN", &now
	case EventOrderCancelled:
		o.Status, o.CancelReason, o.RefundAmount, o.RefundStatus = store.StatusCancelled, "Test cancellation", 1000, "INITIATED"
	default:
		return store.Event{}, fmt.Errorf("unknown event type %q", typ)
	}
	id, at := ids.NewTimed(ids.Event, now)
	if at.After(now) {
		now = at
	}
	ev := store.Event{ID: id, AccountID: accountID, Type: typ, CreatedAt: now, Test: true}
	b, err := Payload(ev.ID, typ, now, o, true)
	if err != nil {
		return store.Event{}, err
	}
	ev.Payload = b
	return ev, nil
}
