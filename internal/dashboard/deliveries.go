package dashboard

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/delivery"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/relay"
	"github.com/esahayak/esahayak/internal/store"
)

// The overview, the delivery log and a delivery's attempts.

const deliveriesPerPage = 25

type overviewData struct {
	Endpoints []endpointSummary
	// MoreEndpoints are counted in the figures but not in the table;
	// TotalsCapped: the account has more than maxAccountEndpoints.
	MoreEndpoints int
	TotalsCapped  bool
	Table         deliveriesTable
	Attempts      int
	Succeeded     int
	Retries       int
	Failing       int
	Disabled      int
}

type endpointSummary struct {
	Endpoint store.Endpoint
	Stats    any // api.RenderStats, last 24 hours
	// Figures are the store's: the response times are worded from its
	// durations, the API's being rounded to hundredths already.
	Figures store.Stats
}

// overviewEndpoints is how many endpoints the overview's table lists.
const overviewEndpoints = 20

func (d *Dashboard) overview(w http.ResponseWriter, r *http.Request, s *session) error {
	eps, more, err := d.accountEndpoints(r.Context(), s.AccountID)
	if err != nil {
		return err
	}
	data := &overviewData{TotalsCapped: more}
	since := d.now().Add(-24 * time.Hour)
	// One read for all the endpoints' figures: one per endpoint took 1–2 s
	// at 1,000 endpoints.
	stats, err := d.st.AccountEndpointStats(r.Context(), s.AccountID, since)
	if err != nil {
		return err
	}
	// The account's figures count every endpoint; the table shows the
	// newest overviewEndpoints and says how many more there are.
	for i, e := range eps {
		if e.Status == store.EndpointDisabled {
			data.Disabled++
		} else if e.FailingSince != nil {
			data.Failing++
		}
		st := stats[e.ID]
		data.Attempts += st.Attempts
		data.Succeeded += st.Succeeded
		data.Retries += st.Retries
		if i < overviewEndpoints {
			data.Endpoints = append(data.Endpoints, endpointSummary{Endpoint: e, Stats: api.RenderStats(e.ID, "24h", since, st), Figures: st})
		} else {
			data.MoreEndpoints++
		}
	}
	recent, _, err := d.st.ListDeliveries(r.Context(), store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: s.AccountID, Limit: 10}})
	if err != nil {
		return err
	}
	byID := endpointMap(eps)
	if err := d.rowEndpoints(r.Context(), s.AccountID, recent, byID); err != nil {
		return err
	}
	data.Table = newDeliveriesTable(recent, byID, noDeliveriesYet(len(eps)))
	data.Table.Limit = 10
	d.render(w, r, http.StatusOK, "overview", &view{Title: "Overview", Nav: "overview", Session: s, Notice: noticeFrom(r), Data: data})
	return nil
}

// noDeliveriesYet is what an empty list of an account's deliveries says
// (the overview's, the Deliveries page's): how to see one, given how many
// endpoints the account has. With none, "Send a test event from an
// endpoint's page" pointed at a page there was no way to open.
func noDeliveriesYet(endpoints int) string {
	if endpoints == 0 {
		return "No deliveries yet. Add your endpoint in Settings → API Access (enter its URL and click Save Webhook): every order event is then sent to it."
	}
	return "No deliveries yet. Send a test event from an endpoint's page to see one."
}

// rowEndpoints adds to byID the endpoints of the deliveries ds that it
// lacks: the page lists the newest of the account's endpoints (100 on
// Deliveries), and a row of an older one showed its bare id, unlinked,
// as if it had been deleted. An endpoint that is not found is put in as
// the zero endpoint, which the row shows as deleted; a listen session is
// looked up in no table of endpoints.
func (d *Dashboard) rowEndpoints(ctx context.Context, accountID string, ds []store.Delivery, byID map[string]store.Endpoint) error {
	for _, dl := range ds {
		if _, ok := byID[dl.EndpointID]; ok || strings.HasPrefix(dl.EndpointID, relay.SessionPrefix) {
			continue
		}
		e, err := d.st.GetEndpoint(ctx, accountID, dl.EndpointID)
		switch {
		case err == nil:
			byID[dl.EndpointID] = e
		case isNotFound(err):
			byID[dl.EndpointID] = store.Endpoint{}
		default:
			return err
		}
	}
	return nil
}

