package wrapper_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/webflowkit/assets/api/webflowtest"
	"github.com/webflowkit/assets/wrapper"
)

// redirector responds to every request with a 307 to target.
func redirector(t *testing.T, target string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target+strings.TrimPrefix(r.URL.Path, "/v2"), http.StatusTemporaryRedirect)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRedirectToAnotherPortDropsToken(t *testing.T) {
	// Both servers are on 127.0.0.1; only the port differs. net/http keeps
	// the Authorization header for the same host name, the client must not.
	srv := webflowtest.NewServer(t)
	front := redirector(t, srv.URL)
	client, err := wrapper.NewClient(srv.Token, wrapper.WithBaseURL(front.URL+"/v2"), wrapper.WithMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}

	_, err = client.UpdateAsset(context.Background(), imageID, rename("x.png"))

	if !wrapper.IsUnauthorized(err) {
		t.Errorf("error = %v, want the 401 of a request without a token", err)
	}
	requests := srv.Requests()
	if len(requests) != 1 {
		t.Fatalf("the redirect target received %d requests, want 1", len(requests))
	}
	if got := requests[0].Header.Get("Authorization"); got != "" {
		t.Errorf("the redirect target received Authorization %q, want none", got)
	}
	if string(requests[0].Body) != `{"displayName":"x.png"}` {
		t.Errorf("the redirect target received body %q, want the whole body", requests[0].Body)
	}
}

func TestRedirectWithinBaseOriginKeepsToken(t *testing.T) {
	srv := webflowtest.NewServer(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/old/v2/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/v2/"+strings.TrimPrefix(r.URL.Path, "/old/v2/"), http.StatusPermanentRedirect)
	})
	var received string
	mux.HandleFunc("/v2/", func(w http.ResponseWriter, r *http.Request) {
		received = r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(fixture(t, "asset.json")))
	})
	front := httptest.NewServer(mux)
	t.Cleanup(front.Close)
	client, err := wrapper.NewClient(srv.Token, wrapper.WithBaseURL(front.URL+"/old/v2"))
	if err != nil {
		t.Fatal(err)
	}

	if _, err := client.UpdateAsset(context.Background(), imageID, rename("x.png")); err != nil {
		t.Fatalf("UpdateAsset: %v", err)
	}
	if received != "Bearer "+srv.Token {
		t.Errorf("the redirect within the same origin received Authorization %q, want the token", received)
	}
}

func TestTokenNeverInErrorsOrLogs(t *testing.T) {
	const token = "wf-secret-5f1c7a9e"
	// Retryable faults respond to all three attempts; the others end the call.
	tests := []struct {
		fault webflowtest.Fault
		uses  int
	}{
		{webflowtest.Status(400), 1},
		{webflowtest.Status(401), 1},
		{webflowtest.Status(500), 3},
		{webflowtest.RateLimited(120 * time.Second), 1},
		{webflowtest.HTMLBadGateway(), 3},
		{webflowtest.CloseBeforeHeaders(), 3},
		{webflowtest.CloseMidBody(), 1},
		{webflowtest.TruncatedJSON(), 1},
		{webflowtest.Respond(200, jsonHeader(), `{"Authorization":"Bearer `+token+`"}`), 1},
	}
	for _, tt := range tests {
		fault := tt.fault
		t.Run(fault.String(), func(t *testing.T) {
			recorder, err := updateWithToken(t, token, fault, tt.uses)

			text := err.Error() + fmt.Sprintf(" %v %+v", err, err)
			assertNoToken(t, "the error", text, token)
			logs := recorder.String()
			assertNoToken(t, "the log", logs, token)
			if strings.Contains(strings.ToLower(logs), "authorization") {
				t.Errorf("the log mentions the Authorization header:\n%s", logs)
			}
			if recorder.count(slog.LevelDebug, "webflow: attempt") == 0 {
				t.Errorf("the log has no attempt records:\n%s", logs)
			}
		})
	}
}

func TestNewClientErrorsDoNotEchoToken(t *testing.T) {
	for _, token := range []string{"wf secret 5f1c", "wf-secret\x00-5f1c", "wf-secret\n5f1c"} {
		_, err := wrapper.NewClient(token)
		if !errors.Is(err, wrapper.ErrInvalidInput) {
			t.Errorf("NewClient(%q) = %v, want ErrInvalidInput", token, err)
			continue
		}
		for _, part := range []string{"secret", "5f1c"} {
			if strings.Contains(err.Error(), part) {
				t.Errorf("NewClient error %q contains part of the token", err)
			}
		}
	}
}

