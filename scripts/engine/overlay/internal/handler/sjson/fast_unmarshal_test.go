// Code of sante-interpretes added to FerretDB v1.24.2 at build time (see scripts/engine/README.md).

package sjson

import (
	"bytes"
	"math"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// The fast path must give FerretDB's answer: for every text, either it declines (and encoding/json
// decides), or encoding/json succeeds too and both values are the same, type, bits and key order.
func checkAgainstEncodingJSON(t *testing.T, data []byte, mustAccept bool) {
	t.Helper()

	want, wantErr := unmarshalEncodingJSON(data)
	got, ok := unmarshalFast(data)

	switch {
	case ok && wantErr != nil:
		t.Fatalf("fast path accepts what encoding/json refuses (%v):\n%q", wantErr, data)
	case ok && !same(got, want):
		t.Fatalf("fast path and encoding/json differ:\n%q\nfast: %#v\njson: %#v", data, got, want)
	case ok && !reflect.DeepEqual(got, want):
		t.Fatalf("fast path and encoding/json build different documents:\n%q", data)
	case !ok && mustAccept && wantErr == nil:
		t.Fatalf("fast path declines what Marshal wrote:\n%q", data)
	}

	// Through the hooked entry point: the same document, or FerretDB's own error.
	doc, err := Unmarshal(data)
	if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() || err == nil && !same(doc, want) {
		t.Fatalf("Unmarshal differs from encoding/json's decoding (%v, %v):\n%q", err, wantErr, data)
	}
}

// same reports whether two decoded values are identical: same types, doubles bit for bit, keys in order,
// nil and empty binary data told apart, the same instant in the same location.
func same(a, b any) bool {
	switch a := a.(type) {
	case *types.Document:
		b, ok := b.(*types.Document)
		if !ok || !slicesEqual(a.Keys(), b.Keys()) {
			return false
		}

		av, bv := a.Values(), b.Values()
		for i := range av {
			if !same(av[i], bv[i]) {
				return false
			}
		}

		return true
	case *types.Array:
		b, ok := b.(*types.Array)
		if !ok || a.Len() != b.Len() {
			return false
		}

		for i := 0; i < a.Len(); i++ {
			if !same(must.NotFail(a.Get(i)), must.NotFail(b.Get(i))) {
				return false
			}
		}

		return true
	case float64:
		b, ok := b.(float64)
		return ok && math.Float64bits(a) == math.Float64bits(b)
	case types.Binary:
		b, ok := b.(types.Binary)
		return ok && a.Subtype == b.Subtype && bytes.Equal(a.B, b.B) && (a.B == nil) == (b.B == nil)
	case time.Time:
		b, ok := b.(time.Time)
		return ok && a.Equal(b) && a.Location() == b.Location()
	default:
		return reflect.TypeOf(a) == reflect.TypeOf(b) && a == b
	}
}

func slicesEqual(a, b []string) bool {
	return reflect.DeepEqual(a, b) || len(a) == 0 && len(b) == 0
}

// Pieces of strings and field names: every JSON escape, control characters, HTML characters json.Marshal
// escapes, U+2028/9, multi-byte and astral runes, invalid UTF-8, a UTF-8-encoded surrogate, U+FFFD.
var stringPieces = []string{
	"", "a", "Z", "_id", "abc", " ", "é", "naïve", "日本", "😀", "\U0010FFFF", "\uFFFD", "\u2028", "\u2029",
	"\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", "\x00", "\x01", "\x1f", "\x7f", "<", ">", "&",
	"\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\\u0041", "\\ud83d", "$", ".", "a.b",
	"$s", "$k", "p", "t", "{", "}", "[", "]", ":", ",", "null", "0", "-1", "1e5",
}

func randomString(r *rand.Rand) string {
	var sb strings.Builder
	for n := r.Intn(5); n > 0; n-- {
		sb.WriteString(stringPieces[r.Intn(len(stringPieces))])
	}

	return sb.String()
}

var (
	edgeInt32s  = []int32{0, 1, -1, 255, 256, math.MaxInt32, math.MinInt32, math.MaxInt32 - 1, math.MinInt32 + 1}
	edgeInt64s  = []int64{0, -1, math.MaxInt64, math.MinInt64, 1 << 53, 1<<53 + 1, -(1 << 53) - 1, math.MaxInt32 + 1}
	edgeDoubles = []float64{
		0, math.Copysign(0, -1), 1, -1, 0.1, 1.5, 1e20, 1e21, 1e-6, 1e-7, 123456789.123456789, 9007199254740993,
		math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
		2.2250738585072014e-308, 1e300, 1e-300, float64(math.MaxInt64), float64(math.MinInt64),
	}
	edgeTimestamps = []types.Timestamp{0, 1, math.MaxUint64, math.MaxInt64, types.Timestamp(uint64(1) << 63)}
)

func randomScalar(r *rand.Rand) any {
	switch r.Intn(14) {
	case 0:
		if r.Intn(2) == 0 {
			return edgeInt32s[r.Intn(len(edgeInt32s))]
		}

		return int32(r.Uint32())
	case 1:
		if r.Intn(2) == 0 {
			return edgeInt64s[r.Intn(len(edgeInt64s))]
		}

		return int64(r.Uint64())
	case 2:
		if r.Intn(2) == 0 {
			return edgeDoubles[r.Intn(len(edgeDoubles))]
		}

		for {
			// Any bit pattern but NaN and the infinities, which Marshal refuses.
			if f := math.Float64frombits(r.Uint64()); !math.IsNaN(f) && !math.IsInf(f, 0) {
				return f
			}
		}
	case 3:
		return float64(r.Intn(2001)-1000) / 8
	case 4, 5:
		return randomString(r)
	case 6:
		b := make([]byte, r.Intn(40))
		r.Read(b)

		switch r.Intn(8) {
		case 0:
			b = nil // Marshal writes null: read back as Null
		case 1:
			b = []byte{}
		}

		return types.Binary{B: b, Subtype: types.BinarySubtype(r.Intn(256))}
	case 7:
		var id types.ObjectID
		r.Read(id[:])

		return id
	case 8:
		return r.Intn(2) == 0
	case 9:
		ms := []int64{0, -1, 1, math.MaxInt64 / 1_000_000, math.MinInt64 / 1_000_000, r.Int63n(4e12) - 1e12}[r.Intn(6)]
		return time.UnixMilli(ms)
	case 10:
		return types.Null
	case 11:
		return types.Regex{Pattern: randomString(r), Options: []string{"", "i", "ms", "imsx", randomString(r)}[r.Intn(5)]}
	case 12:
		if r.Intn(2) == 0 {
			return edgeTimestamps[r.Intn(len(edgeTimestamps))]
		}

		return types.Timestamp(r.Uint64())
	default:
		return int32(r.Intn(7) - 3)
	}
}

func randomValue(r *rand.Rand, depth int) any {
	if depth > 0 {
		switch r.Intn(8) {
		case 0:
			return randomDocument(r, depth-1, false)
		case 1:
			a := types.MakeArray(0)
			for n := r.Intn(5); n > 0; n-- {
				a.Append(randomValue(r, depth-1))
			}

			return a
		}
	}

	return randomScalar(r)
}

// randomDocument makes a document with unique keys; a top-level one never has a field named $s, nor a
// name with a quote or a backslash, which Marshal writes unescaped at the top level (see the test below).
func randomDocument(r *rand.Rand, depth int, top bool) *types.Document {
	d := types.MakeDocument(0)

	for n := r.Intn(7); n > 0; n-- {
		key := randomString(r)
		if d.Has(key) || top && (key == "$s" || strings.ContainsAny(key, "\"\\") || hasControl(key)) {
			continue
		}

		d.Set(key, randomValue(r, depth))
	}

	return d
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < ' ' }) >= 0
}

