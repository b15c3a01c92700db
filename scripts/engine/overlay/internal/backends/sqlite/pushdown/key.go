// Code of sante-interpretes added to FerretDB v1.24.2 at build time (see scripts/engine/README.md).

// Package pushdown lets the SQLite backend answer filters, sorts and limits from its indexes.
//
// Every secondary index is built on ferretdb_key_v2(_ferretdb_sjson, 'path'): a deterministic SQL
// function that maps the value at path to bytes whose order (memcmp, as SQLite compares BLOBs) is
// FerretDB's order of BSON values, type bracket first (see types.CompareOrderForSort), and whose equality
// is FerretDB's equality (1, 1.0 and NumberLong(1) are one key). A missing field and null are SQL NULL.
//
// An array of scalars at the end of the path is the key Array; its elements' keys go in the path's
// element table (one row per distinct element, kept by triggers: see ElementTableSQL), so that a
// condition matching "an element of the array", as MongoDB's do, is answered from an index too. Any other
// value the key cannot order the way the Go filter compares it (a document, an array holding documents,
// an array on the way down a dotted path, a regular expression) is the key Opaque: the SQL then selects
// it for any condition on that path, and the Go filter decides.
package pushdown

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/FerretDB/FerretDB/internal/types"
)

// First byte of a key: its BSON type bracket, in FerretDB's comparison order.
const (
	bracketNaN       = 0x02
	bracketNumber    = 0x03
	bracketString    = 0x04
	bracketBinary    = 0x07
	bracketObjectID  = 0x08
	bracketBool      = 0x09
	bracketDate      = 0x0a
	bracketTimestamp = 0x0b

	// Array is the key of an array of scalars, whose elements are in the element table.
	bracketArray = 0xf0
	// Opaque is the key of every other value the Go filter must judge: documents, arrays of documents, regexes.
	bracketOpaque = 0xf1
)

var (
	// ArrayKey is the key of an array of scalars at the end of the path.
	ArrayKey = []byte{bracketArray}
	// ComplexKey is the key of a value that only the Go filter can judge.
	ComplexKey = []byte{bracketOpaque}
	// nullElementKey is null as an element of an array (a missing field or a null value is SQL NULL).
	nullElementKey = []byte{0x01}
)

// Order of the classes of numbers inside the number bracket.
const (
	numNegInf = 0x01
	numNeg    = 0x02
	numZero   = 0x03
	numPos    = 0x04
	numPosInf = 0x05
)

// EncodeScalar returns the key of a filter value, and false for a value that has no exact key (null,
// NaN, documents, arrays, regexes): such conditions are left to the Go filter.
func EncodeScalar(v any) ([]byte, bool) {
	switch v := v.(type) {
	case float64:
		if math.IsNaN(v) {
			return nil, false
		}
		return encodeFloat(v), true
	case int32:
		return encodeInt(int64(v)), true
	case int64:
		return encodeInt(v), true
	case string:
		return append([]byte{bracketString}, v...), true
	case types.ObjectID:
		return append([]byte{bracketObjectID}, v[:]...), true
	case bool:
		if v {
			return []byte{bracketBool, 1}, true
		}
		return []byte{bracketBool, 0}, true
	case time.Time:
		return encodeDate(v.UnixMilli()), true
	case types.Timestamp:
		return binary.BigEndian.AppendUint64([]byte{bracketTimestamp}, uint64(v)), true
	case types.Binary:
		return encodeBinary(v.B, byte(v.Subtype)), true
	default:
		return nil, false
	}
}

// Bracket returns the first byte of a key (its type bracket).
func Bracket(key []byte) byte { return key[0] }

func encodeInt(v int64) []byte {
	if v == 0 {
		return []byte{bracketNumber, numZero}
	}
	return encodeFinite(new(big.Float).SetPrec(64).SetInt64(v))
}

func encodeFloat(v float64) []byte {
	switch {
	case v == 0:
		return []byte{bracketNumber, numZero}
	case math.IsInf(v, 1):
		return []byte{bracketNumber, numPosInf}
	case math.IsInf(v, -1):
		return []byte{bracketNumber, numNegInf}
	}
	return encodeFinite(new(big.Float).SetPrec(64).SetFloat64(v))
}

// encodeFinite writes a non-zero number as sign class, binary exponent and a 64-bit mantissa: exact for
// every int64 and float64, so that comparisons across int, long and double stay exact.
func encodeFinite(f *big.Float) []byte {
	negative := f.Sign() < 0
	mant := new(big.Float)
	exp := f.MantExp(mant) // f = mant × 2^exp, 0.5 <= |mant| < 1
	mant.Abs(mant)
	mant.SetMantExp(mant, 64)
	m, _ := mant.Uint64()
	out := make([]byte, 0, 14)
	out = append(out, bracketNumber, numPos)
	out = binary.BigEndian.AppendUint32(out, uint32(int64(exp)+1<<31))
	out = binary.BigEndian.AppendUint64(out, m)
	if negative {
		out[1] = numNeg
		for i := 2; i < len(out); i++ {
			out[i] = ^out[i]
		}
	}
	return out
}

func encodeDate(ms int64) []byte {
	return binary.BigEndian.AppendUint64([]byte{bracketDate}, uint64(ms)^(1<<63))
}

func encodeBinary(b []byte, subtype byte) []byte {
	out := binary.BigEndian.AppendUint32([]byte{bracketBinary}, uint32(len(b)))
	out = append(out, subtype)
	return append(out, b...)
}

