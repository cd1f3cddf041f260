// Package emulator is an in-memory stand-in for the NetworkAccessProfile part
// of the Twilio Super SIM v1 API (NetworkAccessProfiles, their Networks
// subresource, the read-only Networks catalog and Fleets).
//
// It exists so that the API client and the Terraform provider can be tested
// end to end without a Twilio account. It is written from the public API
// reference only and deliberately shares no code or types with the client
// package: a misunderstanding baked into the client then shows up as a test
// failure instead of being mirrored here.
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