func TestUnmarshalFastRandomDocuments(t *testing.T) {
	t.Parallel()

	r := rand.New(rand.NewSource(26))
	for i := 0; i < 30_000; i++ {
		data, err := Marshal(randomDocument(r, 4, true))
		if err != nil {
			t.Fatal(err)
		}

		checkAgainstEncodingJSON(t, data, true)
	}
}

// Top-level names are written unescaped by Marshal: a quote, a backslash or a control character there
// makes a text encoding/json refuses or reads otherwise, and the fast path must decline it too.
func TestUnmarshalFastTopLevelNames(t *testing.T) {
	t.Parallel()

	r := rand.New(rand.NewSource(27))
	for i := 0; i < 5_000; i++ {
		d := randomDocument(r, 1, false)
		d.Set(randomString(r), randomScalar(r))

		data, err := Marshal(d)
		if err != nil {
			t.Fatal(err)
		}

		checkAgainstEncodingJSON(t, data, false)
	}
}

// Damaged texts: a byte changed, removed, inserted or the text cut short. Whatever the fast path accepts,
// encoding/json must read the same.
func TestUnmarshalFastDamagedTexts(t *testing.T) {
	t.Parallel()

	const alphabet = `{}[]":,\0123456789-+.eEtrufalsn/u"abcdefABCDEF $pkio` + "\x00\x1f\xff"

	r := rand.New(rand.NewSource(28))
	for i := 0; i < 40_000; i++ {
		data := must.NotFail(Marshal(randomDocument(r, 3, true)))

		for n := 1 + r.Intn(2); n > 0 && len(data) > 0; n-- {
			at := r.Intn(len(data))

			switch r.Intn(4) {
			case 0:
				data[at] = alphabet[r.Intn(len(alphabet))]
			case 1:
				data = append(data[:at:at], data[at+1:]...)
			case 2:
				data = append(data[:at:at], append([]byte{alphabet[r.Intn(len(alphabet))]}, data[at:]...)...)
			case 3:
				data = data[:at]
			}
		}

		checkAgainstEncodingJSON(t, data, false)
	}
}

