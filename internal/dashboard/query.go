package dashboard

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// noticeParams are what noticeFrom reads: a page that shows the notice of
// a form's redirect reads them.
var noticeParams = []string{"notice", "n", "m", "rest", "future"}

// pageParams names the query parameters each page (by its route's
// pattern) reads. One of them given twice is refused, as the API refuses
// it (400 invalid_query): a page read the first and dropped the others,
// so ?status=failed&status=succeeded listed failed deliveries alone,
// and ?status=succeeded&status=failed the others. One whose value
// cannot be decoded (?status=%zz, a ";" in the pair) is refused too: Go
// dropped it, and the page showed the list unfiltered without a word.
// Parameters a page does not read are left alone, unlike the API: a
// link from elsewhere may carry its own (utm_source), and the page then
// shows as it would without them.
var pageParams = map[string][]string{
	"GET /dashboard/{$}":                 noticeParams,
	"GET /dashboard/deliveries":          append([]string{"status", "type", "endpoint", "event", "after", "before"}, noticeParams...),
	"GET /dashboard/deliveries/{id}":     noticeParams,
	"GET /dashboard/endpoints/{id}":      noticeParams,
	"GET /dashboard/monitoring":          {"window", "endpoint"},
	"GET /dashboard/orders":              {"status", "after", "before"},
	"GET /dashboard/settings/api-access": append([]string{"new", "endpoints_after"}, noticeParams...),
	"GET /dashboard/inspector":           noticeParams,
	"GET /dashboard/inspector/{id}":      noticeParams,
	"GET /dashboard/signin":              {"next", "notice"},
	// The live stream's user= (the page's script sends it once).
	"GET /dashboard/live": {"user"},
}

// queryError refuses a query string that r's page would read otherwise
// than it says (pageParams): nil when the page reads it as given.
func queryError(r *http.Request) error {
	names := pageParams[r.Pattern]
	if r.URL.RawQuery == "" || len(names) == 0 {
		return nil
	}
	count := map[string]int{}
	var repeated string
	for _, pair := range strings.Split(r.URL.RawQuery, "&") {
		// url.ParseQuery drops a pair holding a ";" whole (the old
		// separator), so each ";" part is looked at for a name.
		for _, part := range strings.Split(pair, ";") {
			rawName, rawValue, _ := strings.Cut(part, "=")
			name, err := url.QueryUnescape(rawName)
			if err != nil || !slices.Contains(names, name) {
				continue
			}
			if _, err := url.QueryUnescape(rawValue); err != nil || strings.Contains(pair, ";") {
				return &httpError{http.StatusBadRequest, fmt.Sprintf(
					"The address's %q parameter could not be read: in its value, write %% as %%25 and ; as %%3B.", name)}
			}
			if count[name]++; count[name] == 2 && repeated == "" {
				repeated = name
			}
		}
	}
	if repeated != "" {
		return &httpError{http.StatusBadRequest, fmt.Sprintf(
			"The address gives the %q parameter %d times; this page reads one, so give it once.", repeated, count[repeated])}
	}
	return nil
}
