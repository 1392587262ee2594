// Package bench measures the whole webhook system as users run it: a real
// `esahayak serve` child process on a real store, real HTTP on loopback, a
// built-in receiver and a load generator that goes through the public API.
// It is the engine of the `esahayak bench` command.
//
// # What one run does
//
//  1. Starts the receiver: one loopback listener per webhook endpoint (so
//     every endpoint is its own host:port, as distinct customers are), each
//     answering 200 at once (or holding, or timing out, per scenario) and
//     recording for every request its arrival time, the X-eSahayak-Delivery
//     header and the payload's created_at.
//  2. Prepares a fresh store (a temporary SQLite file, or a new PostgreSQL
//     schema selected with ?search_path=), creates an account with
//     `esahayak accounts create`, and starts `esahayak serve` as a child
//     process (or several, on PostgreSQL) on a free loopback port.
//  3. Creates the endpoints and the orders through the API (not measured),
//     then uploads every order through the operator route: each upload is one
//     committed event. This is the measured phase.
//  4. Waits, bounded in time, until every (endpoint, event) pair has arrived.
//  5. Measures the ceiling: the same receiver hit by a plain net/http client
//     with the same body and concurrency, run as a child process
//     (`esahayak bench ceiling-client`) so that client and receiver are
//     separate processes, as the server and the receiver are.
//  6. In single and fanout, measures the relay floor (relay.go): the same
//     number of events, sent the same way to a plain in-memory relay in a
//     child process (`esahayak bench relay-floor`) that forwards each to
//     fresh receiver endpoints. Two plain exchanges per event and nothing
//     else: what no store-and-forward system can beat here.
//  7. Reads the server's CPU time and peak memory from /proc (and, on
//     PostgreSQL, the CPU of the backends serving it), and stops it.
//
// # Figures
//
// Ingest is uploads per second over the upload phase. Deliveries per second
// are unique arrivals over the window from the first upload to the last
// arrival. Latency is from the event's created_at (taken just before the
// commit, millisecond precision: figures are high by up to 1 ms) to its
// arrival at the receiver, for the first arrival of each (endpoint, event).
//
// Every loop is bounded in count and in time; all addresses are loopback.
package bench
