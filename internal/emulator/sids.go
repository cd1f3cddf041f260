package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
)

// SID shapes from the API reference. Handlers use them to tell a SID from a
// unique name and to reject malformed references early.
var (
	napSIDPattern     = regexp.MustCompile(`^HA[0-9a-fA-F]{32}$`)
	networkSIDPattern = regexp.MustCompile(`^HW[0-9a-fA-F]{32}$`)
	fleetSIDPattern   = regexp.MustCompile(`^HF[0-9a-fA-F]{32}$`)
	simSIDPattern     = regexp.MustCompile(`^HS[0-9a-fA-F]{32}$`)
)

// newSID hashes seed and a counter so SIDs are reproducible for a given
// seed yet do not look sequential (clients must not infer order from them).
// Callers hold e.mu.
func (e *Emulator) newSID(prefix string) string {
	e.sidCounter++
	sum := sha256.Sum256(fmt.Appendf(nil, "sid:%d:%s:%d", e.opts.Seed, prefix, e.sidCounter))
	return prefix + hex.EncodeToString(sum[:16])
}
