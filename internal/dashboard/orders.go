package dashboard

import (
	"html/template"
	"net/http"
	"net/url"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

// The account's orders with their status and the events they emitted.

const ordersPerPage = 25

type ordersData struct {
	Orders []store.Order
	Status string
	After  string // the page starts after this order ("" for the newest)
	// Before: the page holds the newer orders nearest this one ("Newer").
	Before string
	More   bool   // older orders follow
	Next   string // the cursor of the older page
	Prev   string // the cursor of the newer page, when newer orders are known
	// Invalid says which filter was not understood and is ignored, as
	// the deliveries page does, rather than showing every order silently.
	Invalid string
	// PastEnd: the page, read after a cursor (an address made by hand, a
	// bookmark of a page whose older orders are gone), is empty although
	// the list is not: it is past the last page, not "no orders yet".
	PastEnd bool
}

// pageURL is the orders page with this status filter and the cursor named
// key ("after" or "before"; none for the newest).
func (d *ordersData) pageURL(key, cursor string) template.URL {
	q := url.Values{}
	if d.Status != "" {
		q.Set("status", d.Status)
	}
	if cursor != "" {
		q.Set(key, cursor)
	}
	if len(q) == 0 {
		return "/dashboard/orders"
	}
	return template.URL("/dashboard/orders?" + q.Encode())
}

// NewestURL, NewerURL and OlderURL are the pager's links.
func (d *ordersData) NewestURL() template.URL { return d.pageURL("", "") }
func (d *ordersData) NewerURL() template.URL  { return d.pageURL("before", d.Prev) }
func (d *ordersData) OlderURL() template.URL  { return d.pageURL("after", d.Next) }

func (d *Dashboard) ordersPage(w http.ResponseWriter, r *http.Request, s *session) error {
	q := r.URL.Query()
	data := &ordersData{Status: q.Get("status"), After: q.Get("after"), Before: q.Get("before")}
	var bad []string
	if data.Status != "" {
		// Any ASCII case, as the API's ?status= takes.
		st, ok := order.CanonicalStatus(data.Status)
		if !ok {
			st, bad = "", append(bad, "status")
		}
		data.Status = st
	}
	// Both cursors are checked before one is dropped, as the deliveries
	// page does: a bad before beside a valid after is reported too.
	badPage := (data.After != "" && !ids.Valid(ids.Order, data.After)) || (data.Before != "" && !ids.Valid(ids.Order, data.Before))
	if badPage {
		data.After, data.Before = "", ""
	}
	data.Invalid = notUnderstood(bad, badPage, "orders") // as the deliveries page words it
	if data.After != "" {
		data.Before = "" // one cursor: a hand-made address with both pages from after
	}
	var err error
	data.Orders, data.More, err = d.st.ListOrders(r.Context(), store.ListOrdersParams{
		ListParams: store.ListParams{AccountID: s.AccountID, Limit: ordersPerPage, StartingAfter: data.After, EndingBefore: data.Before}, Status: data.Status})
	if err != nil {
		return err
	}
	first, last := "", ""
	if n := len(data.Orders); n > 0 {
		first, last = data.Orders[0].ID, data.Orders[n-1].ID
	}
	p, top, err := pagerFor(data.After, data.Before, first, last, data.More, func(lp store.ListParams) (bool, error) {
		lp.AccountID = s.AccountID
		o, more, err := d.st.ListOrders(r.Context(), store.ListOrdersParams{ListParams: lp, Status: data.Status})
		return len(o) > 0 || more, err
	})
	if err != nil {
		return err
	}
	if top {
		http.Redirect(w, r, string(data.pageURL("", "")), http.StatusSeeOther)
		return nil
	}
	data.Prev, data.Next, data.More = p.Prev, p.Next, p.Next != ""
	if len(data.Orders) == 0 && data.After != "" {
		// Past the end, or no orders (of this status) at all: one row of
		// the list tells.
		some, _, err := d.st.ListOrders(r.Context(), store.ListOrdersParams{
			ListParams: store.ListParams{AccountID: s.AccountID, Limit: 1}, Status: data.Status})
		if err != nil {
			return err
		}
		if len(some) > 0 {
			data.PastEnd = true
		}
	}
	d.render(w, r, http.StatusOK, "orders", &view{Title: "Orders", Nav: "orders", Session: s, Data: data})
	return nil
}

type orderData struct {
	Order  store.Order
	Events []store.Event
	More   bool
}

// errOrderMissing answers the page of an order id of the right shape that
// names none of the account's orders (orders are never deleted: another
// account's, or another server's). It said "There is nothing here: the
// page does not exist" and led only to the overview.
var errOrderMissing = &linkedError{&httpError{http.StatusNotFound, "This order does not exist in this account: it belongs to another account, or to another server's database. Your orders are listed under Orders."},
	"/dashboard/orders", "All orders"}

func (d *Dashboard) orderPage(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	if !ids.Valid(ids.Order, id) {
		return notAnID("order", ids.Order, id, "/dashboard/orders", "All orders")
	}
	o, err := d.st.GetOrder(r.Context(), s.AccountID, id)
	if isNotFound(err) {
		return errOrderMissing
	}
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
