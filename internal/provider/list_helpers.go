package provider

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// listBase is what the list resources share: the client, and the way a
// listing starts and streams its results.
type listBase struct {
	client *supersim.Client
}

func (b *listBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// start reads the list block's configuration into cfg. When the listing
// cannot go on, it streams the diagnostics and returns false.
func (b *listBase) start(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, cfg any) bool {
	var diags diag.Diagnostics
	if clientOrError(b.client, &diags) {
		diags.Append(req.Config.Get(ctx, cfg)...)
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return false
	}
	return true
}

// fail streams one failed API call as the listing's result.
func fail(stream *list.ListResultsStream, doing string, err error) {
	var diags diag.Diagnostics
	addAPIError(&diags, doing, err)
	stream.Results = list.ListResultsStreamDiagnostics(diags)
}

// limited keeps at most limit items (Terraform's `limit`; 0 is none).
func limited[T any](items []T, limit int64) []T {
	if limit > 0 && int64(len(items)) > limit {
		return items[:limit]
	}
	return items
}

// resultsOf streams one result per item, as fill describes it.
func resultsOf[T any](ctx context.Context, req list.ListRequest, items []T, fill func(result *list.ListResult, item *T)) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		for i := range items {
			result := req.NewListResult(ctx)
			fill(&result, &items[i])
			if !push(result) {
				return
			}
		}
	}
}