// KeyAt returns the key of the value at a dotted path of a document stored as sjson: nil for a missing
// field or null, ComplexKey where the Go filter must judge. It never fails: text it cannot read is
// Complex, so that the row is still selected and the Go filter sees it.
func KeyAt(doc []byte, path string) []byte {
	schemaDoc, ok, err := field(doc, "$s")
	if err != nil || !ok {
		return ComplexKey
	}
	value := doc
	parts := strings.Split(path, ".")
	for i, part := range parts {
		props, ok, err := field(schemaDoc, "p")
		if err != nil {
			return ComplexKey
		}
		if !ok {
			return nil // an empty document has no properties
		}
		elem, ok, err := field(props, part)
		if err != nil {
			return ComplexKey
		}
		if !ok {
			return nil
		}
		raw, ok, err := field(value, part)
		if err != nil || !ok {
			return ComplexKey // the schema names a field the document lacks: not sjson as we know it
		}
		kind := fieldString(elem, "t")
		if i == len(parts)-1 {
			if kind == "array" {
				if _, ok := scalarElements(raw, elem); ok {
					return ArrayKey
				}
				return ComplexKey
			}
			return keyOfRaw(kind, raw, elem)
		}
		switch kind {
		case "object":
			if schemaDoc, ok, err = field(elem, "$s"); err != nil {
				return ComplexKey
			} else if !ok {
				return nil // an empty document
			}
			value = raw
		case "array":
			return ComplexKey // an element or an index may match: the Go filter decides
		default:
			return nil // a scalar on the way: the rest of the path is missing
		}
	}
	return nil
}

func keyOfRaw(kind string, raw []byte, elem []byte) []byte {
	switch kind {
	case "null":
		return nil
	case "double":
		f, err := strconv.ParseFloat(string(raw), 64)
		if err != nil {
			return ComplexKey
		}
		return encodeFloat(f)
	case "int", "long":
		n, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil {
			return ComplexKey
		}
		return encodeInt(n)
	case "string":
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return ComplexKey
		}
		return append([]byte{bracketString}, s...)
	case "objectId":
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return ComplexKey
		}
		b, err := hex.DecodeString(s)
		if err != nil || len(b) != 12 {
			return ComplexKey
		}
		return append([]byte{bracketObjectID}, b...)
	case "bool":
		switch string(raw) {
		case "true":
			return []byte{bracketBool, 1}
		case "false":
			return []byte{bracketBool, 0}
		}
		return ComplexKey
	case "date":
		ms, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil {
			return ComplexKey
		}
		return encodeDate(ms)
	case "timestamp":
		ts, err := strconv.ParseUint(string(raw), 10, 64)
		if err != nil {
			return ComplexKey
		}
		return binary.BigEndian.AppendUint64([]byte{bracketTimestamp}, ts)
	case "binData":
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return ComplexKey
		}
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return ComplexKey
		}
		subtype, err := strconv.ParseUint(string(fieldRaw(elem, "s")), 10, 8)
		if err != nil {
			return ComplexKey
		}
		return encodeBinary(b, byte(subtype))
	default: // object, array, regex, or a type this code does not know
		return ComplexKey
	}
}

// ElementKeys returns the distinct keys of the elements of the array of scalars at path (null elements as
// nullElementKey), or nil when the value there is not such an array.
func ElementKeys(doc []byte, path string) [][]byte {
	if !bytes.Equal(KeyAt(doc, path), ArrayKey) {
		return nil
	}
	raw, elem := rawAt(doc, path)
	keys, _ := scalarElements(raw, elem)
	return keys
}

// rawAt returns the raw value and the schema element at path; KeyAt has checked that they are there.
func rawAt(doc []byte, path string) ([]byte, []byte) {
	schemaDoc, _, _ := field(doc, "$s")
	value := doc
	var raw, elem []byte
	for _, part := range strings.Split(path, ".") {
		props, _, _ := field(schemaDoc, "p")
		elem, _, _ = field(props, part)
		raw, _, _ = field(value, part)
		schemaDoc, _, _ = field(elem, "$s")
		value = raw
	}
	return raw, elem
}

// scalarElements returns the distinct keys of an array's elements, and false when it holds a document,
// an array or a value whose key is not exact (then the Go filter must judge it).
func scalarElements(raw, elem []byte) ([][]byte, bool) {
	items, ok, err := field(elem, "i")
	if err != nil {
		return nil, false
	}
	var schemas [][]byte
	if ok {
		if schemas, err = arrayItems(items); err != nil {
			return nil, false
		}
	}
	values, err := arrayItems(raw)
	if err != nil || len(values) != len(schemas) {
		return nil, false
	}
	var keys [][]byte
	for i, value := range values {
		kind := fieldString(schemas[i], "t")
		if kind == "object" || kind == "array" || kind == "regex" {
			return nil, false
		}
		key := keyOfRaw(kind, value, schemas[i])
		if key == nil {
			key = nullElementKey
		}
		if bytes.Equal(key, ComplexKey) {
			return nil, false
		}
		if !slices.ContainsFunc(keys, func(k []byte) bool { return bytes.Equal(k, key) }) {
			keys = append(keys, key)
		}
	}
	return keys, true
}

func fieldRaw(obj []byte, key string) []byte {
	raw, _, _ := field(obj, key)
	return raw
}
