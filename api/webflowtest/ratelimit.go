package webflowtest

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// limiter counts requests per token in fixed windows.
//
// A token's window starts with the first request that the limiter counts
// after the token's previous window has ended, and lasts for the configured
// duration. Inside a window the first limit requests pass and later ones are
// rejected until the window ends. Windows are not aligned to the clock, so a
// test that sends its first request starts a full window.
type limiter struct {
	limit  int
	window time.Duration

	mu      sync.Mutex
	windows map[string]*window
}

type window struct {
	start time.Time
	used  int
}

// quota is the rate-limit state that a response reports in its headers.
type quota struct {
	limit     int
	remaining int

	// retryAfter is how long until the window ends. It is set only on a
	// rejected request.
	retryAfter time.Duration
}

func newLimiter(limit int, length time.Duration) *limiter {
	return &limiter{limit: limit, window: length, windows: make(map[string]*window)}
}

// take counts a request of token at now and reports whether it is within
// the limit. A rejected request does not count.
func (l *limiter) take(token string, now time.Time) (quota, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()

	w := l.current(token, now)
	if w == nil {
		w = &window{start: now}
		l.windows[token] = w
	}

	if w.used >= l.limit {
		return quota{limit: l.limit, remaining: 0, retryAfter: w.start.Add(l.window).Sub(now)}, false
	}
	w.used++
	return quota{limit: l.limit, remaining: l.limit - w.used}, true
}

// peek returns the state of token's window at now without counting a
// request. An unknown token or one whose window has ended has the whole
// limit left.
func (l *limiter) peek(token string, now time.Time) quota {
	l.mu.Lock()
	defer l.mu.Unlock()

	q := quota{limit: l.limit, remaining: l.limit}
	if w := l.current(token, now); w != nil {
		q.remaining = l.limit - w.used
	}
	return q
}

// current returns token's window if it is still open at now. The caller
// holds l.mu.
func (l *limiter) current(token string, now time.Time) *window {
	w, ok := l.windows[token]
	if !ok || !now.Before(w.start.Add(l.window)) {
		return nil
	}
	return w
}

// setHeaders writes X-RateLimit-Limit and X-RateLimit-Remaining, and
// Retry-After when the request was rejected.
func (q quota) setHeaders(header http.Header) {
	header.Set("X-RateLimit-Limit", strconv.Itoa(q.limit))
	header.Set("X-RateLimit-Remaining", strconv.Itoa(max(q.remaining, 0)))
	if q.retryAfter > 0 {
		header.Set("Retry-After", strconv.Itoa(retryAfterSeconds(q.retryAfter)))
	}
}

// retryAfterSeconds rounds a wait up to whole seconds, with a minimum of one,
// so that a client that waits that long finds the window ended.
func retryAfterSeconds(wait time.Duration) int {
	return max(ceilSeconds(wait), 1)
}

// ceilSeconds rounds d up to whole seconds, as Retry-After needs.
func ceilSeconds(d time.Duration) int {
	return int((d + time.Second - 1) / time.Second)
}
