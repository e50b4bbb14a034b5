package wrapper_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
	"github.com/webflowkit/assets/wrapper"
)

const (
	imageID    = webflowtest.ImageAssetID
	documentID = webflowtest.DocumentAssetID
	unknownID  = "000000000000000000000000"
)

// newClient returns a client for srv with short backoffs, so that retries
// in tests take milliseconds, and the given options after those.
func newClient(t *testing.T, srv *webflowtest.Server, opts ...wrapper.Option) *wrapper.Client {
	t.Helper()
	base := []wrapper.Option{
		wrapper.WithBaseURL(srv.URL),
		wrapper.WithHTTPClient(srv.Client()),
		wrapper.WithBackoff(time.Millisecond, 5*time.Millisecond),
	}
	client, err := wrapper.NewClient(srv.Token, append(base, opts...)...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return client
}

func rename(name string) wrapper.UpdateAssetRequest {
	return wrapper.UpdateAssetRequest{DisplayName: &name}
}

// logRecorder is a slog handler that keeps every record and the text of
// every record, for tests of what the client logs.
type logRecorder struct {
	mu      sync.Mutex
	records []slog.Record
	text    bytes.Buffer
	onWait  func(slog.Record)
}

func newLogRecorder() (*logRecorder, *slog.Logger) {
	recorder := &logRecorder{}
	return recorder, slog.New(recorder)
}

func (r *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *logRecorder) WithGroup(string) slog.Handler            { return r }

func (r *logRecorder) Handle(ctx context.Context, record slog.Record) error {
	r.mu.Lock()
	r.records = append(r.records, record.Clone())
	slog.NewTextHandler(&r.text, &slog.HandlerOptions{Level: slog.LevelDebug}).Handle(ctx, record)
	onWait := r.onWait
	r.mu.Unlock()

	if onWait != nil && record.Message == "webflow: waiting" {
		onWait(record)
	}
	return nil
}

// waits returns the delay attribute of each "webflow: waiting" record.
func (r *logRecorder) waits() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()

	var delays []time.Duration
	for _, record := range r.records {
		if record.Message != "webflow: waiting" {
			continue
		}
		record.Attrs(func(attr slog.Attr) bool {
			if attr.Key == "delay" {
				delays = append(delays, attr.Value.Duration())
			}
			return true
		})
	}
	return delays
}

// count returns how many records have the message at the level.
func (r *logRecorder) count(level slog.Level, message string) int {
	r.mu.Lock()
	defer r.mu.Unlock()

	n := 0
	for _, record := range r.records {
		if record.Level == level && record.Message == message {
			n++
		}
	}
	return n
}

func (r *logRecorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.text.String()
}

// assertNoToken fails the test if text contains the token.
func assertNoToken(t *testing.T, where, text, token string) {
	t.Helper()
	if strings.Contains(text, token) {
		t.Errorf("%s contains the token: %q", where, text)
	}
}
