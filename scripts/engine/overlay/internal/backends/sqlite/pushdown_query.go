// Code of sante-interpretes added to FerretDB v1.24.2 at build time (see scripts/engine/README.md).

package sqlite

import (
	"context"
	"fmt"
	"slices"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/backends/sqlite/pushdown"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/fsql"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
)

// pushed says which parts of a query went down to SQLite (for explain).
type pushed struct {
	filter, sort, limit bool
	// exact: the command's whole filter went down as it is (the Go filter would drop nothing).
	exact bool
}

// pushdownClauses returns the WHERE, ORDER BY and LIMIT clauses of a query and their arguments. The
// filter goes down as far as the collection's indexes allow (package pushdown); the sort and the limit
// of the command (hints in ctx) go down only when the filter went down exactly. A $natural sort and a
// limit set by the handler (capped collections, no filter) are kept as FerretDB had them.
func pushdownClauses(ctx context.Context, db *fsql.DB, meta *metadata.Collection, filter, natural *types.Document, limit int64) (string, []any, pushed, error) {
	schema := pushdown.Schema{Table: meta.TableName, IDColumn: metadata.IDColumn, Indexed: indexedPaths(meta)}
	hints := pushdown.HintsFrom(ctx)
	sort := hints.Sort
	if natural.Len() != 0 {
		sort = nil
	}
	if hints.Filter != nil {
		if filter == nil && hints.Filter.Len() > 0 {
			// Pushdown is disabled (the handler gave no filter): nothing goes down, not even the limit.
			hints = pushdown.Hints{}
			sort = nil
		} else {
			// The handler may have left out dotted paths; the Go filter will apply them all.
			filter = hints.Filter
		}
	}

	plan, err := schema.Translate(filter, sort, func(paths []string) (map[string]pushdown.Shape, error) {
		slices.Sort(paths)
		values := make([]bool, 2*len(paths))
		dest := make([]any, len(values))
		for i := range values {
			dest[i] = &values[i]
		}
		if err := db.QueryRowContext(ctx, pushdown.ProbeSQL(meta.TableName, paths)).Scan(dest...); err != nil {
			return nil, lazyerrors.Error(err)
		}
		found := make(map[string]pushdown.Shape, len(paths))
		for i, path := range paths {
			found[path] = pushdown.Shape{Arrays: values[2*i], Opaque: values[2*i+1]}
		}
		return found, nil
	})
	if err != nil {
		return "", nil, pushed{}, err
	}

	var tail string
	p := pushed{exact: plan.Exact && hints.Filter != nil}
	args := plan.Args
	if plan.Where != "" {
		tail = " WHERE " + plan.Where
		p.filter = true
	}

	switch {
	case natural.Len() != 0:
		tail += prepareOrderByClause(natural)
		p.sort = true
	case plan.OrderBy != "":
		tail += plan.OrderBy
		p.sort = true
	}

	if limit == 0 && plan.Exact && hints.Limit > 0 && natural.Len() == 0 && (sort.Len() == 0 || plan.OrderBy != "") {
		limit = hints.Limit
	}
	if limit != 0 {
		tail += ` LIMIT ?`
		args = append(args, limit)
		p.limit = true
	}

	return tail, args, p, nil
}

// indexedPaths tells which paths some secondary index of the collection is built on.
func indexedPaths(meta *metadata.Collection) func(string) bool {
	paths := map[string]bool{}
	for _, index := range meta.Settings.Indexes {
		if index.Name == backends.DefaultIndexName {
			continue
		}
		for _, key := range index.Key {
			paths[key.Field] = true
		}
	}
	return func(path string) bool { return paths[path] }
}

// countRows answers a count command in SQL (COUNT(*) on the query's clauses) when its whole filter went
// down exactly; it reports false when the Go filter must see the documents.
func countRows(ctx context.Context, db *fsql.DB, meta *metadata.Collection, tail string, args []any, done pushed) (bool, error) {
	counter := pushdown.CounterFrom(ctx)
	if counter == nil || !done.exact {
		return false, nil
	}
	q := fmt.Sprintf("SELECT COUNT(*) FROM %q", meta.TableName) + tail
	if err := db.QueryRowContext(ctx, q, args...).Scan(&counter.N); err != nil {
		return false, lazyerrors.Error(err)
	}
	counter.Done = true
	return true, nil
}
