package dashboard

import (
	"html/template"
	"io/fs"
	"net/http"
	"strings"
)

// startingMessage is what the dashboard says while its server starts.
const startingMessage = "The server is starting: it is opening its database (and migrating it after an upgrade), which can take a few seconds, or longer while another instance migrates it."

// Starting answers the dashboard's addresses (/, /dashboard and the paths
// below it) while serve starts, and hands every other request to next
// (api.Starting). The server takes its address before it opens the
// database, and answered a dashboard reloaded, or used, during a restart
// with the API's JSON 503, shown as the page ({"error":{"type":
// "api_error",…}}); a Send test event pressed meanwhile, which reads its
// answer's "message", said nothing at all. A page now says in words that
// the server is starting, and reloads itself every 5 seconds until the
// dashboard answers; a form says that it was not done (nothing of it is
// read), a form posted by the page's script gets its JSON. The stylesheet
// is served, so the page looks like the dashboard's.
func Starting(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if p != "/" && p != "/dashboard" && !strings.HasPrefix(p, "/dashboard/") {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		// As api.Starting: nothing of the request is read, so the
		// connection must not be read on after it.
		h.Set("Connection", "close")
		h.Set("Retry-After", "5")
		h.Set("X-Content-Type-Options", "nosniff")
		if name, ok := strings.CutPrefix(p, "/dashboard/static/"); ok && (r.Method == http.MethodGet || r.Method == http.MethodHead) && name == "app.css" {
			if b, err := fs.ReadFile(staticFS, "static/"+name); err == nil {
				h.Del("Retry-After")
				h.Set("Content-Type", "text/css; charset=utf-8")
				h.Set("Cache-Control", "no-cache")
				w.Write(b)
				return
			}
		}
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		page := r.Method == http.MethodGet || r.Method == http.MethodHead
		if wantsJSON(r) {
			msg := startingMessage + " Nothing was done: try again in a few seconds."
			if page {
				msg = startingMessage + " Try again in a few seconds."
			}
			writeJSON(w, http.StatusServiceUnavailable, asyncResult{Message: msg})
			return
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		if r.Method == http.MethodHead {
			return
		}
		startingPage.Execute(w, struct{ Page bool }{page})
	})
}

// startingPage is Starting's page. A page asked for with GET reloads
// itself (a form's answer must not: its address takes only POST).
var startingPage = template.Must(template.New("starting").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
{{if .Page}}<meta http-equiv="refresh" content="5">
{{end}}<title>Starting · eSahayak Webhooks</title>
<link rel="stylesheet" href="/dashboard/static/app.css">
</head>
<body>
<main id="main" class="main main-narrow">
<section class="card center">
  <h1>The dashboard is starting</h1>
  <p role="alert">` + startingMessage + `</p>
  {{if .Page}}<p>Reload this page in a few seconds: it reloads by itself every 5 seconds until the dashboard answers.</p>{{else}}<p>What you sent was not done: nothing was saved. Go back, and send it again once the page has loaded.</p>{{end}}
</section>
</main>
</body>
</html>
`))
