package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identities (Terraform 1.12 and later) name an object the way the
// API does, so import blocks, `terraform query` and moves can address it
// without the provider's own ID format. Both are set on every path that
// writes state.

// sidIdentityModel is the identity of an object the API addresses by SID
// alone: a profile, a Fleet.
type sidIdentityModel struct {
	SID types.String `tfsdk:"sid"`
}

func sidIdentitySchema(description string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"sid": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       description,
			},
		},
	}
}

type linkIdentityModel struct {
	NetworkAccessProfileSID types.String `tfsdk:"network_access_profile_sid"`
	NetworkSID              types.String `tfsdk:"network_sid"`
}

func linkIdentitySchema() identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"network_access_profile_sid": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "SID (`HA…`) of the profile.",
			},
			"network_sid": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "SID (`HW…`) of the allowed network.",
			},
		},
	}
}

// setIdentity records an identity when Terraform supports them (the
// framework passes nil otherwise).
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, value any, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	diags.Append(identity.Set(ctx, value)...)
}

func sidIdentity(sid string) sidIdentityModel {
	return sidIdentityModel{SID: types.StringValue(sid)}
}

// importIDOrIdentitySID is what an import names: the import ID, or the SID
// in an identity (Terraform 1.12 and later).
func importIDOrIdentitySID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) string {
	if req.ID != "" || req.Identity == nil {
		return req.ID
	}
	var identity sidIdentityModel
	diags.Append(req.Identity.Get(ctx, &identity)...)
	return identity.SID.ValueString()
}

func linkIdentity(napSID, networkSID string) linkIdentityModel {
	return linkIdentityModel{NetworkAccessProfileSID: types.StringValue(napSID), NetworkSID: types.StringValue(networkSID)}
}
