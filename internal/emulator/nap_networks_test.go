package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"
)

var napNetworkKeys = []string{"sid", "network_access_profile_sid", "friendly_name", "iso_country", "identifiers", "url"}

func TestAddNAPNetworkReturnsSubresourceShape(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	nap := mustCreateNAP(t, h.e, "")
	m := h.do(http.MethodPost, napURL(nap)+"/Networks", form("Network", attSID)).expect(t, http.StatusCreated)
	expectKeys(t, m, napNetworkKeys...)
	want := map[string]any{
		"sid":                        attSID,
		"network_access_profile_sid": nap,
		"friendly_name":              "AT&T",
		"iso_country":                "us", // lower case here, as the reference's example of this endpoint
		"identifiers":                []any{map[string]any{"mcc": "310", "mnc": "410"}, map[string]any{"mcc": "310", "mnc": "150"}},
		"url":                        h.ts.URL + "/v1/NetworkAccessProfiles/" + nap + "/Networks/" + attSID,
	}
	if !jsonEqual(m, want) {
		t.Fatalf("got %s\nwant %s", mustJSON(m), mustJSON(want))
	}
	fetched := h.do(http.MethodGet, napURL(nap)+"/Networks/"+attSID, nil).expect(t, 200)
	if !jsonEqual(fetched, want) {
		t.Fatalf("fetch differs from create: %s", mustJSON(fetched))
	}
}

func TestAddNAPNetworkErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	nap := mustCreateNAP(t, h.e, "", attSID)
	path := napURL(nap) + "/Networks"

	h.do(http.MethodPost, path, form("Network", attSID)).expectError(t, 409, 20409, attSID, "already in", nap)
	h.do(http.MethodPost, path, nil).expectError(t, 400, 20001, "Network")
	h.do(http.MethodPost, path, form("Network", "HWxyz")).expectError(t, 400, 20001, "'HWxyz'")
	h.do(http.MethodPost, path, form("Network", missingSID)).expectError(t, 400, 20001, missingSID, "not found in the Networks catalog")
	h.do(http.MethodPost, napURL("ghost")+"/Networks", form("Network", eeSID)).expectError(t, 404, 20404)
	h.do(http.MethodGet, napURL("ghost")+"/Networks", nil).expectError(t, 404, 20404)
	h.do(http.MethodGet, path+"/"+eeSID, nil).expectError(t, 404, 20404)
	h.do(http.MethodGet, path+"/not-a-sid", nil).expectError(t, 404, 20404)
	h.do(http.MethodDelete, path+"/"+eeSID, nil).expectError(t, 404, 20404)
	h.do(http.MethodPut, path+"/"+attSID, nil).expectError(t, 405, 20004)
}

func TestIdempotentNetworkAddAnswers201WithTheExistingEntry(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{IdempotentNetworkAdd: true})
	nap := mustCreateNAP(t, h.e, "", attSID)
	res := h.do(http.MethodPost, napURL(nap)+"/Networks", form("Network", attSID))
	res.expect(t, http.StatusCreated)
	var body map[string]any
	if err := json.Unmarshal(res.body, &body); err != nil || body["sid"] != attSID || body["network_access_profile_sid"] != nap {
		t.Fatalf("body %s (%v)", res.body, err)
	}
	if nets, _ := h.e.NAPNetworks(nap); len(nets) != 1 {
		t.Fatalf("networks %v, want the one entry once", nets)
	}
}

func TestNAPNetworksListInInsertionOrderAndDelete(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	nap := mustCreateNAP(t, h.e, "ordered", verizonSID)
	for _, sid := range []string{eeSID, attSID, tmobileSID} {
		h.do(http.MethodPost, napURL(nap)+"/Networks", form("Network", sid)).expect(t, http.StatusCreated)
	}
	h.clock.Advance(time.Minute)
	h.do(http.MethodDelete, napURL(nap)+"/Networks/"+eeSID, nil).expectNoContent(t)

	m := h.do(http.MethodGet, napURL("ordered")+"/Networks", nil).expect(t, 200)
	var got []string
	for _, nn := range itemsAt(t, m, "networks") {
		expectKeys(t, nn, napNetworkKeys...)
		got = append(got, stringAt(t, nn, "sid"))
	}
	if want := []string{verizonSID, attSID, tmobileSID}; !slices.Equal(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
	meta := objectAt(t, m, "meta")
	if meta["key"] != "networks" || meta["url"] != h.ts.URL+"/v1/NetworkAccessProfiles/"+nap+"/Networks?PageSize=50&Page=0" {
		t.Fatalf("meta = %v", meta)
	}
	// Network membership changes are not updates of the NAP itself.
	if napM := h.do(http.MethodGet, napURL(nap), nil).expect(t, 200); napM["date_updated"] != "2020-05-01T20:00:00Z" {
		t.Fatalf("date_updated moved to %v on a network change", napM["date_updated"])
	}
}
