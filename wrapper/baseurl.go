package wrapper

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// ErrPlainHTTP is wrapped, with ErrInvalidOption, by the error for a plain
// http:// base URL whose host is not loopback, so that a caller can point to
// its own way of allowing it, as WithInsecureHTTP does.
var ErrPlainHTTP = errors.New("plain http:// would send the token unencrypted")

// ValidateBaseURL returns the error that NewClient returns for
// WithBaseURL(rawURL), or nil. allowPlainHTTP has the effect of
// WithInsecureHTTP. The URL must be absolute with the scheme https, or http
// for a loopback host, and have no credentials, query, fragment or invalid
// port. The error wraps ErrInvalidOption and shows the URL without its
// password.
func ValidateBaseURL(rawURL string, allowPlainHTTP bool) error {
	_, err := parseBaseURL(rawURL, allowPlainHTTP)
	return err
}

// parseBaseURL checks a base URL and returns it with a trailing slash, so
// that the operation path is appended to the whole path.
func parseBaseURL(rawURL string, allowPlainHTTP bool) (*url.URL, error) {
	shown := redactedURL(rawURL)
	base, err := url.Parse(rawURL)
	if err != nil {
		return nil, baseURLError(shown, "%v", strings.ReplaceAll(err.Error(), rawURL, shown))
	}

	switch {
	case base.Scheme != "https" && base.Scheme != "http":
		return nil, baseURLError(shown, "the URL must start with https://, such as %q", DefaultBaseURL)
	case base.Host == "":
		return nil, baseURLError(shown, "the URL has no host; pass an absolute URL such as %q", DefaultBaseURL)
	case base.User != nil:
		return nil, baseURLError(shown, "the URL must not carry credentials; the token is sent in the Authorization header")
	case base.RawQuery != "" || base.ForceQuery || base.Fragment != "" || strings.Contains(rawURL, "#"):
		return nil, baseURLError(shown, "the URL must not have a query or fragment")
	case !validPort(base.Port()):
		return nil, baseURLError(shown, "the port %q is not a number from 1 to 65535", base.Port())
	case base.Scheme == "http" && !isLoopback(base.Hostname()) && !allowPlainHTTP:
		return nil, fmt.Errorf("webflow: %w: base URL %q: %w; use https://, a loopback host, or WithInsecureHTTP", ErrInvalidOption, shown, ErrPlainHTTP)
	}

	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
		if base.RawPath != "" {
			base.RawPath += "/"
		}
	}
	return base, nil
}

func baseURLError(shown, format string, args ...any) error {
	return optionError("base URL %q: "+format, append([]any{shown}, args...)...)
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
