package main

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
)

// recordedNotes returns waitNotes that append to the returned slice and run
// on a clock that the test moves with the returned function.
func recordedNotes(window time.Duration) (notes *waitNotes, shownNotes *[]string, advance func(time.Duration)) {
	shownNotes = new([]string)
	notes = newWaitNotes(func(note string) { *shownNotes = append(*shownNotes, note) }, window)
	clock := time.Unix(1_700_000_000, 0)
	notes.now = func() time.Time { return clock }
	return notes, shownNotes, func(d time.Duration) { clock = clock.Add(d) }
}

func logWait(logger *slog.Logger, assetID, reason string, delay time.Duration) {
	logger.LogAttrs(context.Background(), slog.LevelDebug, "webflow: waiting",
		slog.String("asset_id", assetID), slog.String("reason", reason), slog.Duration("delay", delay))
}

func TestWaitNotesShowLongWaitsOnly(t *testing.T) {
	notes, shownNotes, advance := recordedNotes(time.Minute)
	logger := slog.New(notes.handler())

	logWait(logger, "a1", "rate limit", 10*time.Second) // shown
	advance(time.Second)
	logWait(logger, "a2", "rate limit", 10*time.Second) // within 2 s of the last note
	advance(1500 * time.Millisecond)
	logWait(logger, "a3", "rate limit", 1999*time.Millisecond) // shorter than 2 s
	logWait(logger, "a4", "rate limit", 3*time.Second)         // shown, 2.5 s after the first
	logger.Debug("webflow: giving up", "reason", "rate limit", "delay", time.Minute)
	advance(2 * time.Second)
	logger.With("asset_id", "a5", "reason", "rate limit").Debug("webflow: waiting", "delay", 5*time.Second) // shown

	want := []string{
		"waiting 10s for the rate limit",
		"waiting 3s for the rate limit",
		"waiting 5s for the rate limit",
	}
	if !slices.Equal(*shownNotes, want) {
		t.Errorf("notes:\ngot  %q\nwant %q", *shownNotes, want)
	}
}

// logAttempt logs an attempt record as the client does, with the
// rate-limit headers of a response, -1 where absent.
func logAttempt(logger *slog.Logger, assetID string, status, limit, remaining int) {
	logger.LogAttrs(context.Background(), slog.LevelDebug, "webflow: attempt",
		slog.String("asset_id", assetID), slog.Int("status", status),
		slog.Int("ratelimit_limit", limit), slog.Int("ratelimit_remaining", remaining))
}

func logFailedAttempt(logger *slog.Logger, assetID string) {
	logger.LogAttrs(context.Background(), slog.LevelDebug, "webflow: attempt",
		slog.String("asset_id", assetID), slog.String("error", "connection refused"))
}

func TestWaitNotesNameTheCause(t *testing.T) {
	cases := []struct {
		name     string
		attempts func(logger *slog.Logger) // the attempt records before the wait of a1
		reason   string
		want     string
	}{
		{
			name:     "rate limit",
			attempts: func(l *slog.Logger) { logAttempt(l, "a2", 200, 60, 0) },
			reason:   "rate limit",
			want:     "waiting 10s for the rate limit (60 requests a minute)",
		},
		{
			name:   "rate limit before the first response",
			reason: "rate limit",
			want:   "waiting 10s for the rate limit",
		},
		{
			name: "rate limit after a response without the headers",
			attempts: func(l *slog.Logger) {
				logAttempt(l, "a2", 200, 60, 0)
				logAttempt(l, "a3", 502, -1, -1)
			},
			reason: "rate limit",
			want:   "waiting 10s for the rate limit (60 requests a minute)",
		},
		{
			name: "rate limit after a failed connection",
			attempts: func(l *slog.Logger) {
				logAttempt(l, "a2", 200, 60, 0)
				logFailedAttempt(l, "a3")
			},
			reason: "rate limit",
			want:   "waiting 10s for the rate limit (60 requests a minute)",
		},
		{
			name: "rate limit after a new limit",
			attempts: func(l *slog.Logger) {
				logAttempt(l, "a2", 200, 60, 0)
				logAttempt(l, "a3", 200, 120, 5)
			},
			reason: "rate limit",
			want:   "waiting 10s for the rate limit (120 requests a minute)",
		},
		{
			name: "rate limit after a response with X-RateLimit-Remaining only",
			attempts: func(l *slog.Logger) {
				logAttempt(l, "a2", 200, 60, 0)
				logAttempt(l, "a3", 200, -1, 5)
			},
			reason: "rate limit",
			want:   "waiting 10s for the rate limit",
		},
		{
			name:     "retry after a 429",
			attempts: func(l *slog.Logger) { logAttempt(l, "a1", 429, 60, 0) },
			reason:   "retry",
			want:     "waiting 10s for the rate limit (Retry-After of a 429 response)",
		},
		{
			name:     "retry after a 503",
			attempts: func(l *slog.Logger) { logAttempt(l, "a1", 503, -1, -1) },
			reason:   "retry",
			want:     "waiting 10s before retrying (the last attempt got 503)",
		},
		{
			name:     "retry after a failed connection",
			attempts: func(l *slog.Logger) { logFailedAttempt(l, "a1") },
			reason:   "retry",
			want:     "waiting 10s before retrying (the last attempt got no response)",
		},
		{
			name:     "retry after a 200 of another call",
			attempts: func(l *slog.Logger) { logAttempt(l, "a1", 200, 60, 59) },
			reason:   "retry",
			want:     "waiting 10s before retrying",
		},
		{
			name:   "hold of another call's 429",
			reason: "Retry-After of an earlier response",
			want:   "waiting 10s for the Retry-After of an earlier response",
		},
		{
			name:   "no reason",
			reason: "",
			want:   "waiting 10s",
		},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			notes, shownNotes, _ := recordedNotes(time.Minute)
			logger := slog.New(notes.handler())

			if tc.attempts != nil {
				tc.attempts(logger)
			}
			logWait(logger, "a1", tc.reason, 10*time.Second)

			if !slices.Equal(*shownNotes, []string{tc.want}) {
				t.Errorf("%s: notes %q, want [%q]", tc.name, *shownNotes, tc.want)
			}
		})
	}
}

