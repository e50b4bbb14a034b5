package wrapper

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"
)

// ErrInvalidInput is wrapped by every error about an argument that the client
// rejects before sending anything: the asset ID, the update or the token.
var ErrInvalidInput = errors.New("invalid input")

// ErrResponseTooLarge is wrapped when a response body is longer than the cap
// set by WithMaxResponseBytes.
var ErrResponseTooLarge = errors.New("response body too large")

// maxBodyExcerpt is how much of a raw error body APIError keeps.
const maxBodyExcerpt = 4 << 10

// APIError is returned when Webflow, or a proxy in front of it, responds with
// a status other than 2xx. Get it with errors.As:
//
//	var apiErr *wrapper.APIError
//	if errors.As(err, &apiErr) && apiErr.Code == wrapper.ErrorCodeResourceNotFound { ... }
//
// When the body is not Webflow's error envelope (an HTML page from a proxy,
// an empty body, a code of the wrong type), Code, Message and Details stay
// empty and Body keeps the start of what arrived.
type APIError struct {
	// AssetID is the asset the call was about.
	AssetID string

	// StatusCode is the HTTP status of the last response, such as 404.
	StatusCode int

	// Code is the envelope's machine-readable code. It may be a code that is
	// not among the ErrorCode constants.
	Code ErrorCode

	// Message is the envelope's human-readable message.
	Message string

	// ExternalReference is the envelope's link to more information, usually empty.
	ExternalReference string

	// Details are the envelope's details: each a string, or a map[string]any
	// such as {"param": "displayName", "description": "..."}.
	Details []any

	// RateLimit holds the response's X-RateLimit-Limit and X-RateLimit-Remaining.
	RateLimit RateLimit

	// RetryAfter is how long the server asked the client to wait, from
	// Retry-After; 0 when the header was absent.
	RetryAfter time.Duration

	// RequestID is the X-Request-Id response header, if the server sent one.
	RequestID string

	// Header holds all the response headers, such as Location for a
	// redirect that the client did not follow.
	Header http.Header

	// Attempts is how many requests the call sent, retries included.
	Attempts int

	// Body is the start of the raw response body, at most 4 KiB.
	Body []byte
}

// Error returns a one-line description such as
// "webflow: update asset 6650b2f1c4a9e3001f2d7a41: 404 resource_not_found: Requested resource not found".
func (e *APIError) Error() string {
	var b strings.Builder

	fmt.Fprintf(&b, "webflow: update asset %s: %d %s", e.AssetID, e.StatusCode, oneLine(e.codeOrStatus()))

	switch {
	case e.Message != "":
		fmt.Fprintf(&b, ": %s", oneLine(e.Message))
	case e.StatusCode >= 300 && e.StatusCode < 400 && e.Header.Get("Location") != "":
		fmt.Fprintf(&b, ": redirected to %s, which would not receive the PATCH as sent; set WithBaseURL to the new address", oneLine(e.Header.Get("Location")))
	case len(e.Body) > 0:
		fmt.Fprintf(&b, ": unexpected body %q", excerpt(e.Body, 120))
	}

	switch e.Code {
	case ErrorCodeMissingScopes:
		b.WriteString(" (the token needs the scope assets:write)")
	case ErrorCodeNotAuthorized:
		b.WriteString(" (the token is missing, invalid or revoked)")
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %v)", e.RetryAfter)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	return b.String()
}

// InvalidResponseError is returned when Webflow responded with a 2xx status,
// so the update was applied, but the body does not match the Asset schema.
// The body may not be JSON, a timestamp may not parse, a required property
// such as id may be missing, or the body may pass WithMaxResponseBytes. Such
// a response is never retried. Body keeps the raw response so the caller can
// still read it.
type InvalidResponseError struct {
	// AssetID is the asset the call was about.
	AssetID string

	// StatusCode is the HTTP status of the response, such as 200.
	StatusCode int

	// ContentType is the response's Content-Type header.
	ContentType string

	// RateLimit holds the response's X-RateLimit-Limit and X-RateLimit-Remaining.
	RateLimit RateLimit

	// Body is the raw response body, up to the WithMaxResponseBytes cap.
	Body []byte

	// Err is the reason the body was rejected.
	Err error
}