// endpointGone says what a delivery's endpoint is when it is not one of
// the account's: a listen session's results are deliveries too.
func endpointGone(endpointID string) string {
	if strings.HasPrefix(endpointID, relay.SessionPrefix) {
		return "an esahayak listen session"
	}
	return "deleted"
}

func endpointMap(eps []store.Endpoint) map[string]store.Endpoint {
	m := make(map[string]store.Endpoint, len(eps))
	for _, e := range eps {
		m[e.ID] = e
	}
	return m
}

type deliveryFilter struct {
	Status, Type, Endpoint, Event string
	// After and Before are the page's cursor: the deliveries older than
	// After, or the newer ones nearest Before ("Newer"); neither for the
	// newest.
	After, Before string
	// BadPage: the address's cursor was no delivery id, and was dropped.
	BadPage bool
}

// url is the deliveries page with this filter and the cursor named key
// ("after" or "before"; none for the newest).
func (f deliveryFilter) url(key, cursor string) template.URL {
	q := url.Values{}
	for _, kv := range [][2]string{{"status", f.Status}, {"type", f.Type}, {"endpoint", f.Endpoint}, {"event", f.Event}, {key, cursor}} {
		if kv[1] != "" {
			q.Set(kv[0], kv[1])
		}
	}
	if len(q) == 0 {
		return "/dashboard/deliveries"
	}
	return template.URL("/dashboard/deliveries?" + q.Encode())
}

type deliveriesData struct {
	Table     deliveriesTable
	Endpoints []store.Endpoint
	Filter    deliveryFilter
	More      bool   // older deliveries follow
	Next      string // the cursor of the older page
	// Prev is the cursor of the newer page ("" when the page is the
	// newest or no newer deliveries are known).
	Prev     string
	Endpoint *store.Endpoint // when filtered to one endpoint
	// GoneEndpoint is the filter's endpoint id when it names no endpoint
	// of the account now but the account has deliveries to it: a deleted
	// endpoint (its delivery log stays) or a listen session.
	GoneEndpoint string
	// ListenSession is the filter's id when it names one of the account's
	// `esahayak listen` sessions (whose results are its deliveries).
	ListenSession string
	Invalid       string
}

// deliveriesFilter reads the filter from the query; values that are not
// a status, an event type or an id are dropped and reported, every one.
func deliveriesFilter(r *http.Request) (deliveryFilter, []string) {
	q := r.URL.Query()
	f := deliveryFilter{Status: q.Get("status"), Type: q.Get("type"), Endpoint: q.Get("endpoint"), Event: q.Get("event"), After: q.Get("after"), Before: q.Get("before")}
	var bad []string
	if f.Status != "" && !contains(deliveryStatuses, f.Status) {
		f.Status, bad = "", append(bad, "status")
	}
	if f.Type != "" && !order.IsEventType(f.Type) {
		f.Type, bad = "", append(bad, "event type")
	}
	// A listen session's results are deliveries whose endpoint is the
	// session (ls_…), as in the API's endpoint_id filter.
	if f.Endpoint != "" && !ids.Valid(ids.Endpoint, f.Endpoint) && !ids.Valid(relay.SessionPrefix, f.Endpoint) {
		f.Endpoint, bad = "", append(bad, "endpoint")
	}
	if f.Event != "" && !ids.Valid(ids.Event, f.Event) {
		f.Event, bad = "", append(bad, "event")
	}
	if (f.After != "" && !ids.Valid(ids.Delivery, f.After)) || (f.Before != "" && !ids.Valid(ids.Delivery, f.Before)) {
		f.After, f.Before, f.BadPage = "", "", true
	}
	if f.After != "" {
		f.Before = "" // one cursor: a hand-made address with both pages from after
	}
	return f, bad
}

