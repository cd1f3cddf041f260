package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Profiles and Fleets are known to their owners by unique name, to the API
// by SID; messages give both, as "trackers-eu (HA…)", so that a reviewer
// knows which object a plan talks about whatever a resource is labelled.

// named names a profile or Fleet from its state: name and SID, or the SID
// alone when it has no unique name.
func named(sid, name types.String) string {
	if name.IsNull() || name.IsUnknown() || name.ValueString() == "" {
		return sid.ValueString()
	}
	return fmt.Sprintf("%s (%s)", name.ValueString(), sid.ValueString())
}

// namedBySID names a profile or Fleet that only its SID is known of, with
// the unique name the client last read for it.
func (d *providerData) namedBySID(sid string) string {
	if d == nil || d.client == nil {
		return sid
	}
	return named(types.StringValue(sid), types.StringValue(d.client.KnownName(sid)))
}
