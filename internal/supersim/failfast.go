package supersim

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// A wrong base_url, an untrusted certificate or a wrong token is wrong for
// every request of a run. Retrying such a failure only delays the error, and
// sending every other request anyway turns one mistake into hundreds of
// identical errors and a burst of requests. So the client fails fast: it
// never retries what no retry can fix, and once it has learned that the API
// cannot be used, it fails every later call at once, naming the first
// failure.
//
// A refused connection or a host that does not resolve is such a mistake
// only until the API has been reached once: after that, base_url is proven
// right, and the failure is a proxy restarting or a resolver hiccup, which
// passes. Then it is retried like any transient failure, within max_retries
// and max_retry_duration. Lookups that decide whether a write landed are
// never stopped by the fail-fast state: they are the only way to record
// what a write made.

// refusedBudget bounds how long a refused connection is retried before the
// API was ever reached: long enough for an API (or emulator) that is
// starting up, far shorter than the budget for a loaded API.
const refusedBudget = 4 * time.Second

// failureKind sorts failed attempts by what a retry can do about them.
type failureKind int

const (
	// failureTransient may pass: a timeout, a reset, a 5xx, a 429.
	failureTransient failureKind = iota
	// failureRefused: nothing listens at an address that never answered. A
	// server that is starting comes up within seconds; a wrong port never
	// does.
	failureRefused
	// failurePermanent: the host does not exist, its certificate is not
	// trusted, it speaks the other scheme, or the credentials are refused.
	// No retry helps.
	failurePermanent
)

// classify sorts a failed attempt. reached tells whether any earlier
// attempt of this client got through to a server at base_url.
func classify(resp *response, err error, reached bool) failureKind {
	if err == nil {
		if resp != nil && (resp.status == http.StatusUnauthorized || isSchemeRefusal(resp)) {
			return failurePermanent
		}
		return failureTransient
	}
	if isTLSTrustError(err) || isPlainHTTPAnswer(err) {
		return failurePermanent
	}
	if reached {
		return failureTransient
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return failurePermanent
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return failureRefused
	}
	return failureTransient
}

// isTLSTrustError reports a certificate that does not verify: signed by an
// authority this machine does not trust, expired, or for another host.
func isTLSTrustError(err error) bool {
	var unknownAuthority x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var hostname x509.HostnameError
	var verification *tls.CertificateVerificationError
	return errors.As(err, &unknownAuthority) || errors.As(err, &invalid) || errors.As(err, &hostname) || errors.As(err, &verification)
}

// isPlainHTTPAnswer reports that a server answered a TLS handshake in plain
// text: base_url says https, and the server speaks http. Go's transport
// reports an answer that starts like HTTP with a fixed message, and anything
// else as a record header that is not TLS.
func isPlainHTTPAnswer(err error) bool {
	var header tls.RecordHeaderError
	return errors.As(err, &header) || strings.Contains(err.Error(), "server gave HTTP response to HTTPS client")
}

// isSchemeRefusal reports a server's plain-text 400 saying that a plain-http
// request reached a port that speaks TLS: base_url says http, and the
// server speaks https. Go, nginx and Apache all name HTTPS or SSL in it.
func isSchemeRefusal(resp *response) bool {
	if resp.status != http.StatusBadRequest || isJSON(resp.header) {
		return false
	}
	body := strings.ToUpper(string(resp.body))
	return strings.Contains(body, "HTTPS") || strings.Contains(body, "SSL")
}

// unusableHint tells what to fix for a failure that makes the API unusable,
// naming the URL and the setting.
func unusableHint(kind failureKind, resp *response, err error, base string) string {
	switch {
	case resp != nil && resp.status == http.StatusUnauthorized:
		return fmt.Sprintf(" (the API at %s refused the credentials)", base)
	case resp != nil && isSchemeRefusal(resp):
		return fmt.Sprintf(" (base_url %s uses plain http, but the server there speaks https: check the scheme of base_url)", base)
	case err != nil && isPlainHTTPAnswer(err):
		return fmt.Sprintf(" (base_url %s uses https, but the server there answers in plain http: check the scheme of base_url)", base)
	case isTLSTrustError(err):
		return fmt.Sprintf(" (the certificate of %s is not trusted by this machine: check base_url, and if a proxy re-signs TLS, set ca_cert_file to its CA bundle)", base)
	case kind == failureRefused:
		return fmt.Sprintf(" (nothing accepts connections at %s: check base_url, and that the API or emulator is running)", base)
	default:
		return fmt.Sprintf(" (the host of %s does not resolve: check base_url)", base)
	}
}

// unusable remembers the first failure that made the API unusable for this
// client, and whether any request ever got through to it.
type unusable struct {
	mu      sync.Mutex
	first   error
	reached atomic.Bool
}

// record notes a failure that makes the API unusable, and returns it marked
// as such (see IsUnusable).
func (u *unusable) record(err error) error {
	marked := &UnusableError{Err: err}
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.first == nil {
		u.first = marked
	}
	return marked
}

func (u *unusable) err() error {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.first
}

// UnusableError is a failure that no retry can fix and that every other
// request would meet too: a wrong base_url, an untrusted certificate,
// refused credentials. Its text is the failure's.
type UnusableError struct{ Err error }

func (e *UnusableError) Error() string { return e.Err.Error() }
func (e *UnusableError) Unwrap() error { return e.Err }

// IsUnusable reports whether err says the API cannot be used at all by this
// client, either first-hand or by repeating an earlier call's failure: an
// error the caller should not soften.
func IsUnusable(err error) bool {
	var e *UnusableError
	return errors.As(err, &e)
}

// EarlierFailureError is what a call returns without sending anything,
// because an earlier call of the same run found the API unusable. It
// unwraps to that first failure, so IsUnauthorized and the like still
// answer for it.
type EarlierFailureError struct {
	Method string
	Path   string
	First  error
}

func (e *EarlierFailureError) Error() string {
	return fmt.Sprintf("%s %s: not sent, because an earlier request of this run failed: %v", e.Method, e.Path, e.First)
}

func (e *EarlierFailureError) Unwrap() error { return e.First }

// IsEarlierFailure reports whether err repeats an earlier call's failure
// rather than one of its own.
func IsEarlierFailure(err error) bool {
	var e *EarlierFailureError
	return errors.As(err, &e)
}

// outcomeLookupKey marks the context of a lookup that decides a write's
// outcome (see lookUp), which the fail-fast state does not stop.
type outcomeLookupKey struct{}

func isOutcomeLookup(ctx context.Context) bool {
	return ctx.Value(outcomeLookupKey{}) != nil
}
