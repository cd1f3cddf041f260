package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// protocolHarness drives the provider over its protocol-6 server the way
// Terraform does, for the checks terraform-plugin-testing cannot make:
// it does not show warnings, and plan-time guidance is mostly warnings.
type protocolHarness struct {
	t       *testing.T
	server  tfprotov6.ProviderServer
	schemas map[string]*tfprotov6.Schema
	// dataSchemas are the data sources', by type name.
	dataSchemas map[string]*tfprotov6.Schema
}

func newProtocolHarness(t *testing.T, env *accEnv, providerAttrs ...map[string]any) *protocolHarness {
	t.Helper()
	ctx := context.Background()
	server := providerserver.NewProtocol6(New("test")())()
	schemaResp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	h := &protocolHarness{t: t, server: server, schemas: schemaResp.ResourceSchemas, dataSchemas: schemaResp.DataSourceSchemas}
	attrs := map[string]any{"base_url": env.URL, "account_sid": env.AccountSID, "auth_token": env.AuthToken}
	for _, extra := range providerAttrs {
		for k, v := range extra {
			attrs[k] = v
		}
	}
	cfg := h.value(schemaResp.Provider, attrs)
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: h.dynamic(schemaResp.Provider, cfg)})
	if err != nil || hasError(resp.Diagnostics) {
		t.Fatalf("configure: %v %v", err, diagText(resp.Diagnostics))
	}
	return h
}

// value builds an object of the schema's type from attribute values: a
// string, a []string (list or set), or nil for null.
func (h *protocolHarness) value(s *tfprotov6.Schema, attrs map[string]any) tftypes.Value {
	typ, ok := s.ValueType().(tftypes.Object)
	if !ok {
		h.t.Fatalf("schema type is %T, not an object", s.ValueType())
	}
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		v, ok := attrs[name]
		switch {
		case !ok || v == nil:
			vals[name] = tftypes.NewValue(at, nil)
		case isUnknownMarker(v):
			vals[name] = tftypes.NewValue(at, tftypes.UnknownValue)
		default:
			vals[name] = tftypes.NewValue(at, toTF(at, v))
		}
	}
	return tftypes.NewValue(typ, vals)
}

type unknownMarker struct{}

func isUnknownMarker(v any) bool { _, ok := v.(unknownMarker); return ok }

func toTF(t tftypes.Type, v any) any {
	switch v := v.(type) {
	case []string:
		var elem tftypes.Type
		switch tt := t.(type) {
		case tftypes.Set:
			elem = tt.ElementType
		case tftypes.List:
			elem = tt.ElementType
		}
		out := make([]tftypes.Value, len(v))
		for i, s := range v {
			out[i] = tftypes.NewValue(elem, s)
		}
		return out
	default:
		return v
	}
}

func (h *protocolHarness) dynamic(s *tfprotov6.Schema, v tftypes.Value) *tfprotov6.DynamicValue {
	dv, err := tfprotov6.NewDynamicValue(s.ValueType(), v)
	if err != nil {
		h.t.Fatal(err)
	}
	return &dv
}

// planAndApply plans a change and applies it, returning the new state the
// provider reported (which Terraform saves even when apply fails) and the
// apply diagnostics.
func (h *protocolHarness) planAndApply(ctx context.Context, typeName string, prior, config map[string]any) (tftypes.Value, []*tfprotov6.Diagnostic) {
	h.t.Helper()
	s := h.schemas[typeName]
	planResp := h.planResponse(typeName, prior, config)
	if hasError(planResp.Diagnostics) {
		h.t.Fatalf("plan: %s", diagText(planResp.Diagnostics))
	}
	priorVal, configVal := tftypes.NewValue(s.ValueType(), nil), tftypes.NewValue(s.ValueType(), nil)
	if prior != nil {
		priorVal = h.value(s, prior)
	}
	if config != nil {
		configVal = h.value(s, config)
	}
	resp, err := h.server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName:       typeName,
		PriorState:     h.dynamic(s, priorVal),
		PlannedState:   planResp.PlannedState,
		Config:         h.dynamic(s, configVal),
		PlannedPrivate: planResp.PlannedPrivate,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	newState, err := resp.NewState.Unmarshal(s.ValueType())
	if err != nil {
		h.t.Fatal(err)
	}
	return newState, resp.Diagnostics
}

