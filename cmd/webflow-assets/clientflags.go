package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/webflowkit/assets/wrapper"
)

// userAgent is the product token this program puts in front of the client's
// own User-Agent.
var userAgent = programName + "-cli/" + wrapper.Version

// clientFlags are the flags that configure the API client, shared by update
// and bulk.
type clientFlags struct {
	baseURL     string
	maxAttempts int
	timeout     time.Duration
	rateWindow  time.Duration
	allowHTTP   bool
	verbose     bool
	tokenFile   string
}

// clientFlagsUsage describes the flags of clientFlags for a usage text. The
// timeout's meaning differs by command, so each command describes it.
var clientFlagsUsage = fmt.Sprintf(`  --token-file PATH      read the API token from PATH (surrounding whitespace is
                         ignored) instead of %s
  --base-url URL         the API's base URL (default %s); plain http://
                         is accepted only for a loopback host unless --allow-http is given
  --allow-http           allow a plain http:// base URL on a host that is not loopback;
                         the token then crosses the network unencrypted
  --max-attempts N       send each request at most N times, the first included; responses
                         408, 429, 500, 502, 503 and 504 and failed connections are
                         retried (default %d)
  --rate-window DURATION the window that X-RateLimit-Limit counts requests in, such as
                         1m or 10s (default %v, as Webflow counts)
  -v                     log each attempt and each wait to stderr; without -v, only
                         waits of %v or more are shown, as one short line
`, wrapper.TokenEnv, wrapper.DefaultBaseURL, wrapper.DefaultMaxAttempts, wrapper.DefaultRateWindow, minNotedWait)

func (f *clientFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.tokenFile, "token-file", "", "")
	fs.StringVar(&f.baseURL, "base-url", wrapper.DefaultBaseURL, "")
	fs.BoolVar(&f.allowHTTP, "allow-http", false, "")
	fs.IntVar(&f.maxAttempts, "max-attempts", wrapper.DefaultMaxAttempts, "")
	fs.DurationVar(&f.timeout, "timeout", 0, "")
	fs.DurationVar(&f.rateWindow, "rate-window", wrapper.DefaultRateWindow, "")
	fs.BoolVar(&f.verbose, "v", false, "")
}

// validate returns a usage error for a flag value that the client would
// reject, named as the flag rather than as the client's option.
func (f *clientFlags) validate() error {
	switch {
	case f.maxAttempts < 1:
		return fmt.Errorf("--max-attempts %d: pass 1 or more; 1 sends each request once without retries", f.maxAttempts)
	case f.timeout < 0:
		return fmt.Errorf("--timeout %v: pass a positive duration such as 30s, or leave the flag out to bound only each attempt, by 60s", f.timeout)
	case f.rateWindow <= 0:
		return fmt.Errorf("--rate-window %v: pass a positive duration such as 1m", f.rateWindow)
	}
	return checkBaseURL(f.baseURL, f.allowHTTP)
}

// newClient builds the client that the flags describe, once validate has
// accepted them. Each command applies --timeout to its own calls, because
// its meaning differs by command. With -v, every log record goes to
// logOutput. Without it, notes, if not nil, shows the long waits. An error
// wraps wrapper.ErrInvalidInput for a bad token.
func (f *clientFlags) newClient(token string, logOutput io.Writer, notes *waitNotes) (*wrapper.Client, error) {
	opts := []wrapper.Option{
		wrapper.WithBaseURL(f.baseURL),
		wrapper.WithMaxAttempts(f.maxAttempts),
		wrapper.WithRateWindow(f.rateWindow),
		wrapper.WithUserAgent(userAgent),
	}
	if f.allowHTTP {
		opts = append(opts, wrapper.WithInsecureHTTP())
	}
	switch {
	case f.verbose:
		handler := slog.NewTextHandler(logOutput, &slog.HandlerOptions{Level: slog.LevelDebug})
		opts = append(opts, wrapper.WithLogger(slog.New(handler)))
	case notes != nil:
		opts = append(opts, wrapper.WithLogger(slog.New(notes.handler())))
	}
	return wrapper.NewClient(token, opts...)
}

// buildClient reads the token and builds the client that f describes. With
// -v the client logs to logOutput. Without -v, it passes a line for each
// long wait to showNote. On an error, such as a missing or malformed token,
// buildClient prints it and returns nil and exitFailed.
func (c *cli) buildClient(f *clientFlags, logOutput io.Writer, showNote func(string)) (*wrapper.Client, int) {
	token, err := f.token(c.lookupEnv)
	if err != nil {
		return nil, c.failure(err)
	}

	client, err := f.newClient(token, logOutput, newWaitNotes(showNote, f.rateWindow))
	if err != nil {
		return nil, c.failure(err)
	}
	return client, exitOK
}
