// Code of sante-interpretes added to FerretDB v1.24.2 at build time (see scripts/engine/README.md).

package pushdown

import (
	"fmt"
	"strings"

	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
)

// What goes down to SQLite, and what stays with the Go filter (which always runs after SQLite, so the
// SQL may select more documents than match, never fewer):
//
// Pushed down, on a path that some index is built on (KeyExpr), at the top of the filter or inside a
// top-level $and, and in a top-level $or whose every branch is pushed:
//   - equality with a scalar (number, string, ObjectId, bool, date, timestamp, binary data) or null,
//     written {path: v} or {path: {$eq: v}};
//   - $in with a list of such values;
//   - $gt, $gte, $lt, $lte with a scalar other than null (within the value's type bracket, as the Go
//     filter compares).
// On _id, equality and $in with a string or an ObjectId use the _id index (metadata.IDColumn).
//
// Left to the Go filter: paths no index is built on; $ne, $nin, $not, $exists, $type, $regex and regex
// values, $elemMatch, $size, $all, $mod, the $bits operators, $expr, $nor, $where, $text; equality with a
// document or an array; NaN; comparisons with null.
//
// Where some document holds an array of scalars at a path, each condition on that path also selects the
// rows with an element that satisfies it (from the path's element table), as MongoDB matches an array
// by any of its elements; each operator on its own, as FerretDB compares `{$gt: a, $lt: b}` with the
// greatest and the least element. Where some document holds an Opaque value there (a document, an array
// of documents, a regex), the path's conditions get "or Opaque" added.
//
// The SQL is exact (selects exactly what the Go filter matches) when every condition was pushed, no
// path involved holds an Opaque key, and _id was not among them (the _id index compares JSON text, in
// which a string can equal an ObjectId's hex). Only an exact filter lets the limit go down, and only an
// exact filter on paths without arrays lets the sort go down (an array sorts by its least or greatest
// element).

// Schema says what the collection's indexes offer.
type Schema struct {
	// Table is the collection's table, whose paths' element tables ElementTable names.
	Table string
	// Indexed tells whether some secondary index is built on KeyExpr(path).
	Indexed func(path string) bool
	// IDColumn is the expression the _id index is built on.
	IDColumn string
}

// Shape says what the values at a path are, beside scalars.
type Shape struct {
	Arrays bool // some document holds an array of scalars there
	Opaque bool // some document holds something only the Go filter can judge there
}

// Plan is what the translation gives.
type Plan struct {
	Where string // an SQL condition, "" when nothing could be pushed
	Args  []any
	Exact bool // the SQL selects exactly the documents the filter matches
	// OrderBy is the ORDER BY clause for the sort, "" when the sort cannot go down (or none was asked).
	OrderBy string
}

// Probe tells the shape of the values at each of the paths.
type Probe func(paths []string) (map[string]Shape, error)

type translation struct {
	schema  *Schema
	shapes  map[string]Shape
	args    []any
	exact   bool
	invalid bool
}

// sql is a condition and its arguments, in order.
type sql struct {
	cond string
	args []any
}

// Translate turns a filter and a sort into SQL. It asks probe once, about the indexed paths the filter
// and the sort name (none when they name none), since arrays and Opaque values change the SQL.
func (s *Schema) Translate(filter, sort *types.Document, probe Probe) (Plan, error) {
	paths := map[string]bool{}
	s.collectPaths(filter, paths)
	sortKeys, sortable := sortFields(sort)
	for _, key := range sortKeys {
		if s.Indexed(key.path) {
			paths[key.path] = true
		} else {
			sortable = false
		}
	}
	t := &translation{schema: s, shapes: map[string]Shape{}, exact: true}
	if len(paths) > 0 {
		list := make([]string, 0, len(paths))
		for path := range paths {
			list = append(list, path)
		}
		found, err := probe(list)
		if err != nil {
			return Plan{}, err
		}
		t.shapes = found
	}
	conds := t.conjunction(filter)
	if t.invalid {
		// A malformed filter: the Go filter reports it on the documents it reads, so let it read them all.
		return Plan{}, nil
	}
	plan := Plan{Where: strings.Join(conds, " AND "), Args: t.args, Exact: t.exact}
	if plan.Where == "" {
		plan.Args = nil
	}
	if sortable && len(sortKeys) > 0 && plan.Exact {
		terms := make([]string, len(sortKeys))
		for i, key := range sortKeys {
			if shape := t.shapes[key.path]; shape.Arrays || shape.Opaque {
				sortable = false
				break
			}
			terms[i] = KeyExpr(key.path)
			if key.descending {
				terms[i] += " DESC"
			}
		}
		if sortable {
			plan.OrderBy = " ORDER BY " + strings.Join(terms, ", ")
		}
	}
	return plan, nil
}

type sortKey struct {
	path       string
	descending bool
}

