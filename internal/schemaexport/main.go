// Command schemaexport prints the provider's schemas in the JSON format of
// `terraform providers schema -json`, resource identities and list
// resources included, for tfplugindocs (`--providers-schema`).
//
// tfplugindocs would otherwise ask the installed terraform, and only
// Terraform 1.14 and later report identities and list resources: docs
// generated with an older CLI would lack them. Asking the provider itself
// needs no CLI and gives the same document on every machine.
//
//	go run ./internal/schemaexport [-key supersim] > schema.json
//
// -key names the provider in the document: Terraform writes its full
// address; tfplugindocs looks the provider up by its short name.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/supersim-tf/terraform-provider-supersim/internal/provider"
)

func main() {
	key := flag.String("key", "registry.terraform.io/supersim-tf/supersim", "the provider's key in the document")
	flag.Parse()
	schemas, err := export(context.Background(), *key)
	if err == nil {
		enc := json.NewEncoder(os.Stdout)
		err = enc.Encode(schemas)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemaexport:", err)
		os.Exit(1)
	}
}

func export(ctx context.Context, key string) (*tfjson.ProviderSchemas, error) {
	server := providerserver.NewProtocol6(provider.New("docs")())()
	resp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	if err := diagnosticsError(resp.Diagnostics); err != nil {
		return nil, err
	}
	identities, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, err
	}
	if err := diagnosticsError(identities.Diagnostics); err != nil {
		return nil, err
	}
	ps := &tfjson.ProviderSchema{
		ResourceSchemas:         map[string]*tfjson.Schema{},
		DataSourceSchemas:       map[string]*tfjson.Schema{},
		ListResourceSchemas:     map[string]*tfjson.Schema{},
		ResourceIdentitySchemas: map[string]*tfjson.IdentitySchema{},
	}
	if ps.ConfigSchema, err = convertSchema(resp.Provider); err != nil {
		return nil, fmt.Errorf("provider: %w", err)
	}
	for _, set := range []struct {
		from map[string]*tfprotov6.Schema
		to   map[string]*tfjson.Schema
	}{{resp.ResourceSchemas, ps.ResourceSchemas}, {resp.DataSourceSchemas, ps.DataSourceSchemas}, {resp.ListResourceSchemas, ps.ListResourceSchemas}} {
		for name, s := range set.from {
			if set.to[name], err = convertSchema(s); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	for name, s := range identities.IdentitySchemas {
		if ps.ResourceIdentitySchemas[name], err = convertIdentity(s); err != nil {
			return nil, fmt.Errorf("identity of %s: %w", name, err)
		}
	}
	return &tfjson.ProviderSchemas{FormatVersion: "1.0", Schemas: map[string]*tfjson.ProviderSchema{key: ps}}, nil
}

func diagnosticsError(diags []*tfprotov6.Diagnostic) error {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return fmt.Errorf("%s: %s", d.Summary, d.Detail)
		}
	}
	return nil
}

func convertSchema(s *tfprotov6.Schema) (*tfjson.Schema, error) {
	if s == nil {
		return nil, nil
	}
	block, err := convertBlock(s.Block)
	if err != nil {
		return nil, err
	}
	return &tfjson.Schema{Version: uint64(s.Version), Block: block}, nil
}

func convertBlock(b *tfprotov6.SchemaBlock) (*tfjson.SchemaBlock, error) {
	out := &tfjson.SchemaBlock{
		Description:     b.Description,
		DescriptionKind: descriptionKind(b.DescriptionKind),
		Deprecated:      b.Deprecated,
	}
	if len(b.Attributes) > 0 {
		out.Attributes = map[string]*tfjson.SchemaAttribute{}
	}
	for _, a := range b.Attributes {
		attr, err := convertAttribute(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.Name, err)
		}
		out.Attributes[a.Name] = attr
	}
	if len(b.BlockTypes) > 0 {
		out.NestedBlocks = map[string]*tfjson.SchemaBlockType{}
	}
	for _, nb := range b.BlockTypes {
		block, err := convertBlock(nb.Block)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", nb.TypeName, err)
		}
		out.NestedBlocks[nb.TypeName] = &tfjson.SchemaBlockType{
			NestingMode: blockNesting(nb.Nesting),
			Block:       block,
			MinItems:    uint64(nb.MinItems),
			MaxItems:    uint64(nb.MaxItems),
		}
	}
	return out, nil
}

