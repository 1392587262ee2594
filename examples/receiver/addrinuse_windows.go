package main

import (
	"errors"
	"syscall"
)

// wsaeaddrinuse is Windows' "Only one usage of each socket address
// (protocol/network address/port) is normally permitted.", which
// syscall.EADDRINUSE (an errno Go invents on Windows) does not match.
const wsaeaddrinuse = syscall.Errno(10048)

// addrInUse reports whether err is a listen refused because another
// program holds the port: WSAEADDRINUSE, or WSAEACCES, which Windows
// answers for a port another program holds exclusively or in a range it
// reserves (netsh interface ipv4 show excludedportrange protocol=tcp).
func addrInUse(err error) bool {
	return errors.Is(err, wsaeaddrinuse) || errors.Is(err, syscall.WSAEACCES)
}
