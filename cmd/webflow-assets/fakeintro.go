package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/webflowkit/assets/api/webflowtest"
	"github.com/webflowkit/assets/wrapper"
)

// printFakeIntro prints what a user needs to try the other commands against
// the fake server: its URL, token, rate limit and assets, and two commands.
func printFakeIntro(out io.Writer, server *webflowtest.Server, rateLimit int, rateWindow time.Duration) {
	fmt.Fprintf(out, "Fake Webflow server running at %s until Ctrl-C.\n", server.URL)
	fmt.Fprintf(out, "Token: %s (accepted by this server only)\n", server.Token)
	fmt.Fprintf(out, "Rate limit: %s per token\n", describeRate(rateLimit, rateWindow))

	assets := webflowtest.DefaultAssets()
	fmt.Fprintln(out, "\nAssets (ID, display name):")
	for _, asset := range assets {
		fmt.Fprintf(out, "  %s  %s\n", asset.ID, asset.DisplayName)
	}

	update, bulk := fakeCommands(server, assets, rateWindow)
	fmt.Fprintf(out, "\nTry, in another terminal:\n  %s\n  %s\n\n", update, bulk)
}

// fakeCommands returns an update command for the first asset and a bulk
// command that renames every asset, ready to paste into a POSIX shell. The
// bulk command reads its CSV from standard input, so it needs no file, and
// writes its report to renames.report.csv in the current directory.
func fakeCommands(server *webflowtest.Server, assets []wrapper.Asset, rateWindow time.Duration) (update, bulk string) {
	common := " --base-url " + shellQuote(server.URL)
	if rateWindow != wrapper.DefaultRateWindow {
		common += " --rate-window " + shellQuote(rateWindow.String())
	}
	env := wrapper.TokenEnv + "=" + shellQuote(server.Token) + " "

	update = env + programName + " update " + shellQuote(assets[0].ID) + " --display-name " + shellQuote(demoDisplayName) + common

	var csv strings.Builder
	csv.WriteString("asset_id,display_name\n")
	for i, asset := range assets {
		fmt.Fprintf(&csv, "%s,asset-%d%s\n", asset.ID, i+1, filepath.Ext(asset.DisplayName))
	}
	bulk = "printf " + shellQuote(printfFormat(csv.String())) + " | " +
		env + programName + " bulk --from - --report renames.report.csv" + common
	return update, bulk
}

// printfFormat returns a format for printf(1) that prints s.
func printfFormat(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", "%%", "\n", `\n`).Replace(s)
}
