// Package wrapper is a Go client for the Update Asset endpoint of Webflow's
// Data API v2 (PATCH https://api.webflow.com/v2/assets/{asset_id}), which
// changes the display name of an asset, in the primary locale or in one
// locale.
//
// It builds on the client generated from openapi.yaml and adds what a
// program needs in production: bearer-token and OAuth2 authentication,
// retries, pacing by Webflow's rate-limit headers, typed errors, checks of
// the input before anything is sent, and a bulk helper. Users import only
// this package; the generated models are re-exported here as aliases.
//
// # Calling the API
//
//	client, err := wrapper.NewClient(token)
//	if err != nil { ... }
//	asset, err := client.UpdateAsset(ctx, "6650b2f1c4a9e3001f2d7a41",
//		wrapper.UpdateAssetRequest{DisplayName: new("harbour-at-dusk.png")})
//
// The token is a site token or an OAuth2 access token with the scope
// assets:write. NewClientFromEnv reads it from WEBFLOW_API_TOKEN, and
// WithTokenSource takes an oauth2.TokenSource that refreshes it.
//
// # Errors
//
// A non-2xx response is an *APIError with the status, Webflow's code,
// message and details, the rate-limit headers and the start of the raw body:
//
//	var apiErr *wrapper.APIError
//	if errors.As(err, &apiErr) {
//		log.Printf("status %d, code %s: %s", apiErr.StatusCode, apiErr.Code, apiErr.Message)
//	}
//
// IsNotFound, IsUnauthorized, IsRateLimited and IsValidation answer the
// common questions. A 2xx whose body does not match the Asset schema is an
// *InvalidResponseError: the update was applied, and the error keeps the raw
// body. A call that got no usable response, because connections failed or
// the context ended, returns a *RequestError that wraps the cause, so
// errors.Is(err, context.DeadlineExceeded) works. Arguments rejected before
// sending wrap ErrInvalidInput.
//
// # Retries
//
// A call is sent up to three times (WithMaxAttempts) when the response is
// 408, 429, 500, 502, 503 or 504, or when the connection fails before a
// response arrives. Update Asset is safe to repeat, because its body sets
// absolute values. Waits grow exponentially from 0.5 s with jitter
// (WithBackoff); a Retry-After header, in seconds or as an HTTP date, takes
// precedence. A wait longer than WithMaxRetryWait (60 s by default) or past
// the context's deadline is not slept: the call returns the last error at
// once, and a 429's *APIError carries RetryAfter. Cancelling the context ends
// any wait at once. Each attempt is bounded by WithAttemptTimeout (60 s).
//
// # Rate limits
//
// Webflow allows 60 requests a minute per token on Starter and Basic site
// plans and 120 on CMS, eCommerce and Business plans, and reports the limit
// and the requests left on every response. The client reads those headers
// and, across all goroutines sharing it, delays a request only while the
// limit's worth of requests already started within the last window (a
// minute, or WithRateWindow). An idle client is never delayed and a steady
// stream runs at the limit without 429s. A 429 makes every goroutine of the
// client wait for its Retry-After. Client.RateLimit returns the last values
// seen.
//
// # Many updates
//
// UpdateAssets applies a slice of updates with bounded concurrency under the
// same pacing, reports progress through a callback, keeps going past failed
// items and returns one BulkResult per item. Cancelling its context stops
// sending but lets requests in flight finish, so that every result is known.
//
// # Options
//
// Options passed to NewClient apply to every call. The CallOption values
// (WithMaxAttempts, WithBackoff, WithMaxRetryWait, WithAttemptTimeout,
// WithTimeout, WithHeader) can also be passed to a single call.
//
// # Security
//
// The token is sent only as an Authorization header. It never appears in an
// error, a log record or a panic message: where a response echoes it, as a
// proxy's debug page may, the error shows [redacted] in its place. It is
// dropped from redirects that leave the base URL's scheme, host and port, and
// a redirect that would turn the PATCH into a GET is not followed. A plain
// http:// base URL is rejected unless its host is loopback or
// WithInsecureHTTP is given.
//
// # Testing
//
// The package github.com/webflowkit/assets/api/webflowtest starts a fake
// Webflow server on loopback that checks every request against the OpenAPI
// description; point a client at it with WithBaseURL.
package wrapper
