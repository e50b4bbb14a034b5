package main

import (
	"errors"
	"fmt"

	"github.com/webflowkit/assets/wrapper"
)

// checkBaseURL returns a usage error for a --base-url that the client would
// reject, in the terms of the flag rather than of the client's option. A
// password in the URL is shown as xxxxx.
func checkBaseURL(rawURL string, allowHTTP bool) error {
	rejected, ok := errors.AsType[*wrapper.BaseURLError](wrapper.ValidateBaseURL(rawURL, allowHTTP))
	switch {
	case !ok:
		return nil
	case errors.Is(rejected, wrapper.ErrPlainHTTP):
		return fmt.Errorf("invalid --base-url %q: pass --allow-http to allow plain http:// to a host that is not loopback, which sends the token unencrypted, or use https://", rejected.URL)
	}
	return fmt.Errorf("invalid --base-url %q: %s", rejected.URL, rejected.Reason)
}
