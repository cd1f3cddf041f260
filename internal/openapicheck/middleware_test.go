package openapicheck_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
	"github.com/supersim-tf/terraform-provider-supersim/internal/openapicheck"
)

// recordingTB keeps what the middleware reports instead of failing the
// test, so a test can assert that a bad request is reported.
type recordingTB struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// take returns and forgets what was reported since the last call.
func (r *recordingTB) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.errors
	r.errors = nil
	return out
}

func checkedEmulator(t *testing.T) (*emulator.TestServer, *recordingTB) {
	t.Helper()
	rec := &recordingTB{TB: t}
	ts := emulator.NewTestServerWrapped(t, emulator.Options{}, func(h http.Handler) http.Handler {
		return openapicheck.Middleware(rec, h)
	})
	return ts, rec
}

func send(t *testing.T, ts *emulator.TestServer, method, target string, form url.Values) int {
	t.Helper()
	req, err := ts.NewRequest(method, target, form)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ts.Server.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	return res.StatusCode
}

// The emulator, like the API, ignores parameters it does not know: a
// client that misspells one or puts it in the wrong place gets a 200 and
// never notices. The middleware notices.
func TestMiddlewareReportsMisspeltAndMisplacedParameters(t *testing.T) {
	t.Parallel()
	ts, rec := checkedEmulator(t)

	if status := send(t, ts, http.MethodGet, "/v1/Sims?Pagesize=10", nil); status != http.StatusOK {
		t.Fatalf("the emulator answered %d", status)
	}
	expectReported(t, rec.take(), "request GET /v1/Sims?Pagesize=10", "query parameter Pagesize", "did you mean PageSize?")

	if status := send(t, ts, http.MethodPost, "/v1/NetworkAccessProfiles?UniqueName=pilot", nil); status != http.StatusCreated {
		t.Fatalf("the emulator answered %d", status)
	}
	expectReported(t, rec.take(), "query parameter UniqueName is a form field of this operation: send it in the request body")

	send(t, ts, http.MethodPost, "/v1/Sims", url.Values{"Iccid": {"89883070000123456789"}})
	expectReported(t, rec.take(), "RegistrationCode")
}

func TestMiddlewarePassesValidTrafficAndHelperRoutes(t *testing.T) {
	t.Parallel()
	ts, rec := checkedEmulator(t)
	for _, r := range []struct {
		method, target string
		form           url.Values
		status         int
	}{
		{http.MethodPost, "/v1/Sims", url.Values{"Iccid": {"89883070000123456789"}, "RegistrationCode": {"CODE"}}, http.StatusCreated},
		{http.MethodGet, "/v1/Sims?Status=new&PageSize=1", nil, http.StatusOK},
		{http.MethodGet, "/v1/UsageRecords?Granularity=day", nil, http.StatusOK},
		// Errors are checked against Twilio's shape, and pass.
		{http.MethodGet, "/v1/Sims/nobody", nil, http.StatusNotFound},
		// Helper routes are not the API: nothing about them is checked.
		{http.MethodGet, "/_emulator/stats?anything=goes", nil, http.StatusOK},
		{http.MethodDelete, "/_console/NetworkAccessProfiles/nope?x=1", nil, http.StatusNotFound},
	} {
		if status := send(t, ts, r.method, r.target, r.form); status != r.status {
			t.Errorf("%s %s answered %d, want %d", r.method, r.target, status, r.status)
		}
	}
	if got := rec.take(); len(got) > 0 {
		t.Fatalf("valid traffic was reported:\n%s", strings.Join(got, "\n"))
	}
}

// An answer that departs from the description is reported, and a
// connection dropped without an answer is not an answer to check.
func TestMiddlewareReportsBadAnswersAndSkipsDroppedOnes(t *testing.T) {
	t.Parallel()
	spec, err := openapicheck.Vendored()
	if err != nil {
		t.Fatal(err)
	}
	rec := &recordingTB{TB: t}
	srv := httptest.NewServer(spec.Middleware(rec, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("drop") {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"sid":"not a sim"}`)
	})))
	defer srv.Close()

	res, err := http.Get(srv.URL + "/v1/Sims/HSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	expectReported(t, rec.take(), "answer 200 to GET /v1/Sims/HSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "$.sid")

	if res, err := http.Get(srv.URL + "/v1/Sims?drop=1"); err == nil {
		res.Body.Close()
		t.Fatal("the hijacked connection answered")
	}
	for _, reported := range rec.take() {
		if strings.Contains(reported, "answer") {
			t.Errorf("a dropped connection was checked as an answer: %s", reported)
		}
	}
}

func expectReported(t *testing.T, reported []string, fragments ...string) {
	t.Helper()
	for _, r := range reported {
		if containsAll(r, fragments) {
			return
		}
	}
	t.Errorf("reported:\n%s\nnothing containing %q", strings.Join(reported, "\n"), fragments)
}
