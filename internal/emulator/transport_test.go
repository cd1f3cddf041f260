package emulator

import (
	"net/http"
	"strings"
	"testing"
)

func TestAuthentication(t *testing.T) {
	t.Parallel()
	const keySID, keySecret = "SK0123456789abcdef0123456789abcdef", "key-secret"
	h := newHarness(t, Options{APIKeySID: keySID, APIKeySecret: keySecret})
	paths := []struct{ method, path string }{
		{http.MethodGet, "/v1/NetworkAccessProfiles"},
		{http.MethodGet, "/v1/Networks/" + attSID},
		{http.MethodDelete, consoleURL("whatever")},
		{http.MethodGet, "/_emulator/stats"},
		{http.MethodPost, "/_emulator/reset-stats"},
		{http.MethodGet, "/v1/Unknown"},
		{http.MethodDelete, "/v1/Networks"},
	}
	creds := []struct {
		name       string
		user, pass string
		set, ok    bool
	}{
		{"auth token", DefaultAccountSID, DefaultAuthToken, true, true},
		{"api key", keySID, keySecret, true, true},
		{"wrong token", DefaultAccountSID, "nope", true, false},
		{"key sid with auth token", keySID, DefaultAuthToken, true, false},
		{"account sid with key secret", DefaultAccountSID, keySecret, true, false},
		{"empty", "", "", true, false},
		{"missing", "", "", false, false},
	}
	for _, c := range creds {
		for _, p := range paths {
			req, _ := http.NewRequest(p.method, h.ts.URL+p.path, nil)
			if c.set {
				req.SetBasicAuth(c.user, c.pass)
			}
			res := h.send(req)
			if !c.ok {
				res.expectError(t, 401, 20003, "Authenticate")
				if got := res.header.Get("WWW-Authenticate"); got != `Basic realm="Twilio API"` {
					t.Errorf("%s %s: WWW-Authenticate = %q", c.name, p.path, got)
				}
			} else if res.status == 401 {
				t.Errorf("%s: %s %s refused valid credentials", c.name, p.method, p.path)
			}
		}
	}
}

func TestAPIKeyNeedsBothParts(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{APIKeySID: "SKonly"})
	req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/v1/Networks", nil)
	req.SetBasicAuth("SKonly", "")
	h.send(req).expectError(t, 401, 20003)
}

func TestPostBodyRules(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{MaxBodyBytes: 4096})
	post := func(contentType, body string) response {
		req, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/v1/NetworkAccessProfiles", strings.NewReader(body))
		req.SetBasicAuth(h.ts.AccountSID, h.ts.AuthToken)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		return h.send(req)
	}
	post("application/json", `{"UniqueName":"x"}`).expectError(t, 400, 20001, "Content-Type")
	post("", "UniqueName=x").expectError(t, 400, 20001, "Content-Type")
	post("application/x-www-form-urlencoded", "UniqueName=%zz").expectError(t, 400, 20001, "Malformed")
	post("application/x-www-form-urlencoded", "UniqueName="+strings.Repeat("a", 5000)).
		expectError(t, http.StatusRequestEntityTooLarge, 20413)
	post("application/x-www-form-urlencoded; charset=utf-8", "UniqueName=ok").expect(t, http.StatusCreated)
	post("", "").expect(t, http.StatusCreated)
	if n := len(h.e.NetworkAccessProfiles()); n != 2 {
		t.Fatalf("%d NAPs, want 2 (only the valid posts)", n)
	}
}

func TestQueryParametersDoNotReplaceTheForm(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	m := h.do(http.MethodPost, "/v1/NetworkAccessProfiles?UniqueName=from-query", nil).expect(t, http.StatusCreated)
	if m["unique_name"] != nil {
		t.Fatalf("a query parameter was taken as a form field: %v", m["unique_name"])
	}
}

func TestPanicsBecomeTwilio500(t *testing.T) {
	t.Parallel()
	rec := newBufferedResponse()
	func() {
		defer recoverToTwilioError(rec, nil)
		panic("boom")
	}()
	if rec.status != 500 || !strings.Contains(rec.body.String(), `"code":20500`) {
		t.Fatalf("got %d %s", rec.status, rec.body.String())
	}
}
