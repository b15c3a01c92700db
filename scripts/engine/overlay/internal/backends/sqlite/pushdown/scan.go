// Code of sante-interpretes added to FerretDB v1.24.2 at build time (see scripts/engine/README.md).

package pushdown

import (
	"encoding/json"
	"errors"
	"strings"
)

// A minimal reader of the JSON that FerretDB's SQLite backend stores (sjson): it finds one field's raw
// value without decoding the rest of the document. Index keys are computed for every write and every
// index, so decoding whole documents there would cost more than the write itself.

var errMalformed = errors.New("pushdown: malformed sjson")

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index just after the JSON string starting at b[i] (a '"').
func skipString(b []byte, i int) (int, error) {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1, nil
		}
	}
	return 0, errMalformed
}

// skipValue returns the index just after the JSON value starting at b[i].
func skipValue(b []byte, i int) (int, error) {
	i = skipSpace(b, i)
	if i >= len(b) {
		return 0, errMalformed
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				end, err := skipString(b, i)
				if err != nil {
					return 0, err
				}
				i = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, nil
				}
			}
		}
		return 0, errMalformed
	default:
		for ; i < len(b); i++ {
			switch b[i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return i, nil
			}
		}
		return i, nil
	}
}

// field returns the raw value of key in the JSON object obj, and whether it is there.
func field(obj []byte, key string) ([]byte, bool, error) {
	i := skipSpace(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return nil, false, errMalformed
	}
	i = skipSpace(obj, i+1)
	if i < len(obj) && obj[i] == '}' {
		return nil, false, nil
	}
	for i < len(obj) {
		i = skipSpace(obj, i)
		if i >= len(obj) || obj[i] != '"' {
			return nil, false, errMalformed
		}
		end, err := skipString(obj, i)
		if err != nil {
			return nil, false, err
		}
		name := obj[i+1 : end-1]
		i = skipSpace(obj, end)
		if i >= len(obj) || obj[i] != ':' {
			return nil, false, errMalformed
		}
		start := skipSpace(obj, i+1)
		stop, err := skipValue(obj, start)
		if err != nil {
			return nil, false, err
		}
		if sameKey(name, key) {
			return obj[start:stop], true, nil
		}
		i = skipSpace(obj, stop)
		if i < len(obj) && obj[i] == ',' {
			i++
			continue
		}
		return nil, false, nil
	}
	return nil, false, errMalformed
}

// sameKey compares a raw JSON string body with a key; Go's encoder escapes <, > and & in keys.
func sameKey(raw []byte, key string) bool {
	if !strings.ContainsRune(string(raw), '\\') {
		return string(raw) == key
	}
	var s string
	if err := json.Unmarshal(append(append([]byte{'"'}, raw...), '"'), &s); err != nil {
		return false
	}
	return s == key
}

// fieldString returns the string value of key in obj ("" if it is missing or not a string).
func fieldString(obj []byte, key string) string {
	raw, ok, err := field(obj, key)
	if err != nil || !ok {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// arrayItems returns the raw values of a JSON array.
func arrayItems(arr []byte) ([][]byte, error) {
	i := skipSpace(arr, 0)
	if i >= len(arr) || arr[i] != '[' {
		return nil, errMalformed
	}
	i = skipSpace(arr, i+1)
	var items [][]byte
	if i < len(arr) && arr[i] == ']' {
		return items, nil
	}
	for i < len(arr) {
		start := skipSpace(arr, i)
		stop, err := skipValue(arr, start)
		if err != nil {
			return nil, err
		}
		items = append(items, arr[start:stop])
		i = skipSpace(arr, stop)
		if i < len(arr) && arr[i] == ',' {
			i++
			continue
		}
		if i < len(arr) && arr[i] == ']' {
			return items, nil
		}
		return nil, errMalformed
	}
	return nil, errMalformed
}
