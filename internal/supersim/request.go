package supersim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// retryPolicy says which failures of a request may be retried.
type retryPolicy int

const (
	// retrySafe requests (reads) change nothing, so every transient
	// failure retries.
	retrySafe retryPolicy = iota
	// retryIdempotentWrite requests (a DELETE, setting a name) have the same
	// effect however often they run, so they retry like reads. When they
	// still fail after a try that may have reached the API, the outcome is
	// unknown: the error is an *OutcomeUnknownError.
	retryIdempotentWrite
	// retryCreate requests make something new. They are retried only when
	// the request provably was not applied: a 429, or a failure to connect.
	// Any other failure comes back as an *OutcomeUnknownError.
	retryCreate
)

type request struct {
	method string
	// path is already escaped (see pathOf); absolute, when set, is a full URL
	// from a next_page_url and wins over path.
	path     string
	absolute *url.URL
	query    url.Values
	form     url.Values
	policy   retryPolicy
}

func (r *request) target(base *url.URL) *url.URL {
	if r.absolute != nil {
		return r.absolute
	}
	u, _ := url.Parse(base.String() + r.path) // path comes from pathOf, always valid
	if len(r.query) > 0 {
		u.RawQuery = r.query.Encode()
	}
	return u
}

// maxResponseBytes bounds what we read of one response: a 1000-item page is
// well under 2 MiB, so anything near this is not the API.
const maxResponseBytes = 32 << 20

type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends r, retrying as its policy allows, and decodes a 2xx JSON body into
// out (when out is not nil). Any other answer becomes an *Error.
func (c *Client) do(ctx context.Context, r *request, out any) error {
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	if out == nil || resp.status == http.StatusNoContent {
		return nil
	}
	if err := json.Unmarshal(resp.body, out); err != nil {
		return fmt.Errorf("%s %s: the answer is not the JSON the Super SIM API sends (%s): %v; check base_url", r.method, r.target(c.base).Path, describeBody(resp), err)
	}
	return nil
}

// send runs the retry loop and returns a 2xx response or an error. A write
// that fails after any try that may have reached the API (sent, then a
// broken connection, a 5xx, a timeout or the caller's cancellation) fails
// with an *OutcomeUnknownError, so that the operation can look for its
// effect before it reports anything.
func (c *Client) send(ctx context.Context, r *request) (*response, error) {
	target := r.target(c.base)
	started := c.now()
	// The whole call, retries and the time inside each attempt included, is
	// bounded by max_retry_duration.
	callCtx, cancel := context.WithTimeout(ctx, c.maxRetryDuration)
	defer cancel()
	mayHaveApplied := false
	unknownIfSent := func(err error) error {
		if mayHaveApplied {
			return &OutcomeUnknownError{Method: r.method, Path: target.Path, Err: err}
		}
		return err
	}
	var refusedSince time.Time
	var last error
	for attempt := 0; ; attempt++ {
		if first := c.unusable.err(); first != nil && !isOutcomeLookup(ctx) {
			return nil, unknownIfSent(&EarlierFailureError{Method: r.method, Path: target.Path, First: first})
		}
		if callCtx.Err() != nil {
			return nil, unknownIfSent(c.stopped(ctx, r, target, attempt, started, last))
		}
		if err := c.window.acquire(callCtx); err != nil {
			return nil, unknownIfSent(c.stopped(ctx, r, target, attempt, started, last))
		}
		resp, err := c.attempt(callCtx, r, target, attempt)
		answered := c.window.release(resp)
		if err == nil || !notSent(err) {
			c.unusable.reached.Store(true)
		}
		if err == nil && resp.status < 300 {
			return resp, nil
		}
		if isFlowControl(resp) {
			// The account had no room for it, and nothing was applied. The
			// window has shrunk (window.go), and the request waits until
			// another of this client's requests is answered, which makes
			// room, and then for a place in the window. A retry paced so
			// is flow control, not one of max_retries (max_retry_duration
			// still bounds it). With none of this client's requests in
			// flight nothing paces it: the account is full with others'
			// work, and the retry counts and backs off as any 429's does.
			paced, waitErr := c.window.awaitAnswer(callCtx, answered)
			if waitErr != nil {
				return nil, unknownIfSent(c.stopped(ctx, r, target, attempt+1, started, c.finalError(r, target, resp, err)))
			}
			if paced {
				attempt--
				continue
			}
			if attempt >= c.maxRetries {
				return nil, unknownIfSent(c.finalError(r, target, resp, err))
			}
			wait := c.backoff(attempt)
			if elapsed := c.now().Sub(started); elapsed+wait > c.maxRetryDuration {
				return nil, unknownIfSent(c.gaveUp(attempt+1, elapsed, c.finalError(r, target, resp, err)))
			}
			if err := c.sleep(callCtx, wait); err != nil {
				return nil, unknownIfSent(c.stopped(ctx, r, target, attempt+1, started, c.finalError(r, target, resp, err)))
			}
			continue
		}
		if r.policy != retrySafe && reachedAPI(resp, err) {
			mayHaveApplied = true
		}
		final := c.finalError(r, target, resp, err)
		last = final
		if callCtx.Err() != nil {
			return nil, unknownIfSent(c.stopped(ctx, r, target, attempt+1, started, last))
		}
		switch classify(resp, err, c.unusable.reached.Load()) {
		case failurePermanent:
			return nil, c.unusable.record(final)
		case failureRefused:
			if refusedSince.IsZero() {
				refusedSince = c.now()
			} else if c.now().Sub(refusedSince) >= refusedBudget {
				return nil, c.unusable.record(final)
			}
		}
		wait, retry := c.shouldRetry(r, resp, err, attempt)
		if !refusedSince.IsZero() {
			// The last try comes when the budget ends, not a backoff step
			// later.
			wait = min(wait, max(refusedBudget-c.now().Sub(refusedSince), 0))
		}
		if !retry {
			if resp != nil && resp.status < 500 && resp.status != http.StatusTooManyRequests {
				// The API answered about the state as it is now (404,
				// 409, 400): that answer stands, whatever earlier tries did.
				return nil, final
			}
			return nil, unknownIfSent(final)
		}
		if elapsed := c.now().Sub(started); elapsed+wait > c.maxRetryDuration {
			return nil, unknownIfSent(c.gaveUp(attempt+1, elapsed, final))
		}
		tflog.Debug(c.logContext(ctx), "Super SIM API request will be retried", map[string]any{
			"method": r.method, "path": target.Path, "attempt": attempt + 1,
			"wait_ms": wait.Milliseconds(), "reason": retryReason(resp, err),
		})
		if err := c.sleep(callCtx, wait); err != nil {
			return nil, unknownIfSent(c.stopped(ctx, r, target, attempt+1, started, last))
		}
	}
}

