package emulator

import (
	"crypto/subtle"
	"net/http"
)

// authenticate enforces HTTP Basic on every route, answering the 401 itself
// so wrappers only need to stop when it returns false.
func (e *Emulator) authenticate(w http.ResponseWriter, r *http.Request) bool {
	if e.credentialsValid(r) {
		return true
	}
	w.Header().Set("WWW-Authenticate", `Basic realm="Twilio API"`)
	writeError(w, errUnauthenticated)
	return false
}

// credentialsValid compares in constant time and always evaluates every
// accepted pair, so response timing reveals neither which part was wrong
// nor whether an API key is configured.
func (e *Emulator) credentialsValid(r *http.Request) bool {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return false
	}
	match := pairMatches(user, pass, e.opts.AccountSID, e.opts.AuthToken)
	keyMatch := pairMatches(user, pass, e.opts.APIKeySID, e.opts.APIKeySecret)
	if e.opts.APIKeySID != "" && e.opts.APIKeySecret != "" {
		match |= keyMatch
	}
	return match == 1
}

func pairMatches(user, pass, wantUser, wantPass string) int {
	u := subtle.ConstantTimeCompare([]byte(user), []byte(wantUser))
	p := subtle.ConstantTimeCompare([]byte(pass), []byte(wantPass))
	return u & p
}
