package delivery

// Stopping reports whether Stop has begun on e, for tests of package
// delivery_test that must act only once it has (a held attempt released
// then must not let the endpoint's queued work through).
func Stopping(e *Engine) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.stopping
}
