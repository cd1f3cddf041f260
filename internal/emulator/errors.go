package emulator

import (
	"errors"
	"fmt"
	"net/http"
)

// Sentinel errors let code driving the Go API branch on the kind of refusal
// without parsing messages. Every error returned by the Go API matches
// exactly one of them with errors.Is.
var (
	// ErrNotFound reports that a referenced NAP, Fleet or Network does not exist.
	ErrNotFound = errors.New("emulator: not found")
	// ErrConflict reports a uniqueness clash or a NAP still used by a Fleet.
	ErrConflict = errors.New("emulator: conflict")
	// ErrInvalid reports an argument the API would refuse with a 400.
	ErrInvalid = errors.New("emulator: invalid argument")
)

// Twilio error codes used by the emulator. They are the codes the reference
// lists; where it lists none (413, injected 5xx) the emulator follows the
// same 20000+status convention so a client can treat them uniformly.
const (
	codeInvalidParameter = 20001
	codeUnauthenticated  = 20003
	codeMethodNotAllowed = 20004
	codeNotFound         = 20404
	codeConflict         = 20409
	codeTooLarge         = 20413
	codeTooManyRequests  = 20429
	codeInternal         = 20500
)

// apiError carries everything needed to answer a request with a Twilio error
// body, so state operations can fail in one place and handlers stay thin.
type apiError struct {
	status  int
	code    int
	message string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d (code %d): %s", e.status, e.code, e.message)
}

// Is maps HTTP semantics onto the sentinels so Go API callers need not know
// Twilio codes.
func (e *apiError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.status == http.StatusNotFound
	case ErrConflict:
		return e.status == http.StatusConflict
	case ErrInvalid:
		return e.status == http.StatusBadRequest
	}
	return false
}

func errInvalidParam(format string, args ...any) error {
	return &apiError{status: http.StatusBadRequest, code: codeInvalidParameter, message: fmt.Sprintf(format, args...)}
}

// errNotFound words the message the way Twilio does: it names the path of
// the missing resource.
func errNotFound(resourcePath string) error {
	return &apiError{
		status:  http.StatusNotFound,
		code:    codeNotFound,
		message: fmt.Sprintf("The requested resource %s was not found", resourcePath),
	}
}

func errConflict(format string, args ...any) error {
	return &apiError{status: http.StatusConflict, code: codeConflict, message: fmt.Sprintf(format, args...)}
}

func errTooLarge(limit int64) error {
	return &apiError{
		status:  http.StatusRequestEntityTooLarge,
		code:    codeTooLarge,
		message: fmt.Sprintf("Request body exceeds the limit of %d bytes", limit),
	}
}

var (
	errUnauthenticated  = &apiError{status: http.StatusUnauthorized, code: codeUnauthenticated, message: "Authenticate"}
	errMethodNotAllowed = &apiError{status: http.StatusMethodNotAllowed, code: codeMethodNotAllowed, message: "Method not allowed"}
	errInternal         = &apiError{status: http.StatusInternalServerError, code: codeInternal, message: "Internal Server Error"}
)

// errInjectedStatus builds the body of a FaultStatus answer. 429 gets the
// documented rate-limit code; other statuses follow 20000+status.
func errInjectedStatus(status int) *apiError {
	if status == http.StatusTooManyRequests {
		return &apiError{status: status, code: codeTooManyRequests, message: "Too Many Requests"}
	}
	msg := http.StatusText(status)
	if msg == "" {
		msg = "Injected fault"
	}
	return &apiError{status: status, code: 20000 + status, message: msg}
}

// errorBody is the wire shape of every Twilio error; field order follows the
// reference so raw bodies read the same as the real service's.
type errorBody struct {
	Code     int    `json:"code"`
	Message  string `json:"message"`
	MoreInfo string `json:"more_info"`
	Status   int    `json:"status"`
}

// writeError answers with err's Twilio error body. Errors that are not
// apiErrors are bugs in the emulator; they become a 500 rather than leaking
// Go error text.
func writeError(w http.ResponseWriter, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		ae = errInternal
	}
	writeJSON(w, ae.status, errorBody{
		Code:     ae.code,
		Message:  ae.message,
		MoreInfo: fmt.Sprintf("https://www.twilio.com/docs/errors/%d", ae.code),
		Status:   ae.status,
	})
}
