package wrapper

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// maxRedirects matches net/http's own default policy.
const maxRedirects = 10

// redirectError stops a chain of redirects that is too long.
type redirectError struct {
	count int
	to    string
}

func (e *redirectError) Error() string {
	return fmt.Sprintf("stopped after %d redirects, the last to %s", e.count, e.to)
}

// redirectPolicy returns a CheckRedirect function that removes the
// Authorization header from any redirect whose scheme, host or port differs
// from base, then defers to next, the caller's own policy, if there is one.
//
// It does not follow a redirect that changes the method. For 301, 302 and
// 303, net/http turns the PATCH into a GET without a body, and the asset
// that GET returns would pass for the result of an update that never
// happened.
// The 3xx response itself then ends the call as an *APIError.
//
// net/http already drops the header when the host name changes. It keeps it
// for another port of the same host and for a switch from https to http, and
// neither should receive a Webflow token.
func redirectPolicy(base *url.URL, next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return &redirectError{count: len(via), to: req.URL.Redacted()}
		}
		if len(via) > 0 && req.Method != via[0].Method {
			return http.ErrUseLastResponse
		}
		if !sameOrigin(base, req.URL) {
			req.Header.Del("Authorization")
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
}

// sameOrigin reports whether a and b have the same scheme, host and port,
// with the default port of the scheme filled in.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) &&
		effectivePort(a) == effectivePort(b)
}

func effectivePort(u *url.URL) string {
	if port := u.Port(); port != "" {
		return port
	}
	if strings.EqualFold(u.Scheme, "http") {
		return "80"
	}
	return "443"
}

// isLoopback reports whether host names this machine: localhost, a name
// under .localhost (RFC 6761), or a loopback IP address.
func isLoopback(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
