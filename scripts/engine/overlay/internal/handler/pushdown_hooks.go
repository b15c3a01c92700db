// Code of sante-interpretes added to FerretDB v1.24.2 at build time (see scripts/engine/README.md).

package handler

import (
	"context"
	"sync"

	"github.com/FerretDB/wire"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/pushdown"
	"github.com/FerretDB/FerretDB/internal/handler/common"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// FerretDB v1 applies update, findAndModify and delete as a query followed by writes by _id
// (https://github.com/FerretDB/FerretDB/issues/3040): two conditional updates of one document could
// both succeed, and two $inc could both read the same value. One data directory is served by one engine
// process, so holding a lock per collection from the query to the last write makes each command's
// read-modify-write one step, as on MongoDB. Reads (find, count, aggregate) never wait for it.

var collectionLocks sync.Map // "db.collection" -> *sync.Mutex

// lockForWrite locks the collection for a read-modify-write and returns the unlock function.
func lockForWrite(db, collection string) func() {
	m, _ := collectionLocks.LoadOrStore(db+"."+collection, new(sync.Mutex))
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}

// findHints passes a find's whole filter, sort and limit (plus skip) to the backend.
func findHints(ctx context.Context, params *common.FindParams) context.Context {
	limit := params.Limit
	if limit > 0 {
		limit += params.Skip
	}
	return pushdown.WithHints(ctx, orEmpty(params.Filter), params.Sort, limit)
}

// findAndModifyHints passes a findAndModify's filter and sort: it changes at most one document.
func findAndModifyHints(ctx context.Context, params *common.FindAndModifyParams) context.Context {
	return pushdown.WithHints(ctx, orEmpty(params.Query), params.Sort, 1)
}

// updateHints passes an update's filter: a single update changes at most one document.
func updateHints(ctx context.Context, u *common.Update) context.Context {
	var limit int64
	if !u.Multi {
		limit = 1
	}
	return pushdown.WithHints(ctx, orEmpty(u.Filter), nil, limit)
}

// deleteHints passes a delete's filter: a limited delete removes at most one document.
func deleteHints(ctx context.Context, d *common.Delete) context.Context {
	var limit int64
	if d.Limited {
		limit = 1
	}
	return pushdown.WithHints(ctx, orEmpty(d.Filter), nil, limit)
}

// explainHints passes what a find would, so that explain shows what goes down.
func explainHints(ctx context.Context, params *common.ExplainParams) context.Context {
	limit := params.Limit
	if limit > 0 {
		limit += params.Skip
	}
	return pushdown.WithHints(ctx, orEmpty(params.Filter), params.Sort, limit)
}

// countHints passes a count's filter, and a counter for the backend to answer in SQL when it exactly can.
func countHints(ctx context.Context, params *common.CountParams) (context.Context, *pushdown.Counter) {
	counter := new(pushdown.Counter)
	return pushdown.WithCounter(pushdown.WithHints(ctx, orEmpty(params.Filter), nil, 0), counter), counter
}

// countReply is the count command's answer from the backend's COUNT(*), after skip and limit.
func countReply(counter *pushdown.Counter, params *common.CountParams) (*wire.OpMsg, error) {
	n := max(0, counter.N-params.Skip)
	if params.Limit > 0 {
		n = min(n, params.Limit)
	}
	return documentOpMsg(must.NotFail(types.NewDocument("n", int32(n), "ok", float64(1))))
}

func orEmpty(filter *types.Document) *types.Document {
	if filter == nil {
		return types.MakeDocument(0)
	}
	return filter
}
