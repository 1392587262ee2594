// Package webhook signs and verifies eSahayak webhooks, and receives them.
//
// eSahayak notifies your service of e-stamp order changes by POSTing a JSON
// event to your endpoint:
//
//	{"id": "evt_…", "type": "stamp.uploaded", "created_at": "2024-01-15T10:30:00Z",
//	 "data": {"order": {"id": "order_…", "status": "COMPLETED", "created_at": "…"},
//	          "stamp_request": {"id": "stamp_…", "state": "Assam", "amount": 1000,
//	                            "article_code": "AS-RG-4", "provider": "SHCIL"}}}
//
// The event types are stamp.uploaded, stamp.failed (with data.error),
// order.delivered (with data.delivery) and order.cancelled (with
// data.cancellation). Test events (the dashboard's "Send test event", and
// POST /v1/webhook_endpoints/{id}/test) carry "test": true and a made-up
// order: skip them where you act on orders (Event.Test), as below.
//
// The same package is used on both sides: the eSahayak server signs with
// Signer, and your Go service verifies with Verifier or, most simply, mounts
// a Handler.
//
// # Verifying
//
// Requests are signed as specified by Standard Webhooks
// (https://www.standardwebhooks.com): the webhook-id header is the event id,
// webhook-timestamp the signing time in Unix seconds, and webhook-signature
// holds "v1,<base64 HMAC-SHA256>" of "<id>.<timestamp>.<body>", keyed with
// your endpoint's secret (a "whsec_…" string from the dashboard). Any
// Standard Webhooks library in any language can verify them; this one adds
// typed events.
//
//	v, err := webhook.NewVerifier([]string{os.Getenv("ESAHAYAK_WEBHOOK_SECRET")})
//	…
//	event, err := v.Verify(rawBody, r.Header)
//
// Verify needs the raw body bytes. A body that went through a JSON decoder
// and back will not verify, because the signature covers the exact bytes.
//
// Verify rejects requests whose timestamp is more than the tolerance (five
// minutes by default, WithTolerance) away from now in either direction. That
// is what stops a captured request from being replayed later; every retry is
// signed afresh, so legitimate retries always pass. Keep your server's clock
// synchronised.
//
// Errors wrap sentinels for errors.Is: ErrMissingHeaders, ErrInvalidHeaders
// and ErrInvalidPayload for malformed requests; ErrTimestampTooOld,
// ErrTimestampTooNew and ErrNoMatchingSignature for requests that are not
// authentic or not fresh.
//
// When you rotate your secret in the dashboard, eSahayak signs with both the
// old and the new secret for 24 hours (webhook-signature then holds two
// space-separated signatures, or more after several rotations in a day: six
// at most, as a sixth rotation within a day stops the oldest retired secret
// signing at once). Give NewVerifier both secrets until you have deployed the new one, then
// drop the old: no delivery fails in between. A receiver that still holds
// only the old secret once those 24 hours are over refuses every delivery.
//
// The X-eSahayak-Event, X-eSahayak-Delivery and X-eSahayak-Attempt headers
// are conveniences for routing and logging; they are not signed, so decide
// nothing on them.
//
// # Handling
//
// Handler is an http.Handler that does the whole job: it accepts only POST,
// limits the body size, verifies, deduplicates, and calls the functions you
// register with On for the event's type:
//
//	h := webhook.NewHandler(v)
//	h.On(webhook.EventStampUploaded, func(ctx context.Context, e *webhook.Event) error {
//		if e.Test {
//			return nil // a test event: a made-up order
//		}
//		return markCompleted(ctx, e.Data.Order.ID)
//	})
//	http.Handle("/webhooks/esahayak", h) // other methods get the handler's JSON 405
//
// A nil error answers 200 and the event is done. An error answers 500, and
// eSahayak retries the delivery later, so return an error only for failures
// that a retry can fix, and make handlers idempotent. Events of a type with no
// registered function are acknowledged with 200 and logged, so that a new
// event type never turns into a stream of failing retries. Malformed requests
// get 400 and unauthentic ones 401; see Handler for the full list.
//
// eSahayak waits 10 seconds for an answer. If your handlers can take longer,
// use WithBackground: the Handler then answers as soon as the request is
// verified and claimed, and runs the handlers on a pool of workers. Errors
// are then only logged, since the sender already has its 200; call
// Handler.Shutdown when exiting to finish the queued events (those still
// queued when its context ends are logged by event id, not run).
//
// # Deduplication
//
// Delivery is at least once: a retry after a lost response, or a manual
// redelivery from the dashboard, brings an event you may already have
// handled. Each carries the same event id, and Handler uses a DedupStore to
// run your functions at most once per successfully handled id.
//
// The store works by claims. Before handling, the Handler claims the event
// id: the claim is atomic, so of two concurrent deliveries of one event only
// one runs the handlers (the other is answered 409, which eSahayak retries
// on its schedule like any failure; see Handler for why 409). On
// success the claim is committed and later deliveries of the id are
// answered 200 without running anything; on failure it is released, so the
// retry runs the handlers again. While the Handler holds a claim (its
// event queued or running) it renews it three times per lease, if the store
// is a ClaimRenewer (both stores here are; a ClaimLeaser says how long its
// lease is), so a slow handler is never overtaken by a redelivery of its own
// event. A claim abandoned by a crashed process expires after its lease
// (DefaultClaimLease, or a shorter MemoryDedup TTL). With a ClaimOwner store
// (both stores here) each claim carries an owner token and the Handler
// releases only its own claim: a delivery whose claim lapsed anyway cannot
// drop the claim another delivery took over.
//
// The default store is NewMemoryDedup, which remembers handled ids for
// DefaultDedupTTL (72 hours, longer than the whole retry schedule) in memory: enough for a single instance. With several instances, or to
// remember across restarts, use NewSQLDedup with your database. Either way,
// deduplication narrows the window for double processing but cannot close it
// (a crash between your side effect and the commit leaves the event
// unrecorded), so side effects should still be idempotent, for instance with a
// unique constraint on the event id in your own tables.
//
// # Signing
//
// Signer produces webhook-signature values. The eSahayak server uses it for
// every delivery attempt; you can use it to produce test requests for your
// own receiver:
//
//	s, _ := webhook.NewSigner(secret)
//	req.Header.Set(webhook.HeaderID, eventID)
//	req.Header.Set(webhook.HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
//	req.Header.Set(webhook.HeaderSignature, s.Sign(eventID, now, body))
//
// NewSecret makes a new "whsec_" secret of 32 random bytes. NewSigner takes
// several secrets and emits one signature for each, which is how a secret
// rotation keeps old and new receivers working at once.
package webhook
