//go:build !unix

package main_test

import (
	"errors"
	"os"
	"syscall"
)

// The stand-ins for process_unix_test.go's helpers where Unix's calls do
// not exist (Windows): no named pipe, no other user, the default pipe.

func makeFifo(string) error { return errors.ErrUnsupported }

func asNobody() *syscall.SysProcAttr { return nil }

func shrinkPipe(*os.File) bool { return false }

func writingToAPipe(int) (writing, known bool) { return false, false }
