// Code of sante-interpretes added to FerretDB v1.24.2 at build time (see scripts/engine/README.md).

package sjson

// The lexical part of unmarshalFast: JSON strings and numbers read exactly as encoding/json reads them.

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

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

// getu4 reads the escape at i, a backslash, `u` and four hex digits, as the code point they name; -1 when it is not one.
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
