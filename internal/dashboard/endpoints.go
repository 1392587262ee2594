package dashboard

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

// An endpoint's page: its settings, secret, test events, recovery and
// recent deliveries. Every change goes through the API.

type endpointData struct {
	Endpoint store.Endpoint
	Form     webhookForm
	// Was is what the settings form showed when its page was rendered,
	// posted back beside it (was_*), so that a save changes only what the
	// person changed there (updateEndpoint).
	Was          webhookForm
	Secret       *apiSecret // revealed or just rotated
	Rotated      bool
	Table        deliveriesTable
	TestType     string
	RecoverSince string // datetime-local value, UTC
	RecoverError string // about the date field itself
	// RecoverMissed keeps the "events it has no delivery of" box ticked when the form
	// comes back with an error.
	RecoverMissed bool
	// SectionError is a refusal of a section's action as a whole (the
	// endpoint is disabled), shown above the section's form, not on a
	// field.
	SectionError  map[string]string
	Stats         any         // api.RenderStats of the last 24 hours
	Figures       store.Stats // the store's, for the response times (endpointSummary.Figures)
	AllowInsecure bool
	// Inspector is the id of the account's request inspector the
	// endpoint points at ("" for none): the page links to it, where its
	// test events arrive.
	Inspector string
}

func (d *Dashboard) endpointFor(r *http.Request, s *session) (store.Endpoint, error) {
	id := r.PathValue("id")
	if !ids.Valid(ids.Endpoint, id) {
		return store.Endpoint{}, notAnID("endpoint", ids.Endpoint, id, toSettings, toSettingsText)
	}
	e, err := d.st.GetEndpoint(r.Context(), s.AccountID, id)
	switch {
	case isNotFound(err) && r.Method == http.MethodPost:
		// A button on a page left open after the endpoint was deleted:
		// "the page does not exist" would not tell that nothing was done
		// nor why.
		return e, errEndpointGone
	case isNotFound(err):
		// Back after Delete endpoint, a bookmark, a Manage link of a list
		// left open: "the page does not exist" told the person who had
		// just deleted it nothing of why, and led only to the overview.
		return e, errEndpointMissing
	}
	return e, err
}

// toSettings is the link of an answer about an endpoint that is not there
// to the page listing the account's endpoints.
const toSettings, toSettingsText = "/dashboard/settings/api-access", "Your endpoints, in Settings"

// errEndpointGone answers an action on an endpoint that is no longer
// there: deleted in another tab or through the API (or never this
// account's, which the page does not tell apart). It links to Settings,
// which its message names.
var errEndpointGone = &linkedError{&httpError{http.StatusNotFound, "This endpoint does not exist any more: it was deleted, in another tab or through the API (or it belongs to another account). Nothing was changed; your endpoints are listed in Settings."},
	toSettings, toSettingsText}

// errEndpointDeletedAlready answers Delete endpoint of an endpoint that is
// no longer there: deleted by the form's first sending (a double click, a
// reload), in another tab or through the API (or another account's). "Nothing
// was changed", errEndpointGone's words, read as if the delete had failed
// and the endpoint were still there.
var errEndpointDeletedAlready = &linkedError{&httpError{http.StatusNotFound, "This endpoint was deleted already: by an earlier click (a form sent twice), in another tab or through the API (or it belongs to another account). There is nothing left to delete; your endpoints are listed in Settings."},
	toSettings, toSettingsText}

// errEndpointMissing answers the page of an endpoint id of the right shape
// that names none of the account's endpoints: one deleted (here, in another
// tab or through the API) or another account's, which it does not tell apart.
var errEndpointMissing = &linkedError{&httpError{http.StatusNotFound, "This endpoint does not exist: it was deleted (here, in another tab or through the API), or it belongs to another account. Your endpoints are listed in Settings."},
	toSettings, toSettingsText}

