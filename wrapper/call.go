package wrapper

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// call is one UpdateAsset call: its attempts, its waits and its outcome.
type call struct {
	client  *Client
	cfg     callConfig
	assetID string
	body    []byte

	// requestCtx carries the attempts. UpdateAssets detaches it from the
	// caller's cancellation, so that a request already sent completes.
	requestCtx context.Context

	attempts int
	last     *APIError // the last error response, kept for a later transport failure
}

// run sends the request until it succeeds, fails for good, or waitCtx ends.
// Every wait, for pacing or before a retry, ends when waitCtx ends.
func (c *call) run(waitCtx context.Context) (*Asset, error) {
	for {
		started, err := c.client.pacer.wait(waitCtx, c.cfg.maxRetryWait, c.logWait)
		if err != nil {
			return nil, c.requestError(err)
		}
		if c.attempts == 0 && c.cfg.timeout > 0 {
			var cancelWait, cancelRequest context.CancelFunc
			waitCtx, cancelWait = context.WithTimeout(waitCtx, c.cfg.timeout)
			defer cancelWait()
			c.requestCtx, cancelRequest = context.WithTimeout(c.requestCtx, c.cfg.timeout)
			defer cancelRequest()
		}

		c.attempts++
		res := c.client.attempt(c.requestCtx, c.cfg, c.assetID, c.body)
		c.client.pacer.done(started, res.rate, res.status == http.StatusTooManyRequests)
		c.logAttempt(res)

		if res.err == nil && res.status >= 200 && res.status < 300 {
			return c.success(res)
		}

		delay, retry, failure := c.classify(res)
		if !retry {
			return nil, failure
		}
		if reason := c.waitTooLong(waitCtx, delay); reason != "" {
			c.logGiveUp(failure, reason)
			return nil, failure
		}

		c.logWait(delay, "retry")
		if err := sleep(waitCtx, delay); err != nil {
			return nil, c.requestError(err)
		}
	}
}

// success decodes a 2xx response. A body that does not match the schema is
// reported, not retried: the server has applied the update.
func (c *call) success(res attemptResult) (*Asset, error) {
	contentType := res.header.Get("Content-Type")

	err := res.bodyErr
	var asset *Asset
	if err == nil {
		asset, err = decodeAsset(contentType, res.body)
	}
	if err != nil {
		redact := redactor{token: res.token}
		return nil, &InvalidResponseError{
			AssetID:     c.assetID,
			StatusCode:  res.status,
			ContentType: redact.text(contentType),
			RateLimit:   res.rate,
			Body:        redact.bytes(res.body),
			Err:         redact.err(err),
		}
	}
	return asset, nil
}

// classify turns a failed attempt into the error to return and decides
// whether to retry it, and after how long.
func (c *call) classify(res attemptResult) (delay time.Duration, retry bool, failure error) {
	delay = backoff(c.attempts+1, c.cfg.initialBackoff, c.cfg.maxBackoff)

	if res.err != nil {
		failure = c.requestError(res.err)
		_, permanent := res.err.(*permanentError)
		retry = !permanent && retryableTransportError(c.requestCtx, res.err)
	} else {
		apiErr := newAPIError(c.assetID, res, c.attempts)
		c.last = apiErr
		failure = apiErr
		retry = retryableStatus(res.status)
		if wait, ok := parseRetryAfter(res.header, time.Now()); ok {
			delay = wait
		}
		if res.status == http.StatusTooManyRequests {
			// Every goroutine of the client waits, not only this one.
			c.client.pacer.hold(time.Now().Add(delay))
		}
	}

	if retry && c.attempts >= c.cfg.maxAttempts {
		if c.attempts > 1 {
			c.logGiveUp(failure, "no attempts left")
		}
		return 0, false, failure
	}
	return delay, retry, failure
}

// waitTooLong returns why a wait of delay before the next attempt should not
// be slept, or "" if it may be.
func (c *call) waitTooLong(ctx context.Context, delay time.Duration) string {
	if delay > c.cfg.maxRetryWait {
		return fmt.Sprintf("the wait of %v is longer than the maximum of %v (WithMaxRetryWait)", delay, c.cfg.maxRetryWait)
	}
	if passesDeadline(ctx, time.Now(), delay) {
		return fmt.Sprintf("the wait of %v passes the context deadline", delay)
	}
	return ""
}

// requestError wraps a cause with the attempt count and the last error response.
func (c *call) requestError(err error) *RequestError {
	return &RequestError{AssetID: c.assetID, Attempts: c.attempts, Err: err, Last: c.last}
}

func (c *call) logAttempt(res attemptResult) {
	logger := c.client.logger
	if !logger.Enabled(c.requestCtx, slog.LevelDebug) {
		return
	}

	attrs := []slog.Attr{
		slog.String("method", http.MethodPatch),
		slog.String("asset_id", c.assetID),
		slog.Int("attempt", c.attempts),
		slog.Duration("duration", res.duration),
	}
	if res.err != nil {
		attrs = append(attrs, slog.String("error", res.err.Error()))
	} else {
		attrs = append(attrs, slog.Int("status", res.status),
			slog.Int("ratelimit_limit", res.rate.Limit), slog.Int("ratelimit_remaining", res.rate.Remaining))
	}
	logger.LogAttrs(c.requestCtx, slog.LevelDebug, "webflow: attempt", attrs...)
}

func (c *call) logWait(delay time.Duration, reason string) {
	c.client.logger.LogAttrs(c.requestCtx, slog.LevelDebug, "webflow: waiting",
		slog.String("asset_id", c.assetID),
		slog.String("reason", reason),
		slog.Duration("delay", delay))
}

func (c *call) logGiveUp(failure error, reason string) {
	c.client.logger.LogAttrs(c.requestCtx, slog.LevelWarn, "webflow: giving up",
		slog.String("asset_id", c.assetID),
		slog.Int("attempts", c.attempts),
		slog.String("reason", reason),
		slog.String("error", failure.Error()))
}
