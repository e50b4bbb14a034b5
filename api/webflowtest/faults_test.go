package webflowtest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
	"github.com/webflowkit/assets/generated"
)

func TestStatusFault(t *testing.T) {
	tests := []struct {
		status      int
		wantCode    string
		wantMessage string
	}{
		{400, "bad_request", "Bad Request"},
		{401, "not_authorized", "Request not authorized"},
		{403, "forbidden", "Forbidden"},
		{404, "resource_not_found", "Requested resource not found: The asset cannot be found"},
		{408, "bad_request", "Request Timeout"},
		{409, "conflict", "Conflict"},
		{422, "bad_request", "Unprocessable Entity"},
		{500, "internal_error", "We had a problem with our server. Try again later."},
		{502, "internal_error", "We had a problem with our server. Try again later."},
		{503, "internal_error", "We had a problem with our server. Try again later."},
		{504, "internal_error", "We had a problem with our server. Try again later."},
	}

	for _, tt := range tests {
		name := webflowtest.Status(tt.status).String()
		srv := webflowtest.NewServer(t)
		srv.Enqueue(webflowtest.Status(tt.status))

		got := call{body: rename("a.png")}.send(t, srv)

		if got.err != nil || got.status != tt.status {
			t.Errorf("%s: got %d, %v, want %d", name, got.status, got.err, tt.status)
			continue
		}
		envelope := decodeError(t, name, got.body)
		if envelope.Code != tt.wantCode || envelope.Message != tt.wantMessage {
			t.Errorf("%s: envelope = %q %q, want %q %q", name, envelope.Code, envelope.Message, tt.wantCode, tt.wantMessage)
		}
		if got.header.Get("X-RateLimit-Limit") != "60" || got.header.Get("X-RateLimit-Remaining") != "60" {
			t.Errorf("%s: rate-limit headers = %q/%q, want 60/60 (faults do not count)",
				name, got.header.Get("X-RateLimit-Limit"), got.header.Get("X-RateLimit-Remaining"))
		}
		if n := srv.UpdateCount(webflowtest.ImageAssetID); n != 0 {
			t.Errorf("%s: UpdateCount = %d, want 0", name, n)
		}
		if r := srv.Requests()[0]; !r.Fault || r.FaultName != name || r.Status != tt.status {
			t.Errorf("%s: request log Fault = %v, FaultName = %q, Status = %d, want true, %q, %d", name, r.Fault, r.FaultName, r.Status, name, tt.status)
		}
	}
}

func TestRateLimitedFaults(t *testing.T) {
	date := time.Date(2026, 3, 3, 14, 7, 55, 0, time.UTC)
	tests := []struct {
		fault          webflowtest.Fault
		wantRetryAfter string
	}{
		{webflowtest.Status(429), "60"},
		{webflowtest.RateLimited(60 * time.Second), "60"},
		{webflowtest.RateLimited(1500 * time.Millisecond), "2"},
		{webflowtest.RateLimited(0), "0"},
		{webflowtest.RetryAfterDate(date), "Tue, 03 Mar 2026 14:07:55 GMT"},
		{webflowtest.RetryAfterDate(date.In(time.FixedZone("CET", 3600))), "Tue, 03 Mar 2026 14:07:55 GMT"},
	}

	for _, tt := range tests {
		srv := webflowtest.NewServer(t)
		srv.Enqueue(tt.fault)

		got := call{body: rename("a.png")}.send(t, srv)

		if got.err != nil || got.status != http.StatusTooManyRequests {
			t.Errorf("%v: got %d, %v, want 429", tt.fault, got.status, got.err)
			continue
		}
		if retryAfter := got.header.Get("Retry-After"); retryAfter != tt.wantRetryAfter {
			t.Errorf("%v: Retry-After = %q, want %q", tt.fault, retryAfter, tt.wantRetryAfter)
		}
		if remaining := got.header.Get("X-RateLimit-Remaining"); remaining != "0" {
			t.Errorf("%v: X-RateLimit-Remaining = %q, want 0", tt.fault, remaining)
		}
		if envelope := decodeError(t, tt.fault.String(), got.body); envelope.Code != "too_many_requests" {
			t.Errorf("%v: code = %q, want too_many_requests", tt.fault, envelope.Code)
		}
	}
}

