// Package dashboard is the web dashboard that `esahayak serve` serves at /:
// the guide's Settings → API Access page (API keys and Webhook
// Configuration), endpoint management, delivery logs with every attempt,
// monitoring charts, the account's orders, and a request inspector that
// captures requests sent to a temporary URL of this server.
//
// # Design
//
// Pages are rendered on the server with html/template and work without
// JavaScript; a small embedded script (static/app.js) adds the live parts
// over Server-Sent Events: deliveries appear and change status as the
// delivery engine reports them (delivery.Engine.Subscribe), and the
// inspector shows requests as they arrive. Styles and script are embedded
// in the binary; nothing is loaded from elsewhere, and the Content
// Security Policy forbids it.
//
// Every change a page makes to endpoints and deliveries goes through the
// JSON API's own handlers (api.Server.ServeAccount), so the dashboard and
// the API validate alike, answer with the same messages, and wake the
// delivery engine alike. The dashboard reads from the store directly.
//
// # Sign-in
//
// People sign in with an email and a password (argon2id). A session is a
// random token in an HttpOnly, SameSite=Lax cookie, stored hashed in the
// database (store.DashboardStore); it expires after 12 hours without use
// and 7 days after sign-in at the latest. Every POST must carry the
// session's CSRF token; failed sign-ins are rate limited per email and
// client address (an IPv6 client by its /64), per address, and per email
// across addresses but those it signed in from lately. docs/dashboard.md
// gives the exact rules.
package dashboard
