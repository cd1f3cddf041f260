package supersim

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzResponseDecoding feeds arbitrary bodies, statuses and content types
// to every decoding path of the client: a broken or hostile server must
// produce an error, never a panic or a hang.
func FuzzResponseDecoding(f *testing.F) {
	seeds := []struct {
		status int
		ct     string
		body   string
	}{
		{200, "application/json", `{"sid":"HA0123456789abcdef0123456789abcdef","unique_name":null,"date_created":"2020-05-01T20:00:00Z"}`},
		{200, "application/json", `{"networks":[{"sid":"HW01","identifiers":[{"mcc":"310","mnc":"410"}]}],"meta":{"key":"networks","next_page_url":null}}`},
		{200, "application/json", `{"networks":[],"meta":{"next_page_url":"http://evil.example/v1/Networks"}}`},
		{200, "application/json", `{"networks":{},"meta":[]}`},
		{200, "application/json", `{"date_created":"yesterday"}`},
		{404, "application/json", `{"code":20404,"message":"not found","more_info":"https://www.twilio.com/docs/errors/20404","status":404}`},
		{409, "application/json", `{"code":"20409"}`},
		{500, "text/html", `<html>oops</html>`},
		{200, "", ""},
		{200, "application/json", "\x00\xff{"},
	}
	for _, s := range seeds {
		f.Add(s.status, s.ct, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		if status < 200 || status > 599 {
			status = 200
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			w.WriteHeader(status)
			_, _ = w.Write(body)
		}))
		defer srv.Close()
		c, err := New(Config{BaseURL: srv.URL, Username: "u", Password: "p", MaxRetries: -1})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		_, _ = c.FetchNetworkAccessProfile(ctx, "x")
		_, _ = c.ListNetworks(ctx, NetworkFilter{})
		_, _ = c.ListNetworkAccessProfileNetworks(ctx, "x")
		_, _ = c.AddNetworkAccessProfileNetwork(ctx, "x", "HW01")
		_ = c.RemoveNetworkAccessProfileNetwork(ctx, "x", "HW01")
	})
}

// FuzzParseBaseURL checks that no input panics and that every accepted URL
// is https, or http to a loopback host.
func FuzzParseBaseURL(f *testing.F) {
	for _, s := range []string{"https://supersim.twilio.com", "http://127.0.0.1:1", "http://[::1]:2/", "http://example.com", "https://x/%zz", "://", "http://localhost@evil.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := ParseBaseURL(raw)
		if err != nil {
			return
		}
		if u.Scheme != "https" && (u.Scheme != "http" || !IsLoopbackHost(u.Hostname())) {
			t.Fatalf("accepted %q as %s", raw, u)
		}
	})
}