func (e *InvalidResponseError) Error() string {
	return fmt.Sprintf("webflow: update asset %s: the update was applied (status %d), but the response body does not match the Asset schema: %v",
		e.AssetID, e.StatusCode, e.Err)
}

// Unwrap returns the reason the body was rejected.
func (e *InvalidResponseError) Unwrap() error { return e.Err }

// RequestError is returned when a call ended without a usable response: the
// connection failed on every attempt, or the context ended, possibly while
// waiting to retry. Err is the cause, such as a *url.Error or ctx.Err(), and
// errors.Is(err, context.Canceled) and the like see through it. When an
// earlier attempt got an error response, Last holds it, and errors.As finds it.
type RequestError struct {
	// AssetID is the asset the call was about.
	AssetID string

	// Attempts is how many requests the call sent.
	Attempts int

	// Err is the cause.
	Err error

	// Last is the error response of the last attempt that got one, or nil.
	Last *APIError
}

func (e *RequestError) Error() string {
	var b strings.Builder

	fmt.Fprintf(&b, "webflow: update asset %s: %v", e.AssetID, e.Err)
	if e.Attempts > 0 {
		fmt.Fprintf(&b, " (after %d attempt%s", e.Attempts, plural(e.Attempts))
		if e.Last != nil {
			fmt.Fprintf(&b, "; last response %d %s", e.Last.StatusCode, e.Last.codeOrStatus())
		}
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the cause and, if there was one, the last error response.
func (e *RequestError) Unwrap() []error {
	if e.Last == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Last}
}

func (e *APIError) codeOrStatus() string {
	if e.Code != "" {
		return string(e.Code)
	}
	if text := http.StatusText(e.StatusCode); text != "" {
		return text
	}
	return "(unknown status)"
}

// IsNotFound reports whether err is a 404 from Webflow: no asset has this ID,
// or the token's site cannot see it.
func IsNotFound(err error) bool {
	return hasStatus(err, http.StatusNotFound)
}

// IsUnauthorized reports whether Webflow rejected the token: 401 or 403, such
// as not_authorized for a missing or revoked token and missing_scopes for a
// token without assets:write.
func IsUnauthorized(err error) bool {
	return hasStatus(err, http.StatusUnauthorized, http.StatusForbidden)
}

// IsRateLimited reports whether err is a 429 from Webflow, whose *APIError's
// RetryAfter holds how long the server asked to wait. It also reports true
// when the call did not start because an earlier 429 asked every request of
// the client to wait longer than WithMaxRetryWait allows.
func IsRateLimited(err error) bool {
	var pacing *pacingError
	if errors.As(err, &pacing) && !pacing.deadline {
		return true
	}
	return hasStatus(err, http.StatusTooManyRequests)
}

// IsValidation reports whether Webflow rejected the request as invalid (400,
// such as validation_error), or the client rejected an argument before
// sending it (ErrInvalidInput).
func IsValidation(err error) bool {
	return errors.Is(err, ErrInvalidInput) || hasStatus(err, http.StatusBadRequest)
}

func hasStatus(err error, statuses ...int) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	for _, status := range statuses {
		if apiErr.StatusCode == status {
			return true
		}
	}
	return false
}

// excerpt returns the start of body on one line, at most n bytes of it.
func excerpt(body []byte, n int) string {
	text := oneLine(string(body[:min(len(body), n)]))
	if len(body) > n {
		text += "…"
	}
	return text
}

// oneLine folds runs of whitespace and control characters in text from the
// server into single spaces, so that an error message stays on one line.
func oneLine(text string) string {
	return strings.Join(strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
