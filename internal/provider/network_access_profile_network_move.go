package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// The official twilio provider manages one allowed network of a profile as
// twilio_supersim_network_access_profiles_networks_v1. Teams switching to
// this provider move those resources with a `moved` block, which hands the
// old state to MoveState: nothing in the account changes, and the next
// refresh fills in the network's name and country.

const twilioLinkType = "twilio_supersim_network_access_profiles_networks_v1"

// twilioLinkState is that resource's state, schema version 0: `id` is
// "<profile SID>/<network SID>", and both `network` and `sid` hold the
// network SID.
type twilioLinkState struct {
	ID                      string `json:"id"`
	NetworkAccessProfileSID string `json:"network_access_profile_sid"`
	Network                 string `json:"network"`
	SID                     string `json:"sid"`
}

func (r *napNetworkResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: r.moveFromTwilioLink}}
}

// isTwilioProvider matches the official provider's address on any host
// (registry.terraform.io/twilio/twilio, a mirror, or OpenTofu's registry);
// the type name is what identifies it.
func isTwilioProvider(address string) bool {
	parts := strings.Split(address, "/")
	return parts[len(parts)-1] == "twilio"
}

func (r *napNetworkResource) moveFromTwilioLink(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	if req.SourceTypeName != twilioLinkType || !isTwilioProvider(req.SourceProviderAddress) {
		return // not ours to move: the framework tries the next mover
	}
	if req.SourceSchemaVersion != 0 {
		resp.Diagnostics.AddError("Unsupported state version of "+twilioLinkType,
			fmt.Sprintf("The state of this %s resource has schema version %d; this provider can move version 0, which the twilio provider writes. "+
				"Import the link instead: terraform import <address> <profile SID>/<network SID>.", twilioLinkType, req.SourceSchemaVersion))
		return
	}
	if req.SourceRawState == nil {
		resp.Diagnostics.AddError("No state to move", "Terraform sent no state for the "+twilioLinkType+" resource being moved.")
		return
	}
	var src twilioLinkState
	if err := json.Unmarshal(req.SourceRawState.JSON, &src); err != nil {
		resp.Diagnostics.AddError("Unreadable state of "+twilioLinkType, fmt.Sprintf("The state of the resource being moved is not the JSON the twilio provider writes: %v", err))
		return
	}
	napRef, networkSID, err := src.refs()
	if err != nil {
		resp.Diagnostics.AddError("Cannot move this "+twilioLinkType, err.Error())
		return
	}
	moved := napNetworkModel{
		ID:                      types.StringValue(linkID(napRef, networkSID)),
		NetworkAccessProfileSID: types.StringValue(napRef),
		NetworkSID:              types.StringValue(networkSID),
		// The twilio provider does not record these; the refresh that
		// follows every move reads them from the API.
		FriendlyName: types.StringNull(),
		ISOCountry:   types.StringNull(),
		Identifiers:  types.ListNull(identifierType),
	}
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, moved)...)
	// The twilio provider takes a profile's unique name where a SID goes.
	// Terraform moves state before it configures the provider, so the name
	// cannot be looked up here: the refresh that follows the move replaces
	// it with the SID (see Read), and sets the identity then.
	if napSIDRe.MatchString(napRef) {
		setIdentity(ctx, resp.TargetIdentity, linkIdentity(napRef, networkSID), &resp.Diagnostics)
	}
}

// refs takes the profile (its SID or unique name, as the twilio provider
// accepts either) and the network SID from the attributes, falling back on
// the ID, and refuses state whose attributes contradict each other. A
// unique name may hold "/", so the ID is split at its last one.
func (s twilioLinkState) refs() (napRef, networkSID string, err error) {
	idNAP, idNetwork := "", ""
	if i := strings.LastIndex(s.ID, "/"); i >= 0 {
		idNAP, idNetwork = s.ID[:i], s.ID[i+1:]
	}
	napRef = firstNonEmpty(s.NetworkAccessProfileSID, idNAP)
	networkSID = firstNonEmpty(s.Network, s.SID, idNetwork)
	for _, candidate := range []string{s.SID, idNetwork} {
		if candidate != "" && candidate != networkSID {
			return "", "", fmt.Errorf("its attributes name two networks, %s and %s (id %q); fix or import the link instead", networkSID, candidate, s.ID)
		}
	}
	if idNAP != "" && idNAP != napRef {
		return "", "", fmt.Errorf("its attributes name two profiles, %s and %s (id %q); fix or import the link instead", napRef, idNAP, s.ID)
	}
	if napRef == "" || !supersim.IsNetworkSID(networkSID) {
		return "", "", fmt.Errorf("it names no profile, or its network %q is not a SID (HW followed by 32 hexadecimal digits)", networkSID)
	}
	return napRef, networkSID, nil
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