// sortFields reads a sort document; false when it holds anything but ascending or descending fields.
func sortFields(sort *types.Document) ([]sortKey, bool) {
	if sort == nil || sort.Len() == 0 {
		return nil, true
	}
	keys := make([]sortKey, 0, sort.Len())
	for _, path := range sort.Keys() {
		v, _ := sort.Get(path)
		var n float64
		switch v := v.(type) {
		case int32:
			n = float64(v)
		case int64:
			n = float64(v)
		case float64:
			n = v
		default:
			return nil, false
		}
		if (n != 1 && n != -1) || path == "" || strings.HasPrefix(path, "$") {
			return nil, false
		}
		keys = append(keys, sortKey{path: path, descending: n < 0})
	}
	return keys, true
}

// collectPaths lists the indexed paths whose conditions would use KeyExpr (so whose Complex keys matter).
func (s *Schema) collectPaths(filter *types.Document, into map[string]bool) {
	if filter == nil {
		return
	}
	for _, key := range filter.Keys() {
		value, _ := filter.Get(key)
		switch {
		case key == "$and" || key == "$or":
			if list, ok := value.(*types.Array); ok {
				for i := 0; i < list.Len(); i++ {
					if sub, ok := elem(list, i).(*types.Document); ok {
						s.collectPaths(sub, into)
					}
				}
			}
		case strings.HasPrefix(key, "$"):
		case key == "_id" && idLookup(value):
		case s.Indexed(key):
			into[key] = true
		}
	}
}

// elem returns the i-th value of a list known to be that long.
func elem(list *types.Array, i int) any {
	v, _ := list.Get(i)
	return v
}