func TestHTMLBadGateway(t *testing.T) {
	srv := webflowtest.NewServer(t)
	srv.Enqueue(webflowtest.HTMLBadGateway())

	got := call{body: rename("a.png")}.send(t, srv)

	if got.err != nil || got.status != http.StatusBadGateway {
		t.Fatalf("HTMLBadGateway: got %d, %v, want 502", got.status, got.err)
	}
	if ct := got.header.Get("Content-Type"); ct != "text/html" {
		t.Errorf("HTMLBadGateway: Content-Type = %q, want text/html", ct)
	}
	if !bytes.Contains(got.body, []byte("<title>502 Bad Gateway</title>")) {
		t.Errorf("HTMLBadGateway: body = %q, want an HTML page titled 502 Bad Gateway", got.body)
	}
	if limit := got.header.Get("X-RateLimit-Limit"); limit != "" {
		t.Errorf("HTMLBadGateway: X-RateLimit-Limit = %q, want none from a proxy", limit)
	}
}

func TestCloseBeforeHeaders(t *testing.T) {
	srv := webflowtest.NewServer(t)
	srv.Enqueue(webflowtest.CloseBeforeHeaders())

	got := call{body: rename("a.png")}.send(t, srv)

	if got.err == nil {
		t.Fatalf("CloseBeforeHeaders: got status %d, want a transport error", got.status)
	}
	if r := srv.Requests()[0]; r.Status != 0 || r.FaultName != "CloseBeforeHeaders()" {
		t.Errorf("CloseBeforeHeaders: log Status = %d, FaultName = %q, want 0 and CloseBeforeHeaders()", r.Status, r.FaultName)
	}
	if n := srv.UpdateCount(webflowtest.ImageAssetID); n != 0 {
		t.Errorf("CloseBeforeHeaders: UpdateCount = %d, want 0", n)
	}

	after := call{body: rename("a.png")}.send(t, srv)

	if after.err != nil || after.status != http.StatusOK {
		t.Errorf("request after the fault: got %d, %v, want 200", after.status, after.err)
	}
}

func TestCloseMidBody(t *testing.T) {
	srv := webflowtest.NewServer(t)
	srv.Enqueue(webflowtest.CloseMidBody())

	got := call{body: rename("a.png")}.send(t, srv)

	if got.status != http.StatusOK {
		t.Fatalf("CloseMidBody: status = %d, want 200 before the body breaks", got.status)
	}
	if !errors.Is(got.err, io.ErrUnexpectedEOF) {
		t.Errorf("CloseMidBody: read error = %v, want io.ErrUnexpectedEOF", got.err)
	}
	if got.header.Get("Content-Length") == "" || got.header.Get("X-RateLimit-Limit") != "60" {
		t.Errorf("CloseMidBody: headers = %v, want Content-Length and X-RateLimit-Limit: 60", got.header)
	}
	if !bytes.HasPrefix(got.body, []byte(`{"altText":`)) || json.Valid(got.body) {
		t.Errorf("CloseMidBody: body = %q, want the first half of the asset JSON", got.body)
	}
	if n := srv.UpdateCount(webflowtest.ImageAssetID); n != 1 {
		t.Errorf("CloseMidBody: UpdateCount = %d, want 1: a 2xx fault applies the update", n)
	}
}

