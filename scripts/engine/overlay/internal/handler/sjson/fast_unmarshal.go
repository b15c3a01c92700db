// Code of sante-interpretes added to FerretDB v1.24.2 at build time (see scripts/engine/README.md).

package sjson

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/FerretDB/FerretDB/internal/types"
)

// maxFastDepth bounds the nesting the fast path follows: encoding/json refuses JSON nested deeper than
// 10,000 levels, and a document level takes at most three levels of its schema.
const maxFastDepth = 1000

// unmarshalFast decodes a document written by Marshal in one pass over its text, reading each field's
// schema and its value side by side. It reports false for any other layout and for anything malformed
// or unusual; Unmarshal then decodes with encoding/json as FerretDB does, so that the answers and the
// errors stay FerretDB's own. What it accepts, it decodes exactly as encoding/json would.
func unmarshalFast(data []byte) (*types.Document, bool) {
	d := fastDecoders.Get().(*fastDecoder)
	defer d.release()

	// One copy of the text: every string without escapes is a substring of it, not an allocation of its own.
	d.s = string(data)
	d.b = data

	return d.topLevel()
}

var fastDecoders = sync.Pool{New: func() any { return new(fastDecoder) }}

// fastDecoder holds the text being decoded and the fields of the documents open in it, innermost last.
type fastDecoder struct {
	s     string
	b     []byte
	keys  []string
	vals  []any
	depth int
	view  fieldsView
}

// fieldsView presents a document's decoded fields to types.ConvertDocument.
type fieldsView struct {
	keys []string
	vals []any
}

func (v *fieldsView) Keys() []string { return v.keys }
func (v *fieldsView) Values() []any  { return v.vals }

func (d *fastDecoder) release() {
	clear(d.keys)
	clear(d.vals)
	*d = fastDecoder{keys: d.keys[:0], vals: d.vals[:0]}
	fastDecoders.Put(d)
}

// topLevel decodes `{"$s":<schema>,"k1":v1,...}`: the fields follow the schema in the same object.
func (d *fastDecoder) topLevel() (*types.Document, bool) {
	const head = `{"$s":`
	if !strings.HasPrefix(d.s, head) {
		return nil, false
	}

	schemaEnd := skipObject(d.s, len(head))
	if schemaEnd < 0 || schemaEnd >= len(d.s) {
		return nil, false
	}

	if d.s[schemaEnd] == '}' {
		if d.s[len(head):schemaEnd] != "{}" || schemaEnd+1 != len(d.s) {
			return nil, false
		}

		return new(types.Document), true
	}

	if d.s[schemaEnd] != ',' {
		return nil, false
	}

	doc, si, di := d.document(len(head), schemaEnd+1, true)
	if doc == nil || si != schemaEnd || di != len(d.s) {
		return nil, false
	}

	return doc, true
}

// document decodes a non-empty document: its schema `{"p":{...},"$k":[...]}` at si and its fields at di
// (just past the opening brace or, at the top level, the comma after the schema). It returns the positions
// past the schema and past the data's closing brace, or a nil document.
func (d *fastDecoder) document(si, di int, top bool) (*types.Document, int, int) {
	s := d.s

	if !d.has(si, `{"p":{`) {
		return nil, 0, 0
	}

	si += len(`{"p":{`)
	keysBase, valsBase := len(d.keys), len(d.vals)

	for {
		key, next := d.str(si)
		if next < 0 || !d.has(next, ":") {
			return nil, 0, 0
		}

		si = next + 1

		dataKey, next := d.str(di)
		if next < 0 || dataKey != key || !d.has(next, ":") {
			return nil, 0, 0
		}

		di = next + 1

		// At the top level, a field named $s would be read as the schema by encoding/json.
		if top && key == "$s" {
			return nil, 0, 0
		}

		var v any
		if v, si, di = d.value(si, di); v == nil || si >= len(s) || di >= len(s) {
			return nil, 0, 0
		}

		d.keys = append(d.keys, key)
		d.vals = append(d.vals, v)

		if s[si] == ',' && s[di] == ',' {
			si++
			di++

			continue
		}

		if s[si] == '}' && s[di] == '}' {
			si++
			di++

			break
		}

		return nil, 0, 0
	}

	if !d.has(si, `,"$k":[`) {
		return nil, 0, 0
	}

	si += len(`,"$k":[`)
	keys := d.keys[keysBase:]

	for i, key := range keys {
		if i > 0 {
			if !d.has(si, ",") {
				return nil, 0, 0
			}

			si++
		}

		var k string
		if k, si = d.str(si); si < 0 || k != key {
			return nil, 0, 0
		}
	}

	if !d.has(si, "]}") || hasDuplicate(keys) {
		return nil, 0, 0
	}

	d.view = fieldsView{keys: keys, vals: d.vals[valsBase:]}
	doc, err := types.ConvertDocument(&d.view)
	d.view = fieldsView{}

	clear(d.keys[keysBase:])
	clear(d.vals[valsBase:])
	d.keys, d.vals = d.keys[:keysBase], d.vals[:valsBase]

	if err != nil {
		return nil, 0, 0
	}

	return doc, si + 2, di
}

