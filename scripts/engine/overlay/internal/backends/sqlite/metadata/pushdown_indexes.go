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

// syncComplexIndexes keeps one partial index per indexed path, holding the rows whose key there is
// Complex (see pushdown.ComplexIndexSQL), and drops those of paths no index uses any more.
func syncComplexIndexes(ctx context.Context, db *fsql.DB, c *Collection) error {
	wanted := map[string]string{}
	for _, index := range c.Settings.Indexes {
		if index.Name == backends.DefaultIndexName {
			continue
		}
		for _, key := range index.Key {
			wanted[pushdown.ComplexIndexName(c.TableName, key.Field)] = key.Field
		}
	}

	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name LIKE ? ESCAPE '\'`,
		c.TableName, strings.ReplaceAll(strings.ReplaceAll(c.TableName, `\`, `\\`), "_", `\_`)+`\_\_complex\_%`)
	if err != nil {
		return lazyerrors.Error(err)
	}
	existing := map[string]bool{}
	for rows.Next() {
		var name string
		if err = rows.Scan(&name); err != nil {
			rows.Close()
			return lazyerrors.Error(err)
		}
		existing[name] = true
	}
	rows.Close()
	if err = rows.Err(); err != nil {
		return lazyerrors.Error(err)
	}

	for name := range existing {
		if _, ok := wanted[name]; !ok {
			if _, err = db.ExecContext(ctx, fmt.Sprintf("DROP INDEX %q", name)); err != nil {
				return lazyerrors.Error(err)
			}
		}
	}
	for name, path := range wanted {
		if !existing[name] {
			if _, err = db.ExecContext(ctx, pushdown.ComplexIndexSQL(c.TableName, path)); err != nil {
				return lazyerrors.Error(err)
			}
		}
	}
	return nil
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
