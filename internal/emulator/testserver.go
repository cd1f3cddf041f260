package emulator

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestServer is an Emulator behind a real HTTP listener, which tests need
// because the connection-level faults only exist on a real socket.
type TestServer struct {
	// URL is the base URL to configure clients with (no trailing slash).
	URL string
	// Emulator gives access to the Go API (state, faults, counters).
	Emulator *Emulator
	// AccountSID and AuthToken are the accepted primary credentials.
	AccountSID string
	AuthToken  string
	// Server is the underlying listener, for tests needing its Client().
	Server *httptest.Server
}

// NewTestServer starts an emulator for the duration of a test; it is closed
// through tb.Cleanup so callers cannot leak listeners.
func NewTestServer(tb testing.TB, opts Options) *TestServer {
	tb.Helper()
	return NewTestServerWrapped(tb, opts, nil)
}

// NewTestServerWrapped is NewTestServer serving the emulator through wrap,
// such as a middleware that checks every request and answer against the
// OpenAPI description (internal/openapicheck). A nil wrap serves the
// emulator as is. TestServer.Emulator is the emulator itself either way.
func NewTestServerWrapped(tb testing.TB, opts Options, wrap func(http.Handler) http.Handler) *TestServer {
	tb.Helper()
	e := New(opts)
	var handler http.Handler = e
	if wrap != nil {
		handler = wrap(e)
	}
	srv := httptest.NewUnstartedServer(handler)
	// The emulator's own listener, so that outages can refuse connections.
	ln, err := e.Listen("127.0.0.1:0")
	if err != nil {
		tb.Fatalf("emulator: %v", err)
	}
	_ = srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	tb.Cleanup(srv.Close)
	return &TestServer{
		URL:        srv.URL,
		Emulator:   e,
		AccountSID: e.opts.AccountSID,
		AuthToken:  e.opts.AuthToken,
		Server:     srv,
	}
}

// NewRequest builds a request to path (which may carry a query string)
// with the account credentials already set, sparing raw-HTTP tests the
// boilerplate. A non-empty form becomes a form-encoded body.
func (ts *TestServer) NewRequest(method, path string, form url.Values) (*http.Request, error) {
	var body io.Reader
	if len(form) > 0 {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, ts.URL+path, body)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(ts.AccountSID, ts.AuthToken)
	if body != nil {
		req.Header.Set("Content-Type", formContentType)
	}
	return req, nil
}
