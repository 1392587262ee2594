package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

type orderResource struct {
	ID                string                `json:"id"`
	Object            string                `json:"object"`
	Status            string                `json:"status"`
	CreatedAt         string                `json:"created_at"`
	UpdatedAt         string                `json:"updated_at"`
	StampRequest      stampRequestResource  `json:"stamp_request"`
	DeliveryRequested bool                  `json:"delivery_requested"`
	Error             *order.ErrorDetail    `json:"error,omitempty"`
	Delivery          *deliveryInfoResource `json:"delivery,omitempty"`
	Cancellation      *cancellationResource `json:"cancellation,omitempty"`
}

type stampRequestResource struct {
	ID          string `json:"id"`
	State       string `json:"state"`
	Amount      int64  `json:"amount"`
	ArticleCode string `json:"article_code"`
	Provider    string `json:"provider"`
}

type deliveryInfoResource struct {
	Partner     string `json:"partner"`
	TrackingID  string `json:"tracking_id"`
	DeliveredAt string `json:"delivered_at"`
}

type cancellationResource struct {
	Reason      string         `json:"reason"`
	CancelledAt string         `json:"cancelled_at"`
	Refund      refundResource `json:"refund"`
}

type refundResource struct {
	Amount int64  `json:"amount"`
	Status string `json:"status"`
}

func renderOrder(o store.Order) orderResource {
	r := orderResource{
		ID: o.ID, Object: "order", Status: o.Status, CreatedAt: order.FormatTime(o.CreatedAt), UpdatedAt: order.FormatTime(o.UpdatedAt),
		StampRequest: stampRequestResource{ID: o.StampRequest.ID, State: o.StampRequest.State, Amount: o.StampRequest.Amount,
			ArticleCode: o.StampRequest.ArticleCode, Provider: o.StampRequest.Provider},
		DeliveryRequested: o.DeliveryRequested,
	}
	if o.ErrorCode != "" || o.ErrorMessage != "" {
		r.Error = &order.ErrorDetail{Code: o.ErrorCode, Message: o.ErrorMessage}
	}
	if o.DeliveredAt != nil {
		r.Delivery = &deliveryInfoResource{Partner: o.DeliveryPartner, TrackingID: o.TrackingID, DeliveredAt: order.FormatTime(*o.DeliveredAt)}
	}
	if o.CancelledAt != nil {
		r.Cancellation = &cancellationResource{Reason: o.CancelReason, CancelledAt: order.FormatTime(*o.CancelledAt),
			Refund: refundResource{Amount: o.RefundAmount, Status: o.RefundStatus}}
	}
	return r
}

type createOrderRequest struct {
	StampRequest      json.RawMessage `json:"stamp_request"`
	DeliveryRequested *bool           `json:"delivery_requested"`
}

// innerFields: stamp_request's fields, which it decodes itself.
func (*createOrderRequest) innerFields() map[string]map[string]reflect.Type {
	return map[string]map[string]reflect.Type{"stamp_request": structFields(reflect.TypeOf(stampRequestBody{}))}
}

type stampRequestBody struct {
	State       *string     `json:"state"`
	Amount      wholeNumber `json:"amount"`
	ArticleCode *string     `json:"article_code"`
	Provider    *string     `json:"provider"`
}

// ParseCreateOrder decodes and validates a POST /v1/orders body. It is the
// one parser of this outside input, exported for the fuzz test.
func ParseCreateOrder(body []byte) (order.StampRequest, bool, error) {
	var req createOrderRequest
	if err := decodeJSON(body, &req, false); err != nil {
		return order.StampRequest{}, false, err
	}
	if len(req.StampRequest) == 0 || string(req.StampRequest) == "null" {
		return order.StampRequest{}, false, errValidation("missing_field", "stamp_request is required", "stamp_request")
	}
	sr := stampRequestBody{Amount: wholeNumber{field: "stamp_request.amount"}}
	if err := decodeJSONAt(req.StampRequest, &sr, false, "stamp_request."); err != nil {
		if e, ok := err.(*Error); ok && e.Code == "invalid_json" && e.Param == "" {
			return order.StampRequest{}, false, errValidation("invalid_type", "stamp_request must be a JSON object", "stamp_request")
		}
		return order.StampRequest{}, false, err
	}
	in := order.StampRequestInput{State: sr.State, ArticleCode: sr.ArticleCode, Provider: sr.Provider}
	if sr.Amount.set {
		in.Amount = &sr.Amount.value
	}
	valid, err := order.ValidateStampRequest(in)
	if err != nil {
		return valid, false, err
	}
	return valid, req.DeliveryRequested != nil && *req.DeliveryRequested, nil
}

