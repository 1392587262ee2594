package sqlite

import (
	"fmt"
	"slices"
	"testing"
)

// Step 2 of a deferred fan-out is cut into nearly equal chunks of at most
// deferredChunk deliveries, keeping each delivery's endpoint, id and lease
// together and in order.
func TestDeferredChunks(t *testing.T) {
	for _, c := range []struct {
		n    int
		want []int
	}{{1, []int{1}}, {16, []int{16}}, {17, []int{9, 8}}, {50, []int{13, 13, 13, 11}}} {
		f := &deferredFanout{eventID: "evt_1"}
		for i := range c.n {
			f.endpoints = append(f.endpoints, fmt.Sprintf("we_%02d", i))
			f.ids = append(f.ids, fmt.Sprintf("dlv_%02d", i))
			f.leased = append(f.leased, i%2 == 0)
		}
		var sizes []int
		var eps, idsSeen []string
		var leased []bool
		for _, ch := range f.chunks() {
			if len(ch.endpoints) != len(ch.ids) || len(ch.leased) != len(ch.ids) || ch.eventID != "evt_1" {
				t.Fatalf("n=%d: chunk %+v", c.n, ch)
			}
			sizes = append(sizes, len(ch.endpoints))
			eps, idsSeen, leased = append(eps, ch.endpoints...), append(idsSeen, ch.ids...), append(leased, ch.leased...)
		}
		if !slices.Equal(sizes, c.want) || !slices.Equal(eps, f.endpoints) || !slices.Equal(idsSeen, f.ids) || !slices.Equal(leased, f.leased) {
			t.Errorf("n=%d: chunk sizes %v (want %v), or the parts do not add up to the whole", c.n, sizes, c.want)
		}
	}
}
