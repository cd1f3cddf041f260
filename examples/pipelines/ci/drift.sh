#!/usr/bin/env bash
# Looks for drift on a schedule: a network removed in the Console, a Fleet
# moved by hand. Exits 0 when the account matches the configuration, 2 when
# it does not (the CI turns that into an alert), and 1 when planning fails.
# drift.txt holds the plan, which names the profiles and networks that
# changed.
set -euo pipefail
terraform=${TERRAFORM:-terraform}
dir=${1:-.}
cd "$dir"

"$terraform" init -input=false -no-color >/dev/null
set +e
# -lock=false: a check takes no lock that would block a deploy.
"$terraform" plan -input=false -no-color -lock=false -detailed-exitcode >drift.txt 2>&1
code=$?
set -e
cat drift.txt
case "$code" in
0) echo "No drift." ;;
2) echo "DRIFT: the account differs from the configuration; see the plan above." >&2 ;;
esac
exit "$code"
