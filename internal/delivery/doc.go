// Package delivery is the engine that takes every delivery from the store to
// its endpoint: claim → send → record.
//
// # Flow
//
// New deliveries are usually leased to this engine by the transaction that
// wrote them (store.LeaseParams) and handed over with Submit right after the
// commit, so a fresh event is sent without a claim round trip. Everything
// else — retries coming due, deliveries whose lease ran out after a crash,
// resends, work another instance wrote — is found by the claimer, which
// leases due deliveries in batches (never more than there is room for).
//
// Each endpoint has a lane: a queue and at most PerEndpoint attempts in
// flight. A slow or dead endpoint fills only its own lane; the claimer skips
// endpoints whose lane is full, so their backlog stays in the store and
// never takes the workers of healthy endpoints. A new lane opens like a TCP
// window: two deliveries at first, one more per attempt that does not time
// out, half as many after one that does (see newLane), so an endpoint that
// hangs never holds more than two connections.
//
// Outcomes are recorded by one recorder goroutine in batches (one store
// transaction for many results). A success is written even if the lease
// was lost meanwhile; a failure only by the lease holder.
//
// # What a failed attempt means
//
// decide() is the one place that turns an attempt into an outcome: a 2xx
// within the timeout succeeds; everything else (other statuses including
// 3xx and 410, time-outs, refused connections, DNS and TLS errors, blocked
// private addresses) fails and is retried on the schedule, with 429/503
// Retry-After moving the next attempt later (capped). When the schedule is
// exhausted the delivery is failed; it can be resent.
package delivery