// stopped explains a call that ended on its context: the caller's
// cancellation, or the call's own max_retry_duration.
func (c *Client) stopped(ctx context.Context, r *request, target *url.URL, attempts int, started time.Time, last error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s %s: %w", r.method, target.Path, ctx.Err())
	}
	if last == nil {
		last = fmt.Errorf("%s %s: %w", r.method, target.Path, context.DeadlineExceeded)
	}
	return c.gaveUp(attempts, c.now().Sub(started), last)
}

func (c *Client) gaveUp(attempts int, elapsed time.Duration, last error) error {
	return fmt.Errorf("gave up after %d attempts in %s (max retry duration %s): %w", attempts, elapsed.Round(time.Millisecond), c.maxRetryDuration, last)
}

// reachedAPI reports whether a failed try may have been applied: it got
// past connecting and was not refused with an answer that proves nothing
// happened (a 4xx, including 429).
func reachedAPI(resp *response, err error) bool {
	if err != nil {
		return !notSent(err)
	}
	return resp.status >= 500
}

// attempt sends r once, bounded by the request timeout, and reads the whole
// body before the timeout's context is released.
func (c *Client) attempt(ctx context.Context, r *request, target *url.URL, attempt int) (*response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.requestTimeout)
	defer cancel()

	var body io.Reader
	if r.form != nil {
		body = strings.NewReader(r.form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, r.method, target.String(), body)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(c.username, c.password)
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if r.form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}

	start := time.Now()
	httpResp, err := c.http.Do(req)
	if err != nil {
		c.logAttempt(ctx, r, target, attempt, 0, time.Since(start), err)
		return nil, err
	}
	defer httpResp.Body.Close()
	c.apiClock.observe(httpResp.Header, c.now())
	data, err := io.ReadAll(io.LimitReader(httpResp.Body, maxResponseBytes))
	c.logAttempt(ctx, r, target, attempt, httpResp.StatusCode, time.Since(start), err)
	if err != nil {
		return nil, err
	}
	return &response{status: httpResp.StatusCode, header: httpResp.Header, body: data}, nil
}

func (c *Client) logAttempt(ctx context.Context, r *request, target *url.URL, attempt, status int, d time.Duration, err error) {
	fields := map[string]any{
		"method": r.method, "path": target.Path, "status": status,
		"duration_ms": d.Milliseconds(), "attempt": attempt + 1,
	}
	if err != nil {
		fields["error"] = err.Error()
	}
	tflog.Debug(c.logContext(ctx), "Super SIM API request", fields)
}

// logContext masks the secret in anything logged, in case an error message
// ever echoes it.
func (c *Client) logContext(ctx context.Context) context.Context {
	ctx = tflog.MaskMessageStrings(ctx, c.password)
	return tflog.MaskAllFieldValuesStrings(ctx, c.password)
}

