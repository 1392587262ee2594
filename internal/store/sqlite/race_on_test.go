//go:build race

package sqlite_test

// raceEnabled: under the race detector a read of 400,000 rows with the
// collector made eager takes minutes, not seconds, and the heap's figures
// are not the ones a server has.
const raceEnabled = true
