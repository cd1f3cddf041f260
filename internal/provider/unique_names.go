package provider

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// generatedNamePrefix starts every unique name the provider makes up, so
// that such profiles and Fleets are recognisable in the Console.
const generatedNamePrefix = "tf-"

// generateUniqueName makes a name for a profile or Fleet whose
// configuration sets none. Every create carries a name, because a name is
// what finds the object again when the create's answer is lost; 96 random
// bits make it this create's alone.
func generateUniqueName() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // never fails (crypto/rand panics rather than return an error)
	return generatedNamePrefix + hex.EncodeToString(b)
}

// uniqueNameToCreate is the unique name a create sends: the configured one,
// or a new generated one, which generated then reports.
func uniqueNameToCreate(planned types.String) (name string, generated bool) {
	if planned.IsNull() || planned.IsUnknown() {
		return generateUniqueName(), true
	}
	return planned.ValueString(), false
}
