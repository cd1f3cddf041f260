package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
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

// profileNamed names a profile that only its SID is known of, reading the
// account's list of profiles (once per provider process) when the client
// has not read this profile: plan warnings use it, where a reviewer must
// know which profile a change touches. Without an answer it names the SID.
func (d *providerData) profileNamed(ctx context.Context, sid string) string {
	if d == nil || d.client == nil {
		return sid
	}
	name, err := d.client.ProfileName(ctx, sid)
	if err != nil {
		tflog.Warn(ctx, "Could not read the profile's unique name for a message; naming it by SID", map[string]any{"sid": sid, "error": err.Error()})
	}
	return named(types.StringValue(sid), types.StringValue(name))
}