func (s *Server) createOrder(w http.ResponseWriter, r *http.Request, accountID string) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	key := r.Header.Get("Idempotency-Key")
	if vs, sent := r.Header["Idempotency-Key"]; sent && (len(vs) != 1 || key == "" || !validIdempotencyKey(key)) {
		return errBadRequest("invalid_idempotency_key", "Idempotency-Key must be sent once, with 1-255 printable ASCII characters"+idempotencyKeyNote(vs), "Idempotency-Key")
	}
	sr, delivery, err := ParseCreateOrder(body)
	if err != nil {
		return err
	}
	now := s.now()
	o := store.Order{
		ID: ids.NewAt(ids.Order, now), AccountID: accountID, Status: store.StatusProcessing, CreatedAt: now, UpdatedAt: now,
		StampRequest: store.StampRequest{ID: ids.NewAt(ids.Stamp, now), State: sr.State, Amount: sr.Amount,
			ArticleCode: sr.ArticleCode, Provider: sr.Provider},
		DeliveryRequested: delivery, Version: 1,
	}
	resp, err := json.Marshal(renderOrder(o))
	if err != nil {
		return err
	}
	p := store.CreateOrderParams{Order: o, Response: resp, Now: now}
	if key != "" {
		p.IdempotencyKey, p.RequestHash, p.LegacyRequestHash = key, requestHash(sr, delivery), legacyRequestHash(body)
	}
	res, err := s.store.CreateOrder(r.Context(), p)
	if err != nil {
		return err
	}
	if res.Replayed {
		w.Header().Set("Idempotent-Replayed", "true")
		writeRaw(w, http.StatusCreated, res.Response)
		return nil
	}
	writeRaw(w, http.StatusCreated, resp)
	return nil
}

// requestHash identifies an order request for idempotency by what it asks
// for, once parsed and validated: two bodies that differ only in layout,
// key order or the spelling of the same values (`"Assam"` and `"assam"`,
// a state's old name) are the same request, as a client that rebuilds its JSON on a retry expects.
func requestHash(sr order.StampRequest, delivery bool) []byte {
	b, err := json.Marshal(struct {
		StampRequest      order.StampRequest
		DeliveryRequested bool
	}{sr, delivery})
	if err != nil {
		panic(err) // plain strings and numbers always encode
	}
	sum := sha256.Sum256(b)
	return sum[:]
}

// legacyRequestHash is the hash releases before c5ce22d stored for a key:
// the request body's JSON with insignificant whitespace removed. A key
// stored by such a release still replays for a retry of the same body
// after an upgrade, instead of answering 422 idempotency_key_reused.
func legacyRequestHash(body []byte) []byte {
	var buf bytes.Buffer
	if err := json.Compact(&buf, body); err == nil {
		body = buf.Bytes()
	}
	sum := sha256.Sum256(body)
	return sum[:]
}

