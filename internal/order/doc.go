// Package order is the stamp-order domain: what a valid stamp request is,
// which status changes are allowed and who may make them, and the exact
// event payload each change emits.
//
// # State machine
//
//	               upload (op)            deliver (op, delivery_requested)
//	PROCESSING ─────────────────► COMPLETED ─────────────────► DELIVERED
//	 │   ▲   │                        │
//	 │   │   │ fail (op)              │ cancel (op)
//	 │   │   ▼                        ▼
//	 │   └─ FAILED ───────────────► CANCELLED
//	 │ retry (op)   cancel (customer or op)
//	 └────────────────────────────► CANCELLED
//	          cancel (customer or op)
//
// "op" moves need the operator token. Every move except retry emits one
// event: upload → stamp.uploaded, fail → stamp.failed, deliver →
// order.delivered, cancel → order.cancelled. Any other (status, move) pair,
// or a move by an actor it is not open to, is refused by Apply with a
// *TransitionError naming the current status and the statuses the move
// takes from that actor.
package order