// idLookup tells whether a condition on _id is an equality or $in of strings and ObjectIds only.
func idLookup(value any) bool {
	switch value := value.(type) {
	case string, types.ObjectID:
		return true
	case *types.Document:
		if value.Len() != 1 {
			return false
		}
		if v, err := value.Get("$eq"); err == nil {
			return idLookup(v)
		}
		if v, err := value.Get("$in"); err == nil {
			list, ok := v.(*types.Array)
			if !ok {
				return false
			}
			// An empty list matches nothing: SQL says so at once (idCondition), rather than the Go filter over every row.
			for i := 0; i < list.Len(); i++ {
				if !idLookup(elem(list, i)) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// conjunction translates the conditions of one filter document (ANDed together).
func (t *translation) conjunction(filter *types.Document) []string {
	if filter == nil {
		return nil
	}
	var conds []string
	for _, key := range filter.Keys() {
		value, _ := filter.Get(key)
		switch {
		case key == "$and":
			list, ok := value.(*types.Array)
			if !ok || list.Len() == 0 {
				t.invalid = true
				return nil
			}
			for i := 0; i < list.Len(); i++ {
				sub, ok := elem(list, i).(*types.Document)
				if !ok {
					t.invalid = true
					return nil
				}
				conds = append(conds, t.conjunction(sub)...)
			}
		case key == "$or":
			if cond, ok := t.disjunction(value); ok {
				conds = append(conds, cond)
			} else {
				t.exact = false
			}
		case key == "$comment":
		case strings.HasPrefix(key, "$"):
			t.exact = false
		case key == "_id" && idLookup(value):
			conds = append(conds, t.idCondition(value))
			t.exact = false
		case t.schema.Indexed(key):
			if cond := t.field(key, value); cond != "" {
				conds = append(conds, cond)
			}
		default:
			t.exact = false
		}
		if t.invalid {
			return nil
		}
	}
	return conds
}

// disjunction translates a top-level $or; false when a branch has nothing pushed (the $or then stays
// entirely with the Go filter).
func (t *translation) disjunction(value any) (string, bool) {
	list, ok := value.(*types.Array)
	if !ok || list.Len() == 0 {
		t.invalid = true
		return "", false
	}
	branches := make([]string, 0, list.Len())
	saved := len(t.args)
	for i := 0; i < list.Len(); i++ {
		sub, ok := elem(list, i).(*types.Document)
		if !ok {
			t.invalid = true
			return "", false
		}
		conds := t.conjunction(sub)
		if len(conds) == 0 {
			t.args = t.args[:saved]
			return "", false
		}
		branches = append(branches, "("+strings.Join(conds, " AND ")+")")
	}
	return "(" + strings.Join(branches, " OR ") + ")", true
}

func (t *translation) idCondition(value any) string {
	if doc, ok := value.(*types.Document); ok {
		if v, err := doc.Get("$eq"); err == nil {
			return t.idCondition(v)
		}
		in, _ := doc.Get("$in")
		list := in.(*types.Array)
		if list.Len() == 0 {
			return "0"
		}
		marks := make([]string, list.Len())
		for i := range marks {
			marks[i] = "?"
			t.args = append(t.args, idArg(elem(list, i)))
		}
		return fmt.Sprintf("%s IN (%s)", t.schema.IDColumn, strings.Join(marks, ", "))
	}
	t.args = append(t.args, idArg(value))
	return t.schema.IDColumn + " = ?"
}

func idArg(v any) string {
	b, err := sjson.MarshalSingleValue(v)
	if err != nil {
		panic(err) // strings and ObjectIds always marshal
	}
	return string(b)
}

// field translates the condition on one indexed path: "" when nothing of it can be pushed.
func (t *translation) field(path string, value any) string {
	expr := KeyExpr(path)
	var ops []func(expr string, element bool) sql
	switch value := value.(type) {
	case *types.Document:
		if value.Len() == 0 {
			t.exact = false
			return ""
		}
		for _, op := range value.Keys() {
			if !strings.HasPrefix(op, "$") {
				t.exact = false // equality with a document
				return ""
			}
		}
		for _, op := range value.Keys() {
			arg, _ := value.Get(op)
			cond := t.operator(op, arg)
			if t.invalid {
				return ""
			}
			if cond == nil {
				t.exact = false
				continue
			}
			ops = append(ops, cond)
		}
	default:
		if cond := equality(value); cond != nil {
			ops = append(ops, cond)
		} else {
			t.exact = false
		}
	}
	if len(ops) == 0 {
		return ""
	}

	shape := t.shapes[path]
	conds := make([]string, len(ops))
	for i, op := range ops {
		scalar := op(expr, false)
		conds[i] = scalar.cond
		t.args = append(t.args, scalar.args...)
		if shape.Arrays {
			// Or an element of an array: each operator on its own (FerretDB compares a range's bounds
			// with the array's greatest and least elements of the bound's type, which may differ).
			element := op("key", true)
			conds[i] = fmt.Sprintf("(%s OR rowid IN (SELECT rid FROM %q WHERE %s))", scalar.cond, ElementTable(t.schema.Table, path), element.cond)
			t.args = append(t.args, element.args...)
		}
	}
	cond := strings.Join(conds, " AND ")
	if shape.Opaque {
		t.exact = false
		return fmt.Sprintf("((%s) OR %s >= x'%02x')", cond, expr, bracketOpaque)
	}
	return cond
}

// equality is {path: v} or {path: {$eq: v}}, on a key (an element's, when element), or nil when v has no exact key.
func equality(value any) func(expr string, element bool) sql {
	if _, ok := value.(types.NullType); ok {
		return func(expr string, element bool) sql {
			if element {
				return sql{cond: expr + " = ?", args: []any{nullElementKey}}
			}
			return sql{cond: expr + " IS NULL"}
		}
	}
	key, ok := EncodeScalar(value)
	if !ok {
		return nil
	}
	return func(expr string, _ bool) sql { return sql{cond: expr + " = ?", args: []any{key}} }
}

// operator translates one operator of a field's condition, or gives nil when it stays with the Go filter.
func (t *translation) operator(op string, arg any) func(expr string, element bool) sql {
	switch op {
	case "$eq":
		return equality(arg)
	case "$in":
		list, ok := arg.(*types.Array)
		if !ok {
			t.invalid = true
			return nil
		}
		var keys []any
		withNull := false
		for i := 0; i < list.Len(); i++ {
			v := elem(list, i)
			if _, isNull := v.(types.NullType); isNull {
				withNull = true
				continue
			}
			key, ok := EncodeScalar(v)
			if !ok {
				return nil
			}
			keys = append(keys, key)
		}
		if len(keys) == 0 && !withNull {
			// `{ $in: [] }` matches no document (MongoDB reads nothing): a constant SQLite never runs the scan for.
			return func(string, bool) sql { return sql{cond: "0"} }
		}
		return func(expr string, element bool) sql {
			marks := strings.TrimSuffix(strings.Repeat("?, ", len(keys)), ", ")
			in := sql{cond: fmt.Sprintf("%s IN (%s)", expr, marks), args: keys}
			switch {
			case !withNull:
				return in
			case element:
				return sql{cond: fmt.Sprintf("(%s OR %s = ?)", in.cond, expr), args: append(append([]any{}, keys...), nullElementKey)}
			default:
				return sql{cond: fmt.Sprintf("(%s OR %s IS NULL)", in.cond, expr), args: keys}
			}
		}
	case "$gt", "$gte", "$lt", "$lte":
		if _, ok := arg.(types.Regex); ok {
			t.invalid = true
			return nil
		}
		key, ok := EncodeScalar(arg)
		if !ok {
			return nil
		}
		bracket := Bracket(key)
		return func(expr string, _ bool) sql {
			switch op {
			case "$gt":
				return sql{cond: fmt.Sprintf("%s > ? AND %s < x'%02x'", expr, expr, bracket+1), args: []any{key}}
			case "$gte":
				return sql{cond: fmt.Sprintf("%s >= ? AND %s < x'%02x'", expr, expr, bracket+1), args: []any{key}}
			case "$lt":
				return sql{cond: fmt.Sprintf("%s < ? AND %s >= x'%02x'", expr, expr, bracket), args: []any{key}}
			default:
				return sql{cond: fmt.Sprintf("%s <= ? AND %s >= x'%02x'", expr, expr, bracket), args: []any{key}}
			}
		}
	default:
		return nil
	}
}
