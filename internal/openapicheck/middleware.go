package openapicheck

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Middleware checks every /v1 request that reaches next, and next's answer
// to it, against the vendored description; each problem fails tb through
// tb.Errorf, naming the request. Other paths (the emulator's /_emulator
// and /_console helpers) pass through unchecked. Wrap the emulator of a
// test with it to prove that a client sends only what the API takes:
//
//	ts := emulator.NewTestServerWrapped(t, opts, func(h http.Handler) http.Handler {
//		return openapicheck.Middleware(t, h)
//	})
func Middleware(tb testing.TB, next http.Handler) http.Handler {
	tb.Helper()
	spec, err := Vendored()
	if err != nil {
		tb.Fatalf("openapicheck: %v", err)
	}
	return spec.Middleware(tb, next)
}

// Middleware is the package's Middleware for this description.
func (s *Spec) Middleware(tb testing.TB, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isAPIPath(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		label := r.Method + " " + r.URL.RequestURI()
		if err := s.checkHTTPRequest(r); err != nil {
			tb.Errorf("openapicheck: request %s:\n%v", label, err)
		}
		rec := &recordingWriter{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			return // no answer: the connection was dropped or hijacked
		}
		if err := s.CheckResponse(r.Method, r.URL.EscapedPath(), rec.status, rec.Header(), rec.body.Bytes()); err != nil {
			tb.Errorf("openapicheck: answer %d to %s:\n%v", rec.status, label, err)
		}
	})
}

func isAPIPath(p string) bool {
	return p == "/v1" || strings.HasPrefix(p, "/v1/")
}

// checkHTTPRequest reads a live request for CheckRequest and puts its body
// back for the handler.
func (s *Spec) checkHTTPRequest(r *http.Request) error {
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return Problems{fmt.Sprintf("the query string is malformed: %v", err)}
	}
	body, err := replaceBody(r)
	if err != nil {
		return Problems{fmt.Sprintf("the body cannot be read: %v", err)}
	}
	form, err := parseForm(r.Header.Get("Content-Type"), body)
	if err != nil {
		return Problems{err.Error()}
	}
	return s.CheckRequest(r.Method, r.URL.EscapedPath(), query, form)
}

func replaceBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	data, err := io.ReadAll(r.Body)
	r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(data))
	return data, err
}

// parseForm accepts what the API takes: no body, or a form-encoded one.
func parseForm(contentType string, body []byte) (url.Values, error) {
	if len(body) == 0 {
		return nil, nil
	}
	if mediaType, _, _ := mime.ParseMediaType(contentType); mediaType != formContentType {
		return nil, fmt.Errorf("the body has Content-Type %q; the API takes %s", contentType, formContentType)
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("the form body is malformed: %v", err)
	}
	return form, nil
}

// recordingWriter passes an answer on while keeping a copy to check.
// Unwrap lets http.ResponseController reach the connection underneath,
// which a server dropping connections on purpose needs.
type recordingWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *recordingWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *recordingWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.body.Write(p)
	return w.ResponseWriter.Write(p)
}

func (w *recordingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
