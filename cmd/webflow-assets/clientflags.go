package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
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
// reject, named as the flag rather than as the client's option. Only plain
// http:// in --base-url is left to newClient.
func (f *clientFlags) validate() error {
	switch {
	case f.maxAttempts < 1:
		return fmt.Errorf("--max-attempts %d: pass 1 or more; 1 sends each request once without retries", f.maxAttempts)
	case f.timeout < 0:
		return fmt.Errorf("--timeout %v: pass a positive duration such as 30s, or leave the flag out to bound only each attempt, by 60s", f.timeout)
	case f.rateWindow <= 0:
		return fmt.Errorf("--rate-window %v: pass a positive duration such as 1m", f.rateWindow)
	}
	return checkBaseURL(f.baseURL)
}

// errBadBaseURL marks a client error caused by --base-url, which is a usage
// error.
var errBadBaseURL = errors.New("invalid --base-url")

// newClient builds the client that the flags describe. With -v, every log
// record goes to logOutput. Without it, notes, if not nil, shows the long
// waits. An error wraps wrapper.ErrInvalidInput for a bad token, and
// errBadBaseURL for a --base-url that the client rejects.
func (f *clientFlags) newClient(token string, logOutput io.Writer, notes *waitNotes) (*wrapper.Client, error) {
	opts := []wrapper.Option{
		wrapper.WithBaseURL(f.baseURL),
		wrapper.WithMaxAttempts(f.maxAttempts),
		wrapper.WithRateWindow(f.rateWindow),
		wrapper.WithUserAgent(userAgent),
	}
	if f.timeout > 0 {
		opts = append(opts, wrapper.WithTimeout(f.timeout))
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

	client, err := wrapper.NewClient(token, opts...)
	switch {
	case err == nil:
		if notes != nil {
			notes.watch(client)
		}
		return client, nil
	case errors.Is(err, wrapper.ErrInvalidOption) && f.onlyPlainHTTPRejected(token, opts):
		return nil, fmt.Errorf("%w %q: pass --allow-http to allow plain http:// to a host that is not loopback, which sends the token unencrypted, or use https://",
			errBadBaseURL, redactURL(f.baseURL))
	case errors.Is(err, wrapper.ErrInvalidOption):
		// validate checks the other flags and every rule of the client about
		// the base URL but plain http://, so this is a rule of the client
		// that checkBaseURL lacks.
		return nil, fmt.Errorf("%w %q: %s", errBadBaseURL, redactURL(f.baseURL), clientReason(err, f.baseURL))
	default:
		return nil, err
	}
}

// onlyPlainHTTPRejected reports whether the client that opts describe is
// rejected only because --base-url is plain http:// to a host that is not
// loopback: with --allow-http it would be accepted. Asking the client keeps
// its definition of loopback in one place. NewClient sends nothing.
func (f *clientFlags) onlyPlainHTTPRejected(token string, opts []wrapper.Option) bool {
	if f.allowHTTP {
		return false
	}
	_, err := wrapper.NewClient(token, slices.Concat(opts, []wrapper.Option{wrapper.WithInsecureHTTP()})...)
	return err == nil
}
