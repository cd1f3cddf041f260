package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
)

// bufferedResponse collects a handler's answer in memory. Handlers never
// write to the connection directly, which is what lets a DropAfterApply
// fault commit the state change and still withhold the response, and lets
// panic recovery answer cleanly because nothing has been sent yet.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newBufferedResponse() *bufferedResponse {
	return &bufferedResponse{header: http.Header{}}
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

func (b *bufferedResponse) flushTo(w http.ResponseWriter) {
	for k, v := range b.header {
		w.Header()[k] = v
	}
	status := b.status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write(b.body.Bytes())
}

// statusWriter remembers the status for the request log. Unwrap keeps
// http.ResponseController able to reach the Hijacker underneath, which the
// connection-dropping faults need.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(status int) {
	if s.status == 0 {
		s.status = status
	}
	s.ResponseWriter.WriteHeader(status)
}

func (s *statusWriter) Write(p []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(p)
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// abortConnection makes the client see a transport error instead of an HTTP
// answer. On HTTP/1 it hijacks the socket and closes it with SO_LINGER 0 so
// the peer gets a reset rather than a tidy EOF; where hijacking is
// impossible (HTTP/2, recorders) it falls back to http.ErrAbortHandler,
// which the server turns into a stream reset.
func abortConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(interface{ SetLinger(sec int) error }); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// recoverToTwilioError is the last line of defence: handlers are written not
// to panic, but if one does the client still gets a Twilio-shaped 500. The
// deliberate ErrAbortHandler panic is passed on to the server untouched.
func recoverToTwilioError(w http.ResponseWriter, logger *slog.Logger) {
	v := recover()
	if v == nil {
		return
	}
	if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
		panic(v)
	}
	if logger != nil {
		logger.Error("handler panic", "panic", fmt.Sprint(v))
	}
	writeError(w, errInternal)
}

// writeJSON writes v with the API's content type. HTML escaping is off so
// names like "AT&T" read the same in raw bodies as in the real API.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		fmt.Fprintf(&buf, `{"code":%d,"message":"Internal Server Error","more_info":"https://www.twilio.com/docs/errors/%d","status":500}`, codeInternal, codeInternal)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// writeNoContent answers a successful DELETE: 204 and an empty body.
func writeNoContent(w http.ResponseWriter) {
	w.WriteHeader(http.StatusNoContent)
}

// baseURL derives the emulator's own origin from the request so url and
// links fields are followable whatever address it listens on.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if host == "" {
		host = "localhost"
	}
	return scheme + "://" + host
}
