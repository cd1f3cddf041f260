#!/usr/bin/env bash
# Checks the Terraform examples under examples/ without contacting any
# registry or API:
#
#   1. `terraform fmt -check` over the whole tree;
#   2. `terraform validate` in every directory that holds .tf files, with the
#      supersim provider taken from PROVIDER_BINARY through a dev_overrides
#      CLI configuration. With dev_overrides, `terraform init` is neither
#      needed nor run.
#
# Validation never configures the provider, so no credentials are needed.
# Each directory is validated in a scratch copy of examples/ (relative module
# paths keep working), with an extra *_override.tf file declaring the
# provider's source address: examples made for the docs have no terraform
# block, and without it Terraform would look for hashicorp/supersim.
#
# Usage: scripts/check-examples.sh PROVIDER_BINARY
# Environment: TERRAFORM (default: terraform on PATH).
set -euo pipefail

cd "$(dirname "$0")/.."

provider_bin=${1:?usage: $0 PROVIDER_BINARY (make examples-check builds it)}
terraform=${TERRAFORM:-$(command -v terraform || true)}
if [[ -z "$terraform" ]]; then
	echo "terraform is not on PATH: install Terraform 1.5+ or set TERRAFORM." >&2
	exit 1
fi
if [[ ! -x "$provider_bin" ]]; then
	echo "provider binary $provider_bin is missing or not executable: build it with go build, or run make examples-check." >&2
	exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Terraform looks in a dev_overrides directory for terraform-provider-supersim.
mkdir -p "$work/plugins"
ln -s "$(cd "$(dirname "$provider_bin")" && pwd)/$(basename "$provider_bin")" \
	"$work/plugins/terraform-provider-supersim"
cat >"$work/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "supersim-tf/supersim" = "$work/plugins"
  }
  # Anything else must not be installed: there is no network here.
}
EOF
export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

echo "terraform fmt -check -recursive examples"
if ! "$terraform" fmt -check -recursive -diff examples; then
	echo "Examples are not formatted: run 'make fmt'." >&2
	exit 1
fi

mkdir -p "$work/tree"
cp -R examples "$work/tree/"

# Import blocks by identity need Terraform 1.12. An older CLI checks the
# rest; CI checks these too, with the newest Terraform it builds for the
# test matrix.
version=$("$terraform" version -json | sed -n 's/.*"terraform_version": *"\([0-9.]*\).*/\1/p')
if [[ "$(printf '%s\n' "$version" 1.12.0 | sort -V | head -1)" != 1.12.0 ]]; then
	skipped=$(find "$work/tree/examples" -name import-by-identity.tf | sed "s|$work/tree/||")
	if [[ -n "$skipped" ]]; then
		echo "terraform $version is older than 1.12: not validating the identity import examples:" $skipped
		find "$work/tree/examples" -name import-by-identity.tf -delete
	fi
fi

failed=()
while IFS= read -r dir; do
	copy="$work/tree/$dir"
	cat >"$copy/zz_check_examples_override.tf" <<'EOF'
terraform {
  required_providers {
    supersim = {
      source = "supersim-tf/supersim"
    }
  }
}
EOF
	if out=$(cd "$copy" && "$terraform" validate -no-color 2>&1); then
		echo "ok      $dir"
	else
		echo "FAILED  $dir"
		# Leave out the warning that dev_overrides are in effect.
		sed -e '/^Warning: Provider development overrides are in effect/,/published$/d' \
			-e '/^releases\.$/d' <<<"$out" | sed -e '/./,$!d' -e 's/^/        /'
		failed+=("$dir")
	fi
	rm -f "$copy/zz_check_examples_override.tf"
done < <(find examples -name '*.tf' -not -path '*/.terraform/*' -exec dirname {} \; | sort -u)

if ((${#failed[@]} > 0)); then
	echo "${#failed[@]} example director$( ((${#failed[@]} == 1)) && echo y || echo ies) failed terraform validate: ${failed[*]}" >&2
	exit 1
fi
echo "All examples are formatted and valid."
