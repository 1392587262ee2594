package dashboard

import (
	"net/http"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

// The account's orders with their status and the events they emitted.

const ordersPerPage = 25

type ordersData struct {
	Orders []store.Order
	Status string
	More   bool
	Next   string
}

func (d *Dashboard) ordersPage(w http.ResponseWriter, r *http.Request, s *session) error {
	q := r.URL.Query()
	data := &ordersData{Status: q.Get("status")}
	if !contains(order.Statuses, data.Status) {
		data.Status = ""
	}
	after := q.Get("after")
	if after != "" && !ids.Valid(ids.Order, after) {
		after = ""
	}
	var err error
	data.Orders, data.More, err = d.st.ListOrders(r.Context(), store.ListOrdersParams{
		ListParams: store.ListParams{AccountID: s.AccountID, Limit: ordersPerPage, StartingAfter: after}, Status: data.Status})
	if err != nil {
		return err
	}
	if data.More && len(data.Orders) > 0 {
		data.Next = data.Orders[len(data.Orders)-1].ID
	}
	d.render(w, r, http.StatusOK, "orders", &view{Title: "Orders", Nav: "orders", Session: s, Data: data})
	return nil
}

type orderData struct {
	Order  store.Order
	Events []store.Event
	More   bool
}

func (d *Dashboard) orderPage(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	if !ids.Valid(ids.Order, id) {
		return errNotFound
	}
	o, err := d.st.GetOrder(r.Context(), s.AccountID, id)
	if err != nil {
		return err
	}
	evs, more, err := d.st.ListEvents(r.Context(), store.ListEventsParams{ListParams: store.ListParams{AccountID: s.AccountID, Limit: 100}, OrderID: id})
	if err != nil {
		return err
	}
	d.render(w, r, http.StatusOK, "order", &view{Title: "Order " + o.ID, Nav: "orders", Session: s, Data: &orderData{Order: o, Events: evs, More: more}})
	return nil
}
