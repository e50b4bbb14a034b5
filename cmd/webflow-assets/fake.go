package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
)

var fakeCommand = &command{
	name:    "fake",
	summary: "Run a fake Webflow server on loopback to try the other commands against",
	usage: `Usage:
  webflow-assets fake [--addr HOST:PORT] [--rate-limit N] [--rate-window DURATION]

Starts the fake Webflow server that the tests use and keeps it running until
Ctrl-C. It prints its base URL, its token, the IDs and display names of its
assets, and an update and a bulk command to paste into another terminal. The
server checks every request against the OpenAPI description, enforces its
token and rate limit, and keeps the assets in memory only, so a restart
forgets every update. It logs one line per request on stderr, with the
method, path and status.

The token is a fixed test token that anyone can read in the source, so the
server listens on loopback only. It is not a Webflow token.

Flags:
  --addr HOST:PORT       where to listen (default 127.0.0.1:0, a free port); the host
                         must be loopback: 127.0.0.1, [::1] or localhost
  --rate-limit N         the requests each token may make per window (default ` + fmt.Sprint(webflowtest.DefaultRateLimit) + `)
  --rate-window DURATION the window of the rate limit, such as 10s (default ` + webflowtest.DefaultRateLimitWindow.String() + `);
                         pass the same --rate-window to update and bulk

Ctrl-C or SIGTERM stops the server. The exit code is then 0, or 1 when one of
the server's responses broke the OpenAPI description.
`,
	run: runFake,
}

// fakeFlags are the flags of the fake command. The defaults of --rate-limit
// and --rate-window are the server's own.
type fakeFlags struct {
	addr       string
	rateLimit  int
	rateWindow time.Duration
}

func runFake(ctx context.Context, c *cli, cmd *command, args []string) int {
	var f fakeFlags
	fs := f.flagSet()
	if code := c.parseFlagsOnly(cmd, fs, args); code >= 0 {
		return code
	}
	if err := f.check(); err != nil {
		return c.inputFailure(cmd, topicFlags, err)
	}

	logger := slog.New(slog.NewTextHandler(c.stderr, nil))
	server, err := webflowtest.Start(f.options(logger)...)
	if err != nil {
		return c.failure(err)
	}
	logger.Info("fake Webflow server started", "url", server.URL)
	printFakeIntro(c.stdout, server, f.rateLimit, f.rateWindow)

	<-ctx.Done()
	server.Close()
	logger.Info("fake Webflow server stopped", "requests", server.RequestCount())
	return c.reportViolations(server)
}

func (f *fakeFlags) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("fake", flag.ContinueOnError)
	fs.StringVar(&f.addr, "addr", "127.0.0.1:0", "")
	fs.IntVar(&f.rateLimit, "rate-limit", webflowtest.DefaultRateLimit, "")
	fs.DurationVar(&f.rateWindow, "rate-window", webflowtest.DefaultRateLimitWindow, "")
	return fs
}

// check returns an error, in the terms of the flags, for a flag value that
// the server would reject. The server's own errors name its Go options.
func (f *fakeFlags) check() error {
	if err := webflowtest.CheckAddress(f.addr); err != nil {
		reason, _ := cutQuotedLabel(err.Error(), "invalid address ")
		return fmt.Errorf("--addr %q: %s", f.addr, reason)
	}
	switch {
	case f.rateLimit < 1:
		return fmt.Errorf("--rate-limit %d: pass 1 or more requests per window", f.rateLimit)
	case f.rateWindow <= 0:
		return fmt.Errorf("--rate-window %v: pass a positive duration such as 1m", f.rateWindow)
	}
	return nil
}

// options returns the server's options: the address, the rate limit and a
// hook that logs each request.
func (f *fakeFlags) options(logger *slog.Logger) []webflowtest.Option {
	return []webflowtest.Option{
		webflowtest.WithAddress(f.addr),
		webflowtest.WithRateLimit(f.rateLimit, f.rateWindow),
		webflowtest.WithRequestHook(func(r webflowtest.Request) { logRequest(logger, r) }),
	}
}

// logRequest logs a request that the server has responded to, without its
// headers, which hold the token. The path is logged as sent, with its
// escapes.
func logRequest(logger *slog.Logger, r webflowtest.Request) {
	logger.Info("request", "method", r.Method, "path", r.RawPath, "status", r.Status)
}

// reportViolations prints the server's responses that broke the OpenAPI
// description and returns exitFailed if there were any.
func (c *cli) reportViolations(server *webflowtest.Server) int {
	violations := server.Violations()
	for _, violation := range violations {
		fmt.Fprintln(c.stderr, failureLine(fmt.Errorf("the fake server broke openapi.yaml: %w", violation)))
	}
	if len(violations) > 0 {
		return exitFailed
	}
	return exitOK
}
