package emulator

import (
	"net/http"
	"regexp"
	"slices"
	"testing"
)

var networkKeys = []string{"sid", "friendly_name", "url", "iso_country", "identifiers"}

func TestSeedCatalogHasRealOperators(t *testing.T) {
	t.Parallel()
	cat := New(Options{}).Catalog()
	if len(cat) < 30 {
		t.Fatalf("catalog has %d networks, want at least 30", len(cat))
	}
	countries := map[string]bool{}
	sids := map[string]bool{}
	pairs := map[Identifier]bool{}
	multi := 0
	upper2 := regexp.MustCompile(`^[A-Z]{2}$`)
	for _, n := range cat {
		countries[n.IsoCountry] = true
		if !upper2.MatchString(n.IsoCountry) {
			t.Errorf("%s: iso_country %q is not two upper-case letters", n.FriendlyName, n.IsoCountry)
		}
		if !networkSIDPattern.MatchString(n.SID) || sids[n.SID] {
			t.Errorf("%s: SID %q malformed or duplicated", n.FriendlyName, n.SID)
		}
		sids[n.SID] = true
		for _, id := range n.Identifiers {
			if pairs[id] {
				t.Errorf("identifier %v used twice", id)
			}
			pairs[id] = true
		}
		if len(n.Identifiers) > 1 {
			multi++
		}
	}
	if len(countries) < 8 || multi == 0 {
		t.Fatalf("%d countries and %d multi-identifier networks; want >= 8 and > 0", len(countries), multi)
	}
	if n, ok := New(Options{}).catalog.lookup(attSID); !ok || n.FriendlyName != "AT&T" {
		t.Fatalf("CatalogNetworkSID(310, 410) does not name AT&T: %v", n)
	}
}

func TestGeneratedCatalogIsDeterministicAndUnique(t *testing.T) {
	t.Parallel()
	a, b := New(Options{CatalogSize: 3000}).Catalog(), New(Options{CatalogSize: 3000, Seed: 99}).Catalog()
	if len(a) != 3000 {
		t.Fatalf("len = %d, want 3000", len(a))
	}
	seen := map[string]bool{}
	for i := range a {
		if a[i].SID != b[i].SID || a[i].FriendlyName != b[i].FriendlyName {
			t.Fatalf("catalog entry %d differs between emulators: %v vs %v", i, a[i], b[i])
		}
		if seen[a[i].SID] {
			t.Fatalf("duplicate SID %s", a[i].SID)
		}
		seen[a[i].SID] = true
	}
	if a[len(seedOperators)+41].FriendlyName != "Generated Operator 0042" {
		t.Fatalf("unexpected generated name %q", a[len(seedOperators)+41].FriendlyName)
	}
}

func TestFetchNetwork(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	m := h.do(http.MethodGet, "/v1/Networks/"+verizonSID, nil).expect(t, 200)
	expectKeys(t, m, networkKeys...)
	want := map[string]any{
		"sid":           verizonSID,
		"friendly_name": "Verizon Wireless",
		"url":           h.ts.URL + "/v1/Networks/" + verizonSID,
		"iso_country":   "US",
		"identifiers":   []any{map[string]any{"mcc": "311", "mnc": "480"}},
	}
	if !jsonEqual(m, want) {
		t.Fatalf("got %s", mustJSON(m))
	}
	h.do(http.MethodGet, "/v1/Networks/"+missingSID, nil).expectError(t, 404, 20404, missingSID)
	h.do(http.MethodPost, "/v1/Networks/"+verizonSID, form("FriendlyName", "x")).expectError(t, 405, 20004)
	h.do(http.MethodPost, "/v1/Networks", nil).expectError(t, 405, 20004)
}

func TestListNetworksFilters(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	names := func(query string) []string {
		m := h.do(http.MethodGet, "/v1/Networks?"+query, nil).expect(t, 200)
		var out []string
		for _, n := range itemsAt(t, m, "networks") {
			out = append(out, stringAt(t, n, "friendly_name"))
		}
		return out
	}
	cases := []struct {
		query string
		want  []string
	}{
		{"IsoCountry=us", []string{"AT&T", "T-Mobile", "Verizon Wireless"}},
		{"IsoCountry=GB&Mnc=15", []string{"Vodafone UK"}},
		{"Mcc=311", []string{"T-Mobile", "Verizon Wireless"}},
		{"Mcc=310&Mnc=150", []string{"AT&T"}},
		// T-Mobile has 311-490 and 310-260 but no 311-260: both filters
		// must hold on the same identifier.
		{"Mcc=311&Mnc=260", nil},
		{"Mnc=020", []string{"Telcel"}},
		{"Mnc=20", []string{"Three UK", "Bouygues Telecom", "SoftBank", "Odido"}},
		{"IsoCountry=ZZ", nil},
	}
	for _, tc := range cases {
		got := names(tc.query)
		slices.Sort(got)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %v, want %v", tc.query, got, want)
		}
	}
	m := h.do(http.MethodGet, "/v1/Networks?IsoCountry=US&Mcc=310&Mnc=410", nil).expect(t, 200)
	wantURL := h.ts.URL + "/v1/Networks?IsoCountry=US&Mnc=410&Mcc=310&PageSize=50&Page=0"
	if meta := objectAt(t, m, "meta"); meta["url"] != wantURL || meta["first_page_url"] != wantURL {
		t.Fatalf("filters not kept in page URLs: %v", meta)
	}
}

func TestListNetworksIsInCatalogOrder(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	m := h.do(http.MethodGet, "/v1/Networks?PageSize=1000", nil).expect(t, 200)
	var got []string
	for _, n := range itemsAt(t, m, "networks") {
		expectKeys(t, n, networkKeys...)
		got = append(got, stringAt(t, n, "sid"))
	}
	var want []string
	for _, n := range h.e.Catalog() {
		want = append(want, n.SID)
	}
	if !slices.Equal(got, want) {
		t.Fatal("list order differs from catalog order")
	}
}
