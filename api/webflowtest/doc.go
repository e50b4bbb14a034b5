// Package webflowtest provides a fake Webflow Data API v2 server for tests of
// code that calls Update Asset (PATCH /v2/assets/{asset_id}), in the manner
// of net/http/httptest.
//
// Start one in a test with a single line. It listens on 127.0.0.1, closes at
// cleanup, and fails the test if any of its own responses broke the OpenAPI
// document:
//
//	srv := webflowtest.NewServer(t)
//
// Then point the code under test at srv.URL, which ends in /v2, with
// srv.Token as bearer token. srv.Client() returns an HTTP client for the
// server, for code that wants one; any client reaches it, because the server
// speaks plain HTTP on loopback. Outside a test, such as in a demo, use Start
// and Close.
//
// # What the fake models
//
//   - PATCH {URL}/assets/{asset_id} with displayName and localeId. A
//     localized update changes only that locale's display name and returns
//     the asset with that display name. Every update sets lastUpdated to the
//     current time in UTC, with milliseconds.
//   - Bearer tokens: a missing or unknown token gets 401 not_authorized, and
//     a token without the scope assets:write gets 401 missing_scopes.
//   - A rate limit per token in fixed windows (see WithRateLimit), with 429
//     too_many_requests and Retry-After. X-RateLimit-Limit and
//     X-RateLimit-Remaining are on every response except those of the
//     faults HTMLBadGateway, CloseBeforeHeaders and Respond.
//   - Request validation against the OpenAPI document with kin-openapi's
//     openapi3filter: 400 validation_error lists each problem in details.
//   - 404 resource_not_found for an unknown asset or path, and 405 with an
//     Allow header for another method on the asset path.
//   - Errors in Webflow's envelope {"code", "message", "externalReference",
//     "details"}, with Webflow's messages for 401, 404 and 429.
//   - Scripted faults (see Fault) for tests of retries and error handling.
//     They cover error statuses, 429 with either form of Retry-After, an
//     HTML page from a proxy, and connections closed before or during the
//     response. They also cover slow responses, truncated JSON and any raw
//     response.
//   - A self-check of every response that is not a scripted fault against
//     the OpenAPI document (see Server.Violations).
//
// # What it does not model
//
//   - Other endpoints of the Data API, such as List Assets or Get Asset.
//   - Sites, locales and workspaces: any localeId is accepted, and assets do
//     not belong to the token's site.
//   - OAuth flows, token expiry and the other scopes' meaning.
//   - Webflow's exact rate-limit algorithm, which the fixed windows only
//     approximate, and any limit that Webflow may share between the tokens
//     of one site.
//   - HTTPS and HTTP/2. The server speaks plain HTTP/1.1.
//
// # Order of the checks
//
// The server handles each request in this order. It records the request and
// responds 404 or 405 to anything but PATCH {URL}/assets/{asset_id}, and 400
// bad_request to a body over 1 MiB. Then the next queued fault, if any,
// responds. Otherwise the server checks the bearer
// token, counts the request against the token's rate limit, validates it,
// and applies the update or responds 404 for an unknown asset. Only requests
// that pass the token check count against the rate limit.
package webflowtest
