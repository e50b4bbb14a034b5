package wrapper

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Defaults of a Client. Each can be changed with the option named beside it.
const (
	// DefaultMaxAttempts is one request and two retries, as Webflow's
	// official SDKs do (WithMaxAttempts).
	DefaultMaxAttempts = 3

	// DefaultInitialBackoff and DefaultMaxBackoff bound the exponential
	// backoff between attempts when the server sends no Retry-After: 0.5 s,
	// 1 s, 2 s and so on up to 10 s, each less up to half of it at random
	// (WithBackoff). Short enough for a call made on behalf of a user, long
	// enough to ride out a restarting proxy.
	DefaultInitialBackoff = 500 * time.Millisecond
	DefaultMaxBackoff     = 10 * time.Second

	// DefaultMaxRetryWait is the longest Retry-After the client sleeps
	// through before it retries (WithMaxRetryWait). Webflow's rate limit
	// counts per minute and its 429 responses typically ask for 60 s, so a
	// longer wait means something else is wrong.
	DefaultMaxRetryWait = 60 * time.Second

	// DefaultAttemptTimeout bounds one attempt, from sending the request to
	// reading the whole response, as in Webflow's official SDKs
	// (WithAttemptTimeout).
	DefaultAttemptTimeout = 60 * time.Second

	// DefaultRateWindow is the window of Webflow's rate limit: the
	// X-RateLimit-Limit header counts requests per minute (WithRateWindow).
	DefaultRateWindow = time.Minute

	// DefaultMaxResponseBytes caps how much of a response body is read
	// (WithMaxResponseBytes). An asset is a few kilobytes of JSON.
	DefaultMaxResponseBytes = 4 << 20

	// DefaultBaseURL is Webflow's Data API v2.
	DefaultBaseURL = "https://api.webflow.com/v2"
)

// Option configures a Client in NewClient. A bad value makes NewClient
// return an error that names it.
type Option interface {
	applyClient(*clientConfig) error
}

// CallOption configures one call of UpdateAsset or UpdateAssets without a
// new client. Every CallOption is also an Option: passed to NewClient, it
// sets the client's default for every call.
type CallOption interface {
	Option
	applyCall(*callConfig) error
}

// callConfig holds what a single call may change.
type callConfig struct {
	maxAttempts    int
	initialBackoff time.Duration
	maxBackoff     time.Duration
	maxRetryWait   time.Duration
	attemptTimeout time.Duration
	timeout        time.Duration
	header         http.Header
}

// clientConfig holds what only NewClient may set, and the call defaults.
type clientConfig struct {
	baseURL          string
	httpClient       *http.Client
	userAgent        string
	logger           *slog.Logger
	tokenSource      oauth2.TokenSource
	rateWindow       time.Duration
	pacing           bool
	insecureHTTP     bool
	maxResponseBytes int64
	call             callConfig
}

func defaultClientConfig() clientConfig {
	return clientConfig{
		baseURL:          DefaultBaseURL,
		rateWindow:       DefaultRateWindow,
		pacing:           true,
		maxResponseBytes: DefaultMaxResponseBytes,
		call: callConfig{
			maxAttempts:    DefaultMaxAttempts,
			initialBackoff: DefaultInitialBackoff,
			maxBackoff:     DefaultMaxBackoff,
			maxRetryWait:   DefaultMaxRetryWait,
			attemptTimeout: DefaultAttemptTimeout,
		},
	}
}

// clientOption is an Option that only NewClient accepts.
type clientOption func(*clientConfig) error

func (o clientOption) applyClient(c *clientConfig) error { return o(c) }

// callOption is accepted by NewClient, where it sets a default, and by each call.
type callOption func(*callConfig) error

func (o callOption) applyClient(c *clientConfig) error { return o(&c.call) }
func (o callOption) applyCall(c *callConfig) error     { return o(c) }

// ErrInvalidOption is wrapped by every error about an option's value, from
// NewClient or from a call given a bad CallOption.
var ErrInvalidOption = errors.New("invalid option")

func optionError(format string, args ...any) error {
	return fmt.Errorf("webflow: %w: "+format, append([]any{ErrInvalidOption}, args...)...)
}

