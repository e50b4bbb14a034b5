package webflowtest_test

import (
	"net/http"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
)

// waitFor polls condition until it holds or 10s have passed, which only
// detects a hang.
func waitFor(t *testing.T, what string, condition func() bool) {
	t.Helper()

	deadline := time.Now().Add(10 * time.Second)
	for !condition() {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not happen within 10s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestCloseWaitsForRequestInFlight(t *testing.T) {
	var answered atomic.Int32
	srv, err := webflowtest.Start(webflowtest.WithRequestHook(func(webflowtest.Request) { answered.Add(1) }))
	if err != nil {
		t.Fatal(err)
	}
	srv.Enqueue(webflowtest.DelayHeaders(time.Hour))

	results := make(chan result, 1)
	go func() { results <- call{body: rename("in-flight.png")}.send(t, srv) }()
	waitFor(t, "the request reaching the server", func() bool { return srv.RequestCount() == 1 })

	closed := make(chan struct{})
	go func() {
		srv.Close()
		close(closed)
	}()
	waitFor(t, "Close returning", func() bool {
		select {
		case <-closed:
			return true
		default:
			return false
		}
	})

	if n := answered.Load(); n != 1 {
		t.Errorf("request hook ran %d times before Close returned, want 1", n)
	}
	if status := srv.Requests()[0].Status; status != http.StatusOK {
		t.Errorf("logged status = %d, want 200: Close ends the delay and the request is handled", status)
	}
	got := <-results
	if got.err != nil || got.status != http.StatusOK {
		t.Errorf("client got %d, %v, want the 200 that was in flight", got.status, got.err)
	}
}

func TestCloseWaitsForHijackingFaults(t *testing.T) {
	before := runtime.NumGoroutine()
	var answered atomic.Int32
	srv, err := webflowtest.Start(webflowtest.WithRequestHook(func(webflowtest.Request) {
		time.Sleep(50 * time.Millisecond) // keeps the handler running after the client has its response
		answered.Add(1)
	}))
	if err != nil {
		t.Fatal(err)
	}
	srv.Enqueue(webflowtest.TruncatedJSON(), webflowtest.CloseMidBody(), webflowtest.CloseBeforeHeaders())

	for range 3 {
		call{body: rename("a.png")}.send(t, srv)
	}
	srv.Close()

	if n := answered.Load(); n != 3 {
		t.Errorf("request hook ran %d times before Close returned, want 3", n)
	}
	srv.Client().CloseIdleConnections()
	waitFor(t, "goroutines returning to the count before Start", func() bool { return runtime.NumGoroutine() <= before })
}

func TestCloseTwice(t *testing.T) {
	srv, err := webflowtest.Start()
	if err != nil {
		t.Fatal(err)
	}

	srv.Close()
	srv.Close()

	if got := (call{body: rename("a.png")}).send(t, srv); got.err == nil {
		t.Errorf("request after Close got status %d, want a connection error", got.status)
	}
}
