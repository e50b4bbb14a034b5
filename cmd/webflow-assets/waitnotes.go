package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/webflowkit/assets/wrapper"
)

// Messages of the client's debug records that the notes read. The client
// logs an attempt record, with asset_id and either status, ratelimit_limit
// and ratelimit_remaining or error, after each request, and a wait record,
// with asset_id, reason and delay, before each wait.
const (
	attemptRecord = "webflow: attempt"
	waitRecord    = "webflow: waiting"
)

// Without -v, waits of at least minNotedWait are shown, at most one note per
// noteInterval, so that a run that waits for the rate limit does not look
// stuck and many rows waiting at once do not flood the terminal.
const (
	minNotedWait = 2 * time.Second
	noteInterval = 2 * time.Second
)

// waitNotes turns the client's wait records into short notes such as
// "waiting 10s for the rate limit (60 requests a minute)". It is safe for
// concurrent use.
type waitNotes struct {
	show   func(note string)
	window time.Duration // the --rate-window that the rate limit counts in
	now    func() time.Time

	mu        sync.Mutex
	limit     int // X-RateLimit-Limit of the last response with a rate-limit header, or -1
	lastShown time.Time
	failed    map[string]string // the last failed attempt of each asset, for a retry's note
}

func newWaitNotes(show func(string), window time.Duration) *waitNotes {
	return &waitNotes{show: show, window: window, now: time.Now, limit: -1, failed: make(map[string]string)}
}

// handler returns a slog.Handler for wrapper.WithLogger that shows the wait
// records as notes and drops every other record.
func (n *waitNotes) handler() slog.Handler {
	return waitNoteHandler{notes: n}
}

// attempt records how an attempt for assetID ended: failure is "" after a
// 2xx response, or else the status, such as "429", or "no response". The
// note of the retry that follows names that failure. rate holds the
// response's rate-limit headers, -1 where absent. As in
// wrapper.Client.RateLimit, a response without either header leaves the
// limit of the notes as it was.
func (n *waitNotes) attempt(assetID, failure string, rate wrapper.RateLimit) {
	n.mu.Lock()
	defer n.mu.Unlock()

	if rate.Limit >= 0 || rate.Remaining >= 0 {
		n.limit = rate.Limit
	}
	if failure == "" {
		delete(n.failed, assetID)
		return
	}
	n.failed[assetID] = failure
}

// wait shows a note for a wait of delay for assetID, unless the wait is
// short or another note was shown within noteInterval.
func (n *waitNotes) wait(assetID string, delay time.Duration, reason string) {
	n.mu.Lock()
	failure := n.failed[assetID]
	delete(n.failed, assetID)
	if delay < minNotedWait {
		n.mu.Unlock()
		return
	}
	now := n.now()
	if !n.lastShown.IsZero() && now.Sub(n.lastShown) < noteInterval {
		n.mu.Unlock()
		return
	}
	n.lastShown = now
	limit := n.limit
	n.mu.Unlock()

	n.show(describeWait(delay, reason, failure, limit, n.window))
}

// describeWait returns the note for a wait. The reasons are those that the
// client logs; an unknown one is shown as it is. failure is how the attempt
// before a retry ended, or "" when unknown.
func describeWait(delay time.Duration, reason, failure string, limit int, window time.Duration) string {
	wait := delay.Round(time.Second)
	switch {
	case reason == "retry" && failure == "429":
		return fmt.Sprintf("waiting %v for the rate limit (Retry-After of a 429 response)", wait)
	case reason == "retry" && failure != "":
		return fmt.Sprintf("waiting %v before retrying (the last attempt got %s)", wait, failure)
	case reason == "retry":
		return fmt.Sprintf("waiting %v before retrying", wait)
	}

	switch reason {
	case "rate limit":
		if limit > 0 {
			return fmt.Sprintf("waiting %v for the rate limit (%s)", wait, describeRate(limit, window))
		}
		return fmt.Sprintf("waiting %v for the rate limit", wait)
	case "":
		return fmt.Sprintf("waiting %v", wait)
	}
	return fmt.Sprintf("waiting %v for the %s", wait, reason)
}

// describeRate returns a rate limit such as "60 requests a minute".
func describeRate(limit int, window time.Duration) string {
	requests := plural(limit, "request", "requests")
	if window == time.Minute {
		return requests + " a minute"
	}
	return requests + " per " + window.String()
}

// waitNoteHandler is the slog.Handler of waitNotes. It ignores groups and
// reads the attributes from the record or from WithAttrs.
type waitNoteHandler struct {
	notes *waitNotes
	attrs []slog.Attr
}

func (h waitNoteHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h waitNoteHandler) Handle(_ context.Context, record slog.Record) error {
	if record.Message != attemptRecord && record.Message != waitRecord {
		return nil
	}

	var (
		assetID, reason, failure string
		delay                    time.Duration
	)
	rate := wrapper.RateLimit{Limit: -1, Remaining: -1} // an error record has neither
	read := func(attr slog.Attr) bool {
		value := attr.Value.Resolve()
		switch attr.Key {
		case "asset_id":
			assetID = value.String()
		case "reason":
			reason = value.String()
		case "delay":
			if value.Kind() == slog.KindDuration {
				delay = value.Duration()
			}
		case "status":
			if status := value.String(); !strings.HasPrefix(status, "2") {
				failure = status
			}
		case "error":
			failure = "no response"
		case "ratelimit_limit":
			rate.Limit = intValue(value)
		case "ratelimit_remaining":
			rate.Remaining = intValue(value)
		}
		return true
	}
	for _, attr := range h.attrs {
		read(attr)
	}
	record.Attrs(read)

	if record.Message == attemptRecord {
		h.notes.attempt(assetID, failure, rate)
		return nil
	}
	h.notes.wait(assetID, delay, reason)
	return nil
}

// intValue returns the integer in value, or -1 when value is not one.
func intValue(value slog.Value) int {
	if value.Kind() != slog.KindInt64 {
		return -1
	}
	return int(value.Int64())
}

func (h waitNoteHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	h.attrs = append(h.attrs[:len(h.attrs):len(h.attrs)], attrs...)
	return h
}

func (h waitNoteHandler) WithGroup(string) slog.Handler { return h }
