package wrapper_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"strings"
	"syscall"
	"time"

	"golang.org/x/oauth2"

	"github.com/webflowkit/assets/api/webflowtest"
	"github.com/webflowkit/assets/wrapper"
)

// startFake starts the fake Webflow server that the examples run against.
// Real programs leave out WithBaseURL and talk to api.webflow.com.
func startFake(opts ...webflowtest.Option) *webflowtest.Server {
	srv, err := webflowtest.Start(opts...)
	if err != nil {
		log.Fatal(err)
	}
	return srv
}

func Example() {
	srv := startFake()
	defer srv.Close()

	client, err := wrapper.NewClient(srv.Token, wrapper.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	asset, err := client.UpdateAsset(context.Background(), "6650b2f1c4a9e3001f2d7a41",
		wrapper.UpdateAssetRequest{DisplayName: new("harbour-at-dusk.png")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(asset.DisplayName, asset.ContentType, asset.Size)
	// Output: harbour-at-dusk.png image/png 1843221
}

func ExampleClient_UpdateAsset_locale() {
	srv := startFake()
	defer srv.Close()
	client, _ := wrapper.NewClient(srv.Token, wrapper.WithBaseURL(srv.URL))

	// With LocaleID, only that locale's display name changes.
	asset, err := client.UpdateAsset(context.Background(), "6650b3a7c4a9e3001f2d7b02", wrapper.UpdateAssetRequest{
		LocaleID:    new("65427cf400e02b306eaa04a0"),
		DisplayName: new("preisliste.pdf"),
	})
	if err != nil {
		log.Fatal(err)
	}
	primary, _ := srv.Asset("6650b3a7c4a9e3001f2d7b02")
	fmt.Println("in the locale:", asset.DisplayName)
	fmt.Println("primary:", primary.DisplayName)
	// Output:
	// in the locale: preisliste.pdf
	// primary: price-list.pdf
}

func ExampleAPIError() {
	srv := startFake()
	defer srv.Close()
	client, _ := wrapper.NewClient(srv.Token, wrapper.WithBaseURL(srv.URL))

	_, err := client.UpdateAsset(context.Background(), "000000000000000000000000",
		wrapper.UpdateAssetRequest{DisplayName: new("x.png")})

	if apiErr, ok := errors.AsType[*wrapper.APIError](err); ok {
		fmt.Println("status:", apiErr.StatusCode)
		fmt.Println("code:", apiErr.Code)
		fmt.Println("message:", apiErr.Message)
		fmt.Println("requests left this minute:", apiErr.RateLimit.Remaining)
	}
	fmt.Println("not found:", wrapper.IsNotFound(err))
	fmt.Println(err)
	// Output:
	// status: 404
	// code: resource_not_found
	// message: Requested resource not found: The asset cannot be found
	// requests left this minute: 59
	// not found: true
	// webflow: update asset 000000000000000000000000: 404 resource_not_found: Requested resource not found: The asset cannot be found
}

func ExampleIsValidation() {
	client, _ := wrapper.NewClient("token")

	// Bad arguments are rejected before anything is sent.
	_, err := client.UpdateAsset(context.Background(), "assets/6650b2f1", wrapper.UpdateAssetRequest{DisplayName: new("x.png")})
	fmt.Println(wrapper.IsValidation(err), errors.Is(err, wrapper.ErrInvalidInput))
	fmt.Println(err)
	// Output:
	// true true
	// webflow: invalid input: asset ID "assets/6650b2f1" contains '/', which would change the request URL; pass the asset's 24-character ID, as Webflow's List Assets endpoint returns it
}

func ExampleInvalidResponseError() {
	srv := startFake()
	defer srv.Close()
	client, _ := wrapper.NewClient(srv.Token, wrapper.WithBaseURL(srv.URL))

	// A proxy cuts the response short after Webflow applied the update.
	srv.Enqueue(webflowtest.TruncatedJSON().ApplyFirst())
	_, err := client.UpdateAsset(context.Background(), "6650b2f1c4a9e3001f2d7a41",
		wrapper.UpdateAssetRequest{DisplayName: new("harbour.png")})

	if invalid, ok := errors.AsType[*wrapper.InvalidResponseError](err); ok {
		fmt.Println("applied, status", invalid.StatusCode, "with", len(invalid.Body) > 0, "raw body kept")
	}
	// Output: applied, status 200 with true raw body kept
}

func ExampleWithMaxAttempts() {
	srv := startFake()
	defer srv.Close()
	client, _ := wrapper.NewClient(srv.Token, wrapper.WithBaseURL(srv.URL),
		wrapper.WithMaxAttempts(4),
		wrapper.WithBackoff(10*time.Millisecond, 100*time.Millisecond))

	// Two failures, then the fake server handles the request normally.
	srv.Enqueue(webflowtest.Status(503), webflowtest.CloseBeforeHeaders())
	asset, err := client.UpdateAsset(context.Background(), "6650b2f1c4a9e3001f2d7a41",
		wrapper.UpdateAssetRequest{DisplayName: new("retried.png")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(asset.DisplayName, "after", srv.RequestCount(), "requests")

	// A single call can turn retries off.
	srv.Enqueue(webflowtest.Status(503))
	_, err = client.UpdateAsset(context.Background(), "6650b2f1c4a9e3001f2d7a41",
		wrapper.UpdateAssetRequest{DisplayName: new("once.png")}, wrapper.WithMaxAttempts(1))
	fmt.Println(err)
	// Output:
	// retried.png after 3 requests
	// webflow: update asset 6650b2f1c4a9e3001f2d7a41: 503 internal_error: We had a problem with our server. Try again later.
}

func ExampleWithMaxRetryWait() {
	srv := startFake()
	defer srv.Close()
	client, _ := wrapper.NewClient(srv.Token, wrapper.WithBaseURL(srv.URL), wrapper.WithMaxRetryWait(5*time.Second))

	// Webflow requests a wait of a minute, so the client returns at once instead.
	srv.Enqueue(webflowtest.RateLimited(time.Minute))
	_, err := client.UpdateAsset(context.Background(), "6650b2f1c4a9e3001f2d7a41",
		wrapper.UpdateAssetRequest{DisplayName: new("x.png")})
	if apiErr, ok := errors.AsType[*wrapper.APIError](err); ok && wrapper.IsRateLimited(err) {
		fmt.Println("rate limited; retry after", apiErr.RetryAfter)
	}
	// Output: rate limited; retry after 1m0s
}

func ExampleWithRateWindow() {
	// A fake server that allows 3 requests per 500 ms.
	srv := startFake(webflowtest.WithRateLimit(3, 500*time.Millisecond))
	defer srv.Close()
	client, _ := wrapper.NewClient(srv.Token, wrapper.WithBaseURL(srv.URL),
		wrapper.WithRateWindow(500*time.Millisecond))

	// Seven calls: the pacer holds back the fourth to seventh until earlier
	// ones leave the window, so the server never responds with 429.
	for range 7 {
		if _, err := client.UpdateAsset(context.Background(), "6650b2f1c4a9e3001f2d7a41",
			wrapper.UpdateAssetRequest{DisplayName: new("paced.png")}); err != nil {
			log.Fatal(err)
		}
	}
	rate := client.RateLimit()
	fmt.Println("limit:", rate.Limit, "429s:", countStatus(srv, 429))
	// Output: limit: 3 429s: 0
}

func countStatus(srv *webflowtest.Server, status int) int {
	n := 0
	for _, req := range srv.Requests() {
		if req.Status == status {
			n++
		}
	}
	return n
}

func ExampleWithTokenSource() {
	srv := startFake()
	defer srv.Close()

	// A Webflow app gets its token source from its oauth2.Config, such as
	// config.TokenSource(ctx, token) after the authorization code exchange.
	// Here a static source takes its place.
	source := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.Token, TokenType: "Bearer"})
	client, err := wrapper.NewClient("", wrapper.WithBaseURL(srv.URL), wrapper.WithTokenSource(source))
	if err != nil {
		log.Fatal(err)
	}
	asset, err := client.UpdateAsset(context.Background(), "6650b2f1c4a9e3001f2d7a41",
		wrapper.UpdateAssetRequest{DisplayName: new("oauth.png")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(asset.DisplayName)
	// Output: oauth.png
}

func ExampleNewClientFromEnv() {
	srv := startFake()
	defer srv.Close()
	os.Setenv(wrapper.TokenEnv, srv.Token+"\n") // as `export WEBFLOW_API_TOKEN=$(cat token.txt)` would
	defer os.Unsetenv(wrapper.TokenEnv)

	client, err := wrapper.NewClientFromEnv(wrapper.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	asset, err := client.UpdateAsset(context.Background(), "6650b2f1c4a9e3001f2d7a41",
		wrapper.UpdateAssetRequest{DisplayName: new("from-env.png")})
	fmt.Println(asset.DisplayName, err)

	os.Unsetenv(wrapper.TokenEnv)
	_, err = wrapper.NewClientFromEnv()
	fmt.Println(err)
	// Output:
	// from-env.png <nil>
	// webflow: invalid input: WEBFLOW_API_TOKEN is not set; export a site token or OAuth2 access token with the scope assets:write, for example with: export WEBFLOW_API_TOKEN=<token>
}

func ExampleClient_UpdateAssets() {
	srv := startFake()
	defer srv.Close()
	client, _ := wrapper.NewClient(srv.Token, wrapper.WithBaseURL(srv.URL))

	items := []wrapper.BulkItem{
		{AssetID: "6650b2f1c4a9e3001f2d7a41", Update: wrapper.UpdateAssetRequest{DisplayName: new("harbour.png")}},
		{AssetID: "000000000000000000000000", Update: wrapper.UpdateAssetRequest{DisplayName: new("ghost.png")}},
		{AssetID: "6650b3a7c4a9e3001f2d7b02", Update: wrapper.UpdateAssetRequest{DisplayName: new("prices.pdf")}},
	}
	results := client.UpdateAssets(context.Background(), items, wrapper.BulkOptions{Concurrency: 2})

	for _, result := range results {
		if result.Applied() {
			fmt.Printf("%d applied: %s\n", result.Index, result.Asset.DisplayName)
		} else {
			fmt.Printf("%d failed: not found %v\n", result.Index, wrapper.IsNotFound(result.Err))
		}
	}
	// Output:
	// 0 applied: harbour.png
	// 1 failed: not found true
	// 2 applied: prices.pdf
}

// renameToLowercase is a function of a user's program: it lowercases the
// display name of each asset.
func renameToLowercase(ctx context.Context, client *wrapper.Client, names map[string]string) error {
	for id, name := range names {
		lower := strings.ToLower(name)
		if _, err := client.UpdateAsset(ctx, id, wrapper.UpdateAssetRequest{DisplayName: &lower}); err != nil {
			return fmt.Errorf("rename %s: %w", id, err)
		}
	}
	return nil
}

// This example tests a user's own function against the fake Webflow server
// of the webflowtest package. In a test, webflowtest.NewServer(t) starts it
// and closes it at cleanup.
func Example_testingWithWebflowtest() {
	srv := startFake()
	defer srv.Close()
	client, _ := wrapper.NewClient(srv.Token, wrapper.WithBaseURL(srv.URL))

	err := renameToLowercase(context.Background(), client, map[string]string{"6650b2f1c4a9e3001f2d7a41": "Harbour-At-Dusk.PNG"})

	asset, _ := srv.Asset("6650b2f1c4a9e3001f2d7a41")
	fmt.Println(err, asset.DisplayName, srv.UpdateCount("6650b2f1c4a9e3001f2d7a41"))
	fmt.Println(string(srv.Requests()[0].Body))
	// Output:
	// <nil> harbour-at-dusk.png 1
	// {"displayName":"harbour-at-dusk.png"}
}

func ExampleWithLogger() {
	srv := startFake()
	defer srv.Close()

	// A text handler at debug level, without the time, the duration and the
	// backoff's delay, which change from run to run.
	handler := slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, attr slog.Attr) slog.Attr {
			if attr.Key == slog.TimeKey || attr.Key == "duration" || attr.Key == "delay" {
				return slog.Attr{}
			}
			return attr
		},
	})
	client, _ := wrapper.NewClient(srv.Token, wrapper.WithBaseURL(srv.URL),
		wrapper.WithLogger(slog.New(handler)), wrapper.WithBackoff(time.Millisecond, time.Millisecond))

	srv.Enqueue(webflowtest.Status(503))
	client.UpdateAsset(context.Background(), "6650b2f1c4a9e3001f2d7a41", wrapper.UpdateAssetRequest{DisplayName: new("logged.png")})
	// Output:
	// level=DEBUG msg="webflow: attempt" method=PATCH asset_id=6650b2f1c4a9e3001f2d7a41 attempt=1 status=503 ratelimit_limit=60 ratelimit_remaining=60
	// level=DEBUG msg="webflow: waiting" asset_id=6650b2f1c4a9e3001f2d7a41 reason=retry
	// level=DEBUG msg="webflow: attempt" method=PATCH asset_id=6650b2f1c4a9e3001f2d7a41 attempt=2 status=200 ratelimit_limit=60 ratelimit_remaining=59
}

func ExampleClient_RateLimit() {
	srv := startFake(webflowtest.WithRateLimit(120, time.Minute))
	defer srv.Close()
	client, _ := wrapper.NewClient(srv.Token, wrapper.WithBaseURL(srv.URL))

	before := client.RateLimit()
	client.UpdateAsset(context.Background(), "6650b2f1c4a9e3001f2d7a41", wrapper.UpdateAssetRequest{DisplayName: new("x.png")})
	after := client.RateLimit()

	fmt.Println("before:", before.Limit, before.Remaining)
	fmt.Println("after:", after.Limit, after.Remaining)
	// Output:
	// before: -1 -1
	// after: 120 119
}

func ExampleValidateAssetID() {
	for _, id := range []string{"6650b2f1c4a9e3001f2d7a41", "6650b2f1 c4a9", ""} {
		fmt.Printf("%q: %v\n", id, wrapper.ValidateAssetID(id))
	}
	// Output:
	// "6650b2f1c4a9e3001f2d7a41": <nil>
	// "6650b2f1 c4a9": webflow: invalid input: asset ID "6650b2f1 c4a9" contains whitespace; pass the asset's 24-character ID, as Webflow's List Assets endpoint returns it
	// "": webflow: invalid input: asset ID "" is empty; pass the asset's 24-character ID, as Webflow's List Assets endpoint returns it
}

func ExampleRequestError() {
	// Nothing listens on this port: every attempt fails to connect.
	client, _ := wrapper.NewClient("token", wrapper.WithBaseURL("http://127.0.0.1:1/v2"),
		wrapper.WithMaxAttempts(2), wrapper.WithBackoff(time.Millisecond, time.Millisecond))

	_, err := client.UpdateAsset(context.Background(), "6650b2f1c4a9e3001f2d7a41", wrapper.UpdateAssetRequest{DisplayName: new("x.png")})

	if requestErr, ok := errors.AsType[*wrapper.RequestError](err); ok {
		fmt.Println("attempts:", requestErr.Attempts)
		fmt.Println("connection refused:", errors.Is(err, syscall.ECONNREFUSED))
	}
	// Output:
	// attempts: 2
	// connection refused: true
}