func TestLogRecordsAttemptsWaitsAndGivingUp(t *testing.T) {
	srv := webflowtest.NewServer(t)
	srv.Enqueue(webflowtest.Status(503), webflowtest.Status(503))
	recorder, logger := newLogRecorder()
	client := newClient(t, srv, wrapper.WithLogger(logger), wrapper.WithMaxAttempts(2))

	client.UpdateAsset(context.Background(), imageID, rename("x.png"))

	if got := recorder.count(slog.LevelDebug, "webflow: attempt"); got != 2 {
		t.Errorf("%d attempt records, want 2:\n%s", got, recorder)
	}
	if got := len(recorder.waits()); got != 1 {
		t.Errorf("%d wait records, want 1:\n%s", got, recorder)
	}
	if got := recorder.count(slog.LevelWarn, "webflow: giving up"); got != 1 {
		t.Errorf("%d giving-up records, want 1:\n%s", got, recorder)
	}
	for _, attr := range []string{"method=PATCH", "asset_id=" + imageID, "attempt=2", "status=503", "duration=", "ratelimit_limit=", "ratelimit_remaining=", "reason=retry", "delay="} {
		if !strings.Contains(recorder.String(), attr) {
			t.Errorf("the log lacks %q:\n%s", attr, recorder)
		}
	}
}

// refreshingSource hands out a new access token each time the previous one
// expires, as an OAuth2 refresh would.
type refreshingSource struct {
	mu      sync.Mutex
	issued  int
	expires time.Duration
}

func (s *refreshingSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.issued++
	return &oauth2.Token{
		AccessToken: fmt.Sprintf("oauth-access-%d", s.issued),
		TokenType:   "Bearer",
		Expiry:      time.Now().Add(s.expires),
	}, nil
}

func TestTokenSourceRefreshes(t *testing.T) {
	srv := webflowtest.NewServer(t,
		webflowtest.WithToken("oauth-access-1", "assets:write"),
		webflowtest.WithToken("oauth-access-2", "assets:write"))
	// oauth2.ReuseTokenSource refreshes 10 s before expiry, so a token that
	// expires in 11 s is fresh for the first call and stale a second later.
	source := &refreshingSource{expires: 11 * time.Second}
	client, err := wrapper.NewClient("", wrapper.WithBaseURL(srv.URL), wrapper.WithTokenSource(oauth2.ReuseTokenSource(nil, source)))
	if err != nil {
		t.Fatal(err)
	}

	if _, err := client.UpdateAsset(context.Background(), imageID, rename("a.png")); err != nil {
		t.Fatalf("first call: %v", err)
	}
	time.Sleep(1100 * time.Millisecond)
	if _, err := client.UpdateAsset(context.Background(), imageID, rename("b.png")); err != nil {
		t.Fatalf("second call: %v", err)
	}

	requests := srv.Requests()
	got := []string{requests[0].Header.Get("Authorization"), requests[1].Header.Get("Authorization")}
	want := []string{"Bearer oauth-access-1", "Bearer oauth-access-2"}
	if got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Authorization headers = %q, want %q", got, want)
	}
}

func TestTokenSourceFailureIsNotRetried(t *testing.T) {
	srv := webflowtest.NewServer(t)
	client, err := wrapper.NewClient("", wrapper.WithBaseURL(srv.URL), wrapper.WithTokenSource(brokenSource{}))
	if err != nil {
		t.Fatal(err)
	}

	_, err = client.UpdateAsset(context.Background(), imageID, rename("a.png"))

	if err == nil || !strings.Contains(err.Error(), "token source failed: refresh token revoked") {
		t.Errorf("error = %v, want the token source's failure", err)
	}
	if srv.RequestCount() != 0 {
		t.Errorf("server received %d requests, want none", srv.RequestCount())
	}
}

type brokenSource struct{}

func (brokenSource) Token() (*oauth2.Token, error) { return nil, errors.New("refresh token revoked") }