func TestDescribeRate(t *testing.T) {
	cases := []struct {
		limit  int
		window time.Duration
		want   string
	}{
		{60, time.Minute, "60 requests a minute"},
		{1, time.Minute, "1 request a minute"},
		{5, 10 * time.Second, "5 requests per 10s"},
	}
	for _, tc := range cases {
		if got := describeRate(tc.limit, tc.window); got != tc.want {
			t.Errorf("describeRate(%d, %v) = %q, want %q", tc.limit, tc.window, got, tc.want)
		}
	}
}

// The tests below run in parallel with each other, because the first waits
// for real, for a Retry-After of 2 s, the shortest wait that is shown.

func TestUpdateShowsLongWait(t *testing.T) {
	t.Parallel()
	server := webflowtest.NewServer(t)
	server.Enqueue(webflowtest.RateLimited(minNotedWait))

	res := runCLI(t.Context(), tokenEnv(server), "", "update", webflowtest.ImageAssetID, "--display-name", "x.png", "--base-url", server.URL)

	if res.code != exitOK {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", res.code, exitOK, res.stderr)
	}
	if want := "waiting 2s for the rate limit (Retry-After of a 429 response)\n"; res.stderr != want {
		t.Errorf("stderr %q, want the one note %q", res.stderr, want)
	}
}

func TestBulkShowsLongWaitAboveRows(t *testing.T) {
	t.Parallel()
	server := webflowtest.NewServer(t, webflowtest.WithAssets(newAssets(2)...), webflowtest.WithRateLimit(1, time.Minute))
	from := writeFile(t, t.TempDir(), "renames.csv", bulkInput(2))

	// With 1 request a minute, the client holds the second row back for
	// the rest of the minute, so the test interrupts the run once the note
	// of that wait is out.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	running := startCLI(ctx, tokenEnv(server), "bulk", "--from", from, "--base-url", server.URL, "--concurrency", "1")
	waitFor(t, "the note of the wait", func() bool { return strings.Contains(running.stderr.String(), "waiting ") })
	cancel()
	code := running.wait(t)

	stderr := running.stderr.String()
	if code != exitInterrupted {
		t.Errorf("exit code %d, want %d; stderr:\n%s", code, exitInterrupted, stderr)
	}
	if got := server.UpdateCount(testAssetID(2)); got != 0 {
		t.Errorf("the second row was applied %d times, want 0: the client should have held it back", got)
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	var notes []string
	for _, line := range lines {
		if strings.HasPrefix(line, "waiting ") {
			notes = append(notes, line)
		}
	}
	if len(notes) != 1 || !strings.HasPrefix(notes[0], "waiting ") || !strings.HasSuffix(notes[0], "s for the rate limit (1 request a minute)") {
		t.Errorf("notes on stderr %q, want one such as \"waiting 59s for the rate limit (1 request a minute)\":\n%s", notes, stderr)
	}
}
