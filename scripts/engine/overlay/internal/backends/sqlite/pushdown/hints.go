// Code of sante-interpretes added to FerretDB v1.24.2 at build time (see scripts/engine/README.md).

package pushdown

import (
	"context"

	"github.com/FerretDB/FerretDB/internal/types"
)

// The backend's Query takes only a filter (its sort is $natural, for capped collections); the command
// handlers pass the command's sort and limit alongside, and the backend uses them only when the whole
// filter went down exactly. The Go code after the query still sorts, skips and limits, as before.

type hintsKey struct{}

// Hints are a command's whole filter (the handler may give the backend less of it), its sort, and how
// many documents it can use at most (0: all).
type Hints struct {
	Filter *types.Document
	Sort   *types.Document
	Limit  int64
}

// WithHints returns ctx carrying the command's filter, sort and limit for the backend's Query.
func WithHints(ctx context.Context, filter, sort *types.Document, limit int64) context.Context {
	if limit < 0 {
		limit = 0
	}
	return context.WithValue(ctx, hintsKey{}, Hints{Filter: filter, Sort: sort, Limit: limit})
}

// HintsFrom returns the hints ctx carries, if any.
func HintsFrom(ctx context.Context) Hints {
	h, _ := ctx.Value(hintsKey{}).(Hints)
	return h
}

type counterKey struct{}

// Counter receives the answer of a count command that SQLite gave as COUNT(*): when the whole filter
// went down exactly, the backend's Query sets N and Done and returns no documents to count in Go.
type Counter struct {
	N    int64
	Done bool
}

// WithCounter returns ctx asking the backend's Query to count in SQL when it exactly can.
func WithCounter(ctx context.Context, c *Counter) context.Context {
	return context.WithValue(ctx, counterKey{}, c)
}

// CounterFrom returns the counter ctx carries, or nil.
func CounterFrom(ctx context.Context) *Counter {
	c, _ := ctx.Value(counterKey{}).(*Counter)
	return c
}
