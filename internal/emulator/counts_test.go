package emulator

import (
	"maps"
	"net/http"
	"strings"
	"testing"
)

func TestCountsByRouteKey(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	h.e.InjectFault(Fault{Route: RouteFetchNetwork, Kind: FaultStatus, Status: 500, Times: 1})
	nap := mustCreateNAP(t, h.e, "counted")

	h.do(http.MethodGet, "/v1/NetworkAccessProfiles", nil)
	h.do(http.MethodGet, "/v1/NetworkAccessProfiles", nil)
	h.do(http.MethodGet, napURL(nap)+"/Networks", nil)
	h.do(http.MethodGet, "/v1/Networks/"+attSID, nil) // faulted: still counted
	h.do(http.MethodGet, "/v1/Networks/"+attSID, nil)
	h.do(http.MethodDelete, napURL(nap), nil) // 405
	h.do(http.MethodGet, "/v1/Nothing", nil)  // 404
	h.do(http.MethodGet, "/_emulator/stats", nil)
	unauth, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/v1/Fleets", nil)
	h.send(unauth) // 401: still counted

	want := map[string]int{
		RouteListNAPs:                     2,
		RouteListNAPNetworks:              1,
		RouteFetchNetwork:                 2,
		"/v1/NetworkAccessProfiles/{Sid}": 1,
		RouteUnknown:                      1,
		RouteListFleets:                   1,
	}
	if got := h.e.Counts(); !maps.Equal(got, want) {
		t.Fatalf("Counts = %v\nwant     %v", got, want)
	}
	if h.e.TotalRequests() != 8 {
		t.Fatalf("TotalRequests = %d, want 8", h.e.TotalRequests())
	}

	stats := h.do(http.MethodGet, "/_emulator/stats", nil).expect(t, 200)
	expectKeys(t, stats, "refused_for_concurrency", "requests", "total")
	if stats["total"] != float64(8) || objectAt(t, stats, "requests")[RouteListNAPs] != float64(2) {
		t.Fatalf("stats = %s", mustJSON(stats))
	}
	h.do(http.MethodPost, "/_emulator/reset-stats", nil).expectNoContent(t)
	if h.e.TotalRequests() != 0 {
		t.Fatalf("after reset: %v", h.e.Counts())
	}
	h.e.ResetCounts()
	if len(h.e.Counts()) != 0 {
		t.Fatal("ResetCounts left entries")
	}
}

func TestRoutesAreRegisteredAndFaultable(t *testing.T) {
	t.Parallel()
	e := New(Options{})
	for _, key := range Routes() {
		if err := (Fault{Route: key, Kind: FaultDropAfterApply}).Validate(); err != nil {
			t.Errorf("%s: %v", key, err)
		}
		method, path := splitPattern(key)
		req, _ := http.NewRequest(method, "http://emulator.test"+fillWildcards(path), nil)
		if _, pattern := e.mux.Handler(req); pattern != key {
			t.Errorf("%s routes to %q", key, pattern)
		}
	}
}

// fillWildcards turns a pattern path into a concrete one.
func fillWildcards(path string) string {
	out := []byte{}
	skip := false
	for i := 0; i < len(path); i++ {
		switch {
		case path[i] == '{':
			skip = true
			out = append(out, 'x')
		case path[i] == '}':
			skip = false
		case !skip:
			out = append(out, path[i])
		}
	}
	return string(out)
}

// RoutesHelp is what the command's -help shows: it must name the path of
// every route, so a new route cannot go undocumented.
func TestRoutesHelpNamesEveryPath(t *testing.T) {
	t.Parallel()
	keys := Routes()
	for _, rt := range controlRoutes {
		keys = append(keys, rt.key)
	}
	for _, key := range keys {
		if _, path := splitPattern(key); !helpMentions(path) {
			t.Errorf("RoutesHelp does not mention %s", path)
		}
	}
}

// helpMentions finds a path on its own or in the short form that writes a
// list and its instances together: "/v1/Sims[/{Sid}]".
func helpMentions(path string) bool {
	forms := []string{path + " ", path + "\n", path + "[/"}
	if i := strings.LastIndex(path, "/{"); i >= 0 {
		forms = append(forms, path[:i]+"["+path[i:]+"]")
	}
	for _, f := range forms {
		if strings.Contains(RoutesHelp, f) {
			return true
		}
	}
	return false
}
