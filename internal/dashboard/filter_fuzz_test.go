package dashboard

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/relay"
)

// FuzzDeliveriesFilter: whatever query string an address carries, the
// deliveries page keeps only a filter it can read (a status, an event type,
// ids of the right kind, at most one valid cursor) and reports the rest;
// and the links it writes from that filter (Newest, Newer, Older) lead to
// a page that reads the same filter and cursor back, with nothing to
// report and nothing queryError refuses. A link that lost its filter, or
// was refused by the page it leads to, would show the user another list.
func FuzzDeliveriesFilter(f *testing.F) {
	dlv, evt, ep, ls := ids.New(ids.Delivery), ids.New(ids.Event), ids.New(ids.Endpoint), ids.New(relay.SessionPrefix)
	for _, q := range []string{
		"", "status=failed", "status=FAILED", "status=failed&status=pending", "type=stamp.uploaded&endpoint=" + ep,
		"endpoint=" + ls, "event=" + evt + "&after=" + dlv, "before=" + dlv, "after=" + dlv + "&before=" + dlv,
		"after=x&before=" + dlv, "status=%zz", "status=failed;type=x", "endpoint=we_%00", "type=stamp.uploaded%20",
		"after=" + strings.ToUpper(dlv), "endpoint=" + evt, "%73tatus=failed", "status=succeeded&utm_source=mail",
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, rawQuery string) {
		r := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/dashboard/deliveries", RawQuery: rawQuery}, Pattern: "GET /dashboard/deliveries"}
		got, _ := deliveriesFilter(r)
		switch {
		case got.Status != "" && !contains(deliveryStatuses, got.Status):
			t.Fatalf("query %q: kept status %q", rawQuery, got.Status)
		case got.Type != "" && !order.IsEventType(got.Type):
			t.Fatalf("query %q: kept event type %q", rawQuery, got.Type)
		case got.Endpoint != "" && !ids.Valid(ids.Endpoint, got.Endpoint) && !ids.Valid(relay.SessionPrefix, got.Endpoint):
			t.Fatalf("query %q: kept endpoint %q", rawQuery, got.Endpoint)
		case got.Event != "" && !ids.Valid(ids.Event, got.Event):
			t.Fatalf("query %q: kept event %q", rawQuery, got.Event)
		case got.After != "" && got.Before != "":
			t.Fatalf("query %q: kept two cursors, after %q and before %q", rawQuery, got.After, got.Before)
		case got.After != "" && !ids.Valid(ids.Delivery, got.After), got.Before != "" && !ids.Valid(ids.Delivery, got.Before):
			t.Fatalf("query %q: kept a cursor that is no delivery id: after %q, before %q", rawQuery, got.After, got.Before)
		}
		for _, link := range []struct{ key, cursor string }{{"", ""}, {"after", got.After}, {"before", got.Before}} {
			u := string(got.url(link.key, link.cursor))
			path, query, _ := strings.Cut(u, "?")
			if path != "/dashboard/deliveries" {
				t.Fatalf("query %q: link %q leads off the deliveries page", rawQuery, u)
			}
			back := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: path, RawQuery: query}, Pattern: "GET /dashboard/deliveries"}
			if err := queryError(back); err != nil {
				t.Fatalf("query %q: the page refuses its own link %q: %v", rawQuery, u, err)
			}
			again, bad := deliveriesFilter(back)
			want := got
			want.After, want.Before, want.BadPage = "", "", false
			switch link.key {
			case "after":
				want.After = link.cursor
			case "before":
				want.Before = link.cursor
			}
			if len(bad) > 0 || again != want {
				t.Fatalf("query %q: filter %+v; its link %q reads back as %+v (not understood: %v)", rawQuery, got, u, again, bad)
			}
		}
	})
}

// FuzzParseLocalTime: a time the endpoint page's "Recover since" field
// takes is in UTC and in the years the API takes (0001–9999), and the
// values the page writes from it survive: the "since" sent to the API
// (order.FormatTime, milliseconds) reads back as RFC 3339 at the same
// millisecond, and the field's own value after a recovery that stopped
// ("2006-01-02T15:04:05.000", and the default's "2006-01-02T15:04") is
// taken again as the same time.
func FuzzParseLocalTime(f *testing.F) {
	for _, s := range []string{
		"2026-01-15T10:30", "2026-01-15T10:30:05", "2026-01-15T10:30:05.123", "2026-01-15T10:30:05.123456789", "2026-01-15 10:30",
		"2026-01-15T16:00:00+05:30", "2026-01-15T10:30:00Z", "0001-01-01T00:00", "0000-12-31T23:59", "9999-12-31T23:59:59.999999999",
		"0001-01-01T00:30:00+01:00", "9999-12-31T23:00:00-14:00", "2026-02-30T10:30", "2026-01-15T24:00", "2026-01-15T10:30:60",
		"yesterday", "", " 2026-01-15T10:30", "2026-01-15t10:30:00z", "２０２６-01-15T10:30", "2026-01-15T10:30:05,5",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseLocalTime(s)
		if !ok {
			if !got.IsZero() {
				t.Fatalf("parseLocalTime(%q) refused, but returned %v", s, got)
			}
			return
		}
		if got.Location() != time.UTC || got.Year() < 1 || got.Year() > 9999 {
			t.Fatalf("parseLocalTime(%q) = %v: not UTC in the years 0001–9999", s, got)
		}
		sent := order.FormatTime(got)
		if back, err := time.Parse(time.RFC3339Nano, sent); err != nil || !back.Equal(got.Truncate(time.Millisecond)) {
			t.Fatalf("parseLocalTime(%q) = %v, sent to the API as %q, which reads as %v (%v)", s, got, sent, back, err)
		}
		for _, w := range []struct {
			layout string
			unit   time.Duration
		}{{"2006-01-02T15:04:05.000", time.Millisecond}, {"2006-01-02T15:04", time.Minute}} {
			field := got.Truncate(w.unit).Format(w.layout)
			if back, ok := parseLocalTime(field); !ok || !back.Equal(got.Truncate(w.unit)) {
				t.Fatalf("parseLocalTime(%q) = %v; the field's value %q reads back as %v, %v", s, got, field, back, ok)
			}
		}
	})
}
