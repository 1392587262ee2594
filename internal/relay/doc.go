// Package relay is `esahayak listen`: it brings an account's events to a
// developer's laptop over one outgoing connection, so a local handler
// receives real, signed webhooks without a tunnel (no ngrok, no
// webhook.site).
//
// # The protocol
//
// The listener (Listener, run by `esahayak listen`) creates a listen
// session with POST /v1/listen_sessions, authenticated with the account's
// API key. The server answers with the session's id (ls_…) and a signing
// secret (whsec_…) made for this session alone. The listener then holds
// GET /v1/listen_sessions/{id}/stream open: a Server-Sent Events stream
// (plain HTTP/1.1, so it passes ordinary HTTP proxies) that carries
//
//	event: ready     once per connection: {"session_id", "replayed", "truncated"}
//	event: webhook   one per event: {"id", "type", "created_at", "payload"}; the SSE id is the event id
//	: ping           a comment every 15 seconds, so idle connections stay up and dead ones are noticed
//
// For each webhook the listener POSTs payload — the stored event body, byte
// for byte, the same bytes a real endpoint receives — to its local URL with
// the headers of a real delivery (Content-Type, User-Agent, X-eSahayak-Event,
// X-eSahayak-Delivery, X-eSahayak-Attempt and the Standard Webhooks
// webhook-id, webhook-timestamp and webhook-signature, signed with the
// session's secret). It prints one line per event and reports the outcome
// with POST /v1/listen_sessions/{id}/results; the server records it as a
// delivery whose endpoint_id is the session id, so GET /v1/deliveries and
// the dashboard show it beside the real endpoints' deliveries. The delivery
// engine never sends those deliveries itself: they are written finished.
// Ctrl-C closes the session (DELETE /v1/listen_sessions/{id}).
//
// # Cursor, reconnection and what is replayed
//
// Event ids sort by creation time, so the last event id a listener saw is
// its cursor. A dropped connection or a server restart makes the listener
// reconnect with backoff (up to 30 seconds apart) sending Last-Event-ID;
// the server reads the account's events after that cursor from the store
// and replays them before the live ones. The bound: events of the last hour
// (ReplayWindow), at most the newest 1000 of them (ReplayLimit), and never
// events from before the session began. The ready message says how many are
// replayed and whether anything was left out.
//
// # Several instances
//
// A stream learns of new events in two ways: an in-process wake-up from the
// API when this instance commits an event (Hub), and a read of the store by
// cursor every second, which finds events committed by any other instance
// sharing the PostgreSQL database. Every 5 seconds a read also looks back
// Lookback (10 s) behind the cursor, for events whose transaction committed
// after a newer event's had been sent; each event is sent once per
// connection. The listener, in turn, forwards each event id once per
// session.
package relay
