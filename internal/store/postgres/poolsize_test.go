package postgres

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestPoolSizeFromDSN: README's "Several instances" tells an operator to
// size max_connections for N instances and to set pool_max_conns in the
// DSN to fit more of them. The DSN's pool_max_conns was parsed by pgx and
// then replaced by the default of 16, so an instance under load opened 16
// sessions whatever the DSN said. Here 24 concurrent readers go through a
// store opened with pool_max_conns=5 while its sessions are counted by
// their application_name: never more than 5 (a smaller value than
// minPoolConns is raised to it, as a pool of one waits for itself), and
// without it the default (16) still holds.
func TestPoolSizeFromDSN(t *testing.T) {
	requirePostgres(t)
	for _, tc := range []struct {
		name  string
		param string
		want  int32
	}{
		{"pool_max_conns=5", "&pool_max_conns=5", 5},
		{"pool_max_conns=1 is raised", "&pool_max_conns=1", minPoolConns},
		{"default", "", defaultPoolConns},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			schema := newSchemaName(t)
			app := "pool_size_" + schema
			s, err := Open(ctx, testDSN()+"&application_name="+app+tc.param, Options{Schema: schema})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if got := s.pool.Config().MaxConns; got != tc.want {
				t.Errorf("the pool's MaxConns is %d, want %d", got, tc.want)
			}
			if tc.want > 5 {
				return // the sessions are counted only where the cap is small
			}
			admin, err := pgx.Connect(ctx, testDSN())
			if err != nil {
				t.Fatal(err)
			}
			defer admin.Close(ctx)
			stop := make(chan struct{})
			var wg sync.WaitGroup
			for range 24 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						select {
						case <-stop:
							return
						default:
						}
						// A slow read holds its connection: the pool grows
						// to its cap at once.
						if _, err := s.pool.Exec(ctx, "SELECT pg_sleep(0.02)"); err != nil {
							t.Error(err)
							return
						}
					}
				}()
			}
			most := 0
			deadline := time.Now().Add(1500 * time.Millisecond)
			for time.Now().Before(deadline) {
				var n int
				if err := admin.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE application_name = $1`, app).Scan(&n); err != nil {
					t.Fatal(err)
				}
				most = max(most, n)
				time.Sleep(50 * time.Millisecond)
			}
			close(stop)
			wg.Wait()
			if most > int(tc.want) {
				t.Errorf("%d sessions at once with %s in the DSN, want at most %d", most, tc.param, tc.want)
			}
			if most < int(tc.want) {
				t.Errorf("only %d sessions at once under 24 readers: the cap of %d was never reached, so this test proves nothing", most, tc.want)
			}
		})
	}
}

// TestReadmeConnectionSizing: README's count of the connections an
// instance takes is the driver's.
func TestReadmeConnectionSizing(t *testing.T) {
	b, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := strings.Join(strings.Fields(string(b)), " ")
	for _, want := range []string{
		fmt.Sprintf("each instance holds up to %d in its pool", defaultPoolConns),
		fmt.Sprintf("below %d it is raised to %d", minPoolConns, minPoolConns),
		fmt.Sprintf("and %d of its own beside it", dedicatedConns),
		fmt.Sprintf("N instances need N × %d of", defaultPoolConns+dedicatedConns),
	} {
		if !strings.Contains(readme, want) {
			t.Errorf("README's \"Several instances\" does not say %q", want)
		}
	}
}