func (d *Dashboard) endpointPage(w http.ResponseWriter, r *http.Request, s *session) error {
	q := r.URL.Query()
	rest, err := time.Parse(time.RFC3339, q.Get("rest"))
	if q.Get("notice") != "recovered" || err != nil {
		return d.renderEndpoint(w, r, s, http.StatusOK, nil)
	}
	// A recovery that stopped with events left says to recover again
	// from rest with the box ticked: the form says so too, or sent as
	// shown (the last 24 hours, the box unticked) it sent none of them.
	// To the millisecond, the finest a date field holds (to the second,
	// a burst of events in one second made it start over each time); an
	// event of that millisecond sent already is not sent twice, as it has
	// a delivery now.
	return d.renderEndpoint(w, r, s, http.StatusOK, func(ed *endpointData) {
		ed.RecoverSince, ed.RecoverMissed = rest.UTC().Truncate(time.Millisecond).Format("2006-01-02T15:04:05.000"), true
	})
}

func (d *Dashboard) renderEndpoint(w http.ResponseWriter, r *http.Request, s *session, status int, edit func(*endpointData)) error {
	e, err := d.endpointFor(r, s)
	if err != nil {
		return err
	}
	ds, _, err := d.st.ListDeliveries(r.Context(), store.ListDeliveriesParams{
		ListParams: store.ListParams{AccountID: s.AccountID, Limit: 10}, EndpointID: e.ID})
	if err != nil {
		return err
	}
	now := d.now()
	since := now.Add(-24 * time.Hour)
	st, err := d.st.EndpointStats(r.Context(), s.AccountID, e.ID, since)
	if err != nil {
		return err
	}
	data := &endpointData{
		Endpoint: e, Table: newDeliveriesTable(ds, map[string]store.Endpoint{e.ID: e}, "No deliveries yet. Send a test event to see one."),
		Form:     webhookForm{URL: visibleURL(e.URL), Description: e.Description, Events: e.Events},
		TestType: order.EventStampUploaded, RecoverSince: since.Format("2006-01-02T15:04"),
		SectionError: map[string]string{}, Stats: api.RenderStats(e.ID, "24h", since, st), Figures: st, AllowInsecure: d.cfg.AllowInsecureURLs,
		Inspector: d.inspectorOf(r, s.AccountID, e.URL),
	}
	data.Table.Endpoint, data.Table.Limit = e.ID, 10
	data.Was = data.Form
	if edit != nil {
		edit(data)
	}
	v := &view{Title: isolatedText(shortURL(e.URL)), Nav: "settings", Session: s, Notice: noticeFrom(r), Data: data}
	if r.Method != http.MethodGet {
		v.Canonical = endpointPath(e.ID)
	}
	d.render(w, r, status, "endpoint", v)
	return nil
}

// apiFailure shows a refused change on the endpoint page, in its section;
// anything but a refusal (a 5xx, a store error) is returned.
func (d *Dashboard) apiFailure(w http.ResponseWriter, r *http.Request, s *session, err error, section string, edit func(*endpointData)) error {
	var ae *apiError
	if errors.As(err, &ae) && ae.Status == http.StatusNotFound {
		// Deleted since endpointFor read it (another tab, the API, a
		// form sent twice at once): the API's 404 was shown as an
		// unknown address's "There is nothing here".
		return errEndpointGone
	}
	if !errors.As(err, &ae) || ae.Status >= 500 {
		return err
	}
	return d.sectionRefusal(w, r, s, ae.Status, section, refusal(ae, section), edit)
}

// sectionRefusal answers a form of an endpoint page's section that was
// refused with msg: the page again, msg beside the section's form, or,
// to the page's script, msg as JSON.
func (d *Dashboard) sectionRefusal(w http.ResponseWriter, r *http.Request, s *session, status int, section, msg string, edit func(*endpointData)) error {
	if wantsJSON(r) {
		writeJSON(w, status, asyncResult{Message: msg})
		return nil
	}
	return d.renderEndpoint(w, r, s, status, func(ed *endpointData) {
		ed.SectionError[section] = msg
		if edit != nil {
			edit(ed)
		}
	})
}

func endpointPath(id string) string { return "/dashboard/endpoints/" + id }

