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
