package main

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/webflowkit/assets/wrapper"
)

// checkBaseURL returns an error, wrapping errBadBaseURL, for a --base-url
// that the client would reject for a reason other than plain http://, in the
// terms of the flag rather than of the client's option. It also rejects a
// lone trailing "?" or "#", which the client accepts, and a port outside
// 1 to 65535, which would only fail when the first request is sent. A
// password in the URL is shown as xxxxx.
//
// Plain http:// to a host that is not loopback is left to the client, which
// owns the definition of loopback; newClient reports it.
func checkBaseURL(rawURL string) error {
	invalid := func(format string, args ...any) error {
		return fmt.Errorf("%w %q: %s", errBadBaseURL, redactURL(rawURL), fmt.Sprintf(format, args...))
	}
	if strings.TrimSpace(rawURL) != rawURL {
		return invalid("the URL starts or ends with whitespace; remove it")
	}

	base, err := url.Parse(rawURL)
	if urlErr, ok := errors.AsType[*url.Error](err); ok {
		err = urlErr.Err // the URL itself, which may hold a password, is shown once, redacted
	}
	switch {
	case err != nil:
		return invalid("%v; pass an absolute URL such as %s", err, wrapper.DefaultBaseURL)
	case base.Scheme == "":
		return invalid("the URL has no scheme; pass an absolute URL such as %s", wrapper.DefaultBaseURL)
	case base.Scheme != "https" && base.Scheme != "http":
		return invalid("the scheme %s: is not supported; use https://, such as %s, or http:// for a server on loopback", base.Scheme, wrapper.DefaultBaseURL)
	case base.Host == "":
		return invalid("the URL has no host; pass an absolute URL such as %s", wrapper.DefaultBaseURL)
	case base.User != nil:
		return invalid("the URL contains a user name or password; remove it, because the API token from %s or --token-file is what authenticates the requests", wrapper.TokenEnv)
	case strings.ContainsAny(rawURL, "?#"):
		// url.Parse cuts the fragment at the first '#' and the query at the
		// first '?', so either character marks one, even an empty one.
		return invalid("the URL has a query or fragment; remove everything from the first ? or #, because each request appends its path to the base URL")
	}
	return checkPort(base, invalid)
}

// checkPort returns an error from invalid when the URL names a port outside
// 1 to 65535. url.Parse checks only that the port is made of digits.
func checkPort(base *url.URL, invalid func(format string, args ...any) error) error {
	port := base.Port()
	if port == "" {
		return nil
	}

	number, err := strconv.Atoi(port)
	if err != nil || number < 1 || number > 65535 {
		return invalid("the port %s is out of range; pass a port from 1 to 65535, or none for the scheme's default", port)
	}
	return nil
}

// redactURL returns rawURL with the password of its user information, if
// any, replaced by xxxxx, as url.URL.Redacted does. Unlike Redacted, it
// works on a URL that does not parse, and it changes nothing else.
func redactURL(rawURL string) string {
	scheme, rest, found := strings.Cut(rawURL, "://")
	if !found {
		return rawURL
	}

	authorityEnd := strings.IndexAny(rest, "/?#")
	if authorityEnd < 0 {
		authorityEnd = len(rest)
	}
	at := strings.LastIndex(rest[:authorityEnd], "@")
	if at < 0 {
		return rawURL
	}

	user, _, hasPassword := strings.Cut(rest[:at], ":")
	if !hasPassword {
		return rawURL
	}
	return scheme + "://" + user + ":xxxxx" + rest[at:]
}

// clientReason returns the reason in an option error of the client about
// the base URL, without the prefix "webflow: invalid option:" and the Go
// option WithBaseURL("..."), which mean nothing on the command line.
func clientReason(err error, rawURL string) string {
	reason := err.Error()
	reason = strings.TrimPrefix(reason, libraryPrefix+" "+wrapper.ErrInvalidOption.Error()+": ")
	for _, clientURL := range []string{rawURL, redactURL(rawURL)} {
		reason = strings.TrimPrefix(reason, fmt.Sprintf("WithBaseURL(%q): ", clientURL))
	}
	return reason
}
