package emulator

import (
	"net/http"
	"sort"
	"strings"
)

// Route keys are the exact http.ServeMux patterns the emulator registers.
// The same strings key the request counters (Counts) and select routes for
// fault injection (Fault.Route), so tests can use these constants instead of
// retyping patterns.
const (
	RouteListNAPs         = "GET /v1/NetworkAccessProfiles"
	RouteCreateNAP        = "POST /v1/NetworkAccessProfiles"
	RouteFetchNAP         = "GET /v1/NetworkAccessProfiles/{Sid}"
	RouteUpdateNAP        = "POST /v1/NetworkAccessProfiles/{Sid}"
	RouteListNAPNetworks  = "GET /v1/NetworkAccessProfiles/{Sid}/Networks"
	RouteAddNAPNetwork    = "POST /v1/NetworkAccessProfiles/{Sid}/Networks"
	RouteFetchNAPNetwork  = "GET /v1/NetworkAccessProfiles/{Sid}/Networks/{NetworkSid}"
	RouteRemoveNAPNetwork = "DELETE /v1/NetworkAccessProfiles/{Sid}/Networks/{NetworkSid}"
	RouteListNetworks     = "GET /v1/Networks"
	RouteFetchNetwork     = "GET /v1/Networks/{Sid}"
	RouteListFleets       = "GET /v1/Fleets"
	RouteCreateFleet      = "POST /v1/Fleets"
	RouteFetchFleet       = "GET /v1/Fleets/{Sid}"
	RouteUpdateFleet      = "POST /v1/Fleets/{Sid}"
	RouteListSims         = "GET /v1/Sims"
	RouteCreateSim        = "POST /v1/Sims"
	RouteFetchSim         = "GET /v1/Sims/{Sid}"
	RouteUpdateSim        = "POST /v1/Sims/{Sid}"
	RouteListUsageRecords = "GET /v1/UsageRecords"
	// RouteConsoleDeleteNAP stands in for the web Console's "Delete NAP",
	// which the API itself does not offer.
	RouteConsoleDeleteNAP = "DELETE /_console/NetworkAccessProfiles/{SidOrUniqueName}"
	// RouteUnknown is the catch-all pattern; requests to unknown paths are
	// counted under it.
	RouteUnknown    = "/"
	routeStats      = "GET /_emulator/stats"
	routeResetStats = "POST /_emulator/reset-stats"
	routeSeedUsage  = "POST /_emulator/UsageRecords"
)

// RoutesHelp lists, one line each, what the emulator serves; the command
// prints it in -help so the list lives next to the routes it describes.
const RoutesHelp = `API routes (the Super SIM v1 API):
  /v1/NetworkAccessProfiles[/{Sid}]     network access profiles: create, fetch, list, rename
  /v1/NetworkAccessProfiles/{Sid}/Networks[/{NetworkSid}]
                                        the networks a profile allows: add, fetch, list, remove
  /v1/Networks[/{Sid}]                  the read-only catalog of real operators; filters IsoCountry, Mcc, Mnc
  /v1/Fleets[/{Sid}]                    Fleets and the profile they use: create, fetch, list, update
  /v1/Sims[/{Sid}]                      Super SIMs: register, fetch, list, update (UniqueName, Status, Fleet);
                                        any ICCID of 18 to 22 digits registers, with any non-empty RegistrationCode
  /v1/UsageRecords                      data usage aggregated per period; filters Sim, Fleet, Network, IsoCountry,
                                        Group, Granularity, StartTime, EndTime
Emulator routes (not in the real API; never counted or faulted):
  GET    /_emulator/stats               request counts per route key
  POST   /_emulator/reset-stats         zero the request counts
  POST   /_emulator/UsageRecords        seed usage: Sim, Network (HW SID), DataUpload, DataDownload (bytes),
                                        Time (RFC 3339, default now); it counts for the SIM's Fleet at that time
Console route (what the web Console does and the API cannot; counted, faultable by its route key):
  DELETE /_console/NetworkAccessProfiles/{SidOrUniqueName}
                                        delete a profile, refused while a Fleet uses it`

// routeSpec ties a route key to its handler. api marks the /v1 operations:
// only those are hit by a fault whose Route is "" (all API routes).
type routeSpec struct {
	key   string
	api   bool
	serve func(*Emulator, http.ResponseWriter, *http.Request)
}

