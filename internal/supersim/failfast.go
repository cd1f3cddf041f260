package supersim

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"
)

// A wrong base_url, an untrusted certificate or a wrong token is wrong for
// every request of a run. Retrying such a failure only delays the error, and
// sending every other request anyway turns one mistake into hundreds of
// identical errors and a burst of requests. So the client fails fast: it
// never retries what no retry can fix, retries a refused connection only
// briefly, and once it has learned that the API cannot be used, it fails
// every later call at once, naming the first failure.

// refusedBudget bounds how long a refused connection is retried: long
// enough for an API (or emulator) that is starting up, far shorter than
// the budget for a loaded API.
const refusedBudget = 4 * time.Second

// failureKind sorts failed attempts by what a retry can do about them.
type failureKind int

const (
	// failureTransient may pass: a timeout, a reset, a 5xx, a 429.
	failureTransient failureKind = iota
	// failureRefused: nothing listens at the address. A server that is
	// restarting comes back within seconds; a wrong port never does.
	failureRefused
	// failurePermanent: the host does not exist, its certificate is not
	// trusted, or the credentials are refused. No retry helps.
	failurePermanent
)

func classify(resp *response, err error) failureKind {
	if err == nil {
		if resp != nil && resp.status == http.StatusUnauthorized {
			return failurePermanent
		}
		return failureTransient
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return failurePermanent
	}
	if isTLSTrustError(err) {
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

// unusableHint tells what to fix for a failure that makes the API unusable,
// naming the URL and the setting.
func unusableHint(kind failureKind, resp *response, err error, base string) string {
	switch {
	case resp != nil && resp.status == http.StatusUnauthorized:
		return fmt.Sprintf(" (the API at %s refused the credentials)", base)
	case isTLSTrustError(err):
		return fmt.Sprintf(" (the certificate of %s is not trusted by this machine: check base_url, and if a proxy re-signs TLS, set ca_cert_file to its CA bundle)", base)
	case kind == failureRefused:
		return fmt.Sprintf(" (nothing accepts connections at %s: check base_url, and that the API or emulator is running)", base)
	default:
		return fmt.Sprintf(" (the host of %s does not resolve: check base_url)", base)
	}
}

// unusable remembers the first failure that made the API unusable for this
// client.
type unusable struct {
	mu    sync.Mutex
	first error
}

func (u *unusable) record(err error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.first == nil {
		u.first = err
	}
}

func (u *unusable) err() error {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.first
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
