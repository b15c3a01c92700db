// The edits to FerretDB v1.24.2's own lines: each replaces one exact text, found exactly once, with a
// call into our code (overlay/, copied into the module source). The build stops, naming the file and the
// hook, when the source no longer holds the text. Keep them few: the code they call lives in overlay/.

export interface Hook {
  /** Path inside the module source. */
  file: string;
  /** Why the line changes. */
  why: string;
  from: string;
  to: string;
}

export const HOOKS: readonly Hook[] = [
  {
    file: "internal/backends/sqlite/metadata/metadata.go",
    why: "The _id index is built on `_ferretdb_sjson->\"_id\"`; looking documents up with `->'$._id'` (the same value, another expression) never used it.",
    from: "IDColumn = DefaultColumn + \"->'$._id'\"",
    to: "IDColumn = DefaultColumn + `->\"_id\"`",
  },
  {
    file: "internal/backends/sqlite/metadata/registry.go",
    why: "Indexes made by a build without the pushdown are rebuilt on the key function when a database is opened.",
    from: "\tr.colls[dbName] = colls\n\n\treturn nil\n}\n\n// DatabaseList",
    to: "\tr.colls[dbName] = colls\n\n\treturn upgradeIndexes(ctx, db, colls)\n}\n\n// DatabaseList",
  },
  {
    file: "internal/backends/sqlite/metadata/registry.go",
    why: "Secondary indexes are built on the order-preserving key of package pushdown.",
    from: "\t\t\tcolumns[i] = fmt.Sprintf(\"%s->%s\", DefaultColumn, strings.Join(fields, \"->\"))\n",
    to: "\t\t\tcolumns[i] = indexColumn(index.Name, key.Field, fields)\n",
  },
  {
    file: "internal/backends/sqlite/metadata/registry.go",
    why: "Each indexed path gets the partial index of its Complex keys.",
    from: "\tr.colls[dbName][collectionName] = c\n\n\treturn nil\n}\n\n// IndexesDrop",
    to: "\tif err := syncComplexIndexes(ctx, db, c); err != nil {\n\t\treturn lazyerrors.Error(err)\n\t}\n\n\tr.colls[dbName][collectionName] = c\n\n\treturn nil\n}\n\n// IndexesDrop",
  },
  {
    file: "internal/backends/sqlite/metadata/registry.go",
    why: "A dropped index takes the partial indexes of the paths no other index uses.",
    from: "\tr.colls[dbName][collectionName] = c\n\n\treturn nil\n}\n\n// Describe",
    to: "\tif err := syncComplexIndexes(ctx, db, c); err != nil {\n\t\treturn lazyerrors.Error(err)\n\t}\n\n\tr.colls[dbName][collectionName] = c\n\n\treturn nil\n}\n\n// Describe",
  },
  {
    file: "internal/backends/sqlite/collection.go",
    why: "Query: the filter, sort and limit go down to SQLite as far as the indexes allow (was: only a filter that is exactly {_id: value}).",
    from: "\tvar whereClause string\n\tvar args []any\n\n\t// that logic should exist in one place\n\t// TODO https://github.com/FerretDB/FerretDB/issues/3235\n\tif params.Filter.Len() == 1 {\n\t\tv, _ := params.Filter.Get(\"_id\")\n\t\tswitch v.(type) {\n\t\tcase string, types.ObjectID:\n\t\t\twhereClause = fmt.Sprintf(` WHERE %s = ?`, metadata.IDColumn)\n\t\t\targs = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}\n\t\t}\n\t}\n\n\tq += whereClause\n\tq += prepareOrderByClause(params.Sort)\n\n\tif params.Limit != 0 {\n\t\tq += ` LIMIT ?`\n\t\targs = append(args, params.Limit)\n\t}\n",
    to: "\ttail, args, done, err := pushdownClauses(ctx, db, meta, params.Filter, params.Sort, params.Limit)\n\tif err != nil {\n\t\treturn nil, lazyerrors.Error(err)\n\t}\n\n\tif counted, err := countRows(ctx, db, meta, tail, args, done); err != nil || counted {\n\t\tif err != nil {\n\t\t\treturn nil, err\n\t\t}\n\t\treturn &backends.QueryResult{Iter: newQueryIterator(ctx, nil, params.OnlyRecordIDs)}, nil\n\t}\n\n\tq += tail\n",
  },
  {
    file: "internal/backends/sqlite/collection.go",
    why: "Explain shows the same clauses as Query.",
    from: "\tvar filterPushdown bool\n\tvar whereClause string\n\tvar args []any\n\n\t// that logic should exist in one place\n\t// TODO https://github.com/FerretDB/FerretDB/issues/3235\n\tif params.Filter.Len() == 1 {\n\t\tv, _ := params.Filter.Get(\"_id\")\n\t\tswitch v.(type) {\n\t\tcase string, types.ObjectID:\n\t\t\tfilterPushdown = true\n\t\t\twhereClause = fmt.Sprintf(` WHERE %s = ?`, metadata.IDColumn)\n\t\t\targs = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}\n\t\t}\n\t}\n\n\torderByClause := prepareOrderByClause(params.Sort)\n\tsortPushdown := orderByClause != \"\"\n\n\tq := `EXPLAIN QUERY PLAN ` + selectClause + whereClause + orderByClause\n\n\tvar limitPushdown bool\n\n\tif params.Limit != 0 {\n\t\tq += ` LIMIT ?`\n\t\targs = append(args, params.Limit)\n\t\tlimitPushdown = true\n\t}\n",
    to: "\ttail, args, done, err := pushdownClauses(ctx, db, meta, params.Filter, params.Sort, params.Limit)\n\tif err != nil {\n\t\treturn nil, lazyerrors.Error(err)\n\t}\n\n\tfilterPushdown, sortPushdown, limitPushdown := done.filter, done.sort, done.limit\n\tq := `EXPLAIN QUERY PLAN ` + selectClause + tail\n",
  },
  {
    file: "internal/handler/msg_find.go",
    why: "find passes its whole filter, its sort and its limit to the backend.",
    from: "\tqueryRes, err := coll.Query(ctx, qp)\n",
    to: "\tqueryRes, err := coll.Query(findHints(ctx, params), qp)\n",
  },
  {
    file: "internal/handler/msg_count.go",
    why: "count is answered by SQLite's COUNT(*) when its whole filter goes down exactly (was: every document decoded and counted in Go).",
    from: "\tqueryRes, err := c.Query(connCtx, &qp)\n",
    to: "\tcountCtx, counter := countHints(connCtx, params)\n\n\tqueryRes, err := c.Query(countCtx, &qp)\n\tif err == nil && counter.Done {\n\t\tqueryRes.Iter.Close()\n\n\t\treturn countReply(counter, params)\n\t}\n",
  },
  {
    file: "internal/handler/msg_explain.go",
    why: "explain passes what find would.",
    from: "\tres, err := coll.Explain(connCtx, qp)\n",
    to: "\tres, err := coll.Explain(explainHints(connCtx, params), qp)\n",
  },
  {
    file: "internal/handler/msg_findandmodify.go",
    why: "findAndModify reads and writes its document as one step, and passes its filter and sort to the backend.",
    from: "func (h *Handler) findAndModifyDocument(ctx context.Context, params *common.FindAndModifyParams) (*findAndModifyResult, error) {\n",
    to: "func (h *Handler) findAndModifyDocument(ctx context.Context, params *common.FindAndModifyParams) (*findAndModifyResult, error) {\n\tdefer lockForWrite(params.DB, params.Collection)()\n\n",
  },
  {
    file: "internal/handler/msg_findandmodify.go",
    why: "(findAndModify, continued)",
    from: "\tqueryRes, err := c.Query(ctx, &qp)\n",
    to: "\tqueryRes, err := c.Query(findAndModifyHints(ctx, params), &qp)\n",
  },
  {
    file: "internal/handler/msg_update.go",
    why: "update reads and writes its documents as one step, and passes its filter to the backend.",
    from: "func (h *Handler) updateDocument(ctx context.Context, params *common.UpdateParams) (int32, int32, *types.Array, error) {\n",
    to: "func (h *Handler) updateDocument(ctx context.Context, params *common.UpdateParams) (int32, int32, *types.Array, error) {\n\tdefer lockForWrite(params.DB, params.Collection)()\n\n",
  },
  {
    file: "internal/handler/msg_update.go",
    why: "(update, continued)",
    from: "\t\tres, err := c.Query(ctx, &qp)\n",
    to: "\t\tres, err := c.Query(updateHints(ctx, &u), &qp)\n",
  },
  {
    file: "internal/handler/msg_delete.go",
    why: "delete reads and removes its documents as one step, and passes its filter to the backend.",
    from: "\tvar deleted int32\n\twriteErrors := types.MakeArray(0)\n",
    to: "\tdefer lockForWrite(params.DB, params.Collection)()\n\n\tvar deleted int32\n\twriteErrors := types.MakeArray(0)\n",
  },
  {
    file: "internal/handler/msg_delete.go",
    why: "(delete, continued)",
    from: "\tq, err := c.Query(ctx, &qp)\n",
    to: "\tq, err := c.Query(deleteHints(ctx, p), &qp)\n",
  },
  {
    file: "internal/util/fsql/db.go",
    why: "Writes to a database queue in the process instead of sleeping in SQLite's busy handler (tail latencies of hundreds of ms under concurrent writes).",
    from: "func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {\n",
    to: "func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {\n\tdefer db.queueWrite()()\n\n",
  },
  {
    file: "internal/util/fsql/db.go",
    why: "(write queue, continued: a transaction holds the turn until it ends)",
    from: "func (db *DB) InTransaction(ctx context.Context, f func(*Tx) error) (err error) {\n",
    to: "func (db *DB) InTransaction(ctx context.Context, f func(*Tx) error) (err error) {\n\tdefer db.queueWrite()()\n\n",
  },
  {
    file: "internal/handler/sjson/sjson.go",
    why: "Every stored document read is decoded by one pass over its text (unmarshalFast) instead of encoding/json twice over; what that pass does not recognise is decoded as before, by unmarshalEncodingJSON.",
    from: "func Unmarshal(data []byte) (*types.Document, error) {\n\tvar v map[string]json.RawMessage\n",
    to: "func Unmarshal(data []byte) (*types.Document, error) {\n\tif doc, ok := unmarshalFast(data); ok {\n\t\treturn doc, nil\n\t}\n\n\treturn unmarshalEncodingJSON(data)\n}\n\n// unmarshalEncodingJSON is FerretDB's own decoding of a document, with encoding/json.\nfunc unmarshalEncodingJSON(data []byte) (*types.Document, error) {\n\tvar v map[string]json.RawMessage\n",
  },
];
