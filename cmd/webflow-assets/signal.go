package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// interruptContext returns a context that the first SIGINT or SIGTERM
// cancels, so that a command can stop cleanly. A second signal exits the
// process at once with exitInterrupted. stop releases the signals.
func interruptContext(stderr io.Writer) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})

	go func() {
		select {
		case sig := <-signals:
			cancel(fmt.Errorf("received %v", sig))
		case <-done:
			return
		}

		select {
		case sig := <-signals:
			fmt.Fprintf(stderr, "\nwebflow-assets: received %v again; exiting at once\n", sig)
			os.Exit(exitInterrupted)
		case <-done:
		}
	}()

	stop = func() {
		signal.Stop(signals)
		close(done)
		cancel(context.Canceled)
	}
	return ctx, stop
}
