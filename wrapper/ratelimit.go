package wrapper

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RateLimit holds the rate-limit headers of a response.
type RateLimit struct {
	// Limit is X-RateLimit-Limit: the requests allowed per window
	// (per minute on Webflow), or -1 if the header was absent.
	Limit int

	// Remaining is X-RateLimit-Remaining: the requests left in the current
	// window, or -1 if the header was absent.
	Remaining int

	// Observed is when the response arrived. It is zero when the response
	// carried neither header, or when no response has arrived yet.
	Observed time.Time
}

// parseRateLimit reads the rate-limit headers of a response received at now.
func parseRateLimit(header http.Header, now time.Time) RateLimit {
	limit, hasLimit := parseCount(header.Get("X-RateLimit-Limit"))
	remaining, hasRemaining := parseCount(header.Get("X-RateLimit-Remaining"))
	if !hasLimit && !hasRemaining {
		return RateLimit{Limit: -1, Remaining: -1}
	}
	return RateLimit{Limit: limit, Remaining: remaining, Observed: now}
}

// parseCount parses a non-negative integer header value, returning -1 and
// false for an absent or malformed one.
func parseCount(value string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil || n < 0 {
		return -1, false
	}
	return n, true
}

// pacer spaces the requests of one Client, across all its goroutines, so
// that no more than the server's limit start within any window.
//
// Webflow does not document whether its minute is a fixed or a rolling
// window, and sends no reset time. A client that starts at most Limit
// requests in every interval of one window stays within the limit under
// either kind. So the pacer keeps the start times of recent requests, and it
// delays a request only while Limit of them fall within the last window. Idle clients are
// never delayed, bursts up to the limit go out at once, and a steady stream
// runs at Limit per window.
//
// Other programs may use the same token. When X-RateLimit-Remaining is lower
// than this client's own requests explain, the pacer records the difference
// as requests made elsewhere at that time, so it slows down to match.
type pacer struct {
	enabled bool
	window  time.Duration
	margin  time.Duration

	// Until the first response reports the limit, one request at a time
	// goes out: probing is set while it is in flight, and settled is closed
	// when a request has ended.
	probing bool
	settled chan struct{}

	mu        sync.Mutex
	last      RateLimit
	limit     int         // the last X-RateLimit-Limit; 0 until a response carries one
	starts    []time.Time // start times within the window, sorted, including requests inferred from other clients
	holdUntil time.Time   // no request starts before this, set by Retry-After
}

// maxPacedLimit is the largest X-RateLimit-Limit the pacer tracks. The pacer
// keeps one start time per request in the window, so a larger limit, far
// beyond Webflow's 60 and 120 a minute, turns pacing off rather than let a
// response header decide how much memory the client uses.
const maxPacedLimit = 10_000

func newPacer(enabled bool, window time.Duration) *pacer {
	return &pacer{
		enabled: enabled,
		window:  window,
		// The margin absorbs the difference between when a request leaves
		// the client and when the server counts it.
		margin:  window / 50,
		settled: make(chan struct{}),
		last:    RateLimit{Limit: -1, Remaining: -1},
	}
}

// pacingError is returned by wait when it does not sleep: the wait would pass
// the context's deadline, or a Retry-After hold is longer than the call's
// maximum retry wait.
type pacingError struct {
	wait     time.Duration
	maxHold  time.Duration
	reason   string
	deadline bool // the wait passes the context deadline
}

func (e *pacingError) Error() string {
	wait := e.wait.Round(time.Millisecond)
	if e.deadline {
		return fmt.Sprintf("waiting %v for the %s passes the context deadline", wait, e.reason)
	}
	return fmt.Sprintf("an earlier 429 asked every request of this client to wait %v more (Retry-After), longer than the maximum wait of %v (WithMaxRetryWait)", wait, e.maxHold)
}

// Unwrap makes errors.Is(err, context.DeadlineExceeded) true when the wait
// passes the deadline.
func (e *pacingError) Unwrap() error {
	if e.deadline {
		return context.DeadlineExceeded
	}
	return nil
}

