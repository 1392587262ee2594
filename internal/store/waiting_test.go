package store

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

// TestListWaitingPolicy: which of a driver's reads answer a page of
// waiting deliveries, for each shape of history the policy tells apart.
func TestListWaitingPolicy(t *testing.T) {
	page := []Delivery{{ID: "dlv_1"}}
	cases := []struct {
		name       string
		windowMore func(n int) bool // whether a walk of n fills the page
		count      int
		countErr   error
		want       []string // the reads made, in order
	}{
		{"the first walk fills the page", func(int) bool { return true }, 0, nil,
			[]string{"window 1000"}},
		{"few waiting, none in the walk", func(int) bool { return false }, 40, nil,
			[]string{"window 1000", "count", "all"}},
		{"more waiting than the first walk, the longer walk fills the page", func(n int) bool { return n > 1000 }, 5000, nil,
			[]string{"window 1000", "count", "window 5000"}},
		{"more waiting than the first walk, spread too thin", func(int) bool { return false }, 5000, nil,
			[]string{"window 1000", "count", "window 5000", "all"}},
		{"as many waiting as the cap: walked as before", func(int) bool { return false }, WaitingListMax, nil,
			[]string{"window 1000", "count", "walk"}},
		{"the count fails: walked as before", func(int) bool { return false }, 0, errors.New("disk I/O error"),
			[]string{"window 1000", "count", "walk"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var reads []string
			ds, _, err := ListWaiting(WaitingReads{
				Window: func(n int) ([]Delivery, bool, error) {
					reads = append(reads, fmt.Sprintf("window %d", n))
					return page, c.windowMore(n), nil
				},
				Count: func() (int, error) { reads = append(reads, "count"); return c.count, c.countErr },
				Walk:  func() ([]Delivery, bool, error) { reads = append(reads, "walk"); return page, false, nil },
				All:   func() ([]Delivery, bool, error) { reads = append(reads, "all"); return page, false, nil },
			})
			if err != nil || len(ds) != 1 {
				t.Fatalf("ListWaiting = %v, %v", ds, err)
			}
			if !slices.Equal(reads, c.want) {
				t.Errorf("reads %q, want %q", reads, c.want)
			}
		})
	}
	t.Run("a failed first walk is the page's error", func(t *testing.T) {
		boom := errors.New("interrupted")
		_, _, err := ListWaiting(WaitingReads{
			Window: func(int) ([]Delivery, bool, error) { return nil, false, boom },
			Count:  func() (int, error) { t.Error("counted after a failed walk"); return 0, nil },
		})
		if !errors.Is(err, boom) {
			t.Errorf("err = %v, want %v", err, boom)
		}
	})
	t.Run("with the walk off, the waiting ones are all read", func(t *testing.T) {
		SetWaitingWalkForTest(false)
		defer SetWaitingWalkForTest(true)
		var reads []string
		ListWaiting(WaitingReads{
			Window: func(n int) ([]Delivery, bool, error) { reads = append(reads, "window"); return page, true, nil },
			Count:  func() (int, error) { return 5000, nil },
			All:    func() ([]Delivery, bool, error) { reads = append(reads, "all"); return page, false, nil },
		})
		if !slices.Equal(reads, []string{"all"}) {
			t.Errorf("reads %q, want only the read of all", reads)
		}
	})
}
