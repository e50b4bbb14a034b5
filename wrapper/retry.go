package wrapper

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// retryableStatus reports whether a response with this status is worth
// sending again: the server timed out, rate-limited the token or failed in a
// way that may pass. 501 Not Implemented and the other 4xx will not change.
func retryableStatus(status int) bool {
	switch status {
	case http.StatusRequestTimeout,
		http.StatusTooManyRequests,
		http.StatusInternalServerError,
		http.StatusBadGateway,
		http.StatusServiceUnavailable,
		http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryableTransportError reports whether an attempt that got no response is
// worth sending again. Connections that were refused, reset or closed before
// the headers are, and so are attempts that timed out. Certificate failures
// and redirects that the client's policy stopped are not, and neither is
// anything once the caller's own context has ended.
func retryableTransportError(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}

	var (
		unknownAuthority x509.UnknownAuthorityError
		hostname         x509.HostnameError
		invalidCert      x509.CertificateInvalidError
		verification     *tls.CertificateVerificationError
		redirect         *redirectError
	)
	switch {
	case errors.As(err, &unknownAuthority),
		errors.As(err, &hostname),
		errors.As(err, &invalidCert),
		errors.As(err, &verification),
		errors.As(err, &redirect):
		return false
	}
	return true
}

// backoff returns the wait before attempt number next (2 for the first
// retry): initial doubled for each earlier retry, capped at ceiling, less up to
// half of it at random.
func backoff(next int, initial, ceiling time.Duration) time.Duration {
	delay := ceiling
	if shift := next - 2; shift < 32 {
		if d := initial << shift; d > 0 && d < ceiling {
			delay = d
		}
	}
	half := delay / 2
	return delay - half + rand.N(half+1)
}

// parseRetryAfter reads Retry-After as whole seconds or as an HTTP date
// (RFC 9110, section 10.2.3). A date in the past means no wait.
func parseRetryAfter(header http.Header, now time.Time) (time.Duration, bool) {
	value := strings.TrimSpace(header.Get("Retry-After"))
	if value == "" {
		return 0, false
	}

	if seconds, err := strconv.ParseInt(value, 10, 64); err == nil {
		if seconds < 0 {
			return 0, false
		}
		// Cap absurd values instead of overflowing time.Duration.
		return time.Duration(min(seconds, 365*24*3600)) * time.Second, true
	}
	if date, err := http.ParseTime(value); err == nil {
		return max(date.Sub(now), 0), true
	}
	return 0, false
}
