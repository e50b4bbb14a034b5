package webflowtest_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
)

func TestRateLimitWithinWindow(t *testing.T) {
	srv := webflowtest.NewServer(t, webflowtest.WithRateLimit(3, time.Hour))
	want := []struct {
		status    int
		remaining string
	}{
		{200, "2"}, {200, "1"}, {200, "0"}, {429, "0"}, {429, "0"},
	}

	for i, w := range want {
		got := call{body: rename("name-" + strconv.Itoa(i))}.send(t, srv)

		if got.err != nil {
			t.Fatalf("request %d: %v", i+1, got.err)
		}
		if got.status != w.status {
			t.Errorf("request %d: status = %d, want %d\n%s", i+1, got.status, w.status, got.body)
		}
		if limit := got.header.Get("X-RateLimit-Limit"); limit != "3" {
			t.Errorf("request %d: X-RateLimit-Limit = %q, want 3", i+1, limit)
		}
		if remaining := got.header.Get("X-RateLimit-Remaining"); remaining != w.remaining {
			t.Errorf("request %d: X-RateLimit-Remaining = %q, want %s", i+1, remaining, w.remaining)
		}
		if w.status != http.StatusTooManyRequests {
			if retryAfter := got.header.Get("Retry-After"); retryAfter != "" {
				t.Errorf("request %d: Retry-After = %q on a %d, want none", i+1, retryAfter, got.status)
			}
			continue
		}

		seconds, err := strconv.Atoi(got.header.Get("Retry-After"))
		if err != nil || seconds < 1 || seconds > 3600 {
			t.Errorf("request %d: Retry-After = %q, want whole seconds from 1 to 3600", i+1, got.header.Get("Retry-After"))
		}
		envelope := decodeError(t, "429", got.body)
		if envelope.Code != "too_many_requests" || envelope.Message != "Too Many Requests" {
			t.Errorf("request %d: envelope = %q %q, want too_many_requests and Too Many Requests", i+1, envelope.Code, envelope.Message)
		}
	}

	if n := srv.UpdateCount(webflowtest.ImageAssetID); n != 3 {
		t.Errorf("UpdateCount = %d, want 3: rejected requests must not apply", n)
	}
}

func TestRateLimitCountsOnlyAuthenticatedRequests(t *testing.T) {
	srv := webflowtest.NewServer(t,
		webflowtest.WithRateLimit(2, time.Hour),
		webflowtest.WithToken("second", "assets:write"))

	steps := []struct {
		name          string
		call          call
		wantStatus    int
		wantRemaining string
	}{
		{"no token, not counted", call{token: "-", body: rename("a.png")}, 401, "2"},
		{"unknown asset, counted", call{path: "/assets/000000000000000000000000", body: rename("a.png")}, 404, "1"},
		{"invalid body, counted", call{body: `{"displayName":1}`}, 400, "0"},
		{"over the limit", call{body: rename("a.png")}, 429, "0"},
		{"other path, not counted", call{method: http.MethodGet, path: "/sites"}, 404, "0"},
		{"other token has its own window", call{token: "second", body: rename("b.png")}, 200, "1"},
	}

	for _, step := range steps {
		got := step.call.send(t, srv)

		if got.err != nil {
			t.Fatalf("%s: %v", step.name, got.err)
		}
		if got.status != step.wantStatus {
			t.Errorf("%s: status = %d, want %d\n%s", step.name, got.status, step.wantStatus, got.body)
		}
		if remaining := got.header.Get("X-RateLimit-Remaining"); remaining != step.wantRemaining {
			t.Errorf("%s: X-RateLimit-Remaining = %q, want %s", step.name, remaining, step.wantRemaining)
		}
		if limit := got.header.Get("X-RateLimit-Limit"); limit != "2" {
			t.Errorf("%s: X-RateLimit-Limit = %q, want 2", step.name, limit)
		}
	}
}

// TestRateLimitWindowReset sends requests until the limit is reached and
// then until the window has ended, counting responses rather than timing
// them.
func TestRateLimitWindowReset(t *testing.T) {
	const limit = 2
	srv := webflowtest.NewServer(t, webflowtest.WithRateLimit(limit, 200*time.Millisecond))
	deadline := time.Now().Add(10 * time.Second) // detects a hang only

	var rejected result
	for rejected.status != http.StatusTooManyRequests {
		if time.Now().After(deadline) {
			t.Fatal("no 429 within 10s of requests")
		}
		rejected = call{body: rename("a.png")}.send(t, srv)
	}
	if got := rejected.header.Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After = %q with a 200ms window, want 1 (rounded up to whole seconds)", got)
	}

	var accepted result
	for accepted.status != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("the window did not reset within 10s")
		}
		time.Sleep(20 * time.Millisecond)
		accepted = call{body: rename("b.png")}.send(t, srv)
	}
	if got, want := accepted.header.Get("X-RateLimit-Remaining"), strconv.Itoa(limit-1); got != want {
		t.Errorf("X-RateLimit-Remaining after the reset = %q, want %s: a new window starts with the first request", got, want)
	}
}