func TestTruncatedJSON(t *testing.T) {
	srv := webflowtest.NewServer(t)
	srv.Enqueue(webflowtest.TruncatedJSON())

	got := call{body: rename("a.png")}.send(t, srv)

	if got.err != nil || got.status != http.StatusOK {
		t.Fatalf("TruncatedJSON: got %d, %v, want a complete 200", got.status, got.err)
	}
	if ct := got.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("TruncatedJSON: Content-Type = %q, want application/json; charset=utf-8", ct)
	}
	var asset map[string]any
	if err := json.Unmarshal(got.body, &asset); err == nil {
		t.Errorf("TruncatedJSON: body decodes as JSON, want it cut in the middle: %s", got.body)
	}
	if !bytes.HasPrefix(got.body, []byte(`{"altText":`)) {
		t.Errorf("TruncatedJSON: body = %q, want the start of the asset JSON", got.body)
	}
}

func TestDelayHeaders(t *testing.T) {
	srv := webflowtest.NewServer(t)
	srv.Enqueue(webflowtest.DelayHeaders(10 * time.Millisecond))

	got := call{body: rename("late.png")}.send(t, srv)

	if got.err != nil || got.status != http.StatusOK {
		t.Fatalf("DelayHeaders: got %d, %v, want the normal 200", got.status, got.err)
	}
	if n := srv.UpdateCount(webflowtest.ImageAssetID); n != 1 {
		t.Errorf("DelayHeaders: UpdateCount = %d, want 1", n)
	}
	if r := srv.Requests()[0]; !r.Fault || r.FaultName != "DelayHeaders(10ms)" {
		t.Errorf("DelayHeaders: log Fault = %v, FaultName = %q, want true and DelayHeaders(10ms)", r.Fault, r.FaultName)
	}
}

func TestDelayHeadersClientGoesAway(t *testing.T) {
	srv := webflowtest.NewServer(t)
	srv.Enqueue(webflowtest.DelayHeaders(time.Hour))
	client := srv.Client()
	client.Timeout = 50 * time.Millisecond

	req, _ := http.NewRequest(http.MethodPatch, srv.URL+"/assets/"+webflowtest.ImageAssetID, strings.NewReader(rename("late.png")))
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("DelayHeaders(1h) with a 50ms client timeout: got status %d, want a timeout", resp.StatusCode)
	}

	srv.Close() // waits for the handler

	if n := srv.UpdateCount(webflowtest.ImageAssetID); n != 1 {
		t.Errorf("UpdateCount = %d after the client gave up, want 1: the server still handles the request", n)
	}
	if stored, _ := srv.Asset(webflowtest.ImageAssetID); stored.DisplayName != "late.png" {
		t.Errorf("displayName = %q, want late.png", stored.DisplayName)
	}
}

func TestRespondFault(t *testing.T) {
	tests := []struct {
		name            string
		status          int
		header          http.Header
		body            string
		wantContentType string
	}{
		{"empty body", 500, nil, "", ""},
		{"numeric code", 400, http.Header{"Content-Type": {"application/json"}}, `{"code":400,"message":"Bad Request"}`, "application/json"},
		{"unknown code", 400, http.Header{"Content-Type": {"application/json"}}, `{"code":"teapot","message":"I'm a teapot"}`, "application/json"},
		{"wrong content type", 200, http.Header{"Content-Type": {"text/plain"}}, `{"id":"x"}`, "text/plain"},
		{"wrapped asset", 200, http.Header{"Content-Type": {"application/json"}}, `{"asset":{"id":"x"}}`, "application/json"},
		{"bad timestamp", 200, http.Header{"Content-Type": {"application/json"}}, `{"id":"x","lastUpdated":"yesterday"}`, "application/json"},
	}

	for _, tt := range tests {
		srv := webflowtest.NewServer(t)
		srv.Enqueue(webflowtest.Respond(tt.status, tt.header, tt.body))

		got := call{body: rename("a.png")}.send(t, srv)

		if got.err != nil || got.status != tt.status {
			t.Errorf("Respond(%s): got %d, %v, want %d", tt.name, got.status, got.err, tt.status)
			continue
		}
		if string(got.body) != tt.body {
			t.Errorf("Respond(%s): body = %q, want %q", tt.name, got.body, tt.body)
		}
		if ct := got.header.Get("Content-Type"); ct != tt.wantContentType {
			t.Errorf("Respond(%s): Content-Type = %q, want %q", tt.name, ct, tt.wantContentType)
		}
		if limit := got.header.Get("X-RateLimit-Limit"); limit != "" {
			t.Errorf("Respond(%s): X-RateLimit-Limit = %q, want none unless given", tt.name, limit)
		}
		if violations := srv.Violations(); len(violations) != 0 {
			t.Errorf("Respond(%s): Violations = %v, want none: faults are off-contract on purpose", tt.name, violations)
		}
	}
}