// WithBaseURL sets the URL that request paths are appended to, such as
// "https://api.webflow.com/v2" (the default) or a proxy like
// "http://127.0.0.1:8080/proxy/webflow/v2". The whole path is kept, with or
// without a trailing slash. A plain http:// URL is rejected unless its host is
// loopback or WithInsecureHTTP is given, because the token would cross the
// network in clear text.
func WithBaseURL(rawURL string) Option {
	return clientOption(func(c *clientConfig) error {
		c.baseURL = rawURL
		return nil
	})
}

// WithHTTPClient sets the *http.Client that sends requests, for its
// Transport, proxy or TLS settings. The client is copied, not changed: the
// copy gets a redirect policy that drops the Authorization header when a
// redirect leaves the base URL's scheme, host and port, and then applies the
// original CheckRedirect, if any. Its Timeout, if set, bounds each attempt in
// addition to WithAttemptTimeout.
func WithHTTPClient(client *http.Client) Option {
	return clientOption(func(c *clientConfig) error {
		if client == nil {
			return optionError("WithHTTPClient(nil): pass an *http.Client, or leave the option out to use a new one")
		}
		c.httpClient = client
		return nil
	})
}

// WithUserAgent puts a product token of the caller's, such as
// "asset-sync/1.4", in front of this module's own in the User-Agent header.
func WithUserAgent(product string) Option {
	return clientOption(func(c *clientConfig) error {
		product = strings.TrimSpace(product)
		if product == "" || strings.ContainsFunc(product, isControl) {
			return optionError("WithUserAgent(%q): the product must be printable text such as \"asset-sync/1.4\"", product)
		}
		c.userAgent = product
		return nil
	})
}

// WithLogger sets the logger for requests, retries and waits. At debug level
// it logs each attempt and each wait; at warn level, calls that gave up after
// retrying. The token and the Authorization header are never logged. Without
// this option, or with nil, nothing is logged.
func WithLogger(logger *slog.Logger) Option {
	return clientOption(func(c *clientConfig) error {
		c.logger = logger
		return nil
	})
}

// WithTokenSource makes the client take its bearer token from source before
// every attempt, such as an oauth2.Config's TokenSource for a Webflow app, so
// that the source refreshes it when it decides to. With this option the token
// argument of NewClient must be empty.
func WithTokenSource(source oauth2.TokenSource) Option {
	return clientOption(func(c *clientConfig) error {
		if source == nil {
			return optionError("WithTokenSource(nil): pass an oauth2.TokenSource, or pass a token to NewClient instead")
		}
		c.tokenSource = source
		return nil
	})
}

// WithRateWindow sets the window that X-RateLimit-Limit counts requests in.
// Webflow's is a minute, the default; tests against a fake server with a
// shorter window set it to match.
func WithRateWindow(window time.Duration) Option {
	return clientOption(func(c *clientConfig) error {
		if window <= 0 {
			return optionError("WithRateWindow(%v): the window must be positive, such as time.Minute", window)
		}
		c.rateWindow = window
		return nil
	})
}

// WithoutPacing turns off the spacing of requests by the rate-limit headers.
// Responses with 429 are still retried after the wait that Retry-After requests.
func WithoutPacing() Option {
	return clientOption(func(c *clientConfig) error {
		c.pacing = false
		return nil
	})
}

// WithInsecureHTTP allows a plain http:// base URL on a host that is not
// loopback, such as a test proxy on a private network. The token then
// crosses that network unencrypted.
func WithInsecureHTTP() Option {
	return clientOption(func(c *clientConfig) error {
		c.insecureHTTP = true
		return nil
	})
}

// WithMaxResponseBytes caps how much of a response body the client reads.
// A larger body ends the call with an error that wraps ErrResponseTooLarge.
func WithMaxResponseBytes(n int64) Option {
	return clientOption(func(c *clientConfig) error {
		if n < 1024 {
			return optionError("WithMaxResponseBytes(%d): the cap must be at least 1024 bytes; the default is %d", n, DefaultMaxResponseBytes)
		}
		c.maxResponseBytes = n
		return nil
	})
}

