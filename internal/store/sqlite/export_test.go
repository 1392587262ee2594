package sqlite

import (
	"context"
	"database/sql"
)

// QueueBulkForTest queues n background (bulk) operations of fn for the
// writer, as recording outcomes and claims are queued, and returns a
// function that waits for all of them.
func (s *Store) QueueBulkForTest(n int, fn func(tx *sql.Tx) error) (wait func() error) {
	errs := make(chan error, n)
	for range n {
		op := &writeOp{ctx: context.Background(), fn: fn, done: make(chan error, 1)}
		if err := s.submit(context.Background(), s.bulk, op); err != nil {
			errs <- err
			continue
		}
		go func() { errs <- s.await(op.done) }()
	}
	return func() error {
		var first error
		for range n {
			if err := <-errs; err != nil && first == nil {
				first = err
			}
		}
		return first
	}
}

// QDeliveryStats is EndpointStats' count of an endpoint's deliveries,
// for the test of its plan.
const QDeliveryStats = qDeliveryStats

// RowExistsForTest says whether table holds a row with the id
// (storetest.RowInspector): the store's reads no longer show a deleted
// endpoint's row.
func (s *Store) RowExistsForTest(ctx context.Context, table, id string) (bool, error) {
	var n int
	err := s.reader.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE id = ?`, id).Scan(&n)
	return n > 0, err
}

// QAccountAttemptStats and QAccountDeliveryStats are AccountEndpointStats'
// reads, for their plans.
const (
	QAccountAttemptStats  = qAccountAttemptStats
	QAccountDeliveryStats = qAccountDeliveryStats
)

// QAttemptStats and QStatsSeries are an endpoint's figures' and charts'
// reads of its attempts, for their plans.
const (
	QAttemptStats = qAttemptStats
	QStatsSeries  = qStatsSeries
)

// QListFailedDeliveries and QRecoverEndpoint are read by the test of the
// plans that may take deliveries_failed.
const (
	QListFailedDeliveries = qListFailedDeliveries
	QRecoverEndpoint      = qRecoverEndpoint
)

// QListWaitingDeliveries and QListDeliveriesWindow are read by the test of
// their plans.
var (
	QListWaitingDeliveries = qListWaitingDeliveries
	QListDeliveriesWindow  = qListDeliveriesWindow
)

// ReportsExpiredLeasesForTest (storetest.ExpiredLeaseReporter): SQLite's
// claims never set store.Work.LeaseExpired.
func (s *Store) ReportsExpiredLeasesForTest() bool { return false }

// QEraseExpiredSecrets is the maintenance pass's erasure of retired
// signing secrets, for its plan.
const QEraseExpiredSecrets = qEraseExpiredSecrets

// QPruneListenSessions is the prune's removal of closed listen sessions,
// for its plan.
const QPruneListenSessions = qPruneListenSessions

// QMissedEvents is a recover with include_missed's read of a batch of
// events, each with whether the endpoint has its delivery.
const QMissedEvents = qMissedEvents

// CacheSizesForTest reads PRAGMA cache_size on a writer and a reader
// connection.
func (s *Store) CacheSizesForTest(ctx context.Context) (writer, reader int, err error) {
	if err = s.writer.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&writer); err != nil {
		return
	}
	err = s.reader.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&reader)
	return
}

// HoldSweeperForTest makes the background sweeper (sweepLoop) wait before
// each chunk for a value on the channel it returns; closing the channel
// lets it run freely. A status change's caller is not held.
func (s *Store) HoldSweeperForTest() chan<- struct{} {
	step := make(chan struct{})
	s.sweeperStepForTest.Store(&step)
	return step
}
