// Code of sante-interpretes added to FerretDB v1.24.2 at build time (see scripts/engine/README.md).

package pushdown

import (
	"database/sql/driver"
	"fmt"
	"hash/fnv"
	"strings"

	sqlite3 "modernc.org/sqlite"
)

// KeyFunction is the SQL name of the index key function, registered for every SQLite connection.
const KeyFunction = "ferretdb_key"

// DocumentColumn is the column that holds a document as sjson (metadata.DefaultColumn; not imported
// here because the metadata package imports this one).
const DocumentColumn = "_ferretdb_sjson"

func init() {
	sqlite3.MustRegisterDeterministicScalarFunction(KeyFunction, 2, func(_ *sqlite3.FunctionContext, args []driver.Value) (driver.Value, error) {
		doc, _ := args[0].(string)
		path, _ := args[1].(string)
		if key := KeyAt([]byte(doc), path); key != nil {
			return key, nil
		}
		return nil, nil
	})
}

// KeyExpr is the SQL expression of the key at path: the same text in CREATE INDEX and in WHERE and
// ORDER BY, which is what lets SQLite answer the query from the index.
func KeyExpr(path string) string {
	return fmt.Sprintf("%s(%s, '%s')", KeyFunction, DocumentColumn, strings.ReplaceAll(path, "'", "''"))
}

// ComplexIndexName names the partial index that holds only the rows whose key at path is Complex:
// asking it whether there is any such row is one index seek (see Probe).
func ComplexIndexName(table, path string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(path))
	return fmt.Sprintf("%s__complex_%08x", table, h.Sum32())
}

// ComplexIndexSQL creates that partial index.
func ComplexIndexSQL(table, path string) string {
	return fmt.Sprintf(
		"CREATE INDEX IF NOT EXISTS %q ON %q (%s) WHERE %s >= x'%02x'",
		ComplexIndexName(table, path), table, KeyExpr(path), KeyExpr(path), bracketComplex,
	)
}

// ProbeSQL asks, in one statement, which of the paths have at least one Complex key in the table.
func ProbeSQL(table string, paths []string) string {
	cols := make([]string, len(paths))
	for i, path := range paths {
		cols[i] = fmt.Sprintf("EXISTS (SELECT 1 FROM %q WHERE %s >= x'%02x')", table, KeyExpr(path), bracketComplex)
	}
	return "SELECT " + strings.Join(cols, ", ")
}
