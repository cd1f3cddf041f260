package supersim

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is what the Super SIM API said when it refused a request. It keeps the
// HTTP status and the Twilio error code apart because callers branch on the
// status (404, 409) while users search the documentation by the code.
type Error struct {
	// Method and Path name the request, so a diagnostic can say what was asked.
	Method string
	Path   string

	Status   int
	Code     int
	Message  string
	MoreInfo string
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	s := fmt.Sprintf("%s %s: HTTP %d", e.Method, e.Path, e.Status)
	if e.Code != 0 {
		s += fmt.Sprintf(", Twilio error %d", e.Code)
	}
	s += ": " + msg
	if e.MoreInfo != "" {
		s += " (" + e.MoreInfo + ")"
	}
	return s
}

// Twilio error codes the provider reacts to.
const (
	CodeInvalidParameter = 20001
	CodeAuthenticate     = 20003
	CodeNotFound         = 20404
	CodeConflict         = 20409
	CodeTooManyRequests  = 20429
)

func statusOf(err error) int {
	var apiErr *Error
	if errors.As(err, &apiErr) {
		return apiErr.Status
	}
	return 0
}

// IsNotFound reports whether the API answered 404: the resource does not
// exist, or was deleted out of band.
func IsNotFound(err error) bool { return statusOf(err) == http.StatusNotFound }

// IsConflict reports whether the API answered 409: a unique name is taken, or
// a network is already in the profile.
func IsConflict(err error) bool { return statusOf(err) == http.StatusConflict }

// IsUnauthorized reports whether the credentials were refused.
func IsUnauthorized(err error) bool { return statusOf(err) == http.StatusUnauthorized }

// IsRateLimited reports whether the API still answered 429 after the retries.
func IsRateLimited(err error) bool { return statusOf(err) == http.StatusTooManyRequests }

// IsBadRequest reports whether the API rejected a parameter (400).
func IsBadRequest(err error) bool { return statusOf(err) == http.StatusBadRequest }

// OutcomeUnknownError says that a request which changes something may or may
// not have been applied: the connection failed or the server erred after the
// request was sent. Retrying such a request blindly could create a duplicate,
// so the operations that create things look before they try again.
type OutcomeUnknownError struct {
	Method string
	Path   string
	Err    error
}

func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("%s %s: the API may or may not have applied the request: %v", e.Method, e.Path, e.Err)
}

func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// IsOutcomeUnknown reports whether err leaves open whether a change was applied.
func IsOutcomeUnknown(err error) bool {
	var u *OutcomeUnknownError
	return errors.As(err, &u)
}
