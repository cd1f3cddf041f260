package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// unmanagedWhenOmitted plans an Optional and Computed attribute that the
// configuration omits as "leave it as the API has it": null for a new
// resource (nothing is sent), and the value in state for an existing one,
// which Read keeps in step with changes made outside Terraform. Without it
// the framework would plan "known after apply" on every update.
type unmanagedWhenOmitted struct{}

var _ planmodifier.String = unmanagedWhenOmitted{}

func (unmanagedWhenOmitted) Description(context.Context) string {
	return "When omitted from the configuration, the value is not managed: it stays as the API has it."
}

func (m unmanagedWhenOmitted) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (unmanagedWhenOmitted) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	if req.State.Raw.IsNull() {
		resp.PlanValue = types.StringNull()
		return
	}
	resp.PlanValue = req.StateValue
}
