package delivery

// LaneFast reports whether e takes endpointID for lately fast (LeaseParams.Fast),
// for tests of package delivery_test whose events must be held by the store:
// it holds an event's deliveries to full lanes only beside one leased to a
// fast endpoint.
func LaneFast(e *Engine, endpointID string) bool { return e.fast(endpointID) }
