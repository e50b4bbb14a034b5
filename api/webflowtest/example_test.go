package webflowtest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
	"github.com/webflowkit/assets/generated"
)

// The examples use Start and Close so that they run as programs. In a test,
// webflowtest.NewServer(t) does both.
func Example() {
	srv, err := webflowtest.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()

	body := strings.NewReader(`{"displayName": "harbour-at-dusk.png"}`)
	req, _ := http.NewRequest(http.MethodPatch, srv.URL+"/assets/"+webflowtest.ImageAssetID, body)
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	req.Header.Set("Content-Type", "application/json")

	resp, err := srv.Client().Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()

	var asset struct {
		DisplayName string `json:"displayName"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&asset); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, asset.DisplayName)
	fmt.Println("remaining this minute:", resp.Header.Get("X-RateLimit-Remaining"))
	// Output:
	// 200 harbour-at-dusk.png
	// remaining this minute: 59
}

// Seed the server with an asset of your own, script two faults, and read
// the request log to see what the client went through.
func ExampleServer_Enqueue() {
	srv, err := webflowtest.Start(webflowtest.WithAssets(generated.Asset{
		ID:               "0123456789abcdef01234567",
		ContentType:      "image/jpeg",
		Size:             52311,
		SiteID:           "6650a0d8b7e1f2001c9e4b10",
		HostedURL:        "https://cdn.prod.website-files.com/6650a0d8b7e1f2001c9e4b10/0123456789abcdef01234567_logo.jpg",
		OriginalFileName: "logo.jpg",
		DisplayName:      "logo.jpg",
		CreatedOn:        time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
		LastUpdated:      time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()

	srv.Enqueue(
		webflowtest.Status(http.StatusServiceUnavailable),
		webflowtest.RateLimited(2*time.Second),
	)

	for range 3 {
		req, _ := http.NewRequest(http.MethodPatch, srv.URL+"/assets/0123456789abcdef01234567",
			strings.NewReader(`{"displayName": "brand-logo.jpg"}`))
		req.Header.Set("Authorization", "Bearer "+srv.Token)
		req.Header.Set("Content-Type", "application/json")

		resp, err := srv.Client().Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Printf("%d Retry-After=%q\n", resp.StatusCode, resp.Header.Get("Retry-After"))
	}

	for _, r := range srv.Requests() {
		fmt.Printf("%s %s %d fault=%q\n", r.Method, r.Path, r.Status, r.FaultName)
	}
	asset, _ := srv.Asset("0123456789abcdef01234567")
	fmt.Println(asset.DisplayName, "after", srv.UpdateCount(asset.ID), "update")
	fmt.Println("responses that broke the OpenAPI document:", len(srv.Violations()))
	// Output:
	// 503 Retry-After=""
	// 429 Retry-After="2"
	// 200 Retry-After=""
	// PATCH /v2/assets/0123456789abcdef01234567 503 fault="Status(503)"
	// PATCH /v2/assets/0123456789abcdef01234567 429 fault="RateLimited(2s)"
	// PATCH /v2/assets/0123456789abcdef01234567 200 fault=""
	// brand-logo.jpg after 1 update
	// responses that broke the OpenAPI document: 0
}

// ApplyFirst models an update that Webflow applied while the client never
// received the response, which tests of a retrying client need.
func ExampleFault_ApplyFirst() {
	srv, err := webflowtest.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()

	srv.Enqueue(webflowtest.CloseBeforeHeaders().ApplyFirst())

	req, _ := http.NewRequest(http.MethodPatch, srv.URL+"/assets/"+webflowtest.DocumentAssetID,
		strings.NewReader(`{"displayName": "price-list-2026.pdf"}`))
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	req.Header.Set("Content-Type", "application/json")

	resp, err := srv.Client().Do(req)
	if err == nil {
		resp.Body.Close()
	}
	asset, _ := srv.Asset(webflowtest.DocumentAssetID)
	fmt.Println("client got an error:", err != nil)
	fmt.Println("server applied:", srv.UpdateCount(webflowtest.DocumentAssetID), asset.DisplayName)
	// Output:
	// client got an error: true
	// server applied: 1 price-list-2026.pdf
}
