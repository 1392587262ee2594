// Package plural words a count for people: "1 hour", "24 hours", never
// "1 hours". The dashboard and the command line say every count and
// duration they write through it, so the two agree in number.
package plural

import "strconv"

// Count says n things: n and one when n is 1, n and many otherwise.
// one and many may carry the words that agree with them ("open listen
// session does", "open listen sessions do").
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
