// Code of sante-interpretes added to FerretDB v1.24.2 at build time (see scripts/engine/README.md).

package sjson

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

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

// has reports whether the text at i starts with t.
func (d *fastDecoder) has(i int, t string) bool {
	return i >= 0 && i <= len(d.s) && strings.HasPrefix(d.s[i:], t)
}

// num reads a JSON number at i and returns its text and the position past it, or -1.
func (d *fastDecoder) num(i int) (string, int) {
	s := d.s
	start := i

	if i < len(s) && s[i] == '-' {
		i++
	}

	switch {
	case i >= len(s):
		return "", -1
	case s[i] == '0':
		i++
	case '1' <= s[i] && s[i] <= '9':
		i = digits(s, i)
	default:
		return "", -1
	}

	if i < len(s) && s[i] == '.' {
		if i = digits(s, i+1); s[i-1] == '.' {
			return "", -1
		}
	}

	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}

		from := i
		if i = digits(s, i); i == from {
			return "", -1
		}
	}

	return s[start:i], i
}

func digits(s string, i int) int {
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}

	return i
}

// str reads a JSON string at i and returns its value, decoded as encoding/json does, and the position
// past its closing quote, or -1. A string without escapes or invalid UTF-8 is a substring of the text.
func (d *fastDecoder) str(i int) (string, int) {
	s := d.s

	if i >= len(s) || s[i] != '"' {
		return "", -1
	}

	i++
	start := i

	for i < len(s) {
		c := s[i]

		switch {
		case c == '"':
			return s[start:i], i + 1
		case c == '\\':
			return d.strEscaped(start, i)
		case c < ' ':
			return "", -1
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return d.strEscaped(start, i)
			}

			i += size
		}
	}

	return "", -1
}

// strEscaped finishes reading the string that started at start from i, its first escape or invalid
// UTF-8 byte, as encoding/json's unquote does: invalid UTF-8 and lone surrogates become U+FFFD.
func (d *fastDecoder) strEscaped(start, i int) (string, int) {
	s := d.s
	b := make([]byte, 0, i-start+32)
	b = append(b, s[start:i]...)

	for i < len(s) {
		c := s[i]

		switch {
		case c == '"':
			return string(b), i + 1

		case c == '\\':
			if i+1 >= len(s) {
				return "", -1
			}

			switch s[i+1] {
			case '"', '\\', '/':
				b = append(b, s[i+1])
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := getu4(s, i)
				if r < 0 {
					return "", -1
				}

				i += 6

				if utf16.IsSurrogate(r) {
					if pair := utf16.DecodeRune(r, getu4(s, i)); pair != unicode.ReplacementChar {
						b = utf8.AppendRune(b, pair)
						i += 6

						continue
					}

					r = unicode.ReplacementChar
				}

				b = utf8.AppendRune(b, r)

				continue
			default:
				return "", -1
			}

			i += 2

		case c < ' ':
			return "", -1

		case c < utf8.RuneSelf:
			b = append(b, c)
			i++

		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			b = utf8.AppendRune(b, r)
			i += size
		}
	}

	return "", -1
}

// getu4 reads the `\uXXXX` escape at i, or returns -1.
func getu4(s string, i int) rune {
	if i+6 > len(s) || s[i] != '\\' || s[i+1] != 'u' {
		return -1
	}

	var r rune

	for _, c := range []byte(s[i+2 : i+6]) {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}

		r = r*16 + rune(c)
	}

	return r
}

func isBase64(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '='
}

// skipObject returns the position past the object at i, found by its braces alone (the decoding that
// follows checks its content), or -1.
func skipObject(s string, i int) int {
	depth := 0

	for ; i < len(s); i++ {
		switch s[i] {
		case '"':
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}

	return -1
}

// hasDuplicate reports whether a key appears twice: encoding/json would keep one of them.
func hasDuplicate(keys []string) bool {
	if len(keys) <= 32 {
		for i := 1; i < len(keys); i++ {
			for _, other := range keys[:i] {
				if keys[i] == other {
					return true
				}
			}
		}

		return false
	}

	seen := make(map[string]struct{}, len(keys))

	for _, k := range keys {
		if _, ok := seen[k]; ok {
			return true
		}

		seen[k] = struct{}{}
	}

	return false
}
