package wrapper_test

import (
	"context"
	"errors"
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
	const limit, window = 3, time.Minute
	srv := webflowtest.NewServer(t, webflowtest.WithRateLimit(limit, window))
	client := newClient(t, srv, wrapper.WithoutPacing(), wrapper.WithMaxAttempts(1), wrapper.WithMaxRetryWait(0))

	// The control case for the test above: without pacing, the calls run
	// into the server's limit. The fourth call gets the server's 429, and
	// its Retry-After then stops the fifth before it is sent.
	var errs []error
	for range limit + 2 {
		_, err := client.UpdateAsset(context.Background(), imageID, rename("x.png"))
		errs = append(errs, err)
	}

	for i, err := range errs[:limit] {
		if err != nil {
			t.Errorf("call %d: %v, want success within the limit", i+1, err)
		}
	}
	if apiErr, ok := errors.AsType[*wrapper.APIError](errs[limit]); !ok || apiErr.StatusCode != http.StatusTooManyRequests {
		t.Errorf("call %d: %v, want the server's 429", limit+1, errs[limit])
	}
	if !wrapper.IsRateLimited(errs[limit+1]) {
		t.Errorf("call %d: %v, want it held back by the 429's Retry-After", limit+2, errs[limit+1])
	}
	if got := srv.RequestCount(); got != limit+1 {
		t.Errorf("server received %d requests, want %d", got, limit+1)
	}
}
