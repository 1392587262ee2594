package main

import (
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
)

// servePprof exposes profiles on their own address, never on the API's.
func servePprof(ln net.Listener, log *slog.Logger) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	// Not the command line: it holds the operator token and passwords
	// given as flags, and this address has no authentication.
	mux.HandleFunc("/debug/pprof/cmdline", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "withheld: the command line can hold secrets (--operator-token, a --db password)", http.StatusForbidden)
	})
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	log.Info("pprof listening", slog.String("addr", ln.Addr().String()))
	if pprofReachable(ln.Addr()) {
		log.Warn("pprof is served without authentication on an address other machines can reach: anyone who reaches it can read heap and goroutine profiles and run CPU profiles and traces; give --pprof-addr a loopback address, e.g. 127.0.0.1:6060",
			slog.String("addr", ln.Addr().String()))
	}
	if err := http.Serve(ln, mux); err != nil && !errors.Is(err, net.ErrClosed) {
		log.Error("pprof", slog.Any("err", err))
	}
}

// pprofReachable reports whether a pprof listener's address is reachable
// from other machines: anything but loopback (":6060" and "0.0.0.0:6060"
// listen on every interface). The profiles have no authentication, and
// CPU profiles and traces cost the server CPU for as long as asked.
func pprofReachable(a net.Addr) bool {
	t, ok := a.(*net.TCPAddr)
	return !ok || !t.IP.IsLoopback()
}
