package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// testEpoch is the timestamp of the reference's examples, so rendered
// bodies can be compared with them literally.
var testEpoch = time.Date(2020, 5, 1, 20, 0, 0, 0, time.UTC)

// fakeClock is a manually advanced clock for date_updated assertions.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: testEpoch} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// apiHarness drives a TestServer with raw net/http, never the client
// package, so these tests check the emulator against the reference alone.
type apiHarness struct {
	t      *testing.T
	ts     *TestServer
	e      *Emulator
	clock  *fakeClock
	client *http.Client
}

func newHarness(t *testing.T, opts Options) *apiHarness {
	t.Helper()
	return newWrappedHarness(t, opts, nil)
}

// newWrappedHarness serves the emulator through wrap, as
// NewTestServerWrapped does.
func newWrappedHarness(t *testing.T, opts Options, wrap func(http.Handler) http.Handler) *apiHarness {
	t.Helper()
	clock := newFakeClock()
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	ts := NewTestServerWrapped(t, opts, wrap)
	return &apiHarness{t: t, ts: ts, e: ts.Emulator, clock: clock, client: ts.Server.Client()}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends an authenticated request; path may include a query string.
func (h *apiHarness) do(method, path string, form url.Values) response {
	h.t.Helper()
	req, err := h.ts.NewRequest(method, path, form)
	if err != nil {
		h.t.Fatalf("build %s %s: %v", method, path, err)
	}
	return h.send(req)
}

func (h *apiHarness) send(req *http.Request) response {
	h.t.Helper()
	res, err := h.client.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		h.t.Fatalf("read body: %v", err)
	}
	return response{status: res.StatusCode, header: res.Header, body: body}
}

// getURL follows an absolute URL taken from a response (next_page_url).
func (h *apiHarness) getURL(rawURL string) response {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		h.t.Fatalf("build GET %s: %v", rawURL, err)
	}
	req.SetBasicAuth(h.ts.AccountSID, h.ts.AuthToken)
	return h.send(req)
}

func (r response) object(t *testing.T) map[string]any {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type = %q, want application/json (body %s)", ct, r.body)
	}
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, r.body)
	}
	return m
}

// expect asserts the status and returns the decoded object body.
func (r response) expect(t *testing.T, status int) map[string]any {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body %s", r.status, status, r.body)
	}
	return r.object(t)
}

// expectError asserts a Twilio error body with the given status and code
// and that the message contains every fragment.
func (r response) expectError(t *testing.T, status, code int, fragments ...string) string {
	t.Helper()
	m := r.expect(t, status)
	wantKeys := []string{"code", "message", "more_info", "status"}
	if got := sortedKeys(m); !slices.Equal(got, wantKeys) {
		t.Fatalf("error keys = %v, want %v", got, wantKeys)
	}
	if m["code"] != float64(code) || m["status"] != float64(status) {
		t.Fatalf("code/status = %v/%v, want %d/%d; body %s", m["code"], m["status"], code, status, r.body)
	}
	if want := "https://www.twilio.com/docs/errors/" + itoa(code); m["more_info"] != want {
		t.Fatalf("more_info = %v, want %s", m["more_info"], want)
	}
	msg, _ := m["message"].(string)
	for _, f := range fragments {
		if !strings.Contains(msg, f) {
			t.Fatalf("message %q does not contain %q", msg, f)
		}
	}
	return msg
}

func (r response) expectNoContent(t *testing.T) {
	t.Helper()
	if r.status != http.StatusNoContent || len(r.body) != 0 {
		t.Fatalf("got %d with %d body bytes (%s), want 204 with empty body", r.status, len(r.body), r.body)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func expectKeys(t *testing.T, m map[string]any, want ...string) {
	t.Helper()
	slices.Sort(want)
	if got := sortedKeys(m); !slices.Equal(got, want) {
		t.Fatalf("keys = %v, want %v", got, want)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func napURL(ref string) string {
	return "/v1/NetworkAccessProfiles/" + url.PathEscape(ref)
}

func strPtr(s string) *string { return &s }

// Real catalog SIDs used across tests.
var (
	attSID      = CatalogNetworkSID("310", "410")
	tmobileSID  = CatalogNetworkSID("310", "260")
	verizonSID  = CatalogNetworkSID("311", "480")
	eeSID       = CatalogNetworkSID("234", "30")
	missingSID  = "HW" + strings.Repeat("0", 32)
	napSIDShape = napSIDPattern
)

func mustCreateNAP(t *testing.T, e *Emulator, name string, networks ...string) string {
	t.Helper()
	var n *string
	if name != "" {
		n = &name
	}
	sid, err := e.CreateNAP(n, networks)
	if err != nil {
		t.Fatalf("CreateNAP(%q): %v", name, err)
	}
	return sid
}

// jsonEqual compares decoded JSON values by their canonical encoding
// (encoding/json sorts map keys).
func jsonEqual(a, b any) bool {
	return mustJSON(a) == mustJSON(b)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "<unencodable>"
	}
	return string(b)
}

// Checked accessors: a body of the wrong shape fails the test with a
// message naming the field instead of panicking in a type assertion.

func objectAt(t *testing.T, m map[string]any, key string) map[string]any {
	t.Helper()
	v, ok := m[key].(map[string]any)
	if !ok {
		t.Fatalf("%s is %T, want an object: %s", key, m[key], mustJSON(m))
	}
	return v
}

func itemsAt(t *testing.T, m map[string]any, key string) []map[string]any {
	t.Helper()
	list, ok := m[key].([]any)
	if !ok {
		t.Fatalf("%s is %T, want an array: %s", key, m[key], mustJSON(m))
	}
	out := make([]map[string]any, len(list))
	for i, item := range list {
		obj, ok := item.(map[string]any)
		if !ok {
			t.Fatalf("%s[%d] is %T, want an object", key, i, item)
		}
		out[i] = obj
	}
	return out
}

func stringAt(t *testing.T, m map[string]any, key string) string {
	t.Helper()
	s, ok := m[key].(string)
	if !ok {
		t.Fatalf("%s is %T, want a string: %s", key, m[key], mustJSON(m))
	}
	return s
}
