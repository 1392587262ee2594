package api

import (
	"encoding/json"
	"net/http"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

// Events are returned exactly as they are delivered: the stored payload.
func (s *Server) getEvent(w http.ResponseWriter, r *http.Request, accountID string) error {
	id := r.PathValue("id")
	if !ids.Valid(ids.Event, id) {
		return errNotFoundID("event", ids.Event, id)
	}
	ev, err := s.store.GetEvent(r.Context(), accountID, id)
	if err != nil {
		return notFoundAs(err, "event")
	}
	// Byte for byte what every delivery sends, so a signature can be
	// checked against it: no trailing newline.
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	w.Write(ev.Payload)
	return nil
}

func (s *Server) listEvents(w http.ResponseWriter, r *http.Request, accountID string) error {
	lp, err := listParams(r, accountID, ids.Event, "type", "order_id")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := store.ListEventsParams{ListParams: lp, Type: q.Get("type"), OrderID: q.Get("order_id")}
	if p.Type != "" && !order.IsEventType(p.Type) {
		return errUnknownEventType(p.Type, "type")
	}
	if p.OrderID != "" && !ids.Valid(ids.Order, p.OrderID) {
		return errValidation("invalid_order_id", "order_id must be an order id (order_…)"+idValueNote(p.OrderID, ids.Order), "order_id")
	}
	evs, more, err := s.store.ListEvents(r.Context(), p)
	if err != nil {
		return err
	}
	out := make([]json.RawMessage, len(evs))
	for i, e := range evs {
		out[i] = e.Payload
	}
	writeJSON(w, http.StatusOK, list(out, more))
	return nil
}
