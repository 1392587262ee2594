package dashboard

import "github.com/esahayak/esahayak/internal/store"

// pager is where a list page (deliveries, orders) links: the cursors of
// the pages beside it, "" where there is none to show.
type pager struct {
	Prev string // ?before= of the newer page
	Next string // ?after= of the older page
}

// pagerFor works out the links of a page read with the cursor after or
// before (at most one set), whose first and last rows are first and last
// ("" for an empty page), with more as the store answered it. The cursor
// need not be on the list (a bookmark whose rows were pruned, a row that
// has left a status filter, an address made by hand), so a link the read
// alone does not vouch for is checked with has, a one-row read of the
// same list: a link never leads to an empty page or back to this one. top
// says that a page read with before reached the newest: that page has its
// own address, which takes live rows.
func pagerFor(after, before, first, last string, more bool, has func(store.ListParams) (bool, error)) (p pager, top bool, err error) {
	if before != "" && !more {
		return p, true, nil
	}
	if first == "" {
		return p, false, nil
	}
	switch {
	case before != "": // more: newer rows follow
		p.Prev = first
		if ok, err := has(store.ListParams{Limit: 1, StartingAfter: last}); err != nil || !ok {
			return p, false, err
		}
		p.Next = last
		return p, false, nil
	case after != "":
		ok, err := has(store.ListParams{Limit: 1, EndingBefore: first})
		if err != nil {
			return p, false, err
		}
		if ok {
			p.Prev = first
		}
	}
	if more {
		p.Next = last
	}
	return p, false, nil
}
