package testenv

import (
	"strings"
	"sync"
)

// Output is a writer that goroutines (a server's logger, a listener, a
// child process's pipes) write while the test reads it: a plain buffer
// would race. Several test packages each had their own copy.
type Output struct {
	mu sync.Mutex
	b  strings.Builder
}

func (o *Output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.Write(p)
}

// String is everything written so far.
func (o *Output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}
