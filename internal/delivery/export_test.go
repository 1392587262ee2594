package delivery

// Stopping reports whether Stop has begun on e, for tests of package
// delivery_test that must act only once it has (a held attempt released
// then must not let the endpoint's queued work through).
func Stopping(e *Engine) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.stopping
}

// LaneSlow reports whether e takes the lane of endpointID for slow (its
// attempts' average past promptAttempt), for tests of package
// delivery_test that must act only once the engine has learnt so: the
// attempt's outcome may be recorded a moment before.
func LaneSlow(e *Engine, endpointID string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	l := e.lanes[endpointID]
	return l != nil && !prompt(l)
}

// LaneOpen reports whether e's lane for endpointID has its window at
// PerEndpoint, for benchmarks of package delivery_test that hand the
// engine work directly (as the API does at insert) and must not be given
// back the part past a new lane's start window.
func LaneOpen(e *Engine, endpointID string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	l := e.lanes[endpointID]
	return l != nil && l.window >= e.cfg.PerEndpoint
}