// value decodes one value: its schema element `{"t":"<type>"...}` at si, its data at di. It returns the
// positions past both, or a nil value.
func (d *fastDecoder) value(si, di int) (any, int, int) {
	s := d.s

	if !d.has(si, `{"t":"`) {
		return nil, 0, 0
	}

	si += len(`{"t":"`)

	end := strings.IndexByte(s[si:], '"')
	if end < 0 {
		return nil, 0, 0
	}

	typ := s[si : si+end]
	si += end + 1

	switch elemType(typ) {
	case elemTypeObject:
		return d.object(si, di)
	case elemTypeArray:
		return d.array(si, di)
	case elemTypeBinData, elemTypeRegex:
		return d.withOption(elemType(typ), si, di)
	}

	if !d.has(si, "}") {
		return nil, 0, 0
	}

	si++

	// As in unmarshalSingleValue, data null is Null whatever the schema says.
	if d.has(di, "null") {
		switch elemType(typ) {
		case elemTypeDouble, elemTypeString, elemTypeObjectID, elemTypeBool, elemTypeDate,
			elemTypeNull, elemTypeInt, elemTypeTimestamp, elemTypeLong:
			return types.Null, si, di + 4
		}

		return nil, 0, 0
	}

	v, di := d.scalar(elemType(typ), di)

	return v, si, di
}

// scalar decodes the data at di of a type whose schema element carries nothing but the type.
func (d *fastDecoder) scalar(typ elemType, di int) (any, int) {
	switch typ {
	case elemTypeDouble:
		lit, next := d.num(di)
		if next < 0 {
			return nil, 0
		}

		f, err := strconv.ParseFloat(lit, 64)
		if err != nil {
			return nil, 0
		}

		return f, next

	case elemTypeString:
		str, next := d.str(di)
		if next < 0 {
			return nil, 0
		}

		return str, next

	case elemTypeObjectID:
		const l = 2 * types.ObjectIDLen
		if !d.has(di, `"`) || !d.has(di+1+l, `"`) {
			return nil, 0
		}

		var id types.ObjectID
		if _, err := hex.Decode(id[:], d.b[di+1:di+1+l]); err != nil {
			return nil, 0
		}

		return id, di + l + 2

	case elemTypeBool:
		if d.has(di, "true") {
			return true, di + 4
		}

		if d.has(di, "false") {
			return false, di + 5
		}

	case elemTypeDate:
		lit, next := d.num(di)
		if next < 0 {
			return nil, 0
		}

		ms, err := strconv.ParseInt(lit, 10, 64)
		if err != nil {
			return nil, 0
		}

		return time.UnixMilli(ms), next

	case elemTypeInt:
		lit, next := d.num(di)
		if next < 0 {
			return nil, 0
		}

		i, err := strconv.ParseInt(lit, 10, 32)
		if err != nil {
			return nil, 0
		}

		return int32(i), next

	case elemTypeLong:
		lit, next := d.num(di)
		if next < 0 {
			return nil, 0
		}

		i, err := strconv.ParseInt(lit, 10, 64)
		if err != nil {
			return nil, 0
		}

		return i, next

	case elemTypeTimestamp:
		lit, next := d.num(di)
		if next < 0 {
			return nil, 0
		}

		u, err := strconv.ParseUint(lit, 10, 64)
		if err != nil {
			return nil, 0
		}

		return types.Timestamp(u), next
	}

	return nil, 0
}