func (d *Dashboard) updateEndpoint(w http.ResponseWriter, r *http.Request, s *session) error {
	e, err := d.endpointFor(r, s)
	if err != nil {
		return err
	}
	form := webhookForm{URL: strings.TrimSpace(r.PostForm.Get("url")), Description: strings.TrimSpace(r.PostForm.Get("description")),
		Events: postedEvents(r)}
	body := map[string]any{"url": form.URL, "description": form.Description, "events": form.Events}
	if form.URL == e.URL || form.URL == visibleURL(e.URL) {
		// Unchanged: as stored, or as the form shows it (invisible
		// characters percent-encoded, a host in its ASCII form: the same
		// address on the wire). Not
		// sent, so an edit of the rest neither fails on a URL stored before
		// a rule that refuses it now nor counts as a new URL.
		delete(body, "url")
	}
	// A field left as the form showed it is not sent: since the page was
	// loaded another tab (or the API) may have changed it, and sending
	// the whole form put that change back silently (a description edited
	// here restored the URL moved away from there).
	was, hasWas := postedWas(r)
	if hasWas {
		if form.URL == was.URL {
			delete(body, "url")
		}
		if form.Description == was.Description {
			delete(body, "description")
		}
		if sameSet(form.Events, was.Events) {
			delete(body, "events")
		}
	}
	keep := func(ed *endpointData) {
		ed.Form = form
		if hasWas {
			ed.Was = was // still what the person started from
		}
	}
	if _, sent := body["url"]; sent && form.URL != "" && !sameURL(form.URL, e.URL) {
		// The store checks again in the change's own step (uniqueURL).
		dup, err := d.duplicateOf(r.Context(), s.AccountID, form.URL, e.ID)
		if err != nil {
			return err
		}
		if dup != "" {
			form.Error, form.Param, form.Dup = duplicateMessage(dup), "url", dup
			return d.renderEndpoint(w, r, s, http.StatusUnprocessableEntity, keep)
		}
	}
	chk, ur := uniqueURL(r)
	if err := d.callAPI(ur, s, http.MethodPatch, "/v1/webhook_endpoints/"+e.ID, body, nil); err != nil {
		if chk.Dup != "" {
			form.Error, form.Param, form.Dup = duplicateMessage(chk.Dup), "url", chk.Dup
			return d.renderEndpoint(w, r, s, http.StatusUnprocessableEntity, keep)
		}
		var ae *apiError
		if errors.As(err, &ae) && ae.Status == http.StatusNotFound {
			return errEndpointGone // deleted since endpointFor read it
		}
		if errors.As(err, &ae) && ae.Status < 500 {
			form.Error, form.Param = urlFieldMessage(ae, form.URL, d.cfg.AllowInsecureURLs), ae.Param
			return d.renderEndpoint(w, r, s, ae.Status, keep)
		}
		return err
	}
	redirect(w, r, endpointPath(e.ID), "endpoint_updated")
	return nil
}

// postedWas reads what the settings form showed when it was rendered
// (was_url, was_description, was_events); ok is false for a form without
// them (posted by a script, or from a page of an older version), which is
// sent whole, as before.
func postedWas(r *http.Request) (was webhookForm, ok bool) {
	if r.PostForm.Get("was_shown") == "" {
		return webhookForm{}, false
	}
	return webhookForm{URL: strings.TrimSpace(r.PostForm.Get("was_url")), Description: strings.TrimSpace(r.PostForm.Get("was_description")),
		Events: r.PostForm["was_events"]}, true
}

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

func (d *Dashboard) setEndpointStatus(w http.ResponseWriter, r *http.Request, s *session) error {
	e, err := d.endpointFor(r, s)
	if err != nil {
		return err
	}
	status := r.PostForm.Get("status")
	if status != store.EndpointEnabled && status != store.EndpointDisabled {
		// "The request could not be read." named neither the field nor
		// what it takes, to whoever made the form (a script: the page's
		// own form always holds one of the two).
		given := "and it has none"
		if _, ok := r.PostForm["status"]; ok {
			given = "not " + shownFormText(status)
		}
		return &httpError{http.StatusBadRequest, fmt.Sprintf(
			"The form did not say whether to enable or disable the endpoint: its status field must be %q or %q, %s. Nothing was changed.",
			store.EndpointEnabled, store.EndpointDisabled, given)}
	}
	if err := d.callAPI(r, s, http.MethodPatch, "/v1/webhook_endpoints/"+e.ID, map[string]string{"status": status}, nil); err != nil {
		return d.apiFailure(w, r, s, err, "status", nil)
	}
	redirect(w, r, endpointPath(e.ID), "endpoint_"+status)
	return nil
}