func TestApplyFirst(t *testing.T) {
	tests := []struct {
		fault      webflowtest.Fault
		wantStatus int    // 0 for a transport error
		wantPrefix bool   // the body is the first half of the updated asset
		wantName   string // the name in the request log
	}{
		{webflowtest.CloseBeforeHeaders().ApplyFirst(), 0, false, "CloseBeforeHeaders().ApplyFirst()"},
		{webflowtest.Status(503).ApplyFirst(), 503, false, "Status(503).ApplyFirst()"},
		{webflowtest.CloseMidBody(), 200, true, "CloseMidBody()"},
		{webflowtest.TruncatedJSON().ApplyFirst(), 200, true, "TruncatedJSON()"},
		{webflowtest.Respond(200, nil, "{}"), 200, false, "Respond(200)"},
	}

	for _, tt := range tests {
		srv := webflowtest.NewServer(t, webflowtest.WithRateLimit(5, time.Hour))
		srv.Enqueue(tt.fault)

		got := call{body: rename("applied.png")}.send(t, srv)

		if got.status != tt.wantStatus {
			t.Errorf("%v: status = %d (err %v), want %d", tt.fault, got.status, got.err, tt.wantStatus)
		}
		if n := srv.UpdateCount(webflowtest.ImageAssetID); n != 1 {
			t.Errorf("%v: UpdateCount = %d, want 1", tt.fault, n)
		}
		if stored, _ := srv.Asset(webflowtest.ImageAssetID); stored.DisplayName != "applied.png" {
			t.Errorf("%v: displayName = %q, want applied.png", tt.fault, stored.DisplayName)
		}
		if tt.wantPrefix && !bytes.Contains(got.body, []byte(`"displayName":"applied.png"`)) {
			t.Errorf("%v: partial body = %q, want the first half of the updated asset", tt.fault, got.body)
		}
		if name := srv.Requests()[0].FaultName; name != tt.wantName {
			t.Errorf("%v: FaultName = %q, want %q", tt.fault, name, tt.wantName)
		}

		next := call{body: rename("next.png")}.send(t, srv)

		if got := next.header.Get("X-RateLimit-Remaining"); got != "3" {
			t.Errorf("%v: X-RateLimit-Remaining after it = %q, want 3: ApplyFirst counts the request", tt.fault, got)
		}
	}
}

func TestApplyFirstRejectedRequest(t *testing.T) {
	srv := webflowtest.NewServer(t)
	srv.Enqueue(webflowtest.Status(502).ApplyFirst())

	got := call{token: "unknown", body: rename("applied.png")}.send(t, srv)

	if got.status != http.StatusBadGateway {
		t.Errorf("status = %d, want the fault's 502", got.status)
	}
	if n := srv.UpdateCount(webflowtest.ImageAssetID); n != 0 {
		t.Errorf("UpdateCount = %d, want 0: a request with an unknown token applies nothing", n)
	}
}

