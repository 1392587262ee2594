package main

import "context"

func runUsers(ctx context.Context, args []string) error {
	return usageError{"users: not implemented yet"}
}
