package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
	"github.com/webflowkit/assets/wrapper"
)

var demoCommand = &command{
	name:    "demo",
	summary: "Rename an asset on a fake Webflow server on loopback (no token, no network)",
	usage: `Usage:
  webflow-assets demo

Starts a fake Webflow server on 127.0.0.1, which checks every request against
the OpenAPI description, renames one of its assets through the same client
that update uses, and prints the asset before and after, the request the
server received and the error for an unknown asset ID. It needs no token and
sends nothing beyond loopback.
`,
	run: runDemo,
}

// Inputs of the demo.
const (
	demoDisplayName    = "harbour-at-dusk-renamed.png"
	demoUnknownAssetID = "000000000000000000000000"
)

// demoHookTimeout bounds the wait for the server's request hook, which runs
// just after the response is sent.
const demoHookTimeout = 5 * time.Second

func runDemo(ctx context.Context, c *cli, cmd *command, args []string) int {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	if code := c.parseFlagsOnly(cmd, fs, args); code >= 0 {
		return code
	}

	received := make(chan webflowtest.Request, 16)
	server, err := webflowtest.Start(webflowtest.WithRequestHook(func(r webflowtest.Request) {
		select {
		case received <- r:
		default: // the demo sends two requests; more would be dropped
		}
	}))
	if err != nil {
		return c.failure(err)
	}
	defer server.Close()

	demo := &demo{cli: c, server: server, received: received}
	return demo.run(ctx)
}

// demo is one run of the demo command against its own fake server.
type demo struct {
	*cli
	server   *webflowtest.Server
	received chan webflowtest.Request
}

func (d *demo) run(ctx context.Context) int {
	out := d.stdout
	fmt.Fprintf(out, "Started a fake Webflow server at %s.\n", d.server.URL)
	fmt.Fprintln(out, "It listens on loopback only, checks every request against openapi.yaml, and accepts its own test token.")

	assetID := webflowtest.ImageAssetID
	before, _ := d.server.Asset(assetID)
	fmt.Fprintf(out, "\nAsset %s before the update:\n", assetID)
	printAssetSummary(out, before)

	flags := clientFlags{baseURL: d.server.URL, maxAttempts: wrapper.DefaultMaxAttempts, rateWindow: wrapper.DefaultRateWindow}
	client, err := flags.newClient(d.server.Token, io.Discard, nil)
	if err != nil {
		return d.failure(err)
	}

	fmt.Fprintf(out, "\nRenaming it to %q with the client that this command line uses, as\n  %s update %s --display-name %s --base-url %s\n",
		demoDisplayName, programName, assetID, demoDisplayName, d.server.URL)
	after, err := client.UpdateAsset(ctx, assetID, wrapper.UpdateAssetRequest{DisplayName: new(demoDisplayName)})
	if err != nil {
		return d.callFailure(ctx, err)
	}
	fmt.Fprintf(out, "\nAsset %s after the update, as the server returned it:\n", assetID)
	printAssetSummary(out, *after)

	if code := d.printReceived(ctx); code != exitOK {
		return code
	}
	if code := d.showNotFound(ctx, client); code != exitOK {
		return code
	}
	return d.checkContract()
}

// checkContract fails the demo when a response of the fake server broke the
// OpenAPI description, so that running the demo also checks the contract.
func (d *demo) checkContract() int {
	if code := d.reportViolations(d.server); code != exitOK {
		return code
	}
	fmt.Fprintln(d.stdout, "\nEvery response of the fake server matched openapi.yaml.")
	return exitOK
}

// printReceived prints the request that the server's hook reported.
func (d *demo) printReceived(ctx context.Context) int {
	request, err := d.nextRequest(ctx)
	if err != nil {
		return d.failure(err)
	}

	fmt.Fprintln(d.stdout, "\nThe request the server received:")
	fmt.Fprintf(d.stdout, "  %s %s\n", request.Method, request.Path)
	for _, name := range slices.Sorted(maps.Keys(request.Header)) {
		value := request.Header.Get(name)
		if name == "Authorization" {
			value = "Bearer [redacted]"
		}
		fmt.Fprintf(d.stdout, "  %s: %s\n", name, value)
	}
	fmt.Fprintf(d.stdout, "\n  %s\n", request.Body)
	return exitOK
}

// showNotFound sends an update for an unknown asset and prints the typed
// error it returns.
func (d *demo) showNotFound(ctx context.Context, client *wrapper.Client) int {
	fmt.Fprintf(d.stdout, "\nAn update of the unknown asset %s fails with a *wrapper.APIError:\n", demoUnknownAssetID)

	_, err := client.UpdateAsset(ctx, demoUnknownAssetID, wrapper.UpdateAssetRequest{DisplayName: new(demoDisplayName)})
	var apiErr *wrapper.APIError
	if !errors.As(err, &apiErr) {
		if err == nil {
			err = fmt.Errorf("the update of the unknown asset %s succeeded; the fake server should have responded with 404", demoUnknownAssetID)
		}
		return d.callFailure(ctx, err)
	}

	fmt.Fprintf(d.stdout, "  StatusCode: %d\n  Code:       %s\n  Message:    %s\n", apiErr.StatusCode, apiErr.Code, apiErr.Message)
	fmt.Fprintf(d.stdout, "\n%s prints it on stderr as one line and exits with 1:\n  %s\n", programName, failureLine(err))
	return exitOK
}

// nextRequest returns the next request that the server's hook reported.
func (d *demo) nextRequest(ctx context.Context) (webflowtest.Request, error) {
	timer := time.NewTimer(demoHookTimeout)
	defer timer.Stop()

	select {
	case request := <-d.received:
		return request, nil
	case <-ctx.Done():
		return webflowtest.Request{}, ctx.Err()
	case <-timer.C:
		return webflowtest.Request{}, fmt.Errorf("the fake server reported no request within %v", demoHookTimeout)
	}
}

func printAssetSummary(out io.Writer, asset wrapper.Asset) {
	fmt.Fprintf(out, "  displayName: %q\n  lastUpdated: %s\n", asset.DisplayName, asset.LastUpdated.Format(time.RFC3339Nano))
}
