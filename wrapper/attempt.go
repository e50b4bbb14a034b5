package wrapper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/webflowkit/assets/generated"
)

// attemptResult is the outcome of one request: a response, or the reason none arrived.
type attemptResult struct {
	status   int
	header   http.Header
	body     []byte
	bodyErr  error // reading the body failed, or it passed the cap
	rate     RateLimit
	err      error // set when no response arrived
	duration time.Duration
	token    string // the token the request carried, to redact from what the server echoes
}

// permanentError marks a failure before sending that a retry cannot fix,
// such as a token source that fails.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// attempt sends the request once and reads the whole response within the
// attempt timeout.
func (c *Client) attempt(ctx context.Context, cfg callConfig, assetID string, body []byte) attemptResult {
	start := time.Now()
	attemptCtx, cancel := context.WithTimeout(ctx, cfg.attemptTimeout)
	defer cancel()

	req, token, err := c.newRequest(attemptCtx, cfg, assetID, body)
	if err != nil {
		return attemptResult{err: &permanentError{err}, duration: time.Since(start)}
	}

	resp, err := c.httpClient.Do(req)
	if err != nil {
		if ctx.Err() == nil && errors.Is(attemptCtx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("attempt timed out after %v (WithAttemptTimeout): %w", cfg.attemptTimeout, err)
		}
		return attemptResult{err: err, duration: time.Since(start), token: token}
	}
	defer resp.Body.Close()

	data, readErr := readBody(resp.Body, resp.ContentLength, c.maxResponseBytes)
	return attemptResult{
		status:   resp.StatusCode,
		header:   resp.Header,
		body:     data,
		bodyErr:  readErr,
		rate:     parseRateLimit(resp.Header, time.Now()),
		duration: time.Since(start),
		token:    token,
	}
}

// newRequest builds the request with the generated builder, which appends
// the operation path to the base URL and escapes the asset ID, and adds the
// client's headers. The body is a new reader on every attempt, so each one
// sends it whole. It also returns the token the request carries.
func (c *Client) newRequest(ctx context.Context, cfg callConfig, assetID string, body []byte) (*http.Request, string, error) {
	req, err := generated.NewUpdateAssetRequestWithBody(c.baseURL, assetID, "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, "", fmt.Errorf("building the request: %w", err)
	}
	req = req.WithContext(ctx)

	tokenType, token := "Bearer", c.token
	if c.tokenSource != nil {
		if tokenType, token, err = bearerToken(c.tokenSource); err != nil {
			return nil, "", err
		}
	}

	req.Header.Set("Authorization", tokenType+" "+token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	for name, values := range cfg.header {
		for _, value := range values {
			req.Header.Add(name, value)
		}
	}
	return req, token, nil
}

// readBody reads a response body of at most limit bytes. A longer body
// returns its first limit bytes and an error that wraps ErrResponseTooLarge.
func readBody(body io.Reader, contentLength, limit int64) ([]byte, error) {
	if contentLength > limit {
		data, _ := io.ReadAll(io.LimitReader(body, limit))
		return data, fmt.Errorf("%w: Content-Length is %d bytes, the cap is %d (WithMaxResponseBytes)", ErrResponseTooLarge, contentLength, limit)
	}

	if contentLength >= 0 {
		data := make([]byte, contentLength)
		if n, err := io.ReadFull(body, data); err != nil {
			return data[:n], fmt.Errorf("reading the response body: got %d of %d bytes: %w", n, contentLength, err)
		}
		// Reading on to EOF lets net/http reuse the connection.
		var probe [1]byte
		if n, _ := body.Read(probe[:]); n > 0 {
			return data, fmt.Errorf("reading the response body: longer than its Content-Length of %d bytes", contentLength)
		}
		return data, nil
	}

	data, err := io.ReadAll(io.LimitReader(body, limit+1))
	if int64(len(data)) > limit {
		return data[:limit], fmt.Errorf("%w: more than %d bytes (WithMaxResponseBytes)", ErrResponseTooLarge, limit)
	}
	if err != nil {
		return data, fmt.Errorf("reading the response body: %w", err)
	}
	return data, nil
}