func (d *Dashboard) deleteEndpoint(w http.ResponseWriter, r *http.Request, s *session) error {
	e, err := d.endpointFor(r, s)
	if errors.Is(err, errEndpointGone) {
		return errEndpointDeletedAlready
	}
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return d.askConfirmation(w, r, s, "settings", confirmation{
			Question: "Delete the endpoint ",
			URL:      shortURL(e.URL),
			Detail:   "It stops receiving events; its delivery log stays. This cannot be undone.",
			Action:   endpointPath(e.ID) + "/delete", Button: "Delete endpoint", Cancel: endpointPath(e.ID) + "#status"})
	}
	if err := d.callAPI(r, s, http.MethodDelete, "/v1/webhook_endpoints/"+e.ID, nil, nil); err != nil {
		if err := d.apiFailure(w, r, s, err, "status", nil); err != errEndpointGone {
			return err
		}
		return errEndpointDeletedAlready // since endpointFor read it
	}
	redirect(w, r, "/dashboard/settings/api-access", "endpoint_deleted")
	return nil
}

// revealSecret shows the signing secret in answer to a POST, so that it
// never sits in a URL or the browser's history.
func (d *Dashboard) revealSecret(w http.ResponseWriter, r *http.Request, s *session) error {
	e, err := d.endpointFor(r, s)
	if err != nil {
		return err
	}
	var sec apiSecret
	if err := d.callAPI(r, s, http.MethodGet, "/v1/webhook_endpoints/"+e.ID+"/secret", nil, &sec); err != nil {
		return d.apiFailure(w, r, s, err, "secret", nil)
	}
	return d.renderEndpoint(w, r, s, http.StatusOK, func(ed *endpointData) { ed.Secret = &sec })
}

func (d *Dashboard) rotateSecret(w http.ResponseWriter, r *http.Request, s *session) error {
	e, err := d.endpointFor(r, s)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return d.askConfirmation(w, r, s, "settings", confirmation{
			Question: "Rotate the signing secret of ",
			URL:      shortURL(e.URL),
			Detail: "A new secret signs every request from now on. The previous secret keeps signing beside it for 24 hours, " +
				"so your receiver can switch without missing a request. This cannot be undone.",
			// The answer opens at the new secret, not at the page's top.
			Action: endpointPath(e.ID) + "/rotate#secret-answer", Button: "Rotate secret", Cancel: endpointPath(e.ID) + "#secret",
			Once: r.PostForm.Get("once")})
	}
	once := r.PostForm.Get("once")
	if !d.onceForms.take(s.CSRFToken, once, d.now()) {
		return d.apiFailure(w, r, s, &apiError{Status: http.StatusConflict, Code: "form_resent",
			Message: "This form rotated the secret already; it was sent again (a reload?) and did nothing. Reveal signing secret shows the current one."}, "secret", nil)
	}
	var sec apiSecret
	if err := d.callAPI(r, s, http.MethodPost, "/v1/webhook_endpoints/"+e.ID+"/rotate_secret", nil, &sec); err != nil {
		d.onceForms.giveBack(s.CSRFToken, once)
		return d.apiFailure(w, r, s, err, "secret", nil)
	}
	return d.renderEndpoint(w, r, s, http.StatusOK, func(ed *endpointData) { ed.Secret, ed.Rotated = &sec, true })
}

// msgChooseTestType answers Send test event without an event type.
const msgChooseTestType = "Choose an event type to send."

func (d *Dashboard) sendTest(w http.ResponseWriter, r *http.Request, s *session) error {
	e, err := d.endpointFor(r, s)
	if err != nil {
		return err
	}
	typ := r.PostForm.Get("type")
	if typ == "" {
		// The API's refusal of it, `unknown event type ""; known types:
		// …`, is worded for programs; the page's own form always holds a
		// type, a form made by hand or a script may not.
		return d.sectionRefusal(w, r, s, http.StatusUnprocessableEntity, actionTest, msgChooseTestType, nil)
	}
	var res apiTestResult
	if err := d.callAPI(r, s, http.MethodPost, "/v1/webhook_endpoints/"+e.ID+"/test", map[string]string{"type": typ}, &res); err != nil {
		return d.apiFailure(w, r, s, err, actionTest, func(ed *endpointData) { ed.TestType = typ })
	}
	if wantsJSON(r) {
		out := asyncResult{OK: true, Message: "Test " + res.Type + " event sent (" + res.EventID + ")."}
		if res.Delivery != nil {
			out.DeliveryID = res.Delivery.ID
		}
		writeJSON(w, http.StatusAccepted, out)
		return nil
	}
	redirect(w, r, endpointPath(e.ID), "test_sent")
	return nil
}

