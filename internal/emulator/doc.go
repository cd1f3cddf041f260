// Package emulator is an in-memory stand-in for the parts of the Twilio
// Super SIM v1 API that the provider uses or reports on:
// NetworkAccessProfiles, their Networks subresource, the read-only Networks
// catalog, Fleets, Sims and UsageRecords. RoutesHelp lists every route.
//
// It exists so that the API client and the Terraform provider can be tested
// end to end without a Twilio account. It is written from the public API
// reference only and deliberately shares no code or types with the client
// package: a misunderstanding baked into the client then shows up as a test
// failure instead of being mirrored here.
//
// SIMs register with any ICCID of 18 to 22 digits and any non-empty
// registration code, start with status new and no Fleet, and keep the
// history of the Fleets they were moved to. The real API cannot create
// usage, so the emulator offers POST /_emulator/UsageRecords (and
// AddUsage): usage seeded for a moment counts for the Fleet the SIM
// belonged to then and for the country of the network it used.
// GET /v1/UsageRecords aggregates that usage per period (hour, day or the
// whole window) and optionally per one dimension, reporting a dimension
// only when the query filters or groups by it, and bills it at once at a
// made-up flat rate.
//
// Besides the API itself it offers what a real account cannot: a Go API to
// change state behind the client's back (drift), a "Console" route that
// deletes a NAP the way the web Console does, deterministic SIDs, an
// injectable clock, per-route request counters and fault injection (latency,
// error statuses, connections reset before or dropped after a change is
// applied).
//
// Production code must never import this package; tests and the standalone
// command cmd/supersim-emulator do.
package emulator