func TestFaultQueue(t *testing.T) {
	srv := webflowtest.NewServer(t)
	srv.Enqueue(webflowtest.Status(500), webflowtest.Status(503))

	other := call{method: http.MethodGet, path: "/sites"}.send(t, srv)
	if other.status != http.StatusNotFound || srv.PendingFaults() != 2 {
		t.Errorf("GET /sites: status = %d, PendingFaults = %d, want 404 and 2: other paths leave the queue alone",
			other.status, srv.PendingFaults())
	}

	var statuses []int
	for range 3 {
		statuses = append(statuses, call{token: "-", body: rename("a.png")}.send(t, srv).status)
	}

	if want := []int{500, 503, 401}; !slices.Equal(statuses, want) {
		t.Errorf("statuses = %v, want %v: faults answer before the token check, once each, in order", statuses, want)
	}
	if n := srv.PendingFaults(); n != 0 {
		t.Errorf("PendingFaults = %d, want 0", n)
	}
	if n := srv.RequestCount(); n != 4 {
		t.Errorf("RequestCount = %d, want 4: scripted requests count", n)
	}
}

func TestMisusePanics(t *testing.T) {
	tests := []struct {
		name string
		call func()
		want string
	}{
		{"Status(200)", func() { webflowtest.Status(200) }, "webflowtest.Status(200): the status must be from 400 to 599"},
		{"Status(600)", func() { webflowtest.Status(600) }, "webflowtest.Status(600)"},
		{"RateLimited(-1s)", func() { webflowtest.RateLimited(-time.Second) }, "must not be negative"},
		{"DelayHeaders(-1s)", func() { webflowtest.DelayHeaders(-time.Second) }, "must not be negative"},
		{"Respond(100)", func() { webflowtest.Respond(100, nil, "") }, "the status must be from 200 to 999"},
		{"Enqueue(Fault{})", func() { (&webflowtest.Server{}).Enqueue(webflowtest.Fault{}) }, "zero Fault"},
		{"PutAsset without ID", func() { (&webflowtest.Server{}).PutAsset(generated.Asset{}) }, "PutAsset of an asset with an empty ID"},
	}

	for _, tt := range tests {
		got := recoverPanic(tt.call)
		if !strings.Contains(got, tt.want) {
			t.Errorf("%s: panic = %q, want one containing %q", tt.name, got, tt.want)
		}
	}
}

func recoverPanic(f func()) (message string) {
	defer func() {
		if recovered := recover(); recovered != nil {
			message = fmt.Sprint(recovered)
		}
	}()
	f()
	return "(no panic)"
}

func TestFaultNames(t *testing.T) {
	tests := []struct {
		fault webflowtest.Fault
		want  string
	}{
		{webflowtest.Status(503), "Status(503)"},
		{webflowtest.RateLimited(90 * time.Second), "RateLimited(1m30s)"},
		{webflowtest.RetryAfterDate(time.Date(2026, 3, 3, 14, 7, 55, 0, time.UTC)), "RetryAfterDate(Tue, 03 Mar 2026 14:07:55 GMT)"},
		{webflowtest.HTMLBadGateway(), "HTMLBadGateway()"},
		{webflowtest.CloseBeforeHeaders(), "CloseBeforeHeaders()"},
		{webflowtest.CloseMidBody().ApplyFirst(), "CloseMidBody()"},
		{webflowtest.Status(500).ApplyFirst(), "Status(500).ApplyFirst()"},
		{webflowtest.DelayHeaders(2 * time.Second), "DelayHeaders(2s)"},
		{webflowtest.TruncatedJSON(), "TruncatedJSON()"},
		{webflowtest.Respond(418, nil, ""), "Respond(418)"},
	}

	for _, tt := range tests {
		if got := tt.fault.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestErrorFaultsApplyNothing(t *testing.T) {
	for _, fault := range []webflowtest.Fault{
		webflowtest.Status(500),
		webflowtest.Respond(502, nil, "bad gateway"),
		webflowtest.HTMLBadGateway(),
		webflowtest.CloseBeforeHeaders(),
	} {
		srv := webflowtest.NewServer(t)
		srv.Enqueue(fault)

		call{body: rename("not-applied.png")}.send(t, srv)

		if n := srv.UpdateCount(webflowtest.ImageAssetID); n != 0 {
			t.Errorf("%v: UpdateCount = %d, want 0", fault, n)
		}
	}
}