// wait blocks until a request may start, then records its start. Every
// successful wait must be followed by one call to done. It returns at once
// with an error when ctx ends, when the wait would pass ctx's deadline, or
// when a Retry-After hold is longer than maxHold.
func (p *pacer) wait(ctx context.Context, maxHold time.Duration, logWait func(time.Duration, string)) (time.Time, error) {
	for {
		now, delay, reason := p.reserve()
		if reason == reasonFirstResponse {
			logWait(0, reason)
			select {
			case <-p.settled:
				continue
			case <-ctx.Done():
				return time.Time{}, ctx.Err()
			}
		}
		if delay <= 0 {
			return now, nil
		}

		if reason == reasonHold && delay > maxHold {
			return time.Time{}, &pacingError{wait: delay, maxHold: maxHold, reason: reason}
		}
		if passesDeadline(ctx, now, delay) {
			return time.Time{}, &pacingError{wait: delay, reason: reason, deadline: true}
		}
		logWait(delay, reason)
		if err := sleep(ctx, delay); err != nil {
			return time.Time{}, err
		}
	}
}

// Reasons for a wait, as logged.
const (
	reasonHold          = "Retry-After of an earlier response"
	reasonRateLimit     = "rate limit"
	reasonFirstResponse = "the first response, which reports the rate limit"
)

// reserve records a start now and returns a zero delay if a request may
// start now, or else how long to wait and why. A wait for
// reasonFirstResponse lasts until p.settled is closed. The clock is read
// under the lock so that starts stay sorted.
func (p *pacer) reserve() (now time.Time, delay time.Duration, reason string) {
	p.mu.Lock()
	defer p.mu.Unlock()

	now = time.Now()
	if wait := p.holdUntil.Sub(now); wait > 0 {
		return now, wait, reasonHold
	}
	if p.enabled && p.probing {
		return now, 0, reasonFirstResponse
	}
	if p.enabled {
		p.probing = p.limit == 0 && !isClosed(p.settled)
		p.expire(now)
		if wait := p.slotWait(now); wait > 0 {
			return now, wait, reasonRateLimit
		}
		p.starts = append(p.starts, now)
	}
	return now, 0, ""
}

// slotWait returns how long until fewer than limit starts fall within the
// window, or 0 if that is already so or the limit is not known yet.
func (p *pacer) slotWait(now time.Time) time.Duration {
	if p.limit <= 0 || len(p.starts) < p.limit {
		return 0
	}
	oldest := p.starts[len(p.starts)-p.limit]
	return oldest.Add(p.window + p.margin).Sub(now)
}

// done records the rate limit that the response to a request started at
// started reported; rate.Observed is zero when no response arrived. A 429
// (limited) does not count towards other clients' requests, because its
// Retry-After, through hold, sets when requests may start again.
func (p *pacer) done(started time.Time, rate RateLimit, limited bool) {
	p.mu.Lock()
	defer p.mu.Unlock()

	if p.probing {
		p.probing = false
		close(p.settled)
	}
	if rate.Observed.IsZero() {
		return
	}
	if rate.Observed.After(p.last.Observed) {
		p.last = rate
	}
	switch {
	case rate.Limit > maxPacedLimit:
		p.limit = 0
		p.starts = nil
	case rate.Limit > 0:
		p.limit = rate.Limit
	}
	if p.enabled && p.limit > 0 && rate.Remaining >= 0 && !limited {
		p.recordOtherClients(started, rate.Remaining)
	}
}

// recordOtherClients adds starts at started for requests that the server
// counted but this client did not make. The server may have counted every
// request this client has started so far, in flight or not, so only a
// remaining count below what all of them explain is put down to others.
func (p *pacer) recordOtherClients(started time.Time, remaining int) {
	p.expire(time.Now())

	missing := p.limit - len(p.starts) - remaining
	if missing <= 0 {
		return
	}

	missing = min(missing, p.limit)
	at, _ := slices.BinarySearchFunc(p.starts, started, func(t, target time.Time) int { return t.Compare(target) })
	p.starts = slices.Insert(p.starts, at, slices.Repeat([]time.Time{started}, missing)...)
}

// expire drops the starts that no longer count against the window.
func (p *pacer) expire(now time.Time) {
	cutoff := now.Add(-(p.window + p.margin))
	n := 0
	for n < len(p.starts) && !p.starts[n].After(cutoff) {
		n++
	}
	if n > 0 {
		p.starts = slices.Delete(p.starts, 0, n)
	}
}

// hold keeps every request of the client from starting before until.
func (p *pacer) hold(until time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()

	if until.After(p.holdUntil) {
		p.holdUntil = until
	}
}

// snapshot returns the last rate limit a response reported.
func (p *pacer) snapshot() RateLimit {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// passesDeadline reports whether a wait of delay from now would end after
// ctx's deadline, so that sleeping through it is pointless.
func passesDeadline(ctx context.Context, now time.Time, delay time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && now.Add(delay).After(deadline)
}

// sleep waits for d or until ctx ends, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()

	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