// recoverEndpoint resends every failed delivery of the endpoint created
// since a time given in the page's datetime field (UTC), and with the
// "missed" box ticked also sends the events it has no delivery of (made
// while it was disabled, or of types added to it since): the API's
// include_missed. One API call reads a bounded
// number of events, so the box makes it call again from each answer's
// next_since for up to RecoverMissedFor; the notice sums the counts and,
// when it stopped with events left, says where to recover from next.
func (d *Dashboard) recoverEndpoint(w http.ResponseWriter, r *http.Request, s *session) error {
	e, err := d.endpointFor(r, s)
	if err != nil {
		return err
	}
	raw := strings.TrimSpace(r.PostForm.Get("since"))
	missed := r.PostForm.Get("missed") != ""
	since, ok := parseLocalTime(raw)
	if !ok {
		// The form comes back as sent, its box ticked or not.
		return d.renderEndpoint(w, r, s, http.StatusUnprocessableEntity, func(ed *endpointData) {
			ed.RecoverError = "Enter a date and time (UTC), such as 2026-01-15 10:30."
			ed.RecoverSince, ed.RecoverMissed = raw, missed
		})
	}
	body := map[string]any{"since": order.FormatTime(since)}
	if missed {
		body["include_missed"] = true
	}
	var total apiRecoverResult
	until := d.now().Add(d.cfg.RecoverMissedFor)
	for {
		// A call after the first that fails is shown as the first's
		// would be: what the earlier calls made stays made, and
		// recovering again from the form's time makes none of it twice.
		var res apiRecoverResult
		if err := d.callAPI(r, s, http.MethodPost, "/v1/webhook_endpoints/"+e.ID+"/recover", body, &res); err != nil {
			return d.apiFailure(w, r, s, err, actionRecover, func(ed *endpointData) { ed.RecoverSince, ed.RecoverMissed = raw, missed })
		}
		total.Recovered, total.Missed, total.NextSince = total.Recovered+res.Recovered, total.Missed+res.Missed, res.NextSince
		if res.NextSince == "" || !d.now().Before(until) {
			break
		}
		body["since"] = res.NextSince
	}
	switch {
	case total.Recovered == 0 && total.Missed == 0 && since.After(d.now()):
		// Taken, as the API takes it (202, nothing to recover): nothing
		// was created at or after a time to come, and "No failed
		// deliveries matched" left the reason to be guessed.
		redirect(w, r, endpointPath(e.ID), "recovered", "n", "0", "future", order.FormatTime(since))
	case total.NextSince != "":
		redirect(w, r, endpointPath(e.ID), "recovered", "n", itoa(total.Recovered), "m", itoa(total.Missed), "rest", total.NextSince)
	case missed:
		redirect(w, r, endpointPath(e.ID), "recovered", "n", itoa(total.Recovered), "m", itoa(total.Missed))
	default:
		redirect(w, r, endpointPath(e.ID), "recovered", "n", itoa(total.Recovered))
	}
	return nil
}

// parseLocalTime reads a datetime-local value ("2026-01-15T10:30", with
// or without seconds) as UTC; RFC 3339 with a zone is accepted too.
func parseLocalTime(s string) (time.Time, bool) {
	// A fraction of a second is read where seconds are (the form's own
	// value after a recovery that stopped: "2026-01-15T10:30:05.123").
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05.999999999", "2006-01-02 15:04", "2006-01-02 15:04:05.999999999", time.RFC3339} {
		// Years the API takes (0001–9999): year 0000 parses here, and
		// the API's refusal of it would be worded for programs.
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil && t.UTC().Year() >= 1 && t.UTC().Year() <= 9999 {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
