package emulator

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func FuzzParseFormBody(f *testing.F) {
	f.Add("application/x-www-form-urlencoded", "UniqueName=a&Networks=HW1&Networks=HW2")
	f.Add("application/x-www-form-urlencoded; charset=utf-8", "a=%zz")
	f.Add("application/x-www-form-urlencoded", "a;b=c")
	f.Add("", "")
	f.Add("", "x=y")
	f.Add("application/json", `{"a":1}`)
	f.Add("multipart/form-data; boundary=x", "--x--")
	f.Add("application/x-www-form-urlencoded; =broken", "x=1")
	f.Add("application/x-www-form-urlencoded", "UniqueName=%E6%97%A5%2F%3F%23&&&=")
	f.Fuzz(func(t *testing.T, contentType, body string) {
		values, err := parseFormBody(contentType, []byte(body))
		if err != nil {
			var ae *apiError
			if !errors.As(err, &ae) || ae.status != http.StatusBadRequest || ae.code != codeInvalidParameter {
				t.Fatalf("error %v is not a Twilio 400/20001", err)
			}
			return
		}
		if values == nil {
			t.Fatal("nil values without error")
		}
		for name := range values {
			if _, _, err := singleParam(values, name); err != nil && len(values[name]) == 1 {
				t.Fatalf("singleParam refused a single value: %v", err)
			}
		}
	})
}

// FuzzHandlers throws arbitrary requests at the emulator: it must never
// panic and must always answer either a JSON Twilio error, a JSON success
// or an empty 204.
func FuzzHandlers(f *testing.F) {
	e := New(Options{CatalogSize: 60})
	nap := mustCreateNAPForFuzz(e)
	seeds := []struct{ method, path, contentType, body string }{
		{"GET", "/v1/NetworkAccessProfiles", "", ""},
		{"POST", "/v1/NetworkAccessProfiles", formContentType, "UniqueName=x&Networks=" + attSID},
		{"POST", "/v1/NetworkAccessProfiles", formContentType, "Networks=HW&Networks=%00"},
		{"GET", "/v1/NetworkAccessProfiles/" + nap, "", ""},
		{"POST", "/v1/NetworkAccessProfiles/fuzz%2Fnap", formContentType, "UniqueName="},
		{"GET", "/v1/NetworkAccessProfiles/fuzz%2Fnap/Networks?PageSize=1&PageToken=PTxx", "", ""},
		{"POST", "/v1/NetworkAccessProfiles/" + nap + "/Networks", formContentType, "Network=" + eeSID},
		{"DELETE", "/v1/NetworkAccessProfiles/" + nap + "/Networks/" + attSID, "", ""},
		{"GET", "/v1/Networks?IsoCountry=us&Mcc=310&Mnc=410&Page=3", "", ""},
		{"GET", "/v1/Networks/" + attSID, "", ""},
		{"POST", "/v1/Fleets", formContentType, "NetworkAccessProfile=" + nap + "&DataLimit=99999999999999999999"},
		{"POST", "/v1/Fleets/x", "application/json", "{}"},
		{"GET", "/v1/Fleets?NetworkAccessProfile=%ff", "", ""},
		{"POST", "/v1/Sims", formContentType, "Iccid=89883070000123456789&RegistrationCode=x"},
		{"POST", "/v1/Sims", formContentType, "Iccid=8988307000012345678%00&RegistrationCode="},
		{"GET", "/v1/Sims?Status=new&Fleet=fuzz%2Ffleet&Iccid=1", "", ""},
		{"POST", "/v1/Sims/fuzz%2Fsim", formContentType, "Status=active&Fleet=fuzz%2Ffleet&CallbackUrl=http://x"},
		{"GET", "/v1/UsageRecords?Group=isoCountry&Granularity=hour&StartTime=2020-01-01T00:00:00Z", "", ""},
		{"GET", "/v1/UsageRecords?Sim=fuzz%2Fsim&EndTime=0001-01-01T00:00:00Z", "", ""},
		{"POST", "/_emulator/UsageRecords", formContentType, "Sim=fuzz%2Fsim&Network=" + attSID + "&DataUpload=9223372036854775807"},
		{"POST", "/_emulator/UsageRecords", formContentType, "Sim=fuzz%2Fsim&Network=" + attSID + "&Time=9999-12-31T23:59:59Z"},
		{"DELETE", "/_console/NetworkAccessProfiles/nope", "", ""},
		{"PATCH", "/v1/NetworkAccessProfiles", "", ""},
		{"GET", "/v1/../../etc/passwd", "", ""},
		{"CONNECT", "/", "", ""},
		{"OPTIONS", "/_emulator/stats", "", ""},
		{"GET", "/_emulator/stats", "", ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.contentType, s.body)
	}
	f.Fuzz(func(t *testing.T, method, path, contentType, body string) {
		req, err := http.NewRequest(method, "http://emulator.test"+path, strings.NewReader(body))
		if err != nil {
			t.Skip()
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		req.SetBasicAuth(DefaultAccountSID, DefaultAuthToken)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		checkWellFormedAnswer(t, rec)
	})
}

func checkWellFormedAnswer(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code == http.StatusNoContent {
		if rec.Body.Len() != 0 {
			t.Fatalf("204 with a body: %q", rec.Body.String())
		}
		return
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("status %d with Content-Type %q: %q", rec.Code, ct, rec.Body.String())
	}
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("status %d, body not a JSON object: %q", rec.Code, rec.Body.String())
	}
	if rec.Code < 400 {
		if rec.Code != http.StatusOK && rec.Code != http.StatusCreated {
			t.Fatalf("unexpected success status %d", rec.Code)
		}
		return
	}
	var e errorBody
	_ = json.Unmarshal(rec.Body.Bytes(), &e)
	if e.Status != rec.Code || e.Code == 0 || e.Message == "" || !strings.HasPrefix(e.MoreInfo, "https://www.twilio.com/docs/errors/") {
		t.Fatalf("malformed Twilio error for %d: %q", rec.Code, rec.Body.String())
	}
}

// mustCreateNAPForFuzz also registers a SIM in a Fleet, with usage, so
// that the SIM and usage routes have something to find.
func mustCreateNAPForFuzz(e *Emulator) string {
	sid, err := e.CreateNAP(strPtr("fuzz/nap"), []string{attSID})
	if err != nil {
		panic(err)
	}
	if _, err := e.CreateFleet(sid, "fuzz/fleet"); err != nil {
		panic(err)
	}
	sim, err := e.CreateSim("89883070000000000001")
	if err == nil {
		err = e.RenameSim(sim, "fuzz/sim")
	}
	if err == nil {
		err = e.AssignSimToFleet(sim, "fuzz/fleet")
	}
	if err == nil {
		_, err = e.AddUsage(Usage{Sim: sim, Network: attSID, DataUpload: 1})
	}
	if err != nil {
		panic(err)
	}
	return sid
}
