package store

import (
	"context"
	"fmt"
)

// URLCheck, carried by a write's context (WithURLCheck), makes
// CreateEndpoint, and UpdateEndpoint when it changes the URL, refuse a URL
// that another of the account's endpoints (not deleted) already has, as
// Same judges: the write fails with ErrConflict and Dup names that
// endpoint. The check and the write are one step for every instance on
// the database (PostgreSQL: the account's endpoint lock, CreateEndpoint's;
// SQLite: the single writer). It is the dashboard's "one URL once": the
// API itself lets an account have two endpoints with one URL.
type URLCheck struct {
	Same func(a, b string) bool
	Dup  string // set by the store when it refused the write
}

type urlCheckKey struct{}

// WithURLCheck returns ctx carrying c for the store's endpoint writes.
func WithURLCheck(ctx context.Context, c *URLCheck) context.Context {
	return context.WithValue(ctx, urlCheckKey{}, c)
}

// URLCheckOf is the URLCheck ctx carries, or nil.
func URLCheckOf(ctx context.Context) *URLCheck {
	c, _ := ctx.Value(urlCheckKey{}).(*URLCheck)
	if c == nil || c.Same == nil {
		return nil
	}
	return c
}

// Refuse is a driver's check of url against the account's other endpoints,
// read as (id, URL) pairs within the write: ErrConflict, with c.Dup set,
// when one of them has the same URL.
func (c *URLCheck) Refuse(url, except string, others func(yield func(id, url string) bool) error) error {
	var dup string
	err := others(func(id, other string) bool {
		if id != except && c.Same(other, url) {
			dup = id
			return false
		}
		return true
	})
	if err != nil {
		return fmt.Errorf("read the account's endpoint URLs: %w", err)
	}
	if dup != "" {
		c.Dup = dup
		return fmt.Errorf("endpoint %s has this URL already: %w", dup, ErrConflict)
	}
	return nil
}

// EachURL gives yield the (id, URL) rows of a driver's query of the
// account's endpoint URLs, until yield returns false: what a driver's
// others for Refuse reads. The caller closes rows.
func EachURL(rows Rows, yield func(id, url string) bool) error {
	for rows.Next() {
		var id, url string
		if err := rows.Scan(&id, &url); err != nil {
			return err
		}
		if !yield(id, url) {
			return nil
		}
	}
	return rows.Err()
}
