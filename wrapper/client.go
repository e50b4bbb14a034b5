package wrapper

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"

	"golang.org/x/oauth2"
)

// Client calls Webflow's Update Asset endpoint. It is safe for concurrent
// use, and its goroutines share one rate-limit pacer, so create one Client
// per token and reuse it.
type Client struct {
	baseURL          string // ends in "/", as the generated request builders need
	httpClient       *http.Client
	token            string             // set for a static token
	tokenSource      oauth2.TokenSource // set by WithTokenSource
	userAgent        string
	logger           *slog.Logger
	maxResponseBytes int64
	defaults         callConfig
	pacer            *pacer
}

// NewClient returns a client that authenticates with token, a Webflow site
// token or OAuth2 access token with the scope assets:write. Surrounding
// whitespace, such as the newline at the end of a token file, is trimmed.
// With WithTokenSource, pass "" as the token.
//
// NewClient sends nothing. It returns an error that wraps ErrInvalidInput for
// an empty or malformed token, and one that names the option for a bad
// option value.
func NewClient(token string, opts ...Option) (*Client, error) {
	cfg := defaultClientConfig()
	for _, opt := range opts {
		if err := opt.applyClient(&cfg); err != nil {
			return nil, err
		}
	}

	c := &Client{
		tokenSource:      cfg.tokenSource,
		userAgent:        defaultUserAgent,
		logger:           cfg.logger,
		maxResponseBytes: cfg.maxResponseBytes,
		defaults:         cfg.call,
		pacer:            newPacer(cfg.pacing, cfg.rateWindow),
	}
	if err := c.setToken(token); err != nil {
		return nil, err
	}
	if cfg.userAgent != "" {
		c.userAgent = cfg.userAgent + " " + defaultUserAgent
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}

	base, urlErr := parseBaseURL(cfg.baseURL, cfg.insecureHTTP)
	if urlErr != nil {
		return nil, urlErr
	}
	c.baseURL = base.String()
	c.httpClient = withRedirectPolicy(cfg.httpClient, base)
	return c, nil
}

func (c *Client) setToken(token string) error {
	if c.tokenSource != nil {
		if token != "" {
			return fmt.Errorf("webflow: %w: both a token and WithTokenSource were given; pass \"\" as the token to use the source", ErrInvalidInput)
		}
		return nil
	}

	normalized, err := normalizeToken(token)
	if err != nil {
		return err
	}
	c.token = normalized
	return nil
}

// withRedirectPolicy returns a copy of client, or of a new client, whose
// redirects never carry the token to another origin.
func withRedirectPolicy(client *http.Client, base *url.URL) *http.Client {
	var copied http.Client
	if client != nil {
		copied = *client
	}
	copied.CheckRedirect = redirectPolicy(base, copied.CheckRedirect)
	return &copied
}

// RateLimit returns the rate-limit headers of the last response that had
// them. Before the first response, Limit and Remaining are -1.
func (c *Client) RateLimit() RateLimit {
	return c.pacer.snapshot()
}

// UpdateAsset changes an asset's display name, in the primary locale or, with
// LocaleID set, in that locale, and returns the asset as Webflow returns it.
// It calls PATCH /assets/{asset_id} (operationId UpdateAsset); see
// https://developers.webflow.com/data/reference/assets/assets/update.
//
// Before sending, it rejects an empty asset ID or one with '/', '?', '#',
// whitespace or control characters, and an update that sets no field, with
// an error that wraps ErrInvalidInput.
//
// It retries 408, 429, 500, 502, 503, 504 and failed connections, waits for
// Retry-After, and spaces requests by the rate-limit headers. WithMaxAttempts
// and the package documentation give the details. The error, if any, is an
// *APIError for an error status, an *InvalidResponseError when a 2xx body
// does not match the Asset schema (the update was applied), or a
// *RequestError when no usable response arrived.
func (c *Client) UpdateAsset(ctx context.Context, assetID string, update UpdateAssetRequest, opts ...CallOption) (*Asset, error) {
	cfg, err := c.callConfig(opts)
	if err != nil {
		return nil, err
	}
	if err := validateCall(assetID, update); err != nil {
		return nil, err
	}

	if cfg.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.timeout)
		defer cancel()
		cfg.timeout = 0
	}
	return c.update(ctx, ctx, assetID, update, cfg)
}

// update runs one checked call. Attempts run under requestCtx and waits
// under waitCtx, and UpdateAsset passes the same context as both. A timeout
// left in cfg starts at the first request.
func (c *Client) update(waitCtx, requestCtx context.Context, assetID string, update UpdateAssetRequest, cfg callConfig) (*Asset, error) {
	body, err := json.Marshal(update)
	if err != nil {
		return nil, fmt.Errorf("webflow: update asset %s: encoding the request body: %w", assetID, err)
	}

	call := &call{client: c, cfg: cfg, assetID: assetID, body: body, requestCtx: requestCtx}
	return call.run(waitCtx)
}

// callConfig returns the client's defaults changed by the call's options.
func (c *Client) callConfig(opts []CallOption) (callConfig, error) {
	cfg := c.defaults
	for _, opt := range opts {
		if err := opt.applyCall(&cfg); err != nil {
			return callConfig{}, err
		}
	}
	return cfg, nil
}
