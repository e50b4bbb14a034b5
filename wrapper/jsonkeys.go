package wrapper

import (
	"bytes"
	"strconv"
)

// requiredAssetKeys and requiredVariantKeys are the properties that
// openapi.yaml requires of an Asset and of each of its variants. A test
// compares them with the spec.
var (
	requiredAssetKeys   = []string{"id", "contentType", "size", "siteId", "hostedUrl", "originalFileName", "displayName", "lastUpdated", "createdOn", "variants", "altText"}
	requiredVariantKeys = []string{"hostedUrl", "originalFileName", "displayName", "format", "width", "quality"}
)

// missingAssetKeys returns the JSON paths of the required properties that
// body lacks, such as "siteId" or "variants[1].width". body must be valid
// JSON, as json.Unmarshal has already found it to be. A required property
// may be null, except variants, which must be an array.
//
// It walks the object's keys without decoding the values, so that checking
// a response costs no allocations when nothing is missing.
func missingAssetKeys(body []byte) []string {
	object := newJSONScanner(body)
	seen := 0 // bit i is set when requiredAssetKeys[i] was seen
	var variants []byte
	for key, value := range object.members {
		i := indexOf(requiredAssetKeys, key)
		if i < 0 {
			continue
		}
		seen |= 1 << i
		if requiredAssetKeys[i] == "variants" {
			variants = value // the last one counts, as in encoding/json
		}
	}

	var missing []string
	for i, key := range requiredAssetKeys {
		switch {
		case key == "variants" && (len(variants) == 0 || variants[0] != '['):
			missing = append(missing, strconv.Quote(key))
		case key == "variants":
			missing = appendMissingVariantKeys(missing, variants)
		case seen&(1<<i) == 0:
			missing = append(missing, strconv.Quote(key))
		}
	}
	return missing
}

// appendMissingVariantKeys appends the required properties that each
// variant of the JSON array lacks.
func appendMissingVariantKeys(missing []string, array []byte) []string {
	for index, element := range newJSONScanner(array).elements {
		seen := 0
		for key := range newJSONScanner(element).members {
			if i := indexOf(requiredVariantKeys, key); i >= 0 {
				seen |= 1 << i
			}
		}
		for i, key := range requiredVariantKeys {
			if seen&(1<<i) == 0 {
				missing = append(missing, strconv.Quote("variants["+strconv.Itoa(index)+"]."+key))
			}
		}
	}
	return missing
}

// indexOf returns the index of the key, given as the raw bytes between the
// quotes of a JSON string, in keys, or -1. Like encoding/json, which fills a
// field from any key that equals its name under Unicode case folding, it
// compares with bytes.EqualFold, so "DisplayName" counts as "displayName". A
// key with escapes is unquoted first; without them the comparison allocates
// nothing.
func indexOf(keys []string, raw []byte) int {
	for _, b := range raw {
		if b == '\\' {
			unquoted, err := strconv.Unquote(`"` + string(raw) + `"`)
			if err != nil {
				return -1
			}
			raw = []byte(unquoted)
			break
		}
	}
	for i, key := range keys {
		if bytes.EqualFold(raw, []byte(key)) {
			return i
		}
	}
	return -1
}

// jsonScanner walks valid JSON by position, without decoding values.
type jsonScanner struct {
	data []byte
	pos  int
}

func newJSONScanner(data []byte) *jsonScanner { return &jsonScanner{data: data} }

// members yields the raw key, without quotes, and the raw value of each
// member of a JSON object. It yields nothing when the data is not an object.
func (s *jsonScanner) members(yield func(key, value []byte) bool) {
	s.skipSpace()
	if !s.consume('{') {
		return
	}
	for {
		s.skipSpace()
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			return
		}
		keyStart := s.pos + 1
		s.skipValue()
		key := s.data[keyStart : s.pos-1]

		s.skipSpace()
		if !s.consume(':') {
			return
		}
		s.skipSpace()
		valueStart := s.pos
		s.skipValue()
		if !yield(key, s.data[valueStart:s.pos]) {
			return
		}

		s.skipSpace()
		if !s.consume(',') {
			return
		}
	}
}

// elements yields the index and raw value of each element of a JSON array.
func (s *jsonScanner) elements(yield func(index int, value []byte) bool) {
	s.skipSpace()
	if !s.consume('[') {
		return
	}
	for index := 0; ; index++ {
		s.skipSpace()
		if s.pos >= len(s.data) || s.data[s.pos] == ']' {
			return
		}
		start := s.pos
		s.skipValue()
		if !yield(index, s.data[start:s.pos]) {
			return
		}

		s.skipSpace()
		if !s.consume(',') {
			return
		}
	}
}

func (s *jsonScanner) consume(c byte) bool {
	if s.pos < len(s.data) && s.data[s.pos] == c {
		s.pos++
		return true
	}
	return false
}

func (s *jsonScanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// skipValue moves past one value: a string, an object or array with
// everything inside it, or a number, true, false or null.
func (s *jsonScanner) skipValue() {
	depth := 0
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.skipString()
		case c == '{' || c == '[':
			depth++
			s.pos++
		case c == '}' || c == ']':
			if depth == 0 {
				return
			}
			depth--
			s.pos++
		case depth == 0 && (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			return
		default:
			s.pos++
		}
		if depth == 0 && (c == '"' || c == '}' || c == ']') {
			return
		}
	}
}

// skipString moves past a string that starts at the current position.
func (s *jsonScanner) skipString() {
	s.pos++
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case '\\':
			s.pos += 2
		case '"':
			s.pos++
			return
		default:
			s.pos++
		}
	}
}
