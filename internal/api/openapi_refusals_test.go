package api_test

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/testenv"
)

// documentedStatuses lists the statuses openapi.json gives each /v1
// operation, by "METHOD /path".
func documentedStatuses(doc map[string]any) map[string][]string {
	out := map[string][]string{}
	for path, item := range doc["paths"].(map[string]any) {
		if !strings.HasPrefix(path, "/v1/") {
			continue
		}
		for method, o := range item.(map[string]any) {
			op, ok := o.(map[string]any)
			if !ok {
				continue // the path item's parameters
			}
			for st := range op["responses"].(map[string]any) {
				out[strings.ToUpper(method)+" "+path] = append(out[strings.ToUpper(method)+" "+path], st)
			}
		}
	}
	return out
}

// TestOpenAPIDocumentsTheCredentialAnswers: each /v1 operation documents
// the 401 and 403 it answers, and only those: every operation is asked
// without a credential, with an unknown key, with an API key and with the
// operator token, and again on a server started without an operator
// token. POST /v1/orders/{id}/cancel documented a 403 that no credential
// gets (it takes both kinds), so a generated client carried a "wrong kind
// of credential" case that never comes.
func TestOpenAPIDocumentsTheCredentialAnswers(t *testing.T) {
	doc := loadDoc(t, api.OpenAPI)
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	bare := testenv.StartNoOperator(t, testenv.SQLite(t))
	// Ids of the right shape that name nothing: whoever gets past the
	// credential check meets a 404 (no stream opens, nothing changes).
	id := regexp.MustCompile(`/(orders|webhook_endpoints|events|deliveries|listen_sessions)/\{id\}`)
	prefix := map[string]string{"orders": "order_", "webhook_endpoints": "we_", "events": "evt_", "deliveries": "dlv_", "listen_sessions": "ls_"}
	type ask struct {
		base, key, who string
	}
	asks := []ask{
		{s.URL, "", "no credential"},
		{s.URL, "esk_unknown", "an unknown key"},
		{s.URL, s.APIKey, "the API key"},
		{s.URL, s.Operator, "the operator token"},
		{bare.URL, "", "no credential, on a server without an operator token"},
		{bare.URL, s.Operator, "a token, on a server without an operator token"},
	}
	checked := 0
	for op, statuses := range documentedStatuses(doc) {
		method, tmpl, _ := strings.Cut(op, " ")
		path := id.ReplaceAllStringFunc(tmpl, func(m string) string {
			kind := strings.Split(m, "/")[1]
			return "/" + kind + "/" + prefix[kind] + "01m8s1wyypk0y6r82m2j1wh4g8"
		})
		var body any
		if method == "POST" || method == "PATCH" {
			body = "{}"
		}
		got := map[string][]string{} // status → who got it
		for _, a := range asks {
			st, b := testenv.DoHeaders(t, method, a.base+path, a.key, body, nil)
			if st != http.StatusUnauthorized && st != http.StatusForbidden {
				continue
			}
			got[strconv.Itoa(st)] = append(got[strconv.Itoa(st)], a.who)
			if !slices.Contains(statuses, strconv.Itoa(st)) {
				t.Errorf("%s with %s: %d %s, which openapi.json does not document for it", op, a.who, st, b)
			}
		}
		for _, st := range []string{"401", "403"} {
			if slices.Contains(statuses, st) && len(got[st]) == 0 {
				t.Errorf("%s: openapi.json documents %s, which no credential gets (it answered %v)", op, st, got)
			}
		}
		checked++
	}
	if checked < 29 {
		t.Fatalf("checked %d operations", checked)
	}
}
