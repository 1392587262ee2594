package webhook

import "time"

// What the external tests need to run this package's store suites on
// PostgreSQL, which they reach through internal/testenv: the package's own
// tests cannot import testenv, since testenv imports this package.
type (
	FakeClock    = fakeClock
	DedupFactory = dedupFactory
)

var (
	TestDedupStore         = testDedupStore
	TestSQLDedupUpgrade    = testSQLDedupUpgrade
	TestSQLDedupLostAnswer = testSQLDedupLostAnswer
)

// SetSQLDedupClock gives d the tests' clock.
func SetSQLDedupClock(d *SQLDedup, now func() time.Time) { d.now = now }
