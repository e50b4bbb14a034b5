package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/webflowkit/assets/wrapper"
)

// clientErrorPrefix starts the client's errors about the base URL, before
// the quoted URL and the reason.
var clientErrorPrefix = libraryPrefix + " " + wrapper.ErrInvalidOption.Error() + ": base URL "

// checkBaseURL returns a usage error for a --base-url that the client would
// reject, in the terms of the flag rather than of the client's option. A
// password in the URL is shown as xxxxx.
func checkBaseURL(rawURL string, allowHTTP bool) error {
	redacted := redactURL(rawURL)

	// The client accepts trailing whitespace, which url.Parse keeps in the
	// path, and rejects leading whitespace with errors of url.Parse such as
	// "first path segment in URL cannot contain colon". A pasted URL often
	// has either, so the command names the cause itself.
	if strings.TrimSpace(rawURL) != rawURL {
		return fmt.Errorf("invalid --base-url %q: the URL starts or ends with whitespace; remove it", redacted)
	}

	err := wrapper.ValidateBaseURL(rawURL, allowHTTP)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, wrapper.ErrPlainHTTP):
		return fmt.Errorf("invalid --base-url %q: pass --allow-http to allow plain http:// to a host that is not loopback, which sends the token unencrypted, or use https://", redacted)
	}
	return fmt.Errorf("invalid --base-url %q: %s", redacted, baseURLReason(err))
}

// baseURLReason returns REASON from the client's error about the base URL,
// `webflow: invalid option: base URL "URL": REASON`. The command's message
// shows the URL itself, and the rest means nothing on the command line.
// When REASON is url.Parse's error, `parse "URL": CAUSE`, baseURLReason
// returns CAUSE and a fix, because the client's redaction misses a password
// that url.Parse quotes with escapes, such as one that contains '"'. An
// error of another shape is returned whole.
func baseURLReason(err error) string {
	reason, ok := cutQuotedLabel(err.Error(), clientErrorPrefix)
	if !ok {
		return err.Error()
	}

	if cause, ok := cutQuotedLabel(reason, "parse "); ok {
		return cause + "; pass an absolute URL such as " + wrapper.DefaultBaseURL
	}
	return reason
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