// notUnderstood is the warning of a list page (deliveries, orders) for
// the filters it dropped and for a page cursor (?after=, ?before=) it
// could not read, one wording on both pages: Deliveries called a bad
// cursor "the page filter", which is no filter on the page, and Orders
// "the page asked for", each in its own sentence, so a user who met both
// read two rules for one mistake. items names the rows ("orders"): with
// the page dropped, the newest of them are shown, which the user must be
// told, as the table is not the page the address named.
//
//	The status filter was not understood and is ignored.
//	The page asked for was not understood and is ignored; the newest orders are shown.
//	The status filter and the page asked for were not understood and are ignored; the newest deliveries are shown.
func notUnderstood(filters []string, badPage bool, items string) string {
	var what string
	switch n := len(filters); {
	case n == 1:
		what = filters[0] + " filter"
	case n > 1:
		what = strings.Join(filters[:n-1], ", ") + " and " + filters[n-1] + " filters"
	}
	plural := len(filters) > 1
	if badPage {
		if what != "" {
			what, plural = what+" and the page asked for", true
		} else {
			what = "page asked for"
		}
	}
	if what == "" {
		return ""
	}
	verb := "was not understood and is ignored"
	if plural {
		verb = "were not understood and are ignored"
	}
	if badPage {
		return "The " + what + " " + verb + "; the newest " + items + " are shown."
	}
	return "The " + what + " " + verb + "."
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (d *Dashboard) deliveriesPage(w http.ResponseWriter, r *http.Request, s *session) error {
	f, bad := deliveriesFilter(r)
	eps, _, err := d.st.ListEndpoints(r.Context(), store.ListParams{AccountID: s.AccountID, Limit: maxListedEndpoints})
	if err != nil {
		return err
	}
	byID := endpointMap(eps)
	data := &deliveriesData{Endpoints: eps, Filter: f}
	data.Invalid = notUnderstood(bad, f.BadPage, "deliveries")
	if f.Endpoint != "" {
		e, err := d.st.GetEndpoint(r.Context(), s.AccountID, f.Endpoint)
		switch {
		case err == nil:
			data.Endpoint = &e
			if _, listed := byID[e.ID]; !listed {
				// Older than the newest maxListedEndpoints: an option
				// still, or the select shows "Any endpoint" and the next
				// Filter drops it.
				data.Endpoints = append(data.Endpoints, e)
			}
			byID[e.ID] = e
		case isNotFound(err):
			// A listen session of the account (with results or not yet),
			// or a deleted endpoint if the account has deliveries to it
			// (its delivery log stays); else nothing of this account.
			if ids.Valid(relay.SessionPrefix, f.Endpoint) {
				if _, lerr := d.st.GetListenSession(r.Context(), s.AccountID, f.Endpoint); lerr == nil {
					data.ListenSession = f.Endpoint
					break
				} else if !isNotFound(lerr) {
					return lerr
				}
			}
			any, _, lerr := d.st.ListDeliveries(r.Context(), store.ListDeliveriesParams{
				ListParams: store.ListParams{AccountID: s.AccountID, Limit: 1}, EndpointID: f.Endpoint})
			if lerr != nil {
				return lerr
			}
			if len(any) == 0 {
				// 404, as for another account's endpoint, saying so: the
				// deleted-endpoint notice of its page links here ("Its
				// deliveries"), also for one deleted before it had any,
				// which met "the page does not exist".
				msg := "There are no deliveries to this endpoint: it was deleted before it had any, or it belongs to another account."
				if ids.Valid(relay.SessionPrefix, f.Endpoint) {
					msg = "There are no deliveries to this listen session: it reported none before it was pruned, or it belongs to another account."
				}
				return &linkedError{&httpError{http.StatusNotFound, msg}, "/dashboard/deliveries", "All deliveries"}
			}
			data.GoneEndpoint = f.Endpoint
		default:
			return err
		}
	}
	rows, more, err := d.st.ListDeliveries(r.Context(), store.ListDeliveriesParams{
		ListParams: store.ListParams{AccountID: s.AccountID, Limit: deliveriesPerPage, StartingAfter: f.After, EndingBefore: f.Before},
		EndpointID: f.Endpoint, EventID: f.Event, Status: f.Status, EventType: f.Type})
	if err != nil {
		return err
	}
	first, last := "", ""
	if n := len(rows); n > 0 {
		first, last = rows[0].ID, rows[n-1].ID
	}
	p, top, err := pagerFor(f.After, f.Before, first, last, more, func(lp store.ListParams) (bool, error) {
		lp.AccountID = s.AccountID
		ds, more, err := d.st.ListDeliveries(r.Context(), store.ListDeliveriesParams{ListParams: lp,
			EndpointID: f.Endpoint, EventID: f.Event, Status: f.Status, EventType: f.Type})
		return len(ds) > 0 || more, err
	})
	if err != nil {
		return err
	}
	if top {
		http.Redirect(w, r, string(f.url("", "")), http.StatusSeeOther)
		return nil
	}
	data.Prev, data.Next, data.More = p.Prev, p.Next, p.Next != ""
	// An empty list says what to do next, as the overview's does.
	empty := noDeliveriesYet(len(eps))
	filtered := f
	filtered.After, filtered.Before = "", "" // a page is no filter
	if filtered != (deliveryFilter{}) {
		empty = "No deliveries match these filters."
	}
	pastEnd := false
	if len(rows) == 0 && f.After != "" {
		// Past the last page, or no deliveries (of these filters) at
		// all: one row of the list tells. "No deliveries match these
		// filters" said the second of the first, and no filter was set.
		some, _, err := d.st.ListDeliveries(r.Context(), store.ListDeliveriesParams{
			ListParams: store.ListParams{AccountID: s.AccountID, Limit: 1},
			EndpointID: f.Endpoint, EventID: f.Event, Status: f.Status, EventType: f.Type})
		if err != nil {
			return err
		}
		if pastEnd = len(some) > 0; pastEnd {
			empty = "This address is past the last page: there are no older deliveries"
			if filtered != (deliveryFilter{}) {
				empty += " matching these filters"
			}
			empty += "."
		}
	}
	if err := d.rowEndpoints(r.Context(), s.AccountID, rows, byID); err != nil {
		return err
	}
	data.Table = newDeliveriesTable(rows, byID, empty)
	if pastEnd {
		data.Table.FirstPage = f.url("", "")
	}
	data.Table.Insert = f.After == "" && f.Before == ""
	data.Table.Status, data.Table.Type, data.Table.Endpoint, data.Table.Event = f.Status, f.Type, f.Endpoint, f.Event
	data.Table.Limit = deliveriesPerPage
	d.render(w, r, http.StatusOK, "deliveries", &view{Title: "Deliveries", Nav: "deliveries", Session: s, Notice: noticeFrom(r), Data: data})
	return nil
}

// NewestURL, NewerURL and OlderURL are the pager's links.
func (d *deliveriesData) NewestURL() template.URL { return d.Filter.url("", "") }
func (d *deliveriesData) NewerURL() template.URL  { return d.Filter.url("before", d.Prev) }
func (d *deliveriesData) OlderURL() template.URL  { return d.Filter.url("after", d.Next) }

type header struct{ Name, Value string }

func sortedHeaders(h map[string]string) []header {
	out := make([]header, 0, len(h))
	for k, v := range h {
		out = append(out, header{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

type attemptView struct {
	store.Attempt
	Request  []header
	Response []header
	// BodyMayBeCut: the stored body is as long as the attempt log keeps
	// (delivery.StoredBodyBytes, less a cut UTF-8 character), so the
	// receiver may have sent more.
	BodyMayBeCut bool
	// AttemptTimeout is the server's (Config.AttemptTimeout), which a
	// timed-out attempt's problem names.
	AttemptTimeout time.Duration
}

// BodyIsBinary says the receiver's body is not text: it holds control
// characters other than tabs and line ends (a gzip or protobuf answer, a
// NUL-padded one). Written into the page as they are, Chromium draws them
// as rows of empty boxes, so it is shown as hex, as the inspector shows
// such a capture.
func (a attemptView) BodyIsBinary() bool {
	return strings.ContainsFunc(a.ResponseBody, func(r rune) bool {
		return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f
	})
}

// BodyHex is the body as kept, in hex: at most delivery.StoredBodyBytes.
func (a attemptView) BodyHex() string { return hexDump([]byte(a.ResponseBody)) }

// BodyLostBytes says the body had bytes that were not UTF-8: the attempt
// log keeps each run of them as U+FFFD (ef bf bd), so the hex view does
// not show them as sent.
func (a attemptView) BodyLostBytes() bool {
	return strings.ContainsRune(a.ResponseBody, utf8.RuneError)
}

type deliveryData struct {
	Delivery    store.Delivery
	Endpoint    *store.Endpoint
	Event       *store.Event
	Attempts    []attemptView
	ResendError string
}

// Cause is the delivery's last error when no attempt tells it (the
// endpoint was deleted before it was tried again, say): the status of
// the last response alone would read as a schedule run out.
func (d *deliveryData) Cause() string {
	le := d.Delivery.LastError
	if le == "" || (len(d.Attempts) > 0 && d.Attempts[0].Error == le) {
		return ""
	}
	return le
}

// EndpointGone says what the delivery's endpoint is when it is not one
// of the account's endpoints now: a listen session or a deleted endpoint.
func (d *deliveryData) EndpointGone() string { return endpointGone(d.Delivery.EndpointID) }

func (d *Dashboard) deliveryPage(w http.ResponseWriter, r *http.Request, s *session) error {
	return d.renderDelivery(w, r, s, http.StatusOK, "")
}

func (d *Dashboard) renderDelivery(w http.ResponseWriter, r *http.Request, s *session, status int, resendErr string) error {
	id := r.PathValue("id")
	if !ids.Valid(ids.Delivery, id) {
		return notAnID("delivery", ids.Delivery, id, "/dashboard/deliveries", "All deliveries")
	}
	dl, err := d.st.GetDelivery(r.Context(), s.AccountID, id)
	if isNotFound(err) {
		return errDeliveryMissing
	}
	if err != nil {
		return err
	}
	data := &deliveryData{Delivery: dl, ResendError: resendErr}
	if e, err := d.st.GetEndpoint(r.Context(), s.AccountID, dl.EndpointID); err == nil {
		data.Endpoint = &e
	} else if !isNotFound(err) {
		return err
	}
	if ev, err := d.st.GetEvent(r.Context(), s.AccountID, dl.EventID); err == nil {
		data.Event = &ev
	} else if !isNotFound(err) {
		return err
	}
	atts, err := d.st.ListAttempts(r.Context(), s.AccountID, id)
	if err != nil {
		return err
	}
	// Newest attempt first: it is the one people look for.
	for i := len(atts) - 1; i >= 0; i-- {
		a := atts[i]
		data.Attempts = append(data.Attempts, attemptView{Attempt: a, Request: sortedHeaders(a.RequestHeaders), Response: sortedHeaders(a.ResponseHeaders),
			BodyMayBeCut: len(a.ResponseBody) > delivery.StoredBodyBytes-utf8.UTFMax, AttemptTimeout: d.cfg.AttemptTimeout})
	}
	// The id tells apart the tabs (and the history entries) of deliveries of one event type.
	v := &view{Title: dl.EventType + " delivery " + dl.ID, Nav: "deliveries", Session: s, Notice: noticeFrom(r), Data: data}
	if r.Method != http.MethodGet {
		v.Canonical = "/dashboard/deliveries/" + dl.ID
	}
	d.render(w, r, status, "delivery", v)
	return nil
}

// errDeliveryMissing answers the page of a delivery id of the right shape
// that names none of the account's deliveries: one pruned (a finished
// delivery goes with its attempts once the server's retention has passed:
// an old link, a bookmark) or another account's, which it does not tell
// apart. It said "There is nothing here: the page does not exist" and led
// only to the overview.
var errDeliveryMissing = &linkedError{&httpError{http.StatusNotFound, "This delivery does not exist: a finished delivery is removed, with its attempts, once the server's retention period has passed (30 days by default), or it belongs to another account. Your deliveries are listed under Deliveries."},
	"/dashboard/deliveries", "All deliveries"}

// errDeliveryGone is errDeliveryMissing for Resend, pressed on a page left
// open: it also says that nothing was sent.
var errDeliveryGone = &linkedError{&httpError{http.StatusNotFound, "This delivery does not exist any more: a finished delivery is removed, with its attempts, once the server's retention period has passed (30 days by default), or it belongs to another account. Nothing was sent; your deliveries are listed under Deliveries."},
	"/dashboard/deliveries", "All deliveries"}

// resend sends a delivery again now, with a fresh retry schedule.
func (d *Dashboard) resend(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	if !ids.Valid(ids.Delivery, id) {
		return notAnID("delivery", ids.Delivery, id, "/dashboard/deliveries", "All deliveries")
	}
	if err := d.callAPI(r, s, http.MethodPost, "/v1/deliveries/"+id+"/retry", nil, nil); err != nil {
		var ae *apiError
		if errors.As(err, &ae) && ae.Status < 500 && ae.Status != http.StatusNotFound {
			msg := refusal(ae, actionResend)
			if wantsJSON(r) {
				writeJSON(w, ae.Status, asyncResult{Message: msg})
				return nil
			}
			return d.renderDelivery(w, r, s, ae.Status, msg)
		}
		if errors.As(err, &ae) && ae.Status == http.StatusNotFound {
			return errDeliveryGone
		}
		return err
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusAccepted, asyncResult{OK: true, Message: notices["resent"], DeliveryID: id})
		return nil
	}
	redirect(w, r, "/dashboard/deliveries/"+id, "resent")
	return nil
}
