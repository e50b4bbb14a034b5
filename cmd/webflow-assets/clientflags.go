package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"
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
var clientFlagsUsage = fmt.Sprintf(`  --token-file PATH      read the API token from PATH (a trailing newline is ignored)
                         instead of %s
  --base-url URL         the API's base URL (default %s); plain http://
                         is accepted only for a loopback host unless --allow-http is given
  --allow-http           allow a plain http:// base URL on a host that is not loopback;
                         the token then crosses the network unencrypted
  --max-attempts N       send each request at most N times, the first included; responses
                         408, 429, 500, 502, 503 and 504 and failed connections are
                         retried (default %d)
  --rate-window DURATION the window that X-RateLimit-Limit counts requests in, such as
                         1m or 10s (default %v, as Webflow counts)
  -v                     log each attempt and each wait to stderr
`, wrapper.TokenEnv, wrapper.DefaultBaseURL, wrapper.DefaultMaxAttempts, wrapper.DefaultRateWindow)

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
	return nil
}

// token returns the API token from --token-file or from the environment.
// Its errors never contain the token.
func (f *clientFlags) token(lookupEnv func(string) (string, bool)) (string, error) {
	if f.tokenFile != "" {
		data, err := os.ReadFile(f.tokenFile)
		if err != nil {
			return "", fmt.Errorf("reading the API token from --token-file: %w", err)
		}
		return strings.TrimRight(string(data), "\r\n"), nil
	}

	token, ok := lookupEnv(wrapper.TokenEnv)
	if !ok || token == "" {
		return "", fmt.Errorf("%s is not set; export a Webflow site token or OAuth2 access token with the scope assets:write (export %s=...), or pass --token-file PATH",
			wrapper.TokenEnv, wrapper.TokenEnv)
	}
	return token, nil
}

// errBadBaseURL marks a client error caused by --base-url, which is a usage
// error.
var errBadBaseURL = errors.New("invalid --base-url")

// newClient builds the client that the flags describe. Logs go to logOutput
// when -v is given. An error wraps wrapper.ErrInvalidInput for a bad token,
// and errBadBaseURL for a --base-url that the client rejects.
func (f *clientFlags) newClient(token string, logOutput io.Writer) (*wrapper.Client, error) {
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
	if f.verbose {
		handler := slog.NewTextHandler(logOutput, &slog.HandlerOptions{Level: slog.LevelDebug})
		opts = append(opts, wrapper.WithLogger(slog.New(handler)))
	}

	client, err := wrapper.NewClient(token, opts...)
	switch {
	case err == nil:
		return client, nil
	case errors.Is(err, wrapper.ErrInvalidOption):
		// The flags other than --base-url are checked by validate, so the
		// client's only option error is about the base URL.
		return nil, fmt.Errorf("%w %q: %v%s", errBadBaseURL, f.baseURL, err, f.insecureHint())
	default:
		return nil, err
	}
}

// insecureHint points at --allow-http when the base URL is plain http://,
// because the client's own message names its Go option instead.
func (f *clientFlags) insecureHint() string {
	u, err := url.Parse(f.baseURL)
	if err != nil || u.Scheme != "http" || f.allowHTTP {
		return ""
	}
	return " (on the command line, --allow-http allows plain http:// to a host that is not loopback)"
}
