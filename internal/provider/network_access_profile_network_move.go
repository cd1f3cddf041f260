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
	return []resource.StateMover{{StateMover: moveFromTwilioLink}}
}

// isTwilioProvider matches the official provider's address on any host
// (registry.terraform.io/twilio/twilio, a mirror, or OpenTofu's registry);
// the type name is what identifies it.
func isTwilioProvider(address string) bool {
	parts := strings.Split(address, "/")
	return parts[len(parts)-1] == "twilio"
}

func moveFromTwilioLink(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
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
	napSID, networkSID, err := src.sids()
	if err != nil {
		resp.Diagnostics.AddError("Cannot move this "+twilioLinkType, err.Error())
		return
	}
	moved := napNetworkModel{
		ID:                      types.StringValue(linkID(napSID, networkSID)),
		NetworkAccessProfileSID: types.StringValue(napSID),
		NetworkSID:              types.StringValue(networkSID),
		// The twilio provider does not record these; the refresh that
		// follows every move reads them from the API.
		FriendlyName: types.StringNull(),
		ISOCountry:   types.StringNull(),
		Identifiers:  types.ListNull(identifierType),
	}
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, moved)...)
	setIdentity(ctx, resp.TargetIdentity, linkIdentity(napSID, networkSID), &resp.Diagnostics)
}

// sids takes the profile and network SIDs from the attributes, falling back
// on the ID, and refuses state whose attributes contradict each other.
func (s twilioLinkState) sids() (napSID, networkSID string, err error) {
	idNAP, idNetwork, _ := strings.Cut(s.ID, "/")
	napSID = firstNonEmpty(s.NetworkAccessProfileSID, idNAP)
	networkSID = firstNonEmpty(s.Network, s.SID, idNetwork)
	for _, candidate := range []string{s.SID, idNetwork} {
		if candidate != "" && candidate != networkSID {
			return "", "", fmt.Errorf("its attributes name two networks, %s and %s (id %q); fix or import the link instead", networkSID, candidate, s.ID)
		}
	}
	if idNAP != "" && idNAP != napSID {
		return "", "", fmt.Errorf("its attributes name two profiles, %s and %s (id %q); fix or import the link instead", napSID, idNAP, s.ID)
	}
	if !napSIDRe.MatchString(napSID) || !supersim.IsNetworkSID(networkSID) {
		return "", "", fmt.Errorf("its profile %q or network %q is not a SID (HA… and HW…, 32 hexadecimal digits each)", napSID, networkSID)
	}
	return napSID, networkSID, nil
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
