package main

import "context"

func runListen(ctx context.Context, args []string) error {
	return usageError{"listen: not implemented yet"}
}
