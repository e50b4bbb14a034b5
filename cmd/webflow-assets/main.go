// Command webflow-assets changes the display names of Webflow assets through
// the Data API v2, one at a time (update) or from a CSV file (bulk). It also
// shows the client at work against a fake server (demo), and runs that fake
// server on loopback for trying the other commands (fake).
//
// Run "webflow-assets help" for the commands and their flags.
package main

import "os"

func main() {
	ctx, stop := interruptContext(os.Stderr)
	code := run(ctx, os.Args[1:], os.LookupEnv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
