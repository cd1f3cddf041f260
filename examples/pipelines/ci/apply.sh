#!/usr/bin/env bash
# Applies the saved plan a pull or merge request reviewed, exactly as
# reviewed: run after the merge, with the tfplan of that request's plan job.
# Terraform refuses a saved plan when the state changed since it was made
# (another merge applied first); then plan the request again.
set -euo pipefail
terraform=${TERRAFORM:-terraform}
dir=${1:-.}
plan=${2:-tfplan}
cd "$dir"

if [ ! -f "$plan" ]; then
	echo "No saved plan at $dir/$plan: the reviewed plan was not found, and nothing is applied." >&2
	exit 1
fi
"$terraform" init -input=false -no-color >/dev/null
if ! "$terraform" apply -input=false -no-color -lock-timeout=5m "$plan"; then
	echo "The reviewed plan could not be applied. If Terraform says it is stale, another change was applied after it was made: run the request's plan again and review it." >&2
	exit 1
fi
