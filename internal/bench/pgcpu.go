package bench

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/esahayak/esahayak/internal/store/postgres"
)

// pgCPU measures the CPU time PostgreSQL spends for our servers: the
// backends whose client ends are sockets held by a server process. On
// SQLite the database runs inside the server, so its CPU is already in the
// server's figure; on PostgreSQL leaving it out would flatter the server.
type pgCPU struct {
	dsn   string
	start map[int]float64 // backend pid → CPU seconds at the start
}

// socketPorts returns the local TCP ports of pid's sockets connected to remotePort.
func socketPorts(pid, remotePort int) (map[int]bool, error) {
	inodes := map[string]bool{}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return nil, err
	}
	for _, fd := range fds {
		l, err := os.Readlink(filepath.Join(fmt.Sprintf("/proc/%d/fd", pid), fd.Name()))
		if err == nil && strings.HasPrefix(l, "socket:[") {
			inodes[strings.TrimSuffix(strings.TrimPrefix(l, "socket:["), "]")] = true
		}
	}
	ports := map[int]bool{}
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fl := strings.Fields(sc.Text())
			if len(fl) < 10 || !inodes[fl[9]] {
				continue
			}
			_, lp, _ := strings.Cut(fl[1], ":")
			_, rp, _ := strings.Cut(fl[2], ":")
			l, err1 := strconv.ParseInt(lp, 16, 32)
			r, err2 := strconv.ParseInt(rp, 16, 32)
			if err1 == nil && err2 == nil && int(r) == remotePort {
				ports[int(l)] = true
			}
		}
		f.Close()
	}
	return ports, nil
}

// backends lists the pids of the backends serving the servers' connections.
func (p *pgCPU) backends(ctx context.Context, servers []*server) (map[int]float64, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	// As serve connects: a pool_max_conns in the DSN is the pool's, not a
	// setting for PostgreSQL (which refused it).
	conn, err := postgres.Connect(ctx, p.dsn)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	ports := map[int]bool{}
	for _, s := range servers {
		sp, err := socketPorts(s.pid(), int(conn.Config().Port))
		if err != nil {
			return nil, err
		}
		for k := range sp {
			ports[k] = true
		}
	}
	rows, err := conn.Query(ctx, `SELECT pid, client_port FROM pg_stat_activity WHERE client_port IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]float64{}
	for rows.Next() {
		var pid, port int32
		if err := rows.Scan(&pid, &port); err != nil {
			return nil, err
		}
		if ports[int(port)] {
			c, err := cpuSeconds(int(pid))
			if err == nil {
				out[int(pid)] = c
			}
		}
	}
	return out, rows.Err()
}

// begin notes the backends' CPU at the start of the measured phase.
func (p *pgCPU) begin(ctx context.Context, servers []*server) {
	p.start, _ = p.backends(ctx, servers)
}

// seconds is the backends' CPU since begin (a backend that appeared
// meanwhile counts in full; one that exited meanwhile is missed).
func (p *pgCPU) seconds(ctx context.Context, servers []*server) float64 {
	now, err := p.backends(ctx, servers)
	if err != nil {
		return 0
	}
	var t float64
	for pid, c := range now {
		t += c - p.start[pid]
	}
	return t
}
