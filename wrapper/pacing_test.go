package wrapper_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
	"github.com/webflowkit/assets/wrapper"
)

func TestPacingKeepsConcurrentCallsUnderLimit(t *testing.T) {
	const limit, window, calls = 5, time.Second, 15
	srv := webflowtest.NewServer(t, webflowtest.WithRateLimit(limit, window))
	client := newClient(t, srv, wrapper.WithRateWindow(window))

	var wg sync.WaitGroup
	for range calls {
		wg.Go(func() {
			if _, err := client.UpdateAsset(context.Background(), imageID, rename("paced.png")); err != nil {
				t.Errorf("UpdateAsset: %v", err)
			}
		})
	}
	wg.Wait()

	for _, req := range srv.Requests() {
		if req.Status == http.StatusTooManyRequests {
			t.Errorf("server sent 429 to a request received at %v; pacing should have prevented it", req.Received)
		}
	}
	if got := srv.UpdateCount(imageID); got != calls {
		t.Errorf("server applied %d updates, want %d", got, calls)
	}
	if rate := client.RateLimit(); rate.Limit != limit || rate.Remaining < 0 || rate.Observed.IsZero() {
		t.Errorf("RateLimit() = %+v, want the server's limit of %d", rate, limit)
	}
}

func TestWithoutPacingRunsIntoLimit(t *testing.T) {
	const limit, window, calls = 3, time.Minute, 5
	srv := webflowtest.NewServer(t, webflowtest.WithRateLimit(limit, window))
	client := newClient(t, srv, wrapper.WithoutPacing(), wrapper.WithMaxAttempts(1))

	var wg sync.WaitGroup
	for range calls {
		wg.Go(func() {
			client.UpdateAsset(context.Background(), imageID, rename("x.png"))
		})
	}
	wg.Wait()

	// The control case for the test above: without pacing, the server's
	// limit is what stops the calls.
	limited := 0
	for _, req := range srv.Requests() {
		if req.Status == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited != calls-limit {
		t.Errorf("server sent %d responses with 429, want %d", limited, calls-limit)
	}
}
