package store

import (
	"slices"
	"time"
)

// Row is one result row as both drivers give it: database/sql's *sql.Row
// and *sql.Rows, and pgx's pgx.Row and pgx.Rows. It is an alias, so the
// drivers' scan functions, written against the literal interface, fit the
// helpers below as they are.
type Row = interface{ Scan(dest ...any) error }

// Rows is a query's result set as both drivers give it.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// CollectRows scans every row of rows with scan. The caller closes rows,
// and interprets the error in its driver's terms.
func CollectRows[T any](rows Rows, scan func(Row) (T, error)) ([]T, error) {
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Page cuts a list read with one row more than the page (the row that
// tells whether there is more) to its page, and reports whether there was
// more. A read with lp.EndingBefore is oldest first (nearest the cursor
// first), so that the extra row is the one past the page: the page is then
// turned newest first, as every page is.
func Page[T any](items []T, lp ListParams, err error) ([]T, bool, error) {
	if err != nil {
		return nil, false, err
	}
	more := len(items) > lp.PageSize()
	if more {
		items = items[:lp.PageSize()]
	}
	if lp.EndingBefore != "" {
		slices.Reverse(items)
	}
	return items, more, nil
}

// StatsBucketScanner scans the rows of a StatsSeries query, whose columns
// are the bucket's index from since in steps of step, its attempts, the
// successes among them, the retries (attempts numbered past 1) and their
// mean duration in microseconds.
func StatsBucketScanner(since time.Time, step time.Duration) func(Row) (StatsBucket, error) {
	return func(row Row) (StatsBucket, error) {
		var b StatsBucket
		var idx int64
		var avg float64
		if err := row.Scan(&idx, &b.Attempts, &b.Succeeded, &b.Retries, &avg); err != nil {
			return b, err
		}
		b.Start = since.Add(time.Duration(idx) * step)
		b.Failed = b.Attempts - b.Succeeded
		b.AvgMillis = avg / 1000
		return b, nil
	}
}