// object decodes `,"$s":<schema>}` at si (the rest of an object's schema element) and the document at di.
func (d *fastDecoder) object(si, di int) (any, int, int) {
	if !d.has(si, `,"$s":`) || !d.has(di, "{") {
		return nil, 0, 0
	}

	si += len(`,"$s":`)

	if d.has(si, "{}") {
		if !d.has(si+2, "}") || !d.has(di, "{}") {
			return nil, 0, 0
		}

		return new(types.Document), si + 3, di + 2
	}

	if d.depth++; d.depth > maxFastDepth {
		return nil, 0, 0
	}

	doc, si, di := d.document(si, di+1, false)
	d.depth--

	if doc == nil || !d.has(si, "}") {
		return nil, 0, 0
	}

	return doc, si + 1, di
}

// array decodes `,"i":[<elements>]}` at si (the rest of an array's schema element) and the array at di.
func (d *fastDecoder) array(si, di int) (any, int, int) {
	s := d.s

	if !d.has(si, `,"i":[`) || !d.has(di, "[") {
		return nil, 0, 0
	}

	si += len(`,"i":[`)
	di++

	if d.has(si, "]}") && d.has(di, "]") {
		return new(types.Array), si + 2, di + 1
	}

	if d.depth++; d.depth > maxFastDepth {
		return nil, 0, 0
	}

	base := len(d.vals)

	for {
		var v any
		if v, si, di = d.value(si, di); v == nil || si >= len(s) || di >= len(s) {
			return nil, 0, 0
		}

		d.vals = append(d.vals, v)

		if s[si] == ',' && s[di] == ',' {
			si++
			di++

			continue
		}

		if s[si] == ']' && s[di] == ']' {
			si++
			di++

			break
		}

		return nil, 0, 0
	}

	d.depth--

	if !d.has(si, "}") {
		return nil, 0, 0
	}

	values := make([]any, len(d.vals)-base)
	copy(values, d.vals[base:])
	clear(d.vals[base:])
	d.vals = d.vals[:base]

	a := types.MakeArray(0)
	a.Append(values...)

	return a, si + 1, di
}

// withOption decodes binary data (`,"s":<subtype>}`) or a regular expression (`,"o":"<options>"}`).
func (d *fastDecoder) withOption(typ elemType, si, di int) (any, int, int) {
	var subtype uint64
	var options string

	switch typ {
	case elemTypeBinData:
		if !d.has(si, `,"s":`) {
			return nil, 0, 0
		}

		lit, next := d.num(si + len(`,"s":`))
		if next < 0 {
			return nil, 0, 0
		}

		var err error
		if subtype, err = strconv.ParseUint(lit, 10, 8); err != nil {
			return nil, 0, 0
		}

		si = next

	case elemTypeRegex:
		if !d.has(si, `,"o":`) {
			return nil, 0, 0
		}

		if options, si = d.str(si + len(`,"o":`)); si < 0 {
			return nil, 0, 0
		}
	}

	if !d.has(si, "}") {
		return nil, 0, 0
	}

	si++

	if d.has(di, "null") {
		return types.Null, si, di + 4
	}

	if typ == elemTypeRegex {
		pattern, next := d.str(di)
		if next < 0 {
			return nil, 0, 0
		}

		return types.Regex{Pattern: pattern, Options: options}, si, next
	}

	// Base64 as json.Marshal writes it; an escape or anything else goes to encoding/json.
	if !d.has(di, `"`) {
		return nil, 0, 0
	}

	start := di + 1
	end := start

	for end < len(d.b) && isBase64(d.b[end]) {
		end++
	}

	if !d.has(end, `"`) {
		return nil, 0, 0
	}

	b := make([]byte, base64.StdEncoding.DecodedLen(end-start))

	n, err := base64.StdEncoding.Decode(b, d.b[start:end])
	if err != nil {
		return nil, 0, 0
	}

	return types.Binary{B: b[:n], Subtype: types.BinarySubtype(subtype)}, si, end + 1
}
