package wrapper_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
	"github.com/webflowkit/assets/wrapper"
)

// hangGuard is far longer than any wait these tests expect; reaching it
// means the client slept when it should not have.
const hangGuard = 20 * time.Second

func TestRetriesRetryableStatusesThenSucceeds(t *testing.T) {
	faults := []webflowtest.Fault{
		webflowtest.Status(408),
		webflowtest.RateLimited(0),
		webflowtest.Status(500),
		webflowtest.Status(502),
		webflowtest.HTMLBadGateway(),
		webflowtest.Status(503),
		webflowtest.Status(504),
		webflowtest.CloseBeforeHeaders(),
	}
	for _, fault := range faults {
		t.Run(fault.String(), func(t *testing.T) {
			srv := webflowtest.NewServer(t)
			srv.Enqueue(fault)
			client := newClient(t, srv)

			asset, err := client.UpdateAsset(context.Background(), imageID, rename("retried.png"))
			if err != nil {
				t.Fatalf("UpdateAsset after %s: %v, want success on the second attempt", fault, err)
			}
			if asset.DisplayName != "retried.png" {
				t.Errorf("DisplayName = %q, want retried.png", asset.DisplayName)
			}
			if got := srv.RequestCount(); got != 2 {
				t.Errorf("server received %d requests, want 2", got)
			}
		})
	}
}

func TestDoesNotRetryOtherClientErrors(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 405, 409, 410, 422, 501} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			srv := webflowtest.NewServer(t)
			if status == 501 {
				srv.Enqueue(webflowtest.Respond(501, jsonHeader(), `{"code":"internal_error","message":"Not Implemented"}`))
			} else {
				srv.Enqueue(webflowtest.Status(status))
			}
			client := newClient(t, srv, wrapper.WithMaxAttempts(5))

			_, err := client.UpdateAsset(context.Background(), imageID, rename("x.png"))

			if apiErr, ok := errors.AsType[*wrapper.APIError](err); !ok || apiErr.StatusCode != status {
				t.Errorf("error = %v, want *APIError with status %d", err, status)
			}
			if got := srv.RequestCount(); got != 1 {
				t.Errorf("server received %d requests for a %d, want 1", got, status)
			}
		})
	}
}

func TestRetriesRefusedConnection(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	address := listener.Addr().String()
	listener.Close()

	client, err := wrapper.NewClient("token", wrapper.WithBaseURL("http://"+address+"/v2"),
		wrapper.WithBackoff(time.Millisecond, time.Millisecond), wrapper.WithMaxAttempts(4))
	if err != nil {
		t.Fatal(err)
	}

	_, err = client.UpdateAsset(context.Background(), imageID, rename("x.png"))

	requestErr, ok := errors.AsType[*wrapper.RequestError](err)
	if !ok {
		t.Fatalf("error = %v (%T), want *wrapper.RequestError", err, err)
	}
	if requestErr.Attempts != 4 || !strings.Contains(err.Error(), "after 4 attempts") {
		t.Errorf("error = %q with %d attempts, want 4 attempts named in the message", err, requestErr.Attempts)
	}
	if !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("error = %q, want the cause", err)
	}
}

func TestRetriesAttemptThatTimesOut(t *testing.T) {
	srv := webflowtest.NewServer(t)
	srv.Enqueue(webflowtest.DelayHeaders(hangGuard))
	client := newClient(t, srv, wrapper.WithAttemptTimeout(200*time.Millisecond))

	asset, err := client.UpdateAsset(context.Background(), imageID, rename("late.png"))
	if err != nil {
		t.Fatalf("UpdateAsset: %v, want success on the second attempt", err)
	}
	if asset.DisplayName != "late.png" || srv.RequestCount() != 2 {
		t.Errorf("got %q after %d requests, want late.png after 2", asset.DisplayName, srv.RequestCount())
	}
}

