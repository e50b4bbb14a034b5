package wrapper

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"syscall"
	"testing"
	"time"
)

func TestRetryableStatus(t *testing.T) {
	retried := map[int]bool{408: true, 429: true, 500: true, 502: true, 503: true, 504: true}
	for status := 100; status < 600; status++ {
		if got := retryableStatus(status); got != retried[status] {
			t.Errorf("retryableStatus(%d) = %v, want %v", status, got, retried[status])
		}
	}
}

func TestRetryableTransportError(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()

	urlError := func(err error) error {
		return &url.Error{Op: "Patch", URL: "https://api.webflow.com/v2/assets/x", Err: err}
	}
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want bool
	}{
		{"connection refused", context.Background(), urlError(syscall.ECONNREFUSED), true},
		{"connection reset", context.Background(), urlError(syscall.ECONNRESET), true},
		{"EOF before headers", context.Background(), urlError(io.EOF), true},
		{"attempt timeout", context.Background(), urlError(context.DeadlineExceeded), true},
		{"caller cancelled", cancelled, urlError(context.Canceled), false},
		{"unknown certificate authority", context.Background(), urlError(x509.UnknownAuthorityError{}), false},
		{"certificate for another host", context.Background(), urlError(x509.HostnameError{Host: "evil.example"}), false},
		{"too many redirects", context.Background(), urlError(&redirectError{count: 10, to: "https://x"}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := retryableTransportError(tt.ctx, tt.err); got != tt.want {
				t.Errorf("retryableTransportError(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestBackoffGrowsWithinJitter(t *testing.T) {
	initial, ceiling := 100*time.Millisecond, time.Second
	tests := []struct {
		next int
		full time.Duration // the wait before jitter
	}{
		{2, 100 * time.Millisecond},
		{3, 200 * time.Millisecond},
		{4, 400 * time.Millisecond},
		{5, 800 * time.Millisecond},
		{6, time.Second},
		{40, time.Second},
		{100, time.Second},
	}
	for _, tt := range tests {
		for range 200 {
			got := backoff(tt.next, initial, ceiling)
			if got < tt.full/2 || got > tt.full {
				t.Fatalf("backoff(%d) = %v, want between %v and %v", tt.next, got, tt.full/2, tt.full)
			}
		}
	}
}

func TestBackoffHasJitter(t *testing.T) {
	seen := map[time.Duration]bool{}
	for range 50 {
		seen[backoff(3, time.Second, time.Minute)] = true
	}
	if len(seen) < 10 {
		t.Errorf("50 backoffs gave %d distinct values, want jitter to spread them", len(seen))
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	tests := []struct {
		value  string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"60", 60 * time.Second, true},
		{" 2 ", 2 * time.Second, true},
		{"0", 0, true},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"Monday, 02-Mar-26 14:00:30 GMT", 30 * time.Second, true},
		{"99999999999999", 365 * 24 * time.Hour, true},
	}
	for _, tt := range tests {
		header := http.Header{}
		if tt.value != "" {
			header.Set("Retry-After", tt.value)
		}
		got, ok := parseRetryAfter(header, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.value, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestRequestErrorWrapsCauseAndLastResponse(t *testing.T) {
	last := &APIError{AssetID: "a1", StatusCode: 503, Code: ErrorCodeInternalError}
	err := error(&RequestError{AssetID: "a1", Attempts: 2, Err: context.Canceled, Last: last})

	if !errors.Is(err, context.Canceled) {
		t.Errorf("errors.Is(%v, context.Canceled) = false, want true", err)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr != last {
		t.Errorf("errors.As(%v, *APIError) did not find the last response", err)
	}
	want := "webflow: update asset a1: context canceled (after 2 attempts; last response 503 internal_error)"
	if got := err.Error(); got != want {
		t.Errorf("Error() = %q\nwant      %q", got, want)
	}
}

func TestAPIErrorMessage(t *testing.T) {
	tests := []struct {
		name string
		err  APIError
		want string
	}{
		{
			"envelope",
			APIError{AssetID: "6650b2f1c4a9e3001f2d7a41", StatusCode: 404, Code: ErrorCodeResourceNotFound, Message: "Requested resource not found"},
			"webflow: update asset 6650b2f1c4a9e3001f2d7a41: 404 resource_not_found: Requested resource not found",
		},
		{
			"missing scopes",
			APIError{AssetID: "a1", StatusCode: 401, Code: ErrorCodeMissingScopes, Message: "OAuthForbidden: You are missing the following scopes - assets:write"},
			"webflow: update asset a1: 401 missing_scopes: OAuthForbidden: You are missing the following scopes - assets:write (the token needs the scope assets:write)",
		},
		{
			"rate limited after retries",
			APIError{AssetID: "a1", StatusCode: 429, Code: ErrorCodeTooManyRequests, Message: "Too Many Requests", RetryAfter: time.Minute, Attempts: 3},
			"webflow: update asset a1: 429 too_many_requests: Too Many Requests (retry after 1m0s) (after 3 attempts)",
		},
		{
			"HTML from a proxy",
			APIError{AssetID: "a1", StatusCode: 502, Body: []byte("<html>\n<body>Bad gateway</body>\n</html>")},
			`webflow: update asset a1: 502 Bad Gateway: unexpected body "<html> <body>Bad gateway</body> </html>"`,
		},
		{
			"empty body",
			APIError{AssetID: "a1", StatusCode: 403},
			"webflow: update asset a1: 403 Forbidden",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q\nwant      %q", got, tt.want)
			}
		})
	}
}

func TestErrorPredicates(t *testing.T) {
	wrap := func(status int) error {
		return fmt.Errorf("context: %w", &APIError{StatusCode: status})
	}
	tests := []struct {
		name                                            string
		err                                             error
		notFound, unauthorized, rateLimited, validation bool
	}{
		{"404", wrap(404), true, false, false, false},
		{"401", wrap(401), false, true, false, false},
		{"403", wrap(403), false, true, false, false},
		{"429", wrap(429), false, false, true, false},
		{"400", wrap(400), false, false, false, true},
		{"500", wrap(500), false, false, false, false},
		{"input", fmt.Errorf("webflow: %w: asset ID", ErrInvalidInput), false, false, false, true},
		{"hold longer than the maximum wait", &RequestError{Err: &pacingError{wait: time.Minute, reason: reasonHold}}, false, false, true, false},
		{"pacing past the deadline", &RequestError{Err: &pacingError{wait: time.Minute, reason: reasonRateLimit, deadline: true}}, false, false, false, false},
		{"nil", nil, false, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsNotFound(tt.err); got != tt.notFound {
				t.Errorf("IsNotFound = %v, want %v", got, tt.notFound)
			}
			if got := IsUnauthorized(tt.err); got != tt.unauthorized {
				t.Errorf("IsUnauthorized = %v, want %v", got, tt.unauthorized)
			}
			if got := IsRateLimited(tt.err); got != tt.rateLimited {
				t.Errorf("IsRateLimited = %v, want %v", got, tt.rateLimited)
			}
			if got := IsValidation(tt.err); got != tt.validation {
				t.Errorf("IsValidation = %v, want %v", got, tt.validation)
			}
		})
	}
}
