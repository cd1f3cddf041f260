package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// generatedNameWhenOmitted plans a unique_name that the configuration
// omits: known after apply for a new object, which Create gives a generated
// name (see generateUniqueName), and the value in state for an existing one,
// which Read keeps in step with changes made outside Terraform. So an
// omitted name is never managed on an object that has one, and an imported
// object without a name keeps having none. Without the modifier the
// framework would plan "known after apply" on every update.
type generatedNameWhenOmitted struct{}

var _ planmodifier.String = generatedNameWhenOmitted{}

func (generatedNameWhenOmitted) Description(context.Context) string {
	return "When omitted, a new object gets a generated name, and an existing object keeps the name it has."
}

func (m generatedNameWhenOmitted) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (generatedNameWhenOmitted) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	if req.State.Raw.IsNull() {
		resp.PlanValue = types.StringUnknown()
		return
	}
	resp.PlanValue = req.StateValue
}

// fixedAfterCreate fails the plan when the configuration changes a setting
// that the API takes only on create. It never asks for a replacement: for
// a resource the API cannot delete, a replacement would leave the old object
// in the account, still in use.
type fixedAfterCreate struct {
	// why ends the error: what a replacement would do, and what to do
	// instead.
	why string
}

var _ planmodifier.Bool = fixedAfterCreate{}

func (m fixedAfterCreate) Description(context.Context) string {
	return "Cannot change after create: a different value fails the plan. " + m.why
}

func (m fixedAfterCreate) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m fixedAfterCreate) PlanModifyBool(_ context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	if req.State.Raw.IsNull() || req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.StateValue.IsNull() || req.ConfigValue.Equal(req.StateValue) {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, fmt.Sprintf("%s cannot change after create", req.Path),
		fmt.Sprintf("The configuration sets %s to %t, and it is %t. The Super SIM API sets it only when the object is created, and never changes it. %s",
			req.Path, req.ConfigValue.ValueBool(), req.StateValue.ValueBool(), m.why))
}