// idempotencyKeyNote says which rule of validIdempotencyKey the header's
// values vs break: the refusal named all three, and a client with a
// 256-character key or an accented letter in it checked each in turn.
func idempotencyKeyNote(vs []string) string {
	if len(vs) != 1 {
		return fmt.Sprintf("; it was sent %d times: send it once", len(vs))
	}
	k := vs[0]
	if k == "" {
		return "; it is empty: leave the header out, or give it a key"
	}
	for i := 0; i < len(k); i++ {
		if k[i] >= 0x20 && k[i] <= 0x7e {
			continue
		}
		at := utf8.RuneCountInString(k[:i]) + 1
		if c, size := utf8.DecodeRuneInString(k[i:]); c != utf8.RuneError || size > 1 {
			return fmt.Sprintf("; it has U+%04X at character %d, which is not printable ASCII", c, at)
		}
		return fmt.Sprintf("; it has the byte 0x%02X at character %d, which is not printable ASCII", k[i], at)
	}
	if n := utf8.RuneCountInString(k); n > 255 {
		return fmt.Sprintf("; it has %d characters, and a key has at most 255", n)
	}
	return ""
}

func validIdempotencyKey(k string) bool {
	if len(k) == 0 || len(k) > 255 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x20 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

func (s *Server) getOrder(w http.ResponseWriter, r *http.Request, accountID string) error {
	id := r.PathValue("id")
	if !ids.Valid(ids.Order, id) {
		return errNotFoundID("order", ids.Order, id)
	}
	o, err := s.store.GetOrder(r.Context(), accountID, id)
	if err != nil {
		return notFoundAs(err, "order")
	}
	writeJSON(w, http.StatusOK, renderOrder(o))
	return nil
}

func notFoundAs(err error, what string) error {
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound(what)
	}
	return err
}

func (s *Server) listOrders(w http.ResponseWriter, r *http.Request, accountID string) error {
	lp, err := listParams(r, accountID, ids.Order, "status")
	if err != nil {
		return err
	}
	status := r.URL.Query().Get("status")
	if status != "" {
		var known bool
		sent := status
		status, known = order.CanonicalStatus(status)
		if !known {
			return errNotOneOf("invalid_status", "status", "status must be one of "+strings.Join(order.Statuses, ", "), sent, order.Statuses)
		}
	}
	orders, more, err := s.store.ListOrders(r.Context(), store.ListOrdersParams{ListParams: lp, Status: status})
	if err != nil {
		return err
	}
	out := make([]orderResource, len(orders))
	for i, o := range orders {
		out[i] = renderOrder(o)
	}
	writeJSON(w, http.StatusOK, list(out, more))
	return nil
}

// The free-text fields refuse a NUL with their own code, as every
// control character (order.TextField), not invalid_characters.
type cancelRequest struct {
	Reason *string `json:"reason" nul:"checked"`
}

// The texts of a fail and a deliver are read as pointers, as
// order.ErrorDetail and order.DeliveryDetail hold them but for that: a
// text left out or null is told it is required (requiredText), where a
// string read it as "" and told the client it had sent a blank one.
type failRequest struct {
	Error *struct {
		Code    *string `json:"code" nul:"checked"`
		Message *string `json:"message" nul:"checked"`
	} `json:"error"`
}

type deliverRequest struct {
	Delivery *struct {
		Partner    *string `json:"partner" nul:"checked"`
		TrackingID *string `json:"tracking_id" nul:"checked"`
	} `json:"delivery"`
}

// requiredText is f.Clean of s, a required text of a move, or, when s was
// left out or null, f's refusal saying it is required (with f's code, as
// for a text sent blank).
func requiredText(f order.TextField, s *string) (string, error) {
	if s == nil {
		return "", &order.FieldError{Field: f.Name, Code: f.Code, Message: fmt.Sprintf("%s is required: 1-%d characters", f.Name, f.Max)}
	}
	return f.Clean(*s)
}

