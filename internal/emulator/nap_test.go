package emulator

import (
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"
)

var napKeys = []string{"sid", "unique_name", "account_sid", "date_created", "date_updated", "url", "links"}

func TestCreateNAPMinimalMatchesReferenceShape(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	m := h.do(http.MethodPost, "/v1/NetworkAccessProfiles", nil).expect(t, http.StatusCreated)

	expectKeys(t, m, napKeys...)
	sid, _ := m["sid"].(string)
	if !napSIDShape.MatchString(sid) {
		t.Fatalf("sid %q does not match the HA pattern", sid)
	}
	if m["unique_name"] != nil {
		t.Errorf("unique_name = %v, want null", m["unique_name"])
	}
	want := map[string]any{
		"account_sid":  DefaultAccountSID,
		"date_created": "2020-05-01T20:00:00Z",
		"date_updated": "2020-05-01T20:00:00Z",
		"url":          h.ts.URL + "/v1/NetworkAccessProfiles/" + sid,
		"links":        map[string]any{"networks": h.ts.URL + "/v1/NetworkAccessProfiles/" + sid + "/Networks"},
	}
	for k, v := range want {
		if !jsonEqual(m[k], v) {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
}

func TestCreateNAPWithNameAndNetworksDeduplicates(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	f := form("UniqueName", "My Network Access Profile",
		"Networks", attSID, "Networks", eeSID, "Networks", attSID)
	m := h.do(http.MethodPost, "/v1/NetworkAccessProfiles", f).expect(t, http.StatusCreated)
	if m["unique_name"] != "My Network Access Profile" {
		t.Fatalf("unique_name = %v", m["unique_name"])
	}
	got, ok := h.e.NAPNetworks(stringAt(t, m, "sid"))
	if !ok || !slices.Equal(got, []string{attSID, eeSID}) {
		t.Fatalf("networks = %v, want [AT&T EE] in order without the repeat", got)
	}
}

func TestCreateNAPEmptyUniqueNameIsNull(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	m := h.do(http.MethodPost, "/v1/NetworkAccessProfiles", form("UniqueName", "")).expect(t, http.StatusCreated)
	if m["unique_name"] != nil {
		t.Fatalf("unique_name = %v, want null", m["unique_name"])
	}
}

func TestCreateNAPRejectsBadNetworksAtomically(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	cases := []struct {
		name      string
		networks  []string
		fragments []string
	}{
		{"malformed", []string{attSID, "HWnothex"}, []string{"Networks", "'HWnothex'"}},
		{"empty value", []string{""}, []string{"Networks", "''"}},
		{"wrong prefix", []string{"HA" + attSID[2:]}, []string{"HA" + attSID[2:]}},
		{"not in catalog", []string{attSID, missingSID}, []string{missingSID, "not found in the Networks catalog"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := form("UniqueName", "atomic-"+tc.name)
			for _, n := range tc.networks {
				f.Add("Networks", n)
			}
			h.do(http.MethodPost, "/v1/NetworkAccessProfiles", f).expectError(t, 400, 20001, tc.fragments...)
		})
	}
	if naps := h.e.NetworkAccessProfiles(); len(naps) != 0 {
		t.Fatalf("failed creates left %d NAPs behind", len(naps))
	}
}

func TestCreateNAPDuplicateUniqueNameConflicts(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	first := mustCreateNAP(t, h.e, "fleet-nap")
	h.do(http.MethodPost, "/v1/NetworkAccessProfiles", form("UniqueName", "fleet-nap")).
		expectError(t, http.StatusConflict, 20409, first)
	// Uniqueness is exact and case-sensitive.
	h.do(http.MethodPost, "/v1/NetworkAccessProfiles", form("UniqueName", "Fleet-NAP")).expect(t, http.StatusCreated)
}

func TestFetchNAPBySIDAndUniqueName(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	sid := mustCreateNAP(t, h.e, "by-name", attSID)
	for _, ref := range []string{sid, "by-name"} {
		m := h.do(http.MethodGet, napURL(ref), nil).expect(t, http.StatusOK)
		if m["sid"] != sid {
			t.Errorf("GET %s: sid = %v, want %s", ref, m["sid"], sid)
		}
	}
	h.do(http.MethodGet, napURL("nope"), nil).
		expectError(t, 404, 20404, "The requested resource /v1/NetworkAccessProfiles/nope was not found")
}

func TestSIDShapedReferenceIsLookedUpAsSIDFirst(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	a := mustCreateNAP(t, h.e, "")
	b := mustCreateNAP(t, h.e, a) // a unique name that equals another NAP's SID
	if m := h.do(http.MethodGet, napURL(a), nil).expect(t, 200); m["sid"] != a {
		t.Fatalf("sid-shaped reference resolved to %v, want the NAP whose SID it is (%s, not %s)", m["sid"], a, b)
	}
	unused := "HA" + a[2:len(a)-1] + "0"
	if unused == a {
		unused = "HA" + a[2:len(a)-1] + "1"
	}
	c := mustCreateNAP(t, h.e, unused)
	if m := h.do(http.MethodGet, napURL(unused), nil).expect(t, 200); m["sid"] != c {
		t.Fatalf("sid-shaped name with no such SID resolved to %v, want %s via its unique name", m["sid"], c)
	}
}

func TestUpdateNAPUniqueName(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	sid := mustCreateNAP(t, h.e, "old")
	other := mustCreateNAP(t, h.e, "taken")

	h.clock.Advance(time.Hour)
	m := h.do(http.MethodPost, napURL("old"), form("UniqueName", "new")).expect(t, 200)
	if m["unique_name"] != "new" || m["date_updated"] != "2020-05-01T21:00:00Z" || m["date_created"] != "2020-05-01T20:00:00Z" {
		t.Fatalf("after rename: %v", m)
	}

	h.clock.Advance(time.Hour)
	m = h.do(http.MethodPost, napURL(sid), form("UniqueName", "new")).expect(t, 200)
	if m["date_updated"] != "2020-05-01T21:00:00Z" {
		t.Fatalf("renaming to the current name moved date_updated to %v", m["date_updated"])
	}
	m = h.do(http.MethodPost, napURL(sid), nil).expect(t, 200)
	if m["unique_name"] != "new" || m["date_updated"] != "2020-05-01T21:00:00Z" {
		t.Fatalf("an update without UniqueName changed something: %v", m)
	}

	h.do(http.MethodPost, napURL(sid), form("UniqueName", "taken")).expectError(t, 409, 20409, other)
	h.do(http.MethodPost, napURL(sid), form("UniqueName", "")).expectError(t, 400, 20001, "UniqueName cannot be empty")
	h.do(http.MethodPost, napURL("old"), form("UniqueName", "x")).expectError(t, 404, 20404)
	h.do(http.MethodPost, napURL(sid), form("UniqueName", "a", "UniqueName", "b")).expectError(t, 400, 20001, "UniqueName")
}

func TestListNAPsInCreationOrder(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	empty := h.do(http.MethodGet, "/v1/NetworkAccessProfiles", nil).expect(t, 200)
	wantMeta := map[string]any{
		"first_page_url":    h.ts.URL + "/v1/NetworkAccessProfiles?PageSize=50&Page=0",
		"key":               "network_access_profiles",
		"next_page_url":     nil,
		"page":              float64(0),
		"page_size":         float64(50),
		"previous_page_url": nil,
		"url":               h.ts.URL + "/v1/NetworkAccessProfiles?PageSize=50&Page=0",
	}
	if !jsonEqual(empty["meta"], wantMeta) || !jsonEqual(empty["network_access_profiles"], []any{}) {
		t.Fatalf("empty list = %s", mustJSON(empty))
	}

	var want []string
	for _, name := range []string{"c", "a", "b"} {
		want = append(want, mustCreateNAP(t, h.e, name))
	}
	m := h.do(http.MethodGet, "/v1/NetworkAccessProfiles", nil).expect(t, 200)
	var got []string
	for _, nap := range itemsAt(t, m, "network_access_profiles") {
		expectKeys(t, nap, napKeys...)
		got = append(got, stringAt(t, nap, "sid"))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
}

func TestNAPHasNoDeleteInTheAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	sid := mustCreateNAP(t, h.e, "keep")
	res := h.do(http.MethodDelete, napURL(sid), nil)
	res.expectError(t, http.StatusMethodNotAllowed, 20004, "Method not allowed")
	if allow := res.header.Get("Allow"); allow != "GET, POST" {
		t.Errorf("Allow = %q, want %q", allow, "GET, POST")
	}
	if _, ok := h.e.NetworkAccessProfile(sid); !ok {
		t.Fatal("NAP vanished after a refused DELETE")
	}
}

func TestGoAPIErrorsMatchSentinels(t *testing.T) {
	t.Parallel()
	e := New(Options{})
	sid := mustCreateNAP(t, e, "x")
	checks := []struct {
		err  error
		want error
	}{
		{e.RenameNAP("missing", "y"), ErrNotFound},
		{e.RenameNAP(sid, ""), ErrInvalid},
		{func() error { _, err := e.CreateNAP(strPtr("x"), nil); return err }(), ErrConflict},
		{func() error { _, err := e.CreateNAP(nil, []string{"bad"}); return err }(), ErrInvalid},
		{e.AddNAPNetwork(sid, missingSID), ErrInvalid},
		{e.RemoveNAPNetwork(sid, attSID), ErrNotFound},
		{e.DeleteNAP("missing"), ErrNotFound},
	}
	for i, c := range checks {
		if !errors.Is(c.err, c.want) {
			t.Errorf("check %d: error %v does not match %v", i, c.err, c.want)
		}
	}
}