// shouldRetry decides whether a failed attempt is tried again and after how
// long.
func (c *Client) shouldRetry(r *request, resp *response, err error, attempt int) (time.Duration, bool) {
	if attempt >= c.maxRetries {
		return 0, false
	}
	if resp != nil && resp.status == http.StatusTooManyRequests {
		// A 429 is refused before anything is applied, so even a create
		// may repeat it.
		if wait, ok := c.retryAfter(resp.header); ok {
			return wait + c.spread(), true
		}
		return c.backoff(attempt), true
	}
	if r.policy == retryCreate && !notSent(err) {
		return 0, false
	}
	if err != nil || resp != nil && isTransientStatus(resp.status) {
		return c.backoff(attempt), true
	}
	return 0, false
}

func isTransientStatus(status int) bool {
	switch status {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// notSent reports whether err happened before any byte of the request could
// reach the server (it could not even connect), which makes a retry safe.
func notSent(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr)
}

// backoff is exponential with full jitter between half and all of the step,
// so that many resources retrying at once spread out.
func (c *Client) backoff(attempt int) time.Duration {
	const maxStep = 30 * time.Second
	step := c.baseBackoff << min(attempt, 16)
	if step > maxStep || step <= 0 {
		step = maxStep
	}
	half := step / 2
	return half + rand.N(half+1)
}

// spread is added to a Retry-After wait. Every request that met the same
// limit would otherwise come back at the same instant, meet it again in the
// same order, and the same unlucky ones would be refused every time until
// their retries ran out.
func (c *Client) spread() time.Duration {
	return rand.N(c.baseBackoff/2 + 1)
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date, capped
// so that a confused server cannot park a pipeline for hours.
func (c *Client) retryAfter(h http.Header) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	var wait time.Duration
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0, false
		}
		wait = time.Duration(secs) * time.Second
	} else if at, err := http.ParseTime(v); err == nil {
		wait = max(at.Sub(c.now()), 0)
	} else {
		return 0, false
	}
	return min(wait, c.maxRetryAfter), true
}

func retryReason(resp *response, err error) string {
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("HTTP %d", resp.status)
}

// finalError turns a failed attempt into what the caller sees when no retry
// follows (send marks it as an unknown outcome where that applies).
func (c *Client) finalError(r *request, target *url.URL, resp *response, err error) error {
	if err != nil {
		return fmt.Errorf("%s %s: %w%s", r.method, target.Path, err, c.connectionHint(err))
	}
	apiErr := decodeError(r.method, target.Path, resp)
	if classify(resp, nil, true) == failurePermanent {
		apiErr.Message += unusableHint(failurePermanent, resp, nil, c.base.String())
	}
	return apiErr
}

func (c *Client) connectionHint(err error) string {
	base := c.base
	if kind := classify(nil, err, c.unusable.reached.Load()); kind != failureTransient {
		return unusableHint(kind, nil, err, base.String())
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return " (the request timed out; raise request_timeout if the API is slow)"
	}
	if errors.As(err, new(*net.OpError)) || errors.As(err, new(*net.DNSError)) {
		return fmt.Sprintf(" (check that base_url %s is right and reachable)", base)
	}
	return ""
}

// twilioErrorBody is the JSON the API sends with every 4xx and 5xx.
type twilioErrorBody struct {
	Code     int    `json:"code"`
	Message  string `json:"message"`
	MoreInfo string `json:"more_info"`
	Status   int    `json:"status"`
}

func decodeError(method, path string, resp *response) *Error {
	e := &Error{Method: method, Path: path, Status: resp.status}
	var body twilioErrorBody
	if isJSON(resp.header) && json.Unmarshal(resp.body, &body) == nil && (body.Code != 0 || body.Message != "") {
		e.Code, e.Message, e.MoreInfo = body.Code, body.Message, body.MoreInfo
		return e
	}
	e.Message = "the answer is not a Super SIM API error (" + describeBody(resp) + "); check base_url"
	return e
}

func isJSON(h http.Header) bool {
	mediaType, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	return err == nil && (mediaType == "application/json" || strings.HasSuffix(mediaType, "+json"))
}

// describeBody summarises an unexpected body for an error message: its type
// and a short, printable start, so an HTML error page is recognisable.
func describeBody(resp *response) string {
	ct := resp.header.Get("Content-Type")
	if ct == "" {
		ct = "no Content-Type"
	}
	snippet := bytes.TrimSpace(resp.body)
	if len(snippet) > 120 {
		snippet = snippet[:120]
	}
	printable := strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return ' '
	}, string(snippet))
	if printable == "" {
		return ct + ", empty body"
	}
	return fmt.Sprintf("%s, body starts %q", ct, printable)
}

func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