func convertAttribute(a *tfprotov6.SchemaAttribute) (*tfjson.SchemaAttribute, error) {
	out := &tfjson.SchemaAttribute{
		Description:     a.Description,
		DescriptionKind: descriptionKind(a.DescriptionKind),
		Deprecated:      a.Deprecated,
		Required:        a.Required,
		Optional:        a.Optional,
		Computed:        a.Computed,
		Sensitive:       a.Sensitive,
		WriteOnly:       a.WriteOnly,
	}
	if a.NestedType != nil {
		nested, err := convertNested(a.NestedType)
		if err != nil {
			return nil, err
		}
		out.AttributeNestedType = nested
		return out, nil
	}
	t, err := ctyType(a.Type)
	if err != nil {
		return nil, err
	}
	out.AttributeType = t
	return out, nil
}

func convertNested(o *tfprotov6.SchemaObject) (*tfjson.SchemaNestedAttributeType, error) {
	out := &tfjson.SchemaNestedAttributeType{
		Attributes:  map[string]*tfjson.SchemaAttribute{},
		NestingMode: objectNesting(o.Nesting),
	}
	for _, a := range o.Attributes {
		attr, err := convertAttribute(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.Name, err)
		}
		out.Attributes[a.Name] = attr
	}
	return out, nil
}

func convertIdentity(s *tfprotov6.ResourceIdentitySchema) (*tfjson.IdentitySchema, error) {
	out := &tfjson.IdentitySchema{Version: uint64(s.Version), Attributes: map[string]*tfjson.IdentityAttribute{}}
	for _, a := range s.IdentityAttributes {
		t, err := ctyType(a.Type)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.Name, err)
		}
		out.Attributes[a.Name] = &tfjson.IdentityAttribute{
			IdentityType:      t,
			Description:       a.Description,
			RequiredForImport: a.RequiredForImport,
			OptionalForImport: a.OptionalForImport,
		}
	}
	return out, nil
}

// ctyType converts through the JSON type notation both libraries share.
func ctyType(t tftypes.Type) (cty.Type, error) {
	if t == nil {
		return cty.NilType, nil
	}
	data, err := t.MarshalJSON() //nolint:staticcheck // the documented way to get the JSON type notation
	if err != nil {
		return cty.NilType, err
	}
	return ctyjson.UnmarshalType(data)
}

func descriptionKind(k tfprotov6.StringKind) tfjson.SchemaDescriptionKind {
	if k == tfprotov6.StringKindMarkdown {
		return tfjson.SchemaDescriptionKindMarkdown
	}
	return tfjson.SchemaDescriptionKindPlain
}

func blockNesting(n tfprotov6.SchemaNestedBlockNestingMode) tfjson.SchemaNestingMode {
	switch n {
	case tfprotov6.SchemaNestedBlockNestingModeSingle:
		return tfjson.SchemaNestingModeSingle
	case tfprotov6.SchemaNestedBlockNestingModeList:
		return tfjson.SchemaNestingModeList
	case tfprotov6.SchemaNestedBlockNestingModeSet:
		return tfjson.SchemaNestingModeSet
	case tfprotov6.SchemaNestedBlockNestingModeMap:
		return tfjson.SchemaNestingModeMap
	case tfprotov6.SchemaNestedBlockNestingModeGroup:
		return tfjson.SchemaNestingModeGroup
	}
	return ""
}

func objectNesting(n tfprotov6.SchemaObjectNestingMode) tfjson.SchemaNestingMode {
	switch n {
	case tfprotov6.SchemaObjectNestingModeSingle:
		return tfjson.SchemaNestingModeSingle
	case tfprotov6.SchemaObjectNestingModeList:
		return tfjson.SchemaNestingModeList
	case tfprotov6.SchemaObjectNestingModeSet:
		return tfjson.SchemaNestingModeSet
	case tfprotov6.SchemaObjectNestingModeMap:
		return tfjson.SchemaNestingModeMap
	}
	return ""
}
