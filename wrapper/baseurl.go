package wrapper

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// ErrPlainHTTP is wrapped by the *BaseURLError for a plain http:// base URL
// whose host is not loopback, so that a caller can point to its own way of
// allowing it, as WithInsecureHTTP does.
var ErrPlainHTTP = errors.New("plain http:// would send the token unencrypted")

// BaseURLError is the error for a base URL that the client rejects. It wraps
// ErrInvalidOption, and ErrPlainHTTP for plain http:// to a host that is not
// loopback.
type BaseURLError struct {
	// URL is the rejected URL, with a password in it replaced by "xxxxx".
	URL string

	// Reason says what is wrong and how to fix it, such as "the URL must
	// start with https://, such as ...".
	Reason string

	plainHTTP bool
}

func (e *BaseURLError) Error() string {
	return fmt.Sprintf("webflow: %v: base URL %q: %s", ErrInvalidOption, e.URL, e.Reason)
}

// Unwrap returns ErrInvalidOption, and ErrPlainHTTP when that is the reason.
func (e *BaseURLError) Unwrap() []error {
	if e.plainHTTP {
		return []error{ErrInvalidOption, ErrPlainHTTP}
	}
	return []error{ErrInvalidOption}
}

// ValidateBaseURL returns the error that NewClient returns for
// WithBaseURL(rawURL), or nil. allowPlainHTTP has the effect of
// WithInsecureHTTP. The URL must be absolute with the scheme https, or http
// for a loopback host, and have no whitespace, credentials, query, fragment
// or invalid port. A non-nil error is a *BaseURLError.
func ValidateBaseURL(rawURL string, allowPlainHTTP bool) error {
	if _, err := parseBaseURL(rawURL, allowPlainHTTP); err != nil {
		return err
	}
	return nil
}

// parseBaseURL checks a base URL and returns it with a trailing slash, so
// that the operation path is appended to the whole path.
func parseBaseURL(rawURL string, allowPlainHTTP bool) (*url.URL, *BaseURLError) {
	reject := func(format string, args ...any) (*url.URL, *BaseURLError) {
		return nil, &BaseURLError{URL: redactedURL(rawURL), Reason: fmt.Sprintf(format, args...)}
	}

	if strings.ContainsFunc(rawURL, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return reject("the URL contains whitespace or a control character; remove it")
	}
	base, err := url.Parse(rawURL)
	if err != nil {
		// The cause alone: url.Error quotes the URL with escapes, which
		// redactedURL cannot find a password in.
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return reject("%v; pass an absolute URL such as %q", err, DefaultBaseURL)
	}

	switch {
	case base.Scheme != "https" && base.Scheme != "http":
		return reject("the URL must start with https://, such as %q", DefaultBaseURL)
	case base.Host == "":
		return reject("the URL has no host; pass an absolute URL such as %q", DefaultBaseURL)
	case base.User != nil:
		return reject("the URL must not carry credentials; the token is sent in the Authorization header")
	case base.RawQuery != "" || base.ForceQuery || base.Fragment != "" || strings.Contains(rawURL, "#"):
		return reject("the URL must not have a query or fragment")
	case !validPort(base.Port()):
		return reject("the port %q is not a number from 1 to 65535", base.Port())
	case base.Scheme == "http" && !isLoopback(base.Hostname()) && !allowPlainHTTP:
		_, rejected := reject("%v; use https://, a loopback host, or WithInsecureHTTP", ErrPlainHTTP)
		rejected.plainHTTP = true
		return nil, rejected
	}

	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
		if base.RawPath != "" {
			base.RawPath += "/"
		}
	}
	return base, nil
}

// validPort reports whether port, from a URL, is empty or a number from 1 to 65535.
func validPort(port string) bool {
	if port == "" {
		return true
	}
	n, err := strconv.Atoi(port)
	return err == nil && n >= 1 && n <= 65535
}

// redactedURL returns rawURL with the password of its user information
// replaced by "xxxxx", as url.URL.Redacted does, also when rawURL does not
// parse.
func redactedURL(rawURL string) string {
	if parsed, err := url.Parse(rawURL); err == nil {
		return parsed.Redacted()
	}

	scheme, rest, found := strings.Cut(rawURL, "://")
	if !found {
		return rawURL
	}
	authority, path := rest, ""
	if slash := strings.IndexAny(rest, "/?#"); slash >= 0 {
		authority, path = rest[:slash], rest[slash:]
	}
	at := strings.LastIndex(authority, "@")
	if at < 0 {
		return rawURL
	}
	user, _, hasPassword := strings.Cut(authority[:at], ":")
	if !hasPassword {
		return rawURL
	}
	return scheme + "://" + user + ":xxxxx@" + authority[at+1:] + path
}
