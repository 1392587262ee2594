package postgres

import (
	"context"
)

// RowExistsForTest says whether table holds a row with the id
// (storetest.RowInspector): the store's reads no longer show a deleted
// endpoint's row.
func (s *Store) RowExistsForTest(ctx context.Context, table, id string) (bool, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE id = $1`, id).Scan(&n)
	return n > 0, err
}
