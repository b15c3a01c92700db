// Code of sante-interpretes added to FerretDB v1.24.2 at build time (see scripts/engine/README.md).

package metadata

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/backends/sqlite/pushdown"
	"github.com/FerretDB/FerretDB/internal/util/fsql"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
)

// indexColumn is the SQL expression of one key of an index. The _id index stays on the JSON text of _id
// (what IDColumn looks documents up with); every other index is built on the order-preserving key of
// package pushdown, which is what queries filter and sort on.
func indexColumn(indexName, field string, quotedParts []string) string {
	if indexName == backends.DefaultIndexName {
		return fmt.Sprintf("%s->%s", DefaultColumn, strings.Join(quotedParts, "->"))
	}
	return pushdown.KeyExpr(field)
}

// indexSQL is the CREATE INDEX statement of an index, as indexesCreate writes it.
func indexSQL(c *Collection, index IndexInfo) string {
	q := "CREATE "
	if index.Unique {
		q += "UNIQUE "
	}
	columns := make([]string, len(index.Key))
	for i, key := range index.Key {
		parts := strings.Split(key.Field, ".")
		for j, f := range parts {
			parts[j] = fmt.Sprintf("%q", f)
		}
		columns[i] = indexColumn(index.Name, key.Field, parts)
		if key.Descending {
			columns[i] += " DESC"
		}
	}
	return q + fmt.Sprintf("INDEX %q ON %q (%s)", c.TableName+"_"+index.Name, c.TableName, strings.Join(columns, ", "))
}

// syncComplexIndexes keeps, for every indexed path, the partial index of its Array and Opaque keys
// (unless an index leads with the path) and the element table of its arrays (see pushdown.ComplexIndexSQL and pushdown.ElementTableSQL), builds
// those an earlier build made otherwise, and drops those of paths no index uses any more.
func syncComplexIndexes(ctx context.Context, db *fsql.DB, c *Collection) error {
	paths := map[string]bool{}
	// A path that leads an index needs no partial index: that index answers the probe's range seek.
	leading := map[string]bool{}
	for _, index := range c.Settings.Indexes {
		if index.Name == backends.DefaultIndexName {
			continue
		}
		for i, key := range index.Key {
			paths[key.Field] = true
			leading[key.Field] = leading[key.Field] || i == 0
		}
	}

	existing, err := ownSchemaObjects(ctx, db, c.TableName)
	if err != nil {
		return err
	}

	wanted := map[string]bool{}
	for path := range paths {
		name := pushdown.ComplexIndexName(c.TableName, path)
		want := pushdown.ComplexIndexSQL(c.TableName, path)
		wanted[name] = !leading[path]
		if have, ok := existing[name]; !leading[path] && (!ok || have.sql != want) {
			if ok {
				if _, err = db.ExecContext(ctx, fmt.Sprintf("DROP INDEX %q", name)); err != nil {
					return lazyerrors.Error(err)
				}
			}
			if _, err = db.ExecContext(ctx, want); err != nil {
				return lazyerrors.Error(err)
			}
		}

		table := pushdown.ElementTable(c.TableName, path)
		for _, name := range []string{table, table + "_rid", table + "_insert", table + "_update", table + "_delete"} {
			wanted[name] = true
		}
		if _, ok := existing[table]; ok {
			continue
		}
		err = db.InTransaction(ctx, func(tx *fsql.Tx) error {
			for _, q := range pushdown.ElementTableSQL(c.TableName, path) {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return lazyerrors.Error(err)
				}
			}
			return nil
		})
		if err != nil {
			return lazyerrors.Error(err)
		}
	}

	// What is no longer wanted goes, triggers first (dropping a table drops its own index).
	for _, kind := range []string{"trigger", "index", "table"} {
		for name, object := range existing {
			if wanted[name] || object.kind != kind || (kind == "index" && object.table != c.TableName) {
				continue
			}
			if _, err = db.ExecContext(ctx, fmt.Sprintf("DROP %s IF EXISTS %q", strings.ToUpper(kind), name)); err != nil {
				return lazyerrors.Error(err)
			}
		}
	}
	return nil
}

type schemaObject struct {
	kind, table, sql string
}

// ownSchemaObjects lists the indexes, tables and triggers this code made for a collection's table.
func ownSchemaObjects(ctx context.Context, db *fsql.DB, table string) (map[string]schemaObject, error) {
	prefix := strings.ReplaceAll(strings.ReplaceAll(table, `\`, `\\`), "_", `\_`)
	rows, err := db.QueryContext(ctx,
		`SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master WHERE name LIKE ? ESCAPE '\' OR name LIKE ? ESCAPE '\'`,
		prefix+`\_\_complex\_%`, prefix+`\_\_elements\_%`)
	if err != nil {
		return nil, lazyerrors.Error(err)
	}
	defer rows.Close()
	objects := map[string]schemaObject{}
	for rows.Next() {
		var name string
		var object schemaObject
		if err = rows.Scan(&object.kind, &name, &object.table, &object.sql); err != nil {
			return nil, lazyerrors.Error(err)
		}
		objects[name] = object
	}
	if err = rows.Err(); err != nil {
		return nil, lazyerrors.Error(err)
	}
	return objects, nil
}

// upgradeIndexes rebuilds, once, the indexes that a build without this code made on the JSON text of
// their fields (which no query of this build can use), and adds the Complex indexes.
func upgradeIndexes(ctx context.Context, db *fsql.DB, colls map[string]*Collection) error {
	for _, c := range colls {
		for _, index := range c.Settings.Indexes {
			want := indexSQL(c, index)
			var have string
			err := db.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`, c.TableName+"_"+index.Name).Scan(&have)
			switch {
			case err == nil && have == want:
				continue
			case err != nil && !errors.Is(err, sql.ErrNoRows):
				return lazyerrors.Error(err)
			case err == nil:
				if _, err = db.ExecContext(ctx, fmt.Sprintf("DROP INDEX %q", c.TableName+"_"+index.Name)); err != nil {
					return lazyerrors.Error(err)
				}
			}
			if _, err = db.ExecContext(ctx, want); err != nil {
				return lazyerrors.Error(err)
			}
		}
		if err := syncComplexIndexes(ctx, db, c); err != nil {
			return err
		}
	}
	return nil
}