// operationRoutes lists every operation that does real work and can carry
// faults. Method-less fallbacks (405) and the catch-all (404) are derived
// from it in registerRoutes.
var operationRoutes = []routeSpec{
	{RouteListNAPs, true, (*Emulator).listNAPs},
	{RouteCreateNAP, true, (*Emulator).createNAP},
	{RouteFetchNAP, true, (*Emulator).fetchNAP},
	{RouteUpdateNAP, true, (*Emulator).updateNAP},
	{RouteListNAPNetworks, true, (*Emulator).listNAPNetworks},
	{RouteAddNAPNetwork, true, (*Emulator).addNAPNetwork},
	{RouteFetchNAPNetwork, true, (*Emulator).fetchNAPNetwork},
	{RouteRemoveNAPNetwork, true, (*Emulator).removeNAPNetwork},
	{RouteListNetworks, true, (*Emulator).listNetworks},
	{RouteFetchNetwork, true, (*Emulator).fetchNetwork},
	{RouteListFleets, true, (*Emulator).listFleets},
	{RouteCreateFleet, true, (*Emulator).createFleet},
	{RouteFetchFleet, true, (*Emulator).fetchFleet},
	{RouteUpdateFleet, true, (*Emulator).updateFleet},
	{RouteListSims, true, (*Emulator).listSims},
	{RouteCreateSim, true, (*Emulator).createSim},
	{RouteFetchSim, true, (*Emulator).fetchSim},
	{RouteUpdateSim, true, (*Emulator).updateSim},
	{RouteListUsageRecords, true, (*Emulator).listUsageRecords},
	{RouteConsoleDeleteNAP, false, (*Emulator).consoleDeleteNAP},
}

// controlRoutes are the emulator's own /_emulator routes: authenticated
// like the API, but never counted or faulted, so tests can use them while
// measuring or breaking the API.
var controlRoutes = []struct {
	key   string
	serve func(*Emulator, http.ResponseWriter, *http.Request)
}{
	{routeStats, (*Emulator).serveStats},
	{routeResetStats, (*Emulator).serveResetStats},
	{routeSeedUsage, (*Emulator).seedUsage},
}

// Routes returns the route keys a Fault may target, so callers (the command's
// -help, tests) can validate or list them without hard-coding the table.
func Routes() []string {
	keys := make([]string, 0, len(operationRoutes))
	for _, rt := range operationRoutes {
		keys = append(keys, rt.key)
	}
	return keys
}

func isOperationRoute(key string) bool {
	for _, rt := range operationRoutes {
		if rt.key == key {
			return true
		}
	}
	return false
}

// splitPattern separates "GET /path" into its method and path.
func splitPattern(pattern string) (method, path string) {
	method, path, found := strings.Cut(pattern, " ")
	if !found {
		return "", pattern
	}
	return method, path
}

// registerRoutes installs every route on a fresh ServeMux. Each known path
// also gets a method-less pattern: ServeMux prefers the method-specific
// patterns, so the method-less one only sees the methods the path does not
// support and can answer a Twilio-style 405 instead of ServeMux's plain-text
// one. The "/" catch-all likewise replaces ServeMux's plain-text 404.
func (e *Emulator) registerRoutes() *http.ServeMux {
	mux := http.NewServeMux()
	allowed := map[string][]string{}
	for _, rt := range operationRoutes {
		mux.Handle(rt.key, e.operationHandler(rt))
		method, path := splitPattern(rt.key)
		allowed[path] = append(allowed[path], method)
	}
	for _, rt := range controlRoutes {
		mux.Handle(rt.key, e.controlHandler(rt.serve))
		method, path := splitPattern(rt.key)
		allowed[path] = append(allowed[path], method)
	}
	for path, methods := range allowed {
		mux.Handle(path, e.plainHandler(path, !strings.HasPrefix(path, "/_emulator/"), methodNotAllowed(methods)))
	}
	mux.Handle(RouteUnknown, e.plainHandler(RouteUnknown, true, notFoundPath))
	return mux
}

// methodNotAllowed answers 405 with an Allow header listing what the path
// does support, as RFC 9110 asks.
func methodNotAllowed(methods []string) http.HandlerFunc {
	sorted := append([]string(nil), methods...)
	sort.Strings(sorted)
	allow := strings.Join(sorted, ", ")
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeError(w, errMethodNotAllowed)
	}
}

func notFoundPath(w http.ResponseWriter, r *http.Request) {
	writeError(w, errNotFound(r.URL.Path))
}