func TestFinalErrorCountsAttemptsAndKeepsLastResponse(t *testing.T) {
	srv := webflowtest.NewServer(t)
	srv.Enqueue(webflowtest.Status(500), webflowtest.Status(502), webflowtest.Status(503))
	recorder, logger := newLogRecorder()
	client := newClient(t, srv, wrapper.WithLogger(logger))

	_, err := client.UpdateAsset(context.Background(), imageID, rename("x.png"))

	apiErr, ok := errors.AsType[*wrapper.APIError](err)
	if !ok {
		t.Fatalf("error = %v, want *wrapper.APIError", err)
	}
	if apiErr.Attempts != wrapper.DefaultMaxAttempts || apiErr.StatusCode != 503 || apiErr.Code != wrapper.ErrorCodeInternalError {
		t.Errorf("got %d attempts, status %d, code %q; want %d attempts and the last response, 503 internal_error",
			apiErr.Attempts, apiErr.StatusCode, apiErr.Code, wrapper.DefaultMaxAttempts)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("(after %d attempts)", wrapper.DefaultMaxAttempts)) {
		t.Errorf("Error() = %q, want the number of attempts", err)
	}
	if srv.RequestCount() != wrapper.DefaultMaxAttempts {
		t.Errorf("server received %d requests, want %d", srv.RequestCount(), wrapper.DefaultMaxAttempts)
	}
	if recorder.count(slog.LevelWarn, "webflow: giving up") != 1 {
		t.Errorf("log has no warning that the client gave up:\n%s", recorder)
	}
}

func TestRequestBodySentWholeOnEveryAttempt(t *testing.T) {
	srv := webflowtest.NewServer(t)
	srv.Enqueue(webflowtest.Status(503), webflowtest.CloseBeforeHeaders())
	client := newClient(t, srv)
	update := wrapper.UpdateAssetRequest{DisplayName: new("whole.png"), LocaleID: new("65427cf400e02b306eaa04a0")}

	if _, err := client.UpdateAsset(context.Background(), imageID, update); err != nil {
		t.Fatalf("UpdateAsset: %v", err)
	}

	want := `{"displayName":"whole.png","localeId":"65427cf400e02b306eaa04a0"}`
	requests := srv.Requests()
	if len(requests) != 3 {
		t.Fatalf("server received %d requests, want 3", len(requests))
	}
	for i, req := range requests {
		if string(req.Body) != want {
			t.Errorf("attempt %d sent body %q, want %q", i+1, req.Body, want)
		}
	}
}

func TestRetryAfterTakesPrecedenceOverBackoff(t *testing.T) {
	tests := []struct {
		name     string
		fault    webflowtest.Fault
		min, max time.Duration
	}{
		{"seconds", webflowtest.RateLimited(time.Second), time.Second, time.Second},
		{"HTTP date", webflowtest.RetryAfterDate(time.Now().Add(2 * time.Second)), time.Millisecond, 2 * time.Second},
		{"seconds on a 503", webflowtest.Respond(503, http.Header{"Retry-After": {"1"}}, ""), time.Second, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := webflowtest.NewServer(t)
			srv.Enqueue(tt.fault)
			recorder, logger := newLogRecorder()
			client := newClient(t, srv, wrapper.WithLogger(logger))

			if _, err := client.UpdateAsset(context.Background(), imageID, rename("x.png")); err != nil {
				t.Fatalf("UpdateAsset: %v", err)
			}

			waits := recorder.waits()
			if len(waits) == 0 {
				t.Fatalf("no wait was logged:\n%s", recorder)
			}
			if waits[0] < tt.min || waits[0] > tt.max {
				t.Errorf("waited %v before the retry, want the Retry-After, between %v and %v (the backoff is 1-5ms)", waits[0], tt.min, tt.max)
			}
		})
	}
}

