// Code of sante-interpretes added to FerretDB v1.24.2 at build time (see scripts/engine/README.md).

package pushdown

import (
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"strings"

	sqlite3 "modernc.org/sqlite"
)

// KeyFunction is the SQL name of the index key function, registered for every SQLite connection. Its
// name carries the version of the key's encoding: indexes built with another version are rebuilt.
const KeyFunction = "ferretdb_key_v2"

// ElementsFunction is the SQL name of the function that lists the keys of an array's elements, as a
// JSON array of hex strings (for json_each), or NULL when the value is not an array of scalars.
const ElementsFunction = "ferretdb_elements_v2"

// DocumentColumn is the column that holds a document as sjson (metadata.DefaultColumn; not imported
// here because the metadata package imports this one).
const DocumentColumn = "_ferretdb_sjson"

func init() {
	sqlite3.MustRegisterDeterministicScalarFunction(KeyFunction, 2, func(_ *sqlite3.FunctionContext, args []driver.Value) (driver.Value, error) {
		path, _ := args[1].(string)
		if key := KeyAt(documentArg(args[0]), path); key != nil {
			return key, nil
		}
		return nil, nil
	})
	sqlite3.MustRegisterDeterministicScalarFunction(ElementsFunction, 2, func(_ *sqlite3.FunctionContext, args []driver.Value) (driver.Value, error) {
		path, _ := args[1].(string)
		keys := ElementKeys(documentArg(args[0]), path)
		if keys == nil {
			return nil, nil
		}
		quoted := make([]string, len(keys))
		for i, key := range keys {
			quoted[i] = `"` + hex.EncodeToString(key) + `"`
		}
		return "[" + strings.Join(quoted, ",") + "]", nil
	})
}

// documentArg is the sjson a function was given. SQL passes it as a BLOB (see documentSQL), which the
// driver copies with one memmove; as TEXT it would be read a byte at a time to find its end.
func documentArg(v driver.Value) []byte {
	switch doc := v.(type) {
	case []byte:
		return doc
	case string:
		return []byte(doc)
	}
	return nil
}

// documentSQL is the document column of a row as the functions take it (row is "", "NEW." or "c.").
func documentSQL(row string) string {
	return fmt.Sprintf("CAST(%s%s AS BLOB)", row, DocumentColumn)
}

func quote(path string) string { return "'" + strings.ReplaceAll(path, "'", "''") + "'" }

// KeyExpr is the SQL expression of the key at path: the same text in CREATE INDEX and in WHERE and
// ORDER BY, which is what lets SQLite answer the query from the index.
func KeyExpr(path string) string {
	return keyExprOf("", path)
}

func keyExprOf(row, path string) string {
	return fmt.Sprintf("%s(%s, %s)", KeyFunction, documentSQL(row), quote(path))
}

func pathHash(path string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(path))
	return fmt.Sprintf("%08x", h.Sum32())
}

// ComplexIndexName names the partial index that holds only the rows whose key at path is Array or
// Opaque: asking it whether there is any such row is one index seek (see ProbeSQL).
func ComplexIndexName(table, path string) string {
	return fmt.Sprintf("%s__complex_%s", table, pathHash(path))
}

// ComplexIndexSQL creates that partial index.
func ComplexIndexSQL(table, path string) string {
	return fmt.Sprintf(
		"CREATE INDEX %q ON %q (%s) WHERE %s >= x'%02x'",
		ComplexIndexName(table, path), table, KeyExpr(path), KeyExpr(path), bracketArray,
	)
}

// ElementTable names the table of the keys of the elements of the arrays at path: (key, rid) rows,
// rid being the collection row's rowid.
func ElementTable(table, path string) string {
	return fmt.Sprintf("%s__elements_%s", table, pathHash(path))
}

// ElementTableSQL creates the element table of a path, its index by row, and the triggers that keep it
// equal to the collection (a row's elements written again when the row is; the rowid is kept by
// FerretDB's updates, which rewrite the document in place), then fills it from the rows already there.
func ElementTableSQL(table, path string) []string {
	t := ElementTable(table, path)
	elements := fmt.Sprintf("SELECT unhex(value), NEW.rowid FROM json_each(%s(%s, %s))", ElementsFunction, documentSQL("NEW."), quote(path))
	return []string{
		fmt.Sprintf("CREATE TABLE %q (key BLOB NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (key, rid)) WITHOUT ROWID", t),
		fmt.Sprintf("CREATE INDEX %q ON %q (rid)", t+"_rid", t),
		fmt.Sprintf("CREATE TRIGGER %q AFTER INSERT ON %q BEGIN INSERT OR IGNORE INTO %q (key, rid) %s; END", t+"_insert", table, t, elements),
		fmt.Sprintf("CREATE TRIGGER %q AFTER UPDATE OF %s ON %q BEGIN DELETE FROM %q WHERE rid = OLD.rowid; INSERT OR IGNORE INTO %q (key, rid) %s; END",
			t+"_update", DocumentColumn, table, t, t, elements),
		fmt.Sprintf("CREATE TRIGGER %q AFTER DELETE ON %q BEGIN DELETE FROM %q WHERE rid = OLD.rowid; END", t+"_delete", table, t),
		fmt.Sprintf("INSERT OR IGNORE INTO %q (key, rid) SELECT unhex(j.value), c.rowid FROM %q AS c, json_each(%s(%s, %s)) AS j WHERE %s = x'%02x'",
			t, table, ElementsFunction, documentSQL("c."), quote(path), keyExprOf("c.", path), bracketArray),
	}
}

// ProbeSQL asks, in one statement, which of the paths have at least one Array key and at least one
// Opaque key in the table (two columns per path, in order).
func ProbeSQL(table string, paths []string) string {
	cols := make([]string, 0, 2*len(paths))
	for _, path := range paths {
		cols = append(cols,
			fmt.Sprintf("EXISTS (SELECT 1 FROM %q WHERE %s >= x'%02x' AND %s < x'%02x')", table, KeyExpr(path), bracketArray, KeyExpr(path), bracketOpaque),
			// The first term is the partial index's own condition, which SQLite needs to see to use it.
			fmt.Sprintf("EXISTS (SELECT 1 FROM %q WHERE %s >= x'%02x' AND %s >= x'%02x')", table, KeyExpr(path), bracketArray, KeyExpr(path), bracketOpaque),
		)
	}
	return "SELECT " + strings.Join(cols, ", ")
}
