package main

import "context"

func runTrigger(ctx context.Context, args []string) error {
	return usageError{"trigger: not implemented yet"}
}