func TestLongRetryAfterReturnsAtOnce(t *testing.T) {
	tests := []struct {
		name string
		opts []wrapper.CallOption
		ctx  func() (context.Context, context.CancelFunc)
	}{
		{"longer than the maximum wait", []wrapper.CallOption{wrapper.WithMaxRetryWait(time.Second)}, func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		}},
		{"past the context deadline", nil, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 5*time.Second)
		}},
		{"past WithTimeout", []wrapper.CallOption{wrapper.WithTimeout(5 * time.Second)}, func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := webflowtest.NewServer(t)
			srv.Enqueue(webflowtest.RateLimited(50 * time.Second))
			recorder, logger := newLogRecorder()
			client := newClient(t, srv, wrapper.WithLogger(logger))
			ctx, cancel := tt.ctx()
			defer cancel()

			done := make(chan error, 1)
			go func() {
				_, err := client.UpdateAsset(ctx, imageID, rename("x.png"), tt.opts...)
				done <- err
			}()

			var err error
			select {
			case err = <-done:
			case <-time.After(hangGuard):
				t.Fatal("UpdateAsset slept through a Retry-After it should have returned")
			}
			apiErr, ok := errors.AsType[*wrapper.APIError](err)
			if !ok || apiErr.StatusCode != 429 || apiErr.RetryAfter != 50*time.Second {
				t.Errorf("error = %v, want the 429 *APIError with RetryAfter 50s", err)
			}
			if srv.RequestCount() != 1 {
				t.Errorf("server received %d requests, want 1", srv.RequestCount())
			}
			if len(recorder.waits()) != 0 {
				t.Errorf("the client logged waits %v, want none", recorder.waits())
			}
			if recorder.count(slog.LevelWarn, "webflow: giving up") != 1 {
				t.Errorf("log has no warning that the client gave up:\n%s", recorder)
			}
		})
	}
}

func TestCancelDuringWaitReturnsPromptly(t *testing.T) {
	srv := webflowtest.NewServer(t)
	srv.Enqueue(webflowtest.RateLimited(30 * time.Second))
	recorder, logger := newLogRecorder()
	ctx, cancel := context.WithCancel(context.Background())
	recorder.onWait = func(slog.Record) { cancel() }
	client := newClient(t, srv, wrapper.WithLogger(logger))

	done := make(chan error, 1)
	go func() {
		_, err := client.UpdateAsset(ctx, imageID, rename("x.png"))
		done <- err
	}()

	var err error
	select {
	case err = <-done:
	case <-time.After(hangGuard):
		t.Fatal("UpdateAsset kept waiting after its context was cancelled")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want one wrapping context.Canceled", err)
	}
	if !wrapper.IsRateLimited(err) {
		t.Errorf("IsRateLimited(%v) = false, want the 429 kept as the last response", err)
	}
	if srv.RequestCount() != 1 {
		t.Errorf("server received %d requests, want 1", srv.RequestCount())
	}
}

func TestRateLimitedResponseHoldsOtherCalls(t *testing.T) {
	srv := webflowtest.NewServer(t)
	srv.Enqueue(webflowtest.RateLimited(time.Second))
	recorder, logger := newLogRecorder()
	client := newClient(t, srv, wrapper.WithLogger(logger))

	// The first call gets the 429 and gives up at once; the second must
	// still wait for the Retry-After before it is sent.
	_, err := client.UpdateAsset(context.Background(), imageID, rename("x.png"), wrapper.WithMaxAttempts(1))
	if !wrapper.IsRateLimited(err) {
		t.Fatalf("first call: %v, want a 429", err)
	}
	if _, err := client.UpdateAsset(context.Background(), imageID, rename("y.png")); err != nil {
		t.Fatalf("second call: %v", err)
	}

	waits := recorder.waits()
	if len(waits) != 1 || waits[0] <= 0 || waits[0] > time.Second {
		t.Errorf("waits = %v, want one wait of up to 1s before the second call", waits)
	}
}

