package plural_test

import (
	"fmt"
	"testing"

	"github.com/esahayak/esahayak/internal/plural"
)

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{
		{0, "0 hours"},
		{1, "1 hour"},
		{2, "2 hours"},
		{-1, "-1 hours"},
	} {
		if got := plural.Count(c.n, "hour", "hours"); got != c.want {
			t.Errorf("Count(%d) = %q; want %q", c.n, got, c.want)
		}
	}
}

func ExampleCount() {
	fmt.Println(plural.Count(1, "open listen session does", "open listen sessions do"))
	fmt.Println(plural.Count(3, "finished delivery", "finished deliveries"))
	// Output:
	// 1 open listen session does
	// 3 finished deliveries
}
