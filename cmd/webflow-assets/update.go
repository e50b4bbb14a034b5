package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/webflowkit/assets/wrapper"
)

var updateCommand = &command{
	name:    "update",
	summary: "Change the display name of one asset",
	usage: `Usage:
  webflow-assets update ASSET_ID [--display-name NAME] [--locale-id ID] [flags]

Changes the display name of the asset ASSET_ID, in the site's primary locale or,
with --locale-id, in one locale, and prints the asset as Webflow returns it, as
indented JSON. Only the flags given are sent: --display-name "" sends an empty
name. Flags may come before or after ASSET_ID.

Flags:
  --display-name NAME    the new display name of the asset
  --locale-id ID         change the display name in this locale only
  --timeout DURATION     bound the whole call, retries and waits included, such as 30s
                         (default: no bound beyond 60s per attempt)
` + clientFlagsUsage + `
On failure, one line on stderr gives the HTTP status, Webflow's error code and
message, and the exit code is 1. An invalid command line, flag value or
ASSET_ID, such as one with '/' or whitespace, is rejected before anything is
sent, with the exit code 2.
`,
	run: runUpdate,
}

// updateFlags are the flags of the update command. displayNameSet and
// localeIDSet record whether each flag was given at all, so that an empty
// value is sent and an absent flag is not.
type updateFlags struct {
	client         clientFlags
	displayName    string
	localeID       string
	displayNameSet bool
	localeIDSet    bool
}

func runUpdate(ctx context.Context, c *cli, cmd *command, args []string) int {
	var f updateFlags
	fs := f.flagSet()
	positional, code := c.parseFlags(cmd, fs, args)
	if code >= 0 {
		return code
	}
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "display-name":
			f.displayNameSet = true
		case "locale-id":
			f.localeIDSet = true
		}
	})

	assetID, err := f.check(positional)
	if err != nil {
		return c.usageFailure(cmd, "%v", err)
	}
	if err := f.client.validate(); err != nil {
		return c.inputFailure(cmd, topicFlags, err)
	}
	if err := wrapper.ValidateAssetID(assetID); err != nil {
		return c.inputFailure(cmd, topicUsage, err)
	}

	showNote := func(note string) { fmt.Fprintln(c.stderr, note) }
	client, code := c.buildClient(&f.client, c.stderr, showNote)
	if client == nil {
		return code
	}

	asset, err := updateWithin(ctx, client, assetID, f.request(), f.client.timeout)
	if err != nil {
		return c.callFailure(ctx, err)
	}
	return c.printJSON(asset)
}

// updateWithin sends the update, bounded as a whole by timeout unless it is
// 0. When that bound ends the call, the error ends with a note that names
// --timeout. Other deadlines, such as the 60s bound of each attempt, get no
// such note.
func updateWithin(ctx context.Context, client *wrapper.Client, assetID string, req wrapper.UpdateAssetRequest, timeout time.Duration) (*wrapper.Asset, error) {
	if timeout == 0 {
		return client.UpdateAsset(ctx, assetID, req)
	}

	// net/http returns the context's cause as its error, so the cause reads
	// and matches as context.DeadlineExceeded. Because it is a value of its
	// own, context.Cause still separates this deadline from the others.
	timedOut := fmt.Errorf("%w", context.DeadlineExceeded)
	callCtx, cancel := context.WithTimeoutCause(ctx, timeout, timedOut)
	defer cancel()

	asset, err := client.UpdateAsset(callCtx, assetID, req)
	if errors.Is(err, context.DeadlineExceeded) && context.Cause(callCtx) == timedOut {
		err = fmt.Errorf("%w; the --timeout of %v ran out", err, timeout)
	}
	return asset, err
}

func (f *updateFlags) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("update", flag.ContinueOnError)
	f.client.register(fs)
	fs.StringVar(&f.displayName, "display-name", "", "")
	fs.StringVar(&f.localeID, "locale-id", "", "")
	return fs
}

// check returns the asset ID, or a usage error for a missing or extra
// argument or an update that sets nothing.
func (f *updateFlags) check(positional []string) (string, error) {
	switch len(positional) {
	case 0:
		return "", errors.New("missing ASSET_ID, the asset's 24-character ID as Webflow's List Assets endpoint returns it")
	case 1:
	default:
		return "", fmt.Errorf("expected one ASSET_ID, got %d arguments: %q", len(positional), positional)
	}

	if !f.displayNameSet {
		return "", errors.New("nothing to update: pass --display-name NAME, and --locale-id ID to change one locale only")
	}
	return positional[0], nil
}

// request returns the body to send, with only the fields whose flags were given.
func (f *updateFlags) request() wrapper.UpdateAssetRequest {
	var req wrapper.UpdateAssetRequest
	if f.displayNameSet {
		req.DisplayName = new(f.displayName)
	}
	if f.localeIDSet {
		req.LocaleID = new(f.localeID)
	}
	return req
}

func (c *cli) printJSON(v any) int {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return c.failure(fmt.Errorf("encoding the response as JSON: %w", err))
	}
	data = append(data, '\n')
	if _, err := c.stdout.Write(data); err != nil {
		return c.failure(fmt.Errorf("writing to stdout: %w", err))
	}
	return exitOK
}
