#!/usr/bin/env bash
# Runs examples/module-test's native tests (`terraform test`) against the
# emulator, as a module author would offline: builds the provider and the
# emulator, starts the emulator on a free loopback port, points Terraform at
# the built provider through dev_overrides, and always stops the emulator.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
terraform=${TERRAFORM:-$(command -v terraform || true)}
[ -n "$terraform" ] || { echo "terraform is needed on PATH (or TERRAFORM=...)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/supersim-module-test.XXXXXX")
emulator_pid=""
cleanup() {
	if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

(cd "$repo" && go build -o "$work/bin/terraform-provider-supersim" . && go build -o "$work/bin/supersim-emulator" ./cmd/supersim-emulator)
"$work/bin/supersim-emulator" -quiet -print-env-file "$work/emulator.env" >/dev/null 2>"$work/emulator.log" &
emulator_pid=$!
for _ in $(seq 100); do [ -s "$work/emulator.env" ] && break; sleep 0.1; done
[ -s "$work/emulator.env" ] || { cat "$work/emulator.log" >&2; echo "the emulator did not start" >&2; exit 1; }
# shellcheck disable=SC1091
. "$work/emulator.env"

cat >"$work/cli.tfrc" <<TFRC
provider_installation {
  dev_overrides {
    "supersim-tf/supersim" = "$work/bin"
  }
}
TFRC

# A copy, so the test leaves no state or lock files in the repository.
cp -r "$repo/examples/module-test" "$work/module"
cd "$work/module"
TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 "$terraform" test -no-color
