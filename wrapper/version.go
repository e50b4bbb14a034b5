package wrapper

import "runtime"

// Version is the version of this module. It is part of the User-Agent header.
const Version = "0.1.0"

// modulePath names this module in the User-Agent header.
const modulePath = "github.com/webflowkit/assets"

// defaultUserAgent is sent on every request, after the caller's own product
// token when WithUserAgent sets one, so that Webflow can always tell which
// client and Go version sent a request.
var defaultUserAgent = "webflowkit-assets/" + Version + " (+https://" + modulePath + "; " + runtime.Version() + ")"
