// Code of sante-interpretes added to FerretDB v1.24.2 at build time (see scripts/engine/README.md).

package pushdown

import (
	"bytes"
	"math"
	"math/rand"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// randomScalar returns a scalar the SQLite backend can store (no NaN or infinities: sjson refuses them).
func randomScalar(r *rand.Rand) any {
	switch r.Intn(11) {
	case 0:
		return int32(r.Intn(7) - 3)
	case 1:
		return int64(r.Intn(7) - 3)
	case 2:
		return float64(r.Intn(13)-6) / 2
	case 3:
		return []int64{math.MaxInt64, math.MinInt64, 1 << 53, 1<<53 + 1, -(1 << 53) - 1}[r.Intn(5)]
	case 4:
		return []float64{9007199254740992, 9007199254740994, 1e300, -1e-300, 0.1, -0.0}[r.Intn(6)]
	case 5:
		return []string{"", "a", "ab", "b", "é", "a<b", "a\x00", "Z"}[r.Intn(8)]
	case 6:
		var id types.ObjectID
		id[r.Intn(12)] = byte(r.Intn(3))
		return id
	case 7:
		return r.Intn(2) == 0
	case 8:
		return time.UnixMilli(int64(r.Intn(5)-2) * 1_000_000_000_000).UTC()
	case 9:
		return types.Timestamp(uint64(r.Intn(4)))
	default:
		return types.Binary{B: []byte("xyz")[:r.Intn(3)], Subtype: types.BinarySubtype(r.Intn(2))}
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// The order of keys is FerretDB's order of values, and equal keys are equal values.
func TestKeyOrderIsFerretDBOrder(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 200_000; i++ {
		a, b := randomScalar(r), randomScalar(r)
		ka, _ := EncodeScalar(a)
		kb, _ := EncodeScalar(b)
		want := int(types.CompareOrderForSort(a, b, types.Ascending))
		if got := sign(bytes.Compare(ka, kb)); got != want {
			t.Fatalf("%#v vs %#v: keys compare %d, FerretDB %d", a, b, got, want)
		}
		eq := types.Compare(a, b) == types.Equal
		if eq != bytes.Equal(ka, kb) {
			t.Fatalf("%#v vs %#v: keys equal %v, FerretDB equal %v", a, b, bytes.Equal(ka, kb), eq)
		}
	}
}

// The key read from stored sjson is the key of the value FerretDB reads back.
func TestKeyAtReadsStoredValues(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for i := 0; i < 20_000; i++ {
		v := randomScalar(r)
		if s, ok := v.(string); ok && s == "z" {
			v = "y" // "z" is the array's other element
		}
		inner := must.NotFail(types.NewDocument("v", v, "w<x", v))
		arr := must.NotFail(types.NewArray(v, "z", v, "z"))
		mixed := must.NotFail(types.NewArray(v, inner))
		doc := must.NotFail(types.NewDocument("_id", int32(i), "v", v, "d", inner, "arr", arr, "mixed", mixed, "n", types.Null))
		b := must.NotFail(sjson.Marshal(doc))
		back := must.NotFail(sjson.Unmarshal(b))
		want, _ := EncodeScalar(must.NotFail(back.Get("v")))
		for _, path := range []string{"v", "d.v", "d.w<x"} {
			if got := KeyAt(b, path); !bytes.Equal(got, want) {
				t.Fatalf("%s of %s: %x, want %x", path, b, got, want)
			}
		}
		for path, want := range map[string][]byte{"arr": ArrayKey, "arr.0": ComplexKey, "mixed": ComplexKey, "d": ComplexKey, "n": nil, "missing": nil, "v.x": nil, "d.missing": nil, "n.x": nil} {
			if got := KeyAt(b, path); !bytes.Equal(got, want) {
				t.Fatalf("%s of %s: %x, want %x", path, b, got, want)
			}
		}
		// The elements of an array of scalars, each once; null as nullElementKey; none for other arrays.
		elements := ElementKeys(b, "arr")
		wantElements := [][]byte{want}
		if want == nil {
			wantElements = [][]byte{nullElementKey}
		}
		if len(elements) != 2 || !bytes.Equal(elements[0], wantElements[0]) || !bytes.Equal(elements[1], []byte{bracketString, 'z'}) {
			t.Fatalf("elements of arr in %s: %x", b, elements)
		}
		if ElementKeys(b, "mixed") != nil || ElementKeys(b, "v") != nil {
			t.Fatalf("elements of a non-array or an array with a document in %s", b)
		}
	}
}

func BenchmarkKeyAt(b *testing.B) {
	doc := must.NotFail(types.NewDocument("_id", types.NewObjectID(), "structureId", types.NewObjectID(), "status", "open", "start", time.Now(), "language", "ara", "notes", "a longer text of a few words"))
	raw := must.NotFail(sjson.Marshal(doc))
	for i := 0; i < b.N; i++ {
		KeyAt(raw, "start")
	}
}
