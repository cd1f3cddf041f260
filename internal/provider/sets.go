package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// stringSet builds a set of strings in sorted order, so state files diff
// cleanly.
func stringSet(values []string) types.Set {
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	elems := make([]attr.Value, 0, len(sorted))
	for _, v := range slices.Compact(sorted) {
		elems = append(elems, types.StringValue(v))
	}
	set, _ := types.SetValue(types.StringType, elems) // cannot fail: every element is a string
	return set
}

// setStrings reads a known set of strings.
func setStrings(ctx context.Context, set types.Set, diags *diag.Diagnostics) []string {
	if set.IsNull() || set.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(set.ElementsAs(ctx, &out, false)...)
	slices.Sort(out)
	return out
}

// knownSetStrings reads a set only when it and every element are known,
// which is not the case at plan time when elements come from resources that
// do not exist yet.
func knownSetStrings(ctx context.Context, set types.Set) ([]string, bool) {
	if set.IsNull() || set.IsUnknown() {
		return nil, false
	}
	for _, e := range set.Elements() {
		if e.IsUnknown() {
			return nil, false
		}
	}
	var diags diag.Diagnostics
	out := setStrings(ctx, set, &diags)
	return out, !diags.HasError()
}

// setDifference returns the elements of b that are not in a, sorted.
func setDifference(a, b []string) []string {
	inA := make(map[string]bool, len(a))
	for _, s := range a {
		inA[s] = true
	}
	var out []string
	for _, s := range b {
		if !inA[s] {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