func TestRedirectThatChangesMethodIsNotFollowed(t *testing.T) {
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			var methods []string
			var mu sync.Mutex
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				methods = append(methods, r.Method)
				mu.Unlock()
				if strings.HasPrefix(r.URL.Path, "/old/") {
					http.Redirect(w, r, "/v2/"+strings.TrimPrefix(r.URL.Path, "/old/"), status)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(fixture(t, "asset.json")))
			}))
			t.Cleanup(srv.Close)
			client, err := wrapper.NewClient("token", wrapper.WithBaseURL(srv.URL+"/old"))
			if err != nil {
				t.Fatal(err)
			}

			asset, err := client.UpdateAsset(context.Background(), imageID, rename("new.png"))

			apiErr, ok := errors.AsType[*wrapper.APIError](err)
			if !ok || apiErr.StatusCode != status {
				t.Fatalf("UpdateAsset = %v, %v; want an *APIError with status %d, since no PATCH reached the asset", asset, err, status)
			}
			if !strings.Contains(err.Error(), "redirected to /v2/assets/"+imageID) {
				t.Errorf("Error() = %q, want it to name the redirect target", err)
			}
			if len(methods) != 1 || methods[0] != http.MethodPatch {
				t.Errorf("server saw methods %v, want only the PATCH", methods)
			}
		})
	}
}

func TestTokenEchoedByServerIsRedacted(t *testing.T) {
	const token = "wf-secret-echoed-7d2b"
	echo := func(status int) webflowtest.Fault {
		header := http.Header{
			"Content-Type": {"text/html"},
			"X-Debug":      {"Authorization: Bearer " + token},
		}
		return webflowtest.Respond(status, header, "<html><pre>Authorization: Bearer "+token+"</pre></html>")
	}
	tests := []struct {
		name  string
		fault webflowtest.Fault
		uses  int
	}{
		{"error page", echo(http.StatusBadGateway), 3},
		{"success page", echo(http.StatusOK), 1},
		{"error envelope", webflowtest.Respond(400, jsonHeader(), `{"code":"bad_request","message":"bad header Bearer `+token+`","details":["`+token+`"]}`), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recorder, err := updateWithToken(t, token, tt.fault, tt.uses)

			assertNoToken(t, "the error", err.Error(), token)
			assertNoToken(t, "the log", recorder.String(), token)
			var body []byte
			var header http.Header
			if apiErr, ok := errors.AsType[*wrapper.APIError](err); ok {
				body, header = apiErr.Body, apiErr.Header
				assertNoToken(t, "APIError.Message", apiErr.Message, token)
				assertNoToken(t, "APIError.Details", fmt.Sprint(apiErr.Details), token)
			} else if invalid, ok := errors.AsType[*wrapper.InvalidResponseError](err); ok {
				body = invalid.Body
			}
			assertNoToken(t, "the error's Body", string(body), token)
			assertNoToken(t, "the error's Header", fmt.Sprint(header), token)
			if !strings.Contains(string(body), "[redacted]") {
				t.Errorf("Body = %q, want the token replaced by [redacted]", body)
			}
		})
	}
}

func TestTokenSourceTokenType(t *testing.T) {
	srv := webflowtest.NewServer(t)
	source := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.Token, TokenType: "bearer"})
	client, err := wrapper.NewClient("", wrapper.WithBaseURL(srv.URL), wrapper.WithTokenSource(source))
	if err != nil {
		t.Fatal(err)
	}

	if _, err := client.UpdateAsset(context.Background(), imageID, rename("x.png")); err != nil {
		t.Fatalf("UpdateAsset: %v", err)
	}
	if got := srv.Requests()[0].Header.Get("Authorization"); got != "Bearer "+srv.Token {
		t.Errorf("Authorization = %q, want the canonical Bearer type", got)
	}
}

// updateWithToken makes one call with token, which a fake server accepts,
// while fault responds to the first uses requests, and returns what the client
// logged and the call's error. It fails the test if the call succeeds.
func updateWithToken(t *testing.T, token string, fault webflowtest.Fault, uses int) (*logRecorder, error) {
	t.Helper()
	srv := webflowtest.NewServer(t, webflowtest.WithToken(token, "assets:write"))
	for range uses {
		srv.Enqueue(fault)
	}
	recorder, logger := newLogRecorder()
	client, err := wrapper.NewClient(token, wrapper.WithBaseURL(srv.URL), wrapper.WithLogger(logger),
		wrapper.WithBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}

	_, err = client.UpdateAsset(context.Background(), imageID, rename("x.png"))
	if err == nil {
		t.Fatalf("UpdateAsset with %s succeeded, want its error", fault)
	}
	return recorder, err
}

