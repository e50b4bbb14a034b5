package webflowtest

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"
)

// Fault is a scripted misbehaviour that the server sends in response to one
// request in place of the normal handling. Build one with Status,
// RateLimited, RetryAfterDate, HTMLBadGateway, CloseBeforeHeaders,
// CloseMidBody, DelayHeaders, TruncatedJSON or Respond, and queue it with
// Server.Enqueue.
//
// A fault responds to a request to PATCH /v2/assets/{asset_id} before the
// token, the rate limit and the body are checked. A fault with a 2xx status
// (CloseMidBody, TruncatedJSON, Respond with 200 to 299) applies a valid
// update first, because Webflow sends 2xx only for an update it applied.
// Other faults apply no update unless they were built with ApplyFirst.
// Requests to other paths or with other methods get their 404 or 405, and a
// body over 1 MiB gets 400; these leave the queue alone. Faults send
// X-RateLimit-Limit and X-RateLimit-Remaining with the token's current
// state, without counting the request, except where a constructor says
// otherwise. Their responses are off-contract on purpose, so the self-check
// skips them.
type Fault struct {
	name       string
	applyFirst bool // set by ApplyFirst, and by the constructors of 2xx faults

	// delay is the wait of DelayHeaders, the only fault without write: its
	// request is handled normally once the delay is over.
	delay time.Duration

	// status is the status that write sends, or 0 when it sends no status
	// line.
	status int
	write  func(w http.ResponseWriter, in faultInput)
}

// faultInput is the data that a fault may put in its response.
type faultInput struct {
	quota quota

	// asset is the JSON body of a successful update: the applied update
	// under ApplyFirst, otherwise the stored asset unchanged, or the 404
	// envelope when no asset has the id.
	asset []byte
}

// String returns the fault as it is written at the call site, such as
// "Status(503)" or "CloseMidBody().ApplyFirst()".
func (f Fault) String() string {
	if f.applyFirst && !f.successful() {
		return f.name + ".ApplyFirst()"
	}
	return f.name
}

// successful reports whether f sends a 2xx status, which implies ApplyFirst.
func (f Fault) successful() bool {
	return f.status >= 200 && f.status < 300
}

// ApplyFirst returns a copy of f that first handles the request normally
// and then sends f in place of the normal response. A valid update is
// applied and counted in UpdateCount, and the request counts against the
// rate limit. This models a server that applied the update while the client
// never received the response. ApplyFirst changes nothing for DelayHeaders,
// which always handles the request normally.
func (f Fault) ApplyFirst() Fault {
	f.applyFirst = true
	return f
}

// Status returns a fault that sends the status code with Webflow's error
// envelope and the error code that fits it:
//
//   - 5xx: internal_error
//   - 401: not_authorized
//   - 403: forbidden
//   - 404: resource_not_found
//   - 409: conflict
//   - 429: too_many_requests, with Retry-After: 60 and
//     X-RateLimit-Remaining: 0, as Webflow sends
//   - any other 4xx, such as 400 or 408: bad_request
//
// Status panics unless code is from 400 to 599. Use Respond for other
// statuses.
func Status(code int) Fault {
	if code < 400 || code > 599 {
		panic(fmt.Sprintf("webflowtest.Status(%d): the status must be from 400 to 599; use Respond for other statuses", code))
	}
	if code == http.StatusTooManyRequests {
		return rateLimitedFault("Status(429)", "60")
	}

	return Fault{
		name:   fmt.Sprintf("Status(%d)", code),
		status: code,
		write: func(w http.ResponseWriter, in faultInput) {
			writeResponse(w, errorResponse(errForStatus(code), in.quota))
		},
	}
}

// RateLimited returns a fault that sends 429 too_many_requests with
// Retry-After set to retryAfter in whole seconds, rounded up, and
// X-RateLimit-Remaining: 0. RateLimited panics when retryAfter is negative.
func RateLimited(retryAfter time.Duration) Fault {
	if retryAfter < 0 {
		panic(fmt.Sprintf("webflowtest.RateLimited(%v): the wait must not be negative", retryAfter))
	}
	return rateLimitedFault(fmt.Sprintf("RateLimited(%v)", retryAfter), strconv.Itoa(ceilSeconds(retryAfter)))
}

// RetryAfterDate returns a fault that sends 429 too_many_requests with
// Retry-After as an HTTP date (RFC 9110), such as
// "Tue, 03 Mar 2026 14:07:55 GMT", and X-RateLimit-Remaining: 0. HTTP dates
// have whole seconds, so the fraction of a second in t is dropped.
func RetryAfterDate(t time.Time) Fault {
	date := t.UTC().Format(http.TimeFormat)
	return rateLimitedFault(fmt.Sprintf("RetryAfterDate(%s)", date), date)
}

func rateLimitedFault(name, retryAfter string) Fault {
	return Fault{
		name:   name,
		status: http.StatusTooManyRequests,
		write: func(w http.ResponseWriter, in faultInput) {
			in.quota.remaining = 0
			resp := errorResponse(errTooManyRequests(), in.quota)
			resp.header.Set("Retry-After", retryAfter)
			writeResponse(w, resp)
		},
	}
}

