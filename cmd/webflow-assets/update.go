package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

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
	client, code := c.newClient(cmd, &f.client, c.stderr, showNote)
	if client == nil {
		return code
	}

	asset, err := client.UpdateAsset(ctx, assetID, f.request())
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) && f.client.timeout > 0 {
			err = fmt.Errorf("%w; the --timeout of %v ran out", err, f.client.timeout)
		}
		return c.callFailure(ctx, err)
	}
	return c.printJSON(asset)
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

// newClient reads the token and builds the client. With -v the client logs to
// logOutput. Without -v, it passes a line for each long wait to showNote. On
// an error, newClient prints it and returns nil and the exit code: exitUsage
// for a bad --base-url, exitFailed for a missing or malformed token.
func (c *cli) newClient(cmd *command, f *clientFlags, logOutput io.Writer, showNote func(string)) (*wrapper.Client, int) {
	token, err := f.token(c.lookupEnv)
	if err != nil {
		return nil, c.failure(err)
	}

	client, err := f.newClient(token, logOutput, newWaitNotes(showNote, f.rateWindow))
	switch {
	case errors.Is(err, errBadBaseURL):
		return nil, c.inputFailure(cmd, topicFlags, err)
	case err != nil:
		return nil, c.failure(err)
	}
	return client, exitOK
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
