package delivery_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/delivery"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/postgres"
	"github.com/esahayak/esahayak/internal/testenv"
)

// linesOf are the lines of logs whose message is msg.
func linesOf(logs *testenv.Output, msg string) []string {
	var out []string
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, "msg=\""+msg+"\"") {
			out = append(out, l)
		}
	}
	return out
}

// countedStore is a real PostgreSQL store that counts the claims and
// elections tried on it, so that the test knows how many failures the log
// lines stand for.
type countedStore struct {
	*postgres.Store
	claims, elections atomic.Int64
}

func (c *countedStore) ClaimDeliveries(ctx context.Context, p store.ClaimParams) ([]store.Work, error) {
	c.claims.Add(1)
	return c.Store.ClaimDeliveries(ctx, p)
}

func (c *countedStore) TryLeader(ctx context.Context) (bool, func(), error) {
	c.elections.Add(1)
	return c.Store.TryLeader(ctx)
}

// cutLink is a TCP relay on loopback between a store and PostgreSQL;
// cut ends it, and every connection through it: to the store, the
// database has gone away (its connections reset, new ones refused).
type cutLink struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func newCutLink(t *testing.T, target string) *cutLink {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &cutLink{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			l.mu.Lock()
			l.conns = append(l.conns, c, up)
			l.mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
	t.Cleanup(l.cut)
	return l
}

func (l *cutLink) cut() {
	l.ln.Close()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range l.conns {
		c.Close()
	}
}

// TestStoreOutageLogsBoundedLines: with PostgreSQL gone, every claim and
// every maintenance election fails; the log got a "claim deliveries"
// error for each claim (five in the first three seconds, then one every
// 5 s) and a "leader election" warning for each maintenance run (ten a
// second with --maintenance-interval 100ms), burying the line that said
// when the outage began. Each is now logged once per 10 s, the next line
// counting those held back; the engine's stop writes the count left.
func TestStoreOutageLogsBoundedLines(t *testing.T) {
	u, err := url.Parse(testenv.PostgresDSN())
	if err != nil {
		t.Fatal(err)
	}
	schema := testenv.NewSchema(t)
	link := newCutLink(t, u.Host)
	u.Host = link.ln.Addr().String()
	pg, err := postgres.Open(context.Background(), u.String(), postgres.Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close() })
	st := &countedStore{Store: pg}
	var logs testenv.Output
	e := delivery.New(delivery.Config{Owner: "outage", Poll: 20 * time.Millisecond, Log: slog.New(slog.NewTextHandler(&logs, nil))}, st)
	link.cut() // the database is gone before the engine's first claim
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e.Start(ctx)
	e.StartMaintenance(delivery.MaintenanceConfig{Interval: 100 * time.Millisecond})
	testenv.Eventually(t, 10*time.Second, "five failed claims and ten failed elections", func() bool {
		return st.claims.Load() >= 5 && st.elections.Load() >= 10
	})
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	e.Stop(sctx)
	for msg, tried := range map[string]int64{"claim deliveries": st.claims.Load(), "leader election": st.elections.Load()} {
		got := linesOf(&logs, msg)
		if len(got) != 2 {
			t.Errorf("%d failed tries logged %d %q lines, want 2 (one within 10 s, and the count at the stop):\n%s", tried, len(got), msg, strings.Join(got, "\n"))
			continue
		}
		if !strings.Contains(got[0], "also_failed_since_last_warning=0") || !strings.Contains(got[0], "err=") {
			t.Errorf("the first %q line does not carry its error and count: %s", msg, got[0])
		}
		// The other tries, but for one the stop may have cut short: a try
		// failing because the engine stopped is no outage, and not counted.
		if !strings.Contains(got[1], fmt.Sprintf("stopping=true also_failed_since_last_warning=%d", tried-1)) &&
			!strings.Contains(got[1], fmt.Sprintf("stopping=true also_failed_since_last_warning=%d", tried-2)) {
			t.Errorf("the %q line at the stop does not count the other %d failures (or %d, one cut short by the stop): %s", msg, tried-1, tried-2, got[1])
		}
	}
}