// ParseMove decodes and validates the body of a move. Exported for the fuzz test.
func ParseMove(m order.Move, body []byte) (order.Request, error) {
	req := order.Request{Move: m}
	switch m {
	case order.MoveCancel:
		var b cancelRequest
		if err := decodeJSON(body, &b, true); err != nil {
			return req, err
		}
		if b.Reason != nil {
			reason, err := order.CancelReason.Clean(*b.Reason)
			if err != nil {
				return req, err
			}
			req.Reason = reason
		}
		if req.Reason == "" {
			req.Reason = "Cancelled on request"
		}
	case order.MoveFail:
		var b failRequest
		if err := decodeJSON(body, &b, false); err != nil {
			return req, err
		}
		if b.Error == nil {
			return req, errValidation("missing_field", "error is required", "error")
		}
		// Blank text is no detail: customers show these to their users.
		var err error
		if req.Error.Code, err = requiredText(order.FailErrorCode, b.Error.Code); err != nil {
			return req, err
		}
		if req.Error.Message, err = requiredText(order.FailErrorMessage, b.Error.Message); err != nil {
			return req, err
		}
	case order.MoveDeliver:
		var b deliverRequest
		if err := decodeJSON(body, &b, false); err != nil {
			return req, err
		}
		if b.Delivery == nil {
			return req, errValidation("missing_field", "delivery is required", "delivery")
		}
		var err error
		if req.Delivery.Partner, err = requiredText(order.DeliveryPartner, b.Delivery.Partner); err != nil {
			return req, err
		}
		if req.Delivery.TrackingID, err = requiredText(order.DeliveryTrackingID, b.Delivery.TrackingID); err != nil {
			return req, err
		}
	default:
		var b struct{}
		if err := decodeJSON(body, &b, true); err != nil {
			return req, err
		}
	}
	return req, nil
}

func (s *Server) move(w http.ResponseWriter, r *http.Request, m order.Move, actor order.Actor, accountID string) error {
	id := r.PathValue("id")
	// Before the body, as every route with an id in its path: the 404
	// needs none of it, and came only once the body had arrived (or after
	// the server's wait for one that never did).
	if !ids.Valid(ids.Order, id) {
		return errNotFoundID("order", ids.Order, id)
	}
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	req, err := ParseMove(m, body)
	if err != nil {
		return err
	}
	now := s.now()
	req.Actor, req.Now = actor, now
	p := store.TransitionParams{
		OrderID: id, AccountID: accountID, Now: now,
		Decide: func(cur store.Order) (store.Transition, error) { return order.Apply(cur, req) },
	}
	if s.deliverer != nil {
		p.Lease = s.deliverer.Lease()
	}
	res, err := s.store.TransitionOrder(r.Context(), p)
	if err != nil {
		return notFoundAs(err, "order")
	}
	if s.deliverer != nil && res.Event != nil {
		// Held deliveries are not due: a claim writes them when their
		// endpoint has room, and its lane wakes the claimer then.
		s.deliverer.Submit(res.Work, res.Deliveries > len(res.Work)+res.Held)
	}
	if res.Event != nil {
		s.eventWritten(*res.Event)
	}
	out := moveResponse{orderResource: renderOrder(res.Order)}
	if res.Event != nil {
		out.Event = &eventRef{ID: res.Event.ID, Type: res.Event.Type, Deliveries: res.Deliveries}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// moveResponse is the order after a move, with the event the move emitted.
type moveResponse struct {
	orderResource
	Event *eventRef `json:"event,omitempty"`
}

type eventRef struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	Deliveries int    `json:"deliveries"`
}

func (s *Server) cancelOrder(w http.ResponseWriter, r *http.Request, p principal) error {
	if p.kind == principalOperator {
		return s.move(w, r, order.MoveCancel, order.Operator, "")
	}
	return s.move(w, r, order.MoveCancel, order.Customer, p.accountID)
}

func (s *Server) uploadOrder(w http.ResponseWriter, r *http.Request) error {
	return s.move(w, r, order.MoveUpload, order.Operator, "")
}

func (s *Server) failOrder(w http.ResponseWriter, r *http.Request) error {
	return s.move(w, r, order.MoveFail, order.Operator, "")
}

func (s *Server) retryOrder(w http.ResponseWriter, r *http.Request) error {
	return s.move(w, r, order.MoveRetry, order.Operator, "")
}

func (s *Server) deliverOrder(w http.ResponseWriter, r *http.Request) error {
	return s.move(w, r, order.MoveDeliver, order.Operator, "")
}
