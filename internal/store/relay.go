package store

// RelayStore holds what `esahayak listen` sessions need.
type RelayStore interface{}
