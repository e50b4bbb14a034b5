package wrapper

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
)

// redacted is the text that replaces the token wherever a response echoes it.
const redacted = "[redacted]"

// minRedactedPrefix is the shortest start of the token that is redacted at
// the end of a body cut by a size cap.
const minRedactedPrefix = 8

// redactor removes the token that a request carried from what the server
// sent back, such as a proxy's error page that echoes the request headers,
// so that no error or log record built from a response carries it.
type redactor struct {
	token string
}

// response returns res with the token replaced in the body and the header values.
func (r redactor) response(res attemptResult) attemptResult {
	res.body = r.bytes(res.body)
	res.header = r.header(res.header)
	return res
}

// bytes replaces the token in b. It also replaces a start of the token at
// the very end of b, where a size cap may have cut it.
func (r redactor) bytes(b []byte) []byte {
	if r.token == "" {
		return b
	}

	token := []byte(r.token)
	if bytes.Contains(b, token) {
		b = bytes.ReplaceAll(b, token, []byte(redacted))
	}
	for n := len(token) - 1; n >= minRedactedPrefix; n-- {
		if bytes.HasSuffix(b, token[:n]) {
			return append(b[:len(b)-n:len(b)-n], redacted...)
		}
	}
	return b
}

// text replaces the token in s.
func (r redactor) text(s string) string {
	if r.token == "" || !strings.Contains(s, r.token) {
		return s
	}
	return strings.ReplaceAll(s, r.token, redacted)
}

// header returns h, or a copy of it with the token replaced in the values.
func (r redactor) header(h http.Header) http.Header {
	if r.token == "" {
		return h
	}

	cloned := false
	for name, values := range h {
		for i, value := range values {
			if !strings.Contains(value, r.token) {
				continue
			}
			if !cloned {
				h, cloned = h.Clone(), true
			}
			h[name][i] = r.text(value)
		}
	}
	return h
}

// envelope replaces the token in the decoded fields of an error envelope.
// They may hold it even when the raw body does not, because JSON can escape
// any of its characters. The body then gives way to a note, since its
// escaped form would still spell the token.
func (r redactor) envelope(apiErr *APIError) {
	if r.token == "" {
		return
	}

	before := string(apiErr.Code) + apiErr.Message + apiErr.ExternalReference
	apiErr.Code = ErrorCode(r.text(string(apiErr.Code)))
	apiErr.Message = r.text(apiErr.Message)
	apiErr.ExternalReference = r.text(apiErr.ExternalReference)
	found := before != string(apiErr.Code)+apiErr.Message+apiErr.ExternalReference
	for i, detail := range apiErr.Details {
		var changed bool
		apiErr.Details[i], changed = r.value(detail)
		found = found || changed
	}

	if found {
		apiErr.Body = []byte(redacted + " (the body spelled the request's token in escaped JSON)")
	}
}

// value replaces the token in the strings of a decoded JSON value, and
// reports whether it found any.
func (r redactor) value(v any) (any, bool) {
	switch v := v.(type) {
	case string:
		replaced := r.text(v)
		return replaced, replaced != v
	case []any:
		found := false
		for i := range v {
			var changed bool
			v[i], changed = r.value(v[i])
			found = found || changed
		}
		return v, found
	case map[string]any:
		found := false
		renamed := make(map[string]any)
		for key, item := range v {
			var changed bool
			item, changed = r.value(item)
			v[key] = item
			found = found || changed
			if replaced := r.text(key); replaced != key {
				delete(v, key)
				renamed[replaced] = item
			}
		}
		for key, item := range renamed {
			v[key] = item
			found = true
		}
		return v, found
	}
	return v, false
}

// err returns err, or an error with err's message redacted when the message
// contains the token, such as a decoding error that quotes a value of the
// body. The replacement does not wrap err, whose fields still hold the token.
func (r redactor) err(err error) error {
	if r.token == "" || err == nil || !strings.Contains(err.Error(), r.token) {
		return err
	}
	return errors.New(r.text(err.Error()))
}
