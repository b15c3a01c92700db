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
// document or an array; NaN; comparisons with null. A path whose index holds at least one Complex key
// (some document has an array or a document there) keeps its conditions, with "or Complex" added.
//
// The SQL is exact (selects exactly what the Go filter matches) when every condition was pushed, no
// path involved holds a Complex key, and _id was not among them (the _id index compares JSON text, in
// which a string can equal an ObjectId's hex). Only an exact filter lets the sort and the limit go down.

// Schema says what the collection's indexes offer.
type Schema struct {
	// Indexed tells whether some secondary index is built on KeyExpr(path).
	Indexed func(path string) bool
	// IDColumn is the expression the _id index is built on.
	IDColumn string
}

// Plan is what the translation gives.
type Plan struct {
	Where string // an SQL condition, "" when nothing could be pushed
	Args  []any
	Exact bool // the SQL selects exactly the documents the filter matches
	// OrderBy is the ORDER BY clause for the sort, "" when the sort cannot go down (or none was asked).
	OrderBy string
}

// Probe tells which of the paths hold at least one Complex key.
type Probe func(paths []string) (map[string]bool, error)

type translation struct {
	schema  *Schema
	complex map[string]bool
	args    []any
	exact   bool
	invalid bool
}

// Translate turns a filter and a sort into SQL. It asks probe once, about the indexed paths the filter
// and the sort name (none when they name none), since Complex keys change what is exact.
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
	t := &translation{schema: s, complex: map[string]bool{}, exact: true}
	if len(paths) > 0 {
		list := make([]string, 0, len(paths))
		for path := range paths {
			list = append(list, path)
		}
		found, err := probe(list)
		if err != nil {
			return Plan{}, err
		}
		t.complex = found
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
			if t.complex[key.path] {
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
			if !ok || list.Len() == 0 {
				return false
			}
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
	var conds []string
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
			cond := t.operator(expr, op, arg)
			if t.invalid {
				return ""
			}
			if cond == "" {
				t.exact = false
				continue
			}
			conds = append(conds, cond)
		}
	default:
		if cond := t.equality(expr, value); cond != "" {
			conds = append(conds, cond)
		} else {
			t.exact = false
		}
	}
	if len(conds) == 0 {
		return ""
	}
	cond := strings.Join(conds, " AND ")
	if t.complex[path] {
		t.exact = false
		return fmt.Sprintf("((%s) OR %s >= x'%02x')", cond, expr, bracketComplex)
	}
	return cond
}

func (t *translation) equality(expr string, value any) string {
	if _, ok := value.(types.NullType); ok {
		return expr + " IS NULL"
	}
	key, ok := EncodeScalar(value)
	if !ok {
		return ""
	}
	t.args = append(t.args, key)
	return expr + " = ?"
}

func (t *translation) operator(expr, op string, arg any) string {
	switch op {
	case "$eq":
		return t.equality(expr, arg)
	case "$in":
		list, ok := arg.(*types.Array)
		if !ok {
			t.invalid = true
			return ""
		}
		var keys [][]byte
		withNull := false
		for i := 0; i < list.Len(); i++ {
			v := elem(list, i)
			if _, isNull := v.(types.NullType); isNull {
				withNull = true
				continue
			}
			key, ok := EncodeScalar(v)
			if !ok {
				return ""
			}
			keys = append(keys, key)
		}
		marks := make([]string, len(keys))
		for i, key := range keys {
			marks[i] = "?"
			t.args = append(t.args, key)
		}
		cond := fmt.Sprintf("%s IN (%s)", expr, strings.Join(marks, ", "))
		if withNull {
			cond = fmt.Sprintf("(%s OR %s IS NULL)", cond, expr)
		}
		return cond
	case "$gt", "$gte", "$lt", "$lte":
		if _, ok := arg.(types.Regex); ok {
			t.invalid = true
			return ""
		}
		key, ok := EncodeScalar(arg)
		if !ok {
			return ""
		}
		t.args = append(t.args, key)
		bracket := Bracket(key)
		switch op {
		case "$gt":
			return fmt.Sprintf("%s > ? AND %s < x'%02x'", expr, expr, bracket+1)
		case "$gte":
			return fmt.Sprintf("%s >= ? AND %s < x'%02x'", expr, expr, bracket+1)
		case "$lt":
			return fmt.Sprintf("%s < ? AND %s >= x'%02x'", expr, expr, bracket)
		default:
			return fmt.Sprintf("%s <= ? AND %s >= x'%02x'", expr, expr, bracket)
		}
	default:
		return ""
	}
}
