//go:build unix

package api_test

import "syscall"

// setReceiveBuffer sets the kernel receive buffer of the socket fd to n
// bytes, before it connects. Windows spells the socket's type otherwise
// (sockopt_windows_test.go).
func setReceiveBuffer(fd uintptr, n int) error {
	return syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, n)
}
