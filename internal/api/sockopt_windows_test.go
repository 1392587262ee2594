package api_test

import "syscall"

// setReceiveBuffer: sockopt_unix_test.go's, for a Windows socket handle.
func setReceiveBuffer(fd uintptr, n int) error {
	return syscall.SetsockoptInt(syscall.Handle(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, n)
}