// badGatewayPage is the kind of page that a reverse proxy sends when it
// cannot reach the application behind it.
const badGatewayPage = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
</body>
</html>
`

// HTMLBadGateway returns a fault that sends 502 with an HTML page, as a
// proxy in front of the API does, with Content-Type text/html and no
// rate-limit headers.
func HTMLBadGateway() Fault {
	return Fault{
		name:   "HTMLBadGateway()",
		status: http.StatusBadGateway,
		write: func(w http.ResponseWriter, _ faultInput) {
			writeResponse(w, response{
				status: http.StatusBadGateway,
				header: http.Header{"Content-Type": {"text/html"}},
				body:   []byte(badGatewayPage),
			})
		},
	}
}

// CloseBeforeHeaders returns a fault that closes the connection without
// sending a response. The client gets an error such as io.EOF. The request
// log shows status 0.
func CloseBeforeHeaders() Fault {
	return Fault{
		name: "CloseBeforeHeaders()",
		write: func(w http.ResponseWriter, _ faultInput) {
			conn, _ := hijack(w)
			conn.Close()
		},
	}
}

// CloseMidBody returns a fault that sends 200 with the asset's JSON, a
// Content-Length for all of it and the rate-limit headers, then closes the
// connection after half of the body. The client gets
// io.ErrUnexpectedEOF while it reads the body. A valid update is applied
// first, as for every 2xx fault.
func CloseMidBody() Fault {
	return Fault{
		name:       "CloseMidBody()",
		status:     http.StatusOK,
		applyFirst: true,
		write: func(w http.ResponseWriter, in faultInput) {
			header := http.Header{
				"Content-Type":   {jsonContentType},
				"Content-Length": {strconv.Itoa(len(in.asset))},
			}
			in.quota.setHeaders(header)

			conn, buffered := hijack(w)
			defer conn.Close()
			// Errors mean that the client has gone away, which is what
			// this fault simulates anyway.
			_, _ = buffered.WriteString("HTTP/1.1 200 OK\r\n")
			_ = header.Write(buffered)
			_, _ = buffered.WriteString("\r\n")
			_, _ = buffered.Write(in.asset[:len(in.asset)/2])
			_ = buffered.Flush()
		},
	}
}

// TruncatedJSON returns a fault that sends a complete 200 response whose
// application/json body is the first half of the asset's JSON, with a
// matching Content-Length and the rate-limit headers. The client reads the
// body without error and fails to decode it. A valid update is applied
// first, as for every 2xx fault.
func TruncatedJSON() Fault {
	return Fault{
		name:       "TruncatedJSON()",
		status:     http.StatusOK,
		applyFirst: true,
		write: func(w http.ResponseWriter, in faultInput) {
			header := http.Header{"Content-Type": {jsonContentType}}
			in.quota.setHeaders(header)
			writeResponse(w, response{status: http.StatusOK, header: header, body: in.asset[:len(in.asset)/2]})
		},
	}
}

// DelayHeaders returns a fault that waits for d, or until the client goes
// away or Close starts, whichever comes first. Then the server handles the
// request normally: the request counts against the rate limit, the update is
// applied, and the normal response goes out and through the self-check. A
// client whose timeout is shorter than d gets a timeout error while the
// server still applies the update. DelayHeaders panics when d is negative.
func DelayHeaders(d time.Duration) Fault {
	if d < 0 {
		panic(fmt.Sprintf("webflowtest.DelayHeaders(%v): the delay must not be negative", d))
	}
	return Fault{name: fmt.Sprintf("DelayHeaders(%v)", d), delay: d}
}

// Respond returns a fault that sends exactly status, header and body, with
// no rate-limit headers unless header has them. Without a Content-Type in
// header, the response has none. The server adds only Date and, unless
// header has one, Content-Length. Use it for anything the other constructors
// do not cover: an empty body, a numeric or unknown error code, a wrong
// Content-Type, an asset wrapped in {"asset": ...}, a bad timestamp. With a
// 2xx status, a valid update is applied first, as Webflow would have done.
// Respond panics unless status is from 200 to 999.
func Respond(status int, header http.Header, body string) Fault {
	if status < 200 || status > 999 {
		panic(fmt.Sprintf("webflowtest.Respond(%d, ...): the status must be from 200 to 999", status))
	}
	header = header.Clone()
	return Fault{
		name:       fmt.Sprintf("Respond(%d)", status),
		status:     status,
		applyFirst: status >= 200 && status < 300,
		write: func(w http.ResponseWriter, _ faultInput) {
			writeResponse(w, response{status: status, header: header, body: []byte(body)})
		},
	}
}

// hijack takes over the connection of w. net/http supports this for
// HTTP/1.1, which is all the server speaks, so an error here is a bug in
// this package.
func hijack(w http.ResponseWriter) (net.Conn, *bufio.Writer) {
	conn, buffered, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(fmt.Sprintf("webflowtest: hijack the connection: %v", err))
	}
	return conn, buffered.Writer
}
