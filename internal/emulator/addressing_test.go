package emulator

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// awkwardNames are unique names that break naive URL building: each must
// round-trip through url.PathEscape and ServeMux's per-segment unescaping.
var awkwardNames = []string{
	"with spaces",
	"slash/inside",
	"dot/../segments",
	"question?mark",
	"hash#tag",
	"percent%41sign",
	"plus+and&amp=",
	"ünïcødé 日本",
	"trailing/",
	"semi;colon",
}

func TestNAPRoutesAcceptEscapedUniqueNames(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	for _, name := range awkwardNames {
		t.Run(name, func(t *testing.T) {
			sid := mustCreateNAP(t, h.e, name)
			ref := napURL(name)

			if m := h.do(http.MethodGet, ref, nil).expect(t, 200); m["sid"] != sid || m["unique_name"] != name {
				t.Fatalf("fetch by name: %v", m)
			}
			h.do(http.MethodPost, ref+"/Networks", form("Network", attSID)).expect(t, http.StatusCreated)
			list := h.do(http.MethodGet, ref+"/Networks", nil).expect(t, 200)
			if n := len(itemsAt(t, list, "networks")); n != 1 {
				t.Fatalf("list by name returned %d networks", n)
			}
			h.do(http.MethodGet, ref+"/Networks/"+attSID, nil).expect(t, 200)

			renamed := name + " v2"
			m := h.do(http.MethodPost, ref, form("UniqueName", renamed)).expect(t, 200)
			if m["unique_name"] != renamed {
				t.Fatalf("rename by name: %v", m)
			}
			h.do(http.MethodGet, napURL(renamed), nil).expect(t, 200)
		})
	}
}

func TestEscapedSlashStaysInOneSegment(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	mustCreateNAP(t, h.e, "a/Networks")
	// If %2F were decoded before routing this would hit the Networks list
	// of a NAP called "a" and 404.
	m := h.do(http.MethodGet, "/v1/NetworkAccessProfiles/a%2FNetworks", nil).expect(t, 200)
	if m["unique_name"] != "a/Networks" {
		t.Fatalf("got %v", m)
	}
	// Unescaped, the same characters are a different path.
	h.do(http.MethodGet, "/v1/NetworkAccessProfiles/a/Networks", nil).expectError(t, 404, 20404)
}

func TestNotFoundMessageEscapesTheReference(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	h.do(http.MethodGet, napURL("no such/name"), nil).
		expectError(t, 404, 20404, "/v1/NetworkAccessProfiles/"+url.PathEscape("no such/name"))
}

func TestNAPNetworkDeleteRequiresHASID(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	sid := mustCreateNAP(t, h.e, "named", attSID)
	h.do(http.MethodDelete, napURL("named")+"/Networks/"+attSID, nil).expectError(t, 404, 20404)
	if nets, _ := h.e.NAPNetworks(sid); len(nets) != 1 {
		t.Fatal("a DELETE addressed by unique name removed the network")
	}
	h.do(http.MethodDelete, napURL(sid)+"/Networks/"+attSID, nil).expectNoContent(t)
}

func TestUncleanAndUnknownPathsGetJSON404(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	for _, p := range []string{
		"/v1/Nope",
		"/v1/NetworkAccessProfiles/",
		"/v1/../v1/Networks",
		"//v1/Networks",
		"/v1/Networks/./x",
		"/",
	} {
		res := h.do(http.MethodGet, p, nil)
		if res.status != 404 || !strings.Contains(string(res.body), `"code":20404`) {
			t.Errorf("GET %s = %d %s, want a JSON 404", p, res.status, res.body)
		}
	}
}

// url.PathEscape leaves dots alone, so a unique name of "." or ".." would be
// a dot segment that every HTTP stack cleans away. Clients must send such
// names as %2E; the emulator then resolves them like any other name.
func TestDotOnlyNamesNeedPercentEncodedDots(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	dots := mustCreateNAP(t, h.e, "..")
	dot := mustCreateNAP(t, h.e, ".")
	if m := h.do(http.MethodGet, "/v1/NetworkAccessProfiles/%2E%2E", nil).expect(t, 200); m["sid"] != dots {
		t.Fatalf("%%2E%%2E resolved to %v", m["sid"])
	}
	if m := h.do(http.MethodGet, "/v1/NetworkAccessProfiles/%2e/Networks", nil).expect(t, 200); objectAt(t, m, "meta")["url"] == nil {
		t.Fatalf("%%2e/Networks of %s failed", dot)
	}
	h.do(http.MethodGet, "/v1/NetworkAccessProfiles/..", nil).expectError(t, 404, 20404)
}