func TestEscapedOrDecodedTokenIsRedacted(t *testing.T) {
	const token = "tok<en>&/secret-77"
	escaped := `tok\u003cen\u003e\u0026\/secret-77`
	asset := fixture(t, "asset.json")
	tests := []struct {
		name  string
		fault webflowtest.Fault
	}{
		{"escaped in an error envelope", webflowtest.Respond(400, jsonHeader(),
			`{"code":"bad_request","message":"bad header Bearer `+escaped+`","details":[{"header":"`+escaped+`"}]}`)},
		{"in a 2xx timestamp", webflowtest.Respond(200, jsonHeader(), strings.Replace(asset, "2026-03-02T14:07:55.412Z", token, 1))},
		{"in a 2xx Content-Type", webflowtest.Respond(200, http.Header{"Content-Type": {"text/" + token}}, "<html></html>")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recorder, err := updateWithToken(t, token, tt.fault, 1)

			assertNoToken(t, "the error", err.Error(), token)
			assertNoToken(t, "the log", recorder.String(), token)
			if apiErr, ok := errors.AsType[*wrapper.APIError](err); ok {
				assertNoToken(t, "APIError.Message", apiErr.Message, token)
				assertNoToken(t, "APIError.Details", fmt.Sprint(apiErr.Details), token)
				assertNoToken(t, "APIError.Body", string(apiErr.Body), escaped)
			}
			if invalid, ok := errors.AsType[*wrapper.InvalidResponseError](err); ok {
				assertNoToken(t, "InvalidResponseError.ContentType", invalid.ContentType, token)
				assertNoToken(t, "InvalidResponseError.Err", fmt.Sprintf("%v %+v", invalid.Err, invalid.Err), token)
			}
		})
	}
}

func TestTokenCutByBodyCapIsRedacted(t *testing.T) {
	const token = "wf-secret-cut-by-the-cap-4e1a"
	// The page is 1024 bytes up to the middle of the token, the cap.
	page := strings.Repeat("x", 1024-len("Bearer ")-12) + "Bearer " + token + strings.Repeat("y", 100)
	srv := webflowtest.NewServer(t, webflowtest.WithToken(token, "assets:write"))
	srv.Enqueue(webflowtest.Respond(400, http.Header{"Content-Type": {"text/plain"}}, page))
	client, err := wrapper.NewClient(token, wrapper.WithBaseURL(srv.URL), wrapper.WithMaxResponseBytes(1024))
	if err != nil {
		t.Fatal(err)
	}

	_, err = client.UpdateAsset(context.Background(), imageID, rename("x.png"))

	apiErr, ok := errors.AsType[*wrapper.APIError](err)
	if !ok {
		t.Fatalf("error = %v, want *APIError", err)
	}
	assertNoToken(t, "APIError.Body", string(apiErr.Body), token[:12])
	if !strings.HasSuffix(string(apiErr.Body), "Bearer [redacted]") {
		t.Errorf("Body ends with %q, want the cut token redacted", apiErr.Body[len(apiErr.Body)-30:])
	}
}

func TestHugeRateLimitHeaderDoesNotExhaustMemory(t *testing.T) {
	for _, limit := range []string{"9223372036854775807", "20000000"} {
		t.Run(limit, func(t *testing.T) {
			header := jsonHeader()
			header.Set("X-RateLimit-Limit", limit)
			header.Set("X-RateLimit-Remaining", "0")
			srv := webflowtest.NewServer(t)
			srv.Enqueue(webflowtest.Respond(200, header, fixture(t, "asset.json")), webflowtest.Respond(200, header, fixture(t, "asset.json")))
			client := newClient(t, srv)

			for range 2 {
				if _, err := client.UpdateAsset(context.Background(), imageID, rename("x.png")); err != nil {
					t.Fatalf("UpdateAsset: %v", err)
				}
			}
			if got := client.RateLimit().Remaining; got != 0 {
				t.Errorf("RateLimit().Remaining = %d, want the header's 0", got)
			}
		})
	}
}
