package provider

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// identifierType is one MCC-MNC pair in schemas and state.
var identifierType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"mcc": types.StringType,
	"mnc": types.StringType,
}}

// identifierList keeps the API's order: the first pair is the network's
// primary one.
func identifierList(ids []supersim.Identifier) types.List {
	elems := make([]attr.Value, len(ids))
	for i, id := range ids {
		elems[i] = types.ObjectValueMust(identifierType.AttrTypes, map[string]attr.Value{
			"mcc": types.StringValue(id.MCC),
			"mnc": types.StringValue(id.MNC),
		})
	}
	return types.ListValueMust(identifierType, elems)
}

// isoCountry shows country codes upper-case, as the catalog does, whatever
// case an endpoint answers in.
func isoCountry(s string) types.String {
	return types.StringValue(strings.ToUpper(s))
}
