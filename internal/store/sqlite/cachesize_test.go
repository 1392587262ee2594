package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/esahayak/esahayak/internal/store/sqlite"
)

// The page caches of all the store's connections together stay within a
// budget that leaves the server under 256 MB holding and draining a
// backlog of a million deliveries. The readers had the writer's 32 MB
// each, and eight of them, filled by the API's reads of a large backlog,
// took the server from 130 to 262–283 MB while it drained 200,000
// deliveries (docs/performance.md, fifty-seventh round).
func TestPageCachesStayWithinBudget(t *testing.T) {
	ctx := context.Background()
	const readers = 8 // the default
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "test.db"), sqlite.Options{ReadConns: readers})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	w, r, err := s.CacheSizesForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// A negative cache_size is KiB; a positive one pages (4 KiB).
	kib := func(n int) int {
		if n < 0 {
			return -n
		}
		return n * 4
	}
	if kib(w) < 16000 {
		t.Errorf("the writer's page cache is %d KiB; it keeps the hot pages of every write, and had 32,000", kib(w))
	}
	// The writer, the checkpointer (which has the writer's settings) and
	// the readers.
	if total := 2*kib(w) + readers*kib(r); total > 100_000 {
		t.Errorf("the page caches may take %d KiB together (writer %d, each of %d readers %d); the budget is 100,000", total, kib(w), readers, kib(r))
	}
}