// read refreshes one resource and returns its new state (null when the
// provider removed it) and diagnostics.
func (h *protocolHarness) read(typeName string, state map[string]any) (tftypes.Value, []*tfprotov6.Diagnostic) {
	h.t.Helper()
	s := h.schemas[typeName]
	resp, err := h.server.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{
		TypeName:     typeName,
		CurrentState: h.dynamic(s, h.value(s, state)),
	})
	if err != nil {
		h.t.Fatal(err)
	}
	newState, err := resp.NewState.Unmarshal(s.ValueType())
	if err != nil {
		h.t.Fatal(err)
	}
	return newState, resp.Diagnostics
}

// readDataSource reads a data source with the given configuration and
// returns its state and diagnostics.
func (h *protocolHarness) readDataSource(typeName string, config map[string]any) (tftypes.Value, []*tfprotov6.Diagnostic) {
	h.t.Helper()
	s := h.dataSchemas[typeName]
	resp, err := h.server.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
		TypeName: typeName,
		Config:   h.dynamic(s, h.value(s, config)),
	})
	if err != nil {
		h.t.Fatal(err)
	}
	state, err := resp.State.Unmarshal(s.ValueType())
	if err != nil {
		h.t.Fatal(err)
	}
	return state, resp.Diagnostics
}

// plan asks for the plan of one resource. prior nil means create; config nil
// means destroy. The proposed new state follows Terraform's rule: config
// values where set, prior values for the rest.
func (h *protocolHarness) plan(typeName string, prior, config map[string]any) []*tfprotov6.Diagnostic {
	h.t.Helper()
	return h.planResponse(typeName, prior, config).Diagnostics
}

func (h *protocolHarness) planResponse(typeName string, prior, config map[string]any) *tfprotov6.PlanResourceChangeResponse {
	h.t.Helper()
	s := h.schemas[typeName]
	priorVal := tftypes.NewValue(s.ValueType(), nil)
	if prior != nil {
		priorVal = h.value(s, prior)
	}
	configVal := tftypes.NewValue(s.ValueType(), nil)
	proposed := configVal
	if config != nil {
		configVal = h.value(s, config)
		merged := map[string]any{}
		for k, v := range prior {
			merged[k] = v
		}
		for k, v := range config {
			merged[k] = v
		}
		proposed = h.value(s, merged)
	}
	resp, err := h.server.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName:         typeName,
		PriorState:       h.dynamic(s, priorVal),
		ProposedNewState: h.dynamic(s, proposed),
		Config:           h.dynamic(s, configVal),
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return resp
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

func diagText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Severity.String() + ": " + d.Summary + ": " + d.Detail + "\n")
	}
	return b.String()
}

// expectDiagnostic fails unless one diagnostic of the severity holds every
// fragment.
func expectDiagnostic(t *testing.T, diags []*tfprotov6.Diagnostic, severity tfprotov6.DiagnosticSeverity, fragments ...string) {
	t.Helper()
	for _, d := range diags {
		if d.Severity != severity {
			continue
		}
		text := d.Summary + "\n" + d.Detail
		all := true
		for _, f := range fragments {
			all = all && strings.Contains(text, f)
		}
		if all {
			return
		}
	}
	t.Fatalf("no %s diagnostic holds %q; got:\n%s", severity, fragments, diagText(diags))
}

func expectNoDiagnostics(t *testing.T, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	if len(diags) > 0 {
		t.Fatalf("want no diagnostics, got:\n%s", diagText(diags))
	}
}

// stringSetAttr reads a set-of-strings attribute of an object value.
func stringSetAttr(t *testing.T, obj tftypes.Value, name string) []string {
	t.Helper()
	var attrs map[string]tftypes.Value
	if err := obj.As(&attrs); err != nil {
		t.Fatal(err)
	}
	var elems []tftypes.Value
	if err := attrs[name].As(&elems); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(elems))
	for i, e := range elems {
		if err := e.As(&out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}
