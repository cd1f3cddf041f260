// Command floorprovider is a plugin provider that does nothing but wait: the
// bench runs it with the same graph as the 200 ms scenario to measure what
// any terraform-plugin-framework provider costs on top of terraform_data
// (plugin processes, gRPC per resource, state encoding), so the report can
// tell that cost from the Super SIM provider's own.
//
// It mirrors the fewest round trips the real provider could make: each
// create waits one FLOOR_LATENCY, a profile's refresh waits one (the real
// provider reads a profile and its networks at the same time), a link's
// refresh waits none (links share their profile's read). It makes no
// request and checks nothing.
package main

import (
	"context"
	"crypto/rand"
	"log"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// address is where the bench's CLI configuration finds this provider.
const address = "registry.terraform.io/supersim-bench/floor"

func main() {
	latency, err := time.ParseDuration(os.Getenv("FLOOR_LATENCY"))
	if err != nil {
		log.Fatalf("FLOOR_LATENCY: %v", err)
	}
	// As the real provider does when terraform keeps no logs (the bench
	// sets no TF_LOG), so that neither pays for formatting discarded lines.
	for _, name := range []string{"TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		_ = os.Setenv(name, "OFF")
	}
	p := floor{latency: latency}
	if err := providerserver.Serve(context.Background(), func() provider.Provider { return p }, providerserver.ServeOpts{Address: address}); err != nil {
		log.Fatal(err)
	}
}

type floor struct{ latency time.Duration }

func (floor) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "floor"
}

func (floor) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (floor) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {}

func (floor) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (p floor) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		func() resource.Resource { return waiter{name: "profile", create: p.latency, refresh: p.latency} },
		func() resource.Resource { return waiter{name: "link", create: p.latency} },
	}
}

// waiter is a resource with an id and one input, whose create and refresh
// take a fixed time.
type waiter struct {
	name            string
	create, refresh time.Duration
}

type waiterModel struct {
	ID    types.String `tfsdk:"id"`
	Input types.String `tfsdk:"input"`
}

func (w waiter) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "floor_" + w.name
}

func (waiter) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id": schema.StringAttribute{Computed: true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"input": schema.StringAttribute{Required: true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
	}}
}

func (w waiter) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m waiterModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	wait(ctx, w.create)
	m.ID = types.StringValue(rand.Text())
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (w waiter) Read(ctx context.Context, _ resource.ReadRequest, _ *resource.ReadResponse) {
	wait(ctx, w.refresh)
}

// Update is never planned: the only input forces a replacement.
func (waiter) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}

func (waiter) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func wait(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