// WithMaxAttempts sets how many times a call is sent at most, the first
// attempt included; 1 turns retries off. Retried are 408, 429, 500, 502, 503
// and 504, and transport failures such as a refused or reset connection.
//
// Update Asset is safe to retry: its body sets absolute values, so sending it
// twice leaves the asset as sending it once does.
func WithMaxAttempts(n int) CallOption {
	return callOption(func(c *callConfig) error {
		if n < 1 {
			return optionError("WithMaxAttempts(%d): pass 1 or more; 1 sends the request once without retries", n)
		}
		c.maxAttempts = n
		return nil
	})
}

// WithBackoff sets the exponential backoff between attempts when the server
// sends no Retry-After. The first wait is initial, and each later one doubles
// up to maxDelay. Each is shortened by up to half at random, so that many
// clients do not retry in step.
func WithBackoff(initial, maxDelay time.Duration) CallOption {
	return callOption(func(c *callConfig) error {
		if initial <= 0 || maxDelay < initial {
			return optionError("WithBackoff(%v, %v): initial must be positive and maxDelay at least initial", initial, maxDelay)
		}
		c.initialBackoff = initial
		c.maxBackoff = maxDelay
		return nil
	})
}

// WithMaxRetryWait sets the longest wait the client sleeps through before a
// retry, whether Retry-After or the backoff requests it. A longer wait is not
// slept: the call returns the last error at once, and for a 429 that
// *APIError carries RetryAfter. With 0 the client never sleeps before a
// retry, so it retries only when Retry-After is 0. It also bounds how long a
// call waits before its first request when an earlier 429 holds every
// request of the client.
func WithMaxRetryWait(d time.Duration) CallOption {
	return callOption(func(c *callConfig) error {
		if d < 0 {
			return optionError("WithMaxRetryWait(%v): the wait must be 0 or more", d)
		}
		c.maxRetryWait = d
		return nil
	})
}

// WithAttemptTimeout bounds each attempt, from sending the request to reading
// the whole response. An attempt that times out is retried.
func WithAttemptTimeout(d time.Duration) CallOption {
	return callOption(func(c *callConfig) error {
		if d <= 0 {
			return optionError("WithAttemptTimeout(%v): the timeout must be positive", d)
		}
		c.attemptTimeout = d
		return nil
	})
}

// WithTimeout bounds a whole call: every attempt and every wait between them,
// pacing included. It works like a context deadline and adds to the one the
// context may already have. In UpdateAssets it bounds each item from its
// first request, so that the time an item waits for its turn under the rate
// limit does not count.
func WithTimeout(d time.Duration) CallOption {
	return callOption(func(c *callConfig) error {
		if d <= 0 {
			return optionError("WithTimeout(%v): the timeout must be positive", d)
		}
		c.timeout = d
		return nil
	})
}

// WithHeader adds a header to every request, such as an id that a proxy logs.
// Authorization, Content-Type, Accept and User-Agent are set by the client and
// rejected here; use WithTokenSource or WithUserAgent instead.
func WithHeader(name, value string) CallOption {
	return callOption(func(c *callConfig) error {
		if err := validateHeader(name, value); err != nil {
			return err
		}
		header := c.header.Clone()
		if header == nil {
			header = make(http.Header)
		}
		header.Add(name, value)
		c.header = header
		return nil
	})
}

var reservedHeaders = map[string]string{
	"Authorization": "pass a token to NewClient or use WithTokenSource",
	"Content-Type":  "the body is always JSON",
	"Accept":        "responses are always JSON",
	"User-Agent":    "use WithUserAgent",
	"Host":          "use WithBaseURL",
}

func validateHeader(name, value string) error {
	canonical := http.CanonicalHeaderKey(name)
	if advice, ok := reservedHeaders[canonical]; ok {
		return optionError("WithHeader(%q): the client sets this header itself; %s", name, advice)
	}
	if name == "" || strings.ContainsFunc(name, func(r rune) bool { return !isTokenChar(r) }) {
		return optionError("WithHeader(%q): the name must be a non-empty HTTP token such as \"X-Request-Source\"", name)
	}
	if strings.ContainsFunc(value, isControl) {
		return optionError("WithHeader(%q): the value contains a control character such as a line break", name)
	}
	return nil
}

// isTokenChar reports whether r may appear in an HTTP header name (RFC 9110, section 5.6.2).
func isTokenChar(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	}
	return strings.ContainsRune("!#$%&'*+-.^_`|~", r)
}

func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f
}