// json.Marshal writes \u escapes only for control characters, <, >, &, U+2028/9 and invalid UTF-8:
// strings with every other escape are written here by hand, decoded by both.
func TestUnmarshalFastStringEscapes(t *testing.T) {
	t.Parallel()

	escapes := []string{
		`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, `\u0000`, `\u0041`, `\u00e9`, `\u00E9`, `\uFFFD`, `\uffff`,
		`\ud83d\ude00`, `\uD83D\uDE00`, `\ud83d`, `\ude00`, `\ud83d\u0041`, `\ud83d\ud83d`, `\ude00\ud83d`, `\udbff\udfff`,
		`\ud800\udc00`, `\ud83d\n`, `a`, `é`, "\xff", "\xed\xa0\x80", `\u002`, `\x`, `\'`, "\x01", `\`, `\u`, `\ud83d\u`,
	}

	r := rand.New(rand.NewSource(29))
	for i := 0; i < 20_000; i++ {
		var sb strings.Builder
		for n := r.Intn(6); n > 0; n-- {
			sb.WriteString(escapes[r.Intn(len(escapes))])
		}

		s := sb.String()
		texts := []string{
			`{"$s":{"p":{"v":{"t":"string"}},"$k":["v"]},"v":"` + s + `"}`,
			`{"$s":{"p":{"` + s + `":{"t":"int"}},"$k":["` + s + `"]},"` + s + `":1}`,
			`{"$s":{"p":{"d":{"t":"object","$s":{"p":{"` + s + `":{"t":"regex","o":"` + s + `"}},"$k":["` + s + `"]}}},"$k":["d"]},"d":{"` + s + `":"` + s + `"}}`,
		}

		for _, text := range texts {
			checkAgainstEncodingJSON(t, []byte(text), false)
		}
	}
}

