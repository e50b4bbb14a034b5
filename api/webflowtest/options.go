package webflowtest

import (
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/webflowkit/assets/generated"
)

// Default rate limit: Webflow's limit for Starter and Basic site plans.
// CMS, eCommerce and Business plans get 120 requests per minute.
const (
	DefaultRateLimit       = 60
	DefaultRateLimitWindow = time.Minute
)

// Option configures a Server. Start returns the error of an invalid option,
// and NewServer fails the test with it.
type Option func(*config) error

type config struct {
	address string
	assets  []generated.Asset
	tokens  tokens
	limit   int
	window  time.Duration
	hook    func(Request)
}

func newConfig(opts []Option) (*config, error) {
	cfg := &config{
		assets: DefaultAssets(),
		tokens: tokens{DefaultToken: {ScopeAssetsWrite}},
		limit:  DefaultRateLimit,
		window: DefaultRateLimitWindow,
	}
	for _, opt := range opts {
		if err := opt(cfg); err != nil {
			return nil, err
		}
	}
	return cfg, nil
}

// WithAssets replaces the default seed assets (see DefaultAssets) with
// copies of assets. Without arguments the server starts with no assets.
// Each asset needs a distinct, non-empty ID.
func WithAssets(assets ...generated.Asset) Option {
	return func(cfg *config) error {
		seen := make(map[string]bool, len(assets))
		for i, asset := range assets {
			if asset.ID == "" {
				return fmt.Errorf("WithAssets: asset %d has an empty ID; set ID to Webflow's 24 hexadecimal characters", i)
			}
			if seen[asset.ID] {
				return fmt.Errorf("WithAssets: asset ID %q appears twice; give each asset its own ID", asset.ID)
			}
			seen[asset.ID] = true
		}
		cfg.assets = assets
		return nil
	}
}

// WithToken makes the server accept token as a bearer token with the given
// scopes. A token without the scope assets:write gets 401 missing_scopes.
// Called with DefaultToken, it changes the scopes of the default token.
func WithToken(token string, scopes ...string) Option {
	return func(cfg *config) error {
		if token == "" || strings.ContainsAny(token, " \t\r\n") {
			return fmt.Errorf("WithToken: token %q is empty or contains white space; use a token that fits in an Authorization header", token)
		}
		cfg.tokens[token] = slices.Clone(scopes)
		return nil
	}
}

// WithRateLimit sets how many requests each token may make per window. The
// default is DefaultRateLimit per DefaultRateLimitWindow. A short window
// lets a test see the limit reset.
func WithRateLimit(limit int, window time.Duration) Option {
	return func(cfg *config) error {
		if limit < 1 {
			return fmt.Errorf("WithRateLimit: limit %d is below 1; allow at least one request per window", limit)
		}
		if window <= 0 {
			return fmt.Errorf("WithRateLimit: window %v is not positive; use a duration such as time.Minute", window)
		}
		cfg.limit, cfg.window = limit, window
		return nil
	}
}

// WithRequestHook sets a function that the server calls after it has
// responded to each request, with the entry of the request log. Requests that
// run at the same time call it from several goroutines at once. Close waits
// for running calls to return.
func WithRequestHook(hook func(Request)) Option {
	return func(cfg *config) error {
		if hook == nil {
			return errors.New("WithRequestHook: hook is nil; pass a function")
		}
		cfg.hook = hook
		return nil
	}
}

// WithAddress makes the server listen on address, such as "127.0.0.1:8080",
// instead of a free port of 127.0.0.1. CheckAddress gives the rules.
func WithAddress(address string) Option {
	return func(cfg *config) error {
		if err := CheckAddress(address); err != nil {
			return fmt.Errorf("WithAddress: %w", err)
		}
		cfg.address = address
		return nil
	}
}

// CheckAddress returns an error that names address and the fix unless it is
// host:port with a loopback host, or "localhost", and a port from 0 to 65535,
// where 0 picks a free port. The host must be loopback because the server
// accepts a well-known token.
func CheckAddress(address string) error {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("invalid address %q: %v; pass host:port, such as 127.0.0.1:8080", address, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("invalid address %q: the host must be loopback, such as 127.0.0.1 or [::1]", address)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return fmt.Errorf("invalid address %q: the port must be a number from 0 to 65535", address)
	}
	return nil
}