func TestCallOptionsApplyToOneCall(t *testing.T) {
	srv := webflowtest.NewServer(t)
	client := newClient(t, srv)

	srv.Enqueue(webflowtest.Status(503))
	_, err := client.UpdateAsset(context.Background(), imageID, rename("a.png"),
		wrapper.WithMaxAttempts(1), wrapper.WithHeader("X-Trace-Id", "t-1"))
	if apiErr, ok := errors.AsType[*wrapper.APIError](err); !ok || apiErr.StatusCode != 503 {
		t.Fatalf("call with WithMaxAttempts(1): %v, want the 503 without a retry", err)
	}

	srv.Enqueue(webflowtest.Status(503))
	if _, err := client.UpdateAsset(context.Background(), imageID, rename("b.png")); err != nil {
		t.Fatalf("call with the defaults: %v, want success after a retry", err)
	}

	requests := srv.Requests()
	if len(requests) != 3 {
		t.Fatalf("server received %d requests, want 1 + 2", len(requests))
	}
	if got := requests[0].Header.Get("X-Trace-Id"); got != "t-1" {
		t.Errorf("first call sent X-Trace-Id %q, want t-1", got)
	}
	if got := requests[1].Header.Get("X-Trace-Id"); got != "" {
		t.Errorf("second call sent X-Trace-Id %q, want none", got)
	}
}

func TestInvalidCallOptionSendsNothing(t *testing.T) {
	srv := webflowtest.NewServer(t)
	client := newClient(t, srv)

	_, err := client.UpdateAsset(context.Background(), imageID, rename("a.png"), wrapper.WithMaxAttempts(0))
	if err == nil || !strings.Contains(err.Error(), "WithMaxAttempts(0)") {
		t.Errorf("error = %v, want it to name WithMaxAttempts(0)", err)
	}
	if srv.RequestCount() != 0 {
		t.Errorf("server received %d requests, want none", srv.RequestCount())
	}
}

func TestResponseBodyCap(t *testing.T) {
	big := `{"id":"` + imageID + `","padding":"` + strings.Repeat("x", 8<<10) + `"}`
	tests := []struct {
		name   string
		status int
	}{
		{"success", 200},
		{"error", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := webflowtest.NewServer(t)
			srv.Enqueue(webflowtest.Respond(tt.status, jsonHeader(), big))
			client := newClient(t, srv, wrapper.WithMaxResponseBytes(4<<10))

			_, err := client.UpdateAsset(context.Background(), imageID, rename("x.png"))

			if tt.status == 200 && !errors.Is(err, wrapper.ErrResponseTooLarge) {
				t.Errorf("error = %v, want one wrapping ErrResponseTooLarge", err)
			}
			if apiErr, ok := errors.AsType[*wrapper.APIError](err); tt.status != 200 && (!ok || len(apiErr.Body) > 4<<10) {
				t.Errorf("error = %v, want an *APIError with at most 4 KiB of body", err)
			}
		})
	}
}

func TestRetryAfterZeroRetriesAtOnce(t *testing.T) {
	srv := webflowtest.NewServer(t)
	srv.Enqueue(webflowtest.Respond(503, http.Header{"Retry-After": {"0"}}, ""))
	recorder, logger := newLogRecorder()
	// A backoff of a minute shows whether Retry-After: 0 was used instead.
	client := newClient(t, srv, wrapper.WithLogger(logger), wrapper.WithBackoff(time.Minute, time.Minute))

	if _, err := client.UpdateAsset(context.Background(), imageID, rename("x.png")); err != nil {
		t.Fatalf("UpdateAsset: %v", err)
	}
	if waits := recorder.waits(); len(waits) != 1 || waits[0] != 0 {
		t.Errorf("waits = %v, want one wait of 0 as Retry-After asked", waits)
	}
}

func TestUnknownStatusHasReadableMessage(t *testing.T) {
	srv := webflowtest.NewServer(t)
	srv.Enqueue(webflowtest.Respond(599, jsonHeader(), `{"message":"odd"}`))
	client := newClient(t, srv)

	_, err := client.UpdateAsset(context.Background(), imageID, rename("x.png"))

	want := "webflow: update asset " + imageID + ": 599 (unknown status): odd"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}
