package wrapper

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

func noLog(time.Duration, string) {}

// startAndObserve starts one request through p and reports the given rate
// limit for it, as a response would.
func startAndObserve(t *testing.T, p *pacer, limit, remaining int) time.Time {
	t.Helper()
	started, err := p.wait(context.Background(), time.Hour, noLog)
	if err != nil {
		t.Fatalf("wait: %v", err)
	}
	p.done(started, RateLimit{Limit: limit, Remaining: remaining, Observed: time.Now()}, false)
	return started
}

// maxInAnyWindow returns the largest number of starts within any interval
// of length window.
func maxInAnyWindow(starts []time.Time, window time.Duration) int {
	largest := 0
	for i := range starts {
		n := 0
		for j := i; j < len(starts) && starts[j].Sub(starts[i]) < window; j++ {
			n++
		}
		largest = max(largest, n)
	}
	return largest
}

func TestParseRateLimit(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name             string
		limit, remaining string
		want             RateLimit
	}{
		{"both", "60", "59", RateLimit{Limit: 60, Remaining: 59, Observed: now}},
		{"none", "", "", RateLimit{Limit: -1, Remaining: -1}},
		{"only limit", "120", "", RateLimit{Limit: 120, Remaining: -1, Observed: now}},
		{"malformed remaining", "60", "many", RateLimit{Limit: 60, Remaining: -1, Observed: now}},
		{"negative", "60", "-3", RateLimit{Limit: 60, Remaining: -1, Observed: now}},
	}
	for _, tt := range tests {
		header := http.Header{}
		if tt.limit != "" {
			header.Set("X-RateLimit-Limit", tt.limit)
		}
		if tt.remaining != "" {
			header.Set("X-RateLimit-Remaining", tt.remaining)
		}
		if got := parseRateLimit(header, now); got != tt.want {
			t.Errorf("%s: parseRateLimit = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestPacerDoesNotDelayBeforeLimitIsKnown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPacer(true, time.Minute)
		begin := time.Now()
		for range 100 {
			started, err := p.wait(context.Background(), time.Hour, noLog)
			if err != nil {
				t.Fatal(err)
			}
			p.done(started, RateLimit{}, false)
		}
		if waited := time.Since(begin); waited != 0 {
			t.Errorf("100 requests without rate-limit headers waited %v, want 0", waited)
		}
	})
}

func TestPacerBurstThenWindowWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		window := 10 * time.Second
		p := newPacer(true, window)
		begin := time.Now()

		for i := range 5 {
			startAndObserve(t, p, 5, 4-i)
		}
		if waited := time.Since(begin); waited != 0 {
			t.Fatalf("a burst of 5 under a limit of 5 waited %v, want 0", waited)
		}

		sixth := startAndObserve(t, p, 5, 4)
		if want := begin.Add(window + p.margin); !sixth.Equal(want) {
			t.Errorf("the sixth request started at +%v, want +%v (window plus margin)", sixth.Sub(begin), want.Sub(begin))
		}
	})
}

func TestPacerKeepsSteadyStreamWithinLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const limit, window = 10, 2 * time.Second
		p := newPacer(true, window)

		var mu sync.Mutex
		var starts []time.Time
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for range 15 {
					started, err := p.wait(context.Background(), time.Hour, noLog)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					starts = append(starts, started)
					mu.Unlock()
					time.Sleep(5 * time.Millisecond) // the request's latency
					p.done(started, RateLimit{Limit: limit, Remaining: 0, Observed: time.Now()}, false)
				}
			})
		}
		wg.Wait()

		// Responses claim Remaining 0, so the pacer may not exceed the
		// limit even though it also accounts for other clients.
		if got := maxInAnyWindow(starts, window); got > limit {
			t.Errorf("%d requests started within one window, want at most %d", got, limit)
		}
		if len(starts) != 60 {
			t.Errorf("%d requests started, want 60", len(starts))
		}
	})
}

func TestPacerThroughputMatchesLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const limit, window, total = 10, 2 * time.Second, 60
		p := newPacer(true, window)
		begin := time.Now()

		for i := range total {
			started, err := p.wait(context.Background(), time.Hour, noLog)
			if err != nil {
				t.Fatal(err)
			}
			// A fixed-window server: the count resets every window.
			used := i%limit + 1
			p.done(started, RateLimit{Limit: limit, Remaining: limit - used, Observed: time.Now()}, false)
		}

		// 60 requests at 10 per window need 5 full windows after the first
		// burst; the margin adds 2% per window.
		elapsed := time.Since(begin)
		floor := time.Duration(total/limit-1) * window
		if elapsed < floor || elapsed > floor*11/10 {
			t.Errorf("%d requests took %v, want between %v and %v", total, elapsed, floor, floor*11/10)
		}
	})
}

func TestPacerSlowsDownForOtherClients(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		window := time.Minute
		p := newPacer(true, window)
		begin := time.Now()

		// Another program has used 55 of the 60 requests: after this one,
		// 4 remain.
		startAndObserve(t, p, 60, 4)
		for i := range 4 {
			startAndObserve(t, p, 60, 3-i)
		}
		if waited := time.Since(begin); waited != 0 {
			t.Fatalf("the 4 remaining requests waited %v, want 0", waited)
		}

		next := startAndObserve(t, p, 60, 59)
		if next.Sub(begin) < window {
			t.Errorf("the request after the remaining ones started at +%v, want at least +%v", next.Sub(begin), window)
		}
	})
}

func TestPacerHoldDelaysEveryRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPacer(false, time.Minute)
		begin := time.Now()
		p.hold(begin.Add(3 * time.Second))

		var reasons []string
		started, err := p.wait(context.Background(), time.Hour, func(_ time.Duration, reason string) { reasons = append(reasons, reason) })
		if err != nil {
			t.Fatal(err)
		}
		if got := started.Sub(begin); got != 3*time.Second {
			t.Errorf("started at +%v, want +3s", got)
		}
		if len(reasons) != 1 || reasons[0] != reasonHold {
			t.Errorf("logged waits %q, want one %q", reasons, reasonHold)
		}
	})
}

func TestPacerHoldLongerThanMaximumFailsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPacer(true, time.Minute)
		begin := time.Now()
		p.hold(begin.Add(2 * time.Minute))

		_, err := p.wait(context.Background(), time.Minute, noLog)
		var pacing *pacingError
		if !errors.As(err, &pacing) || pacing.deadline {
			t.Fatalf("wait = %v, want a pacingError for the hold", err)
		}
		if time.Since(begin) != 0 {
			t.Errorf("wait slept %v before failing, want 0", time.Since(begin))
		}
		if !IsRateLimited(err) {
			t.Errorf("IsRateLimited(%v) = false, want true", err)
		}
	})
}

func TestPacerWaitPastDeadlineFailsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPacer(true, time.Minute)
		startAndObserve(t, p, 1, 0)

		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		begin := time.Now()
		_, err := p.wait(ctx, time.Hour, noLog)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("wait = %v, want an error wrapping context.DeadlineExceeded", err)
		}
		if time.Since(begin) != 0 {
			t.Errorf("wait slept %v before failing, want 0", time.Since(begin))
		}
	})
}

func TestPacerWaitEndsWhenContextIsCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPacer(true, time.Minute)
		startAndObserve(t, p, 1, 0)

		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Second, cancel)
		begin := time.Now()
		_, err := p.wait(ctx, time.Hour, noLog)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("wait = %v, want context.Canceled", err)
		}
		if got := time.Since(begin); got != time.Second {
			t.Errorf("wait returned after %v, want 1s, when the context was cancelled", got)
		}
	})
}

func TestPacerDisabledStillRecordsRateLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPacer(false, time.Minute)
		begin := time.Now()
		for range 10 {
			startAndObserve(t, p, 2, 0)
		}
		if waited := time.Since(begin); waited != 0 {
			t.Errorf("a pacer without pacing waited %v, want 0", waited)
		}
		if got := p.snapshot(); got.Limit != 2 || got.Remaining != 0 {
			t.Errorf("snapshot = %+v, want Limit 2, Remaining 0", got)
		}
		if len(p.starts) != 0 {
			t.Errorf("a pacer without pacing kept %d start times, want 0", len(p.starts))
		}
	})
}

func TestPacerSendsOneRequestUntilFirstResponse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPacer(true, time.Minute)
		first, err := p.wait(context.Background(), time.Hour, noLog)
		if err != nil {
			t.Fatal(err)
		}

		started := make(chan struct{})
		go func() {
			second, _ := p.wait(context.Background(), time.Hour, noLog)
			close(started)
			p.done(second, RateLimit{}, false)
		}()

		synctest.Wait()
		select {
		case <-started:
			t.Fatal("a second request started before the first response arrived")
		default:
		}

		p.done(first, RateLimit{Limit: 60, Remaining: 59, Observed: time.Now()}, false)
		synctest.Wait()
		select {
		case <-started:
		default:
			t.Fatal("the second request did not start after the first response arrived")
		}
	})
}

func TestPacerIgnoresRemainingOfRateLimitedResponse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPacer(true, time.Minute)
		startAndObserve(t, p, 60, 59)

		started, err := p.wait(context.Background(), time.Hour, noLog)
		if err != nil {
			t.Fatal(err)
		}
		p.done(started, RateLimit{Limit: 60, Remaining: 0, Observed: time.Now()}, true)
		p.hold(time.Now().Add(time.Second))

		begin := time.Now()
		next := startAndObserve(t, p, 60, 59)
		if got := next.Sub(begin); got != time.Second {
			t.Errorf("the request after a 429 with Retry-After 1s started at +%v, want +1s", got)
		}
	})
}

// BenchmarkPacerBookkeeping measures what the pacer adds to a call that it
// does not delay: reserving a start and recording the response's headers,
// with Webflow's limit of 120 a minute and a window that never fills.
func BenchmarkPacerBookkeeping(b *testing.B) {
	p := newPacer(true, time.Minute)
	p.limit = 120
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		started, err := p.wait(ctx, time.Hour, noLog)
		if err != nil {
			b.Fatal(err)
		}
		p.done(started, RateLimit{Limit: 120, Remaining: 119, Observed: started}, false)
		p.starts = p.starts[:0] // keep the window from filling, which would make the loop wait
	}
}
