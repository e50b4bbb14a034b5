package webflowtest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/webflowkit/assets/api/webflowtest"
)

// offContractAsset returns a seed asset that breaks the Asset schema: a
// variant's quality above 100 and a negative size.
func offContractAsset() (id string, seed webflowtest.Option) {
	asset := webflowtest.DefaultAssets()[0]
	asset.Size = -1
	asset.Variants[0].Quality = 101
	return asset.ID, webflowtest.WithAssets(asset)
}

func TestSelfCheckCatchesOffContractResponse(t *testing.T) {
	id, seed := offContractAsset()
	srv, err := webflowtest.Start(seed)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	got := call{path: "/assets/" + id, body: rename("a.png")}.send(t, srv)

	if got.status != http.StatusOK {
		t.Fatalf("status = %d, want 200 (the self-check reports, it does not block)\n%s", got.status, got.body)
	}
	violations := srv.Violations()
	if len(violations) != 1 {
		t.Fatalf("Violations() has %d entries, want 1: %v", len(violations), violations)
	}
	message := violations[0].Error()
	for _, want := range []string{"response 200 to PATCH /v2/assets/" + id, "/size", "/variants/0/quality"} {
		if !strings.Contains(message, want) {
			t.Errorf("violation %q does not mention %q", message, want)
		}
	}
}

func TestSelfCheckChecksHeaders(t *testing.T) {
	srv, err := webflowtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	call{body: rename("a.png")}.send(t, srv)
	call{token: "-", body: rename("a.png")}.send(t, srv)
	call{method: http.MethodDelete}.send(t, srv)

	if violations := srv.Violations(); len(violations) != 0 {
		t.Errorf("Violations() = %v after on-contract responses, want none", violations)
	}
}

// recordingTB is a testing.TB that records Errorf calls and cleanups, so
// that a test can run NewServer's cleanup and see what it reports.
type recordingTB struct {
	testing.TB
	errors   []string
	cleanups []func()
	skipped  bool
}

func (r *recordingTB) Skipped() bool { return r.skipped }

func (r *recordingTB) Helper() {}

func (r *recordingTB) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }

func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recordingTB) runCleanups() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

func TestNewServerReportsViolationsAtCleanup(t *testing.T) {
	tests := []struct {
		name       string
		offending  bool
		wantErrors int
	}{
		{"off-contract asset", true, 1},
		{"default assets", false, 0},
	}

	for _, tt := range tests {
		tb := &recordingTB{TB: t}
		var options []webflowtest.Option
		id := webflowtest.ImageAssetID
		if tt.offending {
			var seed webflowtest.Option
			id, seed = offContractAsset()
			options = append(options, seed)
		}
		srv := webflowtest.NewServer(tb, options...)

		call{path: "/assets/" + id, body: rename("a.png")}.send(t, srv)
		tb.runCleanups()

		if len(tb.errors) != tt.wantErrors {
			t.Fatalf("%s: cleanup reported %d errors, want %d: %q", tt.name, len(tb.errors), tt.wantErrors, tb.errors)
		}
		if tt.offending && !strings.Contains(tb.errors[0], "/variants/0/quality") {
			t.Errorf("%s: cleanup error = %q, want it to name /variants/0/quality", tt.name, tb.errors[0])
		}
	}
}

func TestNewServerReportsUnusedFaultsAtCleanup(t *testing.T) {
	tests := []struct {
		name     string
		queued   int
		requests int
		skipped  bool
		want     string // a part of the one error expected, or "" for none
	}{
		{"every fault used", 2, 2, false, ""},
		{"more requests than faults", 1, 2, false, ""},
		{"one fault left", 2, 1, false, "queued faults that no request used: Status(503);"},
		{"skipped test", 2, 1, true, ""},
	}

	for _, tt := range tests {
		tb := &recordingTB{TB: t, skipped: tt.skipped}
		srv := webflowtest.NewServer(tb)
		for range tt.queued {
			srv.Enqueue(webflowtest.Status(503))
		}
		for range tt.requests {
			call{path: "/assets/" + webflowtest.ImageAssetID, body: rename("a.png")}.send(t, srv)
		}
		tb.runCleanups()

		switch {
		case tt.want == "" && len(tb.errors) != 0:
			t.Errorf("%s: cleanup reported %q, want nothing", tt.name, tb.errors)
		case tt.want != "" && (len(tb.errors) != 1 || !strings.Contains(tb.errors[0], tt.want)):
			t.Errorf("%s: cleanup reported %q, want one error containing %q", tt.name, tb.errors, tt.want)
		}
	}
}