// Texts both decoders must refuse; the fast path must not be the one that answers.
func TestUnmarshalFastMalformed(t *testing.T) {
	t.Parallel()

	one := func(elem, value string) string {
		return `{"$s":{"p":{"a":{"t":` + elem + `}},"$k":["a"]},"a":` + value + `}`
	}

	var deep, deepSchema strings.Builder
	for i := 0; i < 6_000; i++ {
		deep.WriteString("[")
		deepSchema.WriteString(`{"t":"array","i":[`)
	}

	deepSchema.WriteString(`{"t":"int"}`)
	deep.WriteString("1")

	for i := 0; i < 6_000; i++ {
		deep.WriteString("]")
		deepSchema.WriteString(`]}`)
	}

	for _, text := range []string{
		``, `{}`, `null`, `[]`, `{"$s":{}`, `{"$s":{}}x`, `{"$s":{}} `, `{"$s":{},"a":1}`,
		`{"$s":{"p":{},"$k":[]},"a":1}`,
		one(`"int"`, `1.5`), one(`"int"`, `2147483648`), one(`"int"`, `-2147483649`), one(`"int"`, `1e3`), one(`"int"`, `01`),
		one(`"int"`, `"1"`), one(`"int"`, `+1`), one(`"int"`, `-`), one(`"int"`, `true`),
		one(`"long"`, `9223372036854775808`), one(`"long"`, `-9223372036854775809`), one(`"long"`, `1.0`),
		one(`"double"`, `1e400`), one(`"double"`, `-1e400`), one(`"double"`, `NaN`), one(`"double"`, `.5`), one(`"double"`, `1.`),
		one(`"double"`, `1e`), one(`"double"`, `Infinity`), one(`"double"`, `"1"`),
		one(`"timestamp"`, `-1`), one(`"timestamp"`, `-0`), one(`"timestamp"`, `18446744073709551616`),
		one(`"date"`, `1.5`), one(`"date"`, `"2024-01-01"`), one(`"bool"`, `1`), one(`"bool"`, `tru`), one(`"bool"`, `True`),
		one(`"null"`, `0`), one(`"null"`, `false`), one(`"nothing"`, `1`), one(`"object"`, `1`),
		one(`"string"`, `"a`), one(`"string"`, "\"a\nb\""), one(`"string"`, `"\x"`), one(`"string"`, `"\'"`),
		one(`"string"`, `"\u12"`), one(`"string"`, `"\u12G4"`), one(`"string"`, `1`), one(`"string"`, `'a'`),
		one(`"objectId"`, `"0123456789abcdef0123456"`), one(`"objectId"`, `"0123456789abcdef012345678"`),
		one(`"objectId"`, `"0123456789abcdef0123456g"`), one(`"objectId"`, `"0123456789abcdef01234567`), one(`"objectId"`, `1`),
		one(`"binData","s":0`, `"AAE"`), one(`"binData","s":0`, `"AA=E"`), one(`"binData","s":0`, `"A@=="`),
		one(`"binData","s":256`, `"AA=="`), one(`"binData","s":-1`, `"AA=="`), one(`"binData"`, `"AA=="`),
		one(`"binData","s":1.0`, `"AA=="`), one(`"binData","s":"0"`, `"AA=="`),
		one(`"binData","s":0`, "\"QUJD\nRA==\""), one(`"binData","s":0`, `"QUJD\RA=="`),
		one(`"object","$s":{"p":1}`, `null`), one(`"object","$s":[]`, `null`), one(`"array","i":{}`, `null`),
		one(`"int","i":{}`, `null`), one(`"binData","s":256`, `null`), one(`"regex","o":1`, `null`),
		one(`"regex"`, `"a"`), one(`"regex","o":1`, `"a"`), one(`"regex","o":"i"`, `1`),
		one(`"int","x":1`, `1`), one(`"object"`, `{}`), one(`"object","$s":null`, `{"b":1}`),
		one(`"object","$s":{}`, `{"b":1}`), one(`"object","$s":{"p":{"b":{"t":"int"}},"$k":["b"]}`, `{"c":1}`),
		one(`"object","$s":{"p":{"b":{"t":"int"},"c":{"t":"int"}},"$k":["b","c"]}`, `{"b":1}`),
		one(`"array","i":[]`, `[1]`), one(`"array","i":[{"t":"int"}]`, `[]`), one(`"array","i":[{"t":"int"}]`, `[1,2]`),
		one(`"array"`, `[1]`), one(`"array","i":[{"t":"int"}]`, `[1,]`), one(`"array","i":[{"t":"int"}]`, `{"0":1}`),
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a","a"]},"a":1,"a":2}`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["b"]},"a":1}`,
		`{"$s":{"p":{"a":{"t":"int"}}},"a":1}`,
		`{"$s":{"p":{"a":{"t":"int"},"b":{"t":"int"}},"$k":["a"]},"a":1,"b":2}`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":1,"b":2}`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":1`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":1}}`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"],"x":1},"a":1}`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":1,"$s":{}}`,
		`{"$s":{"p":{"$s":{"t":"int"}},"$k":["$s"]},"$s":1}`,
		`{"$s":{"p":{"a":{"t":"array","i":[` + deepSchema.String() + `]}},"$k":["a"]},"a":[` + deep.String() + `]}`,
	} {
		if _, err := unmarshalEncodingJSON([]byte(text)); err == nil {
			t.Errorf("encoding/json reads %.200q", text)
		}

		if _, ok := unmarshalFast([]byte(text)); ok {
			t.Errorf("fast path reads %.200q", text)
		}

		checkAgainstEncodingJSON(t, []byte(text), false)
	}
}

// Texts Marshal does not write but encoding/json reads: the fast path declines them and Unmarshal gives
// encoding/json's answer.
func TestUnmarshalFastDeclinesOtherLayouts(t *testing.T) {
	t.Parallel()

	for _, text := range []string{
		` {"$s":{}}`,
		`{"$s":null}`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a" :1}`,
		`{"$s":{"p":{"a":{"t":"object","$s":{"p":{"b":{"t":"int"}},"$k":["b"]}}},"$k":["a"]},"a":{"b":1,"b":2}}`,
		`{"$s":{"$k":["a"],"p":{"a":{"t":"int"}}},"a":1}`,
		`{"a":1,"$s":{"p":{"a":{"t":"int"}},"$k":["a"]}}`,
		`{ "$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"a":1}`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]}, "a":1}`,
		`{"$s":{"p":{"a":{"T":"int"}},"$k":["a"]},"a":1}`,
		`{"$s":{"P":{"a":{"t":"int"}},"$K":["a"]},"a":1}`,
		`{"$s":{"p":{"a":{"t":"int"},"b":{"t":"int"}},"$k":["a","b"]},"b":2,"a":1}`,
		`{"$s":{"p":{"a":{"t":"int","o":"x"}},"$k":["a"]},"a":1}`,
		`{"$s":{"p":{"a":{"t":"object","$s":{"p":{"b":{"t":"int"}},"$k":["b"]}}},"$k":["a"]},"a":{}}`,
		`{"$s":{"p":{"a":{"t":"object","$s":{"p":{"b":{"t":"int"}},"$k":["b"]}}},"$k":["a"]},"a":null}`,
		`{"$s":{"p":{"a":{"t":"array","i":[{"t":"int"}]}},"$k":["a"]},"a":null}`,
		`{"$s":{"p":{"a":{"t":"nothing"}},"$k":["a"]},"a":null}`,
		`{"$s":{"p":{"a":{"t":"binData","s":0}},"$k":["a"]},"a":"QUJD\nRA=="}`,
		`{"$s":{"p":{"a":{"t":"binData","s":0}},"$k":["a"]},"a":"\u0051UJD"}`,
		`{"$s":{"p":{"a":{"t":"objectId"}},"$k":["a"]},"a":"\u00301234567890abcdef0123456"}`,
		`{"$s":{"p":{"a":{"t":"int"}},"$k":["a"]},"\u0061":1}`,
		`{"$s":{"p":{"\u0061":{"t":"int"}},"$k":["a"]},"a":1}`,
		`{"$s":{"p":{"a":{"t":"int"},"b":{"t":"int"}},"$k":["a"]},"a":1}`,
	} {
		checkAgainstEncodingJSON(t, []byte(text), false)
	}
}

// FuzzUnmarshalFast runs its seeds with the tests; `go test -fuzz FuzzUnmarshalFast` searches further.
func FuzzUnmarshalFast(f *testing.F) {
	f.Add(must.NotFail(Marshal(typicalRequest())))

	r := rand.New(rand.NewSource(30))
	for i := 0; i < 50; i++ {
		f.Add(must.NotFail(Marshal(randomDocument(r, 3, true))))
	}

	f.Add([]byte(`{"$s":{"p":{"a\u003c":{"t":"string"},"b":{"t":"binData","s":128},"c":{"t":"regex","o":"i\n"}},"$k":["a\u003c","b","c"]},` +
		`"a<":"\ud83d\ude00\ud83d\u00e9\/\"\ufffd\u0000","b":"AAEC/w==","c":"^\\d+$"}`))

	f.Fuzz(func(t *testing.T, data []byte) {
		checkAgainstEncodingJSON(t, data, false)
	})
}

// NaN and the infinities cannot be stored: Marshal refuses them, so the format never holds them.
func TestMarshalRefusesNaNAndInfinities(t *testing.T) {
	t.Parallel()

	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := Marshal(must.NotFail(types.NewDocument("v", f))); err == nil {
			t.Errorf("Marshal writes %v", f)
		}
	}
}
