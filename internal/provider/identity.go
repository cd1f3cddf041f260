package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identities (Terraform 1.12 and later) name an object the way the
// API does, so import blocks, `terraform query` and moves can address it
// without the provider's own ID format. Both are set on every path that
// writes state.

type napIdentityModel struct {
	SID types.String `tfsdk:"sid"`
}

func napIdentitySchema() identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"sid": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The profile's SID (`HA…`).",
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

func napIdentity(sid string) napIdentityModel {
	return napIdentityModel{SID: types.StringValue(sid)}
}

func linkIdentity(napSID, networkSID string) linkIdentityModel {
	return linkIdentityModel{NetworkAccessProfileSID: types.StringValue(napSID), NetworkSID: types.StringValue(networkSID)}
}
