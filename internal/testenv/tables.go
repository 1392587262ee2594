package testenv

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Tables takes tables of a schema on the test PostgreSQL away (renamed to
// TABLE_gone) and gives them back: the store reports a table gone as the
// database unavailable, as in a restore half done, and answers again once
// it is back.
type Tables struct {
	t      testing.TB
	conn   *pgx.Conn
	schema string
}

// SchemaTables connects to the test PostgreSQL for schema's tables; the
// connection closes when t ends.
func SchemaTables(t testing.TB, schema string) *Tables {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), PostgresDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return &Tables{t: t, conn: conn, schema: schema}
}

// Gone takes each of tables away.
func (x *Tables) Gone(tables ...string) {
	x.t.Helper()
	for _, table := range tables {
		x.rename(table, table+"_gone")
	}
}

// Back gives each of tables, taken away by Gone, back.
func (x *Tables) Back(tables ...string) {
	x.t.Helper()
	for _, table := range tables {
		x.rename(table+"_gone", table)
	}
}

func (x *Tables) rename(from, to string) {
	x.t.Helper()
	if _, err := x.conn.Exec(context.Background(), `ALTER TABLE `+pgx.Identifier{x.schema, from}.Sanitize()+` RENAME TO `+pgx.Identifier{to}.Sanitize()); err != nil {
		x.t.Fatal(err)
	}
}
