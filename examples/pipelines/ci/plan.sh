#!/usr/bin/env bash
# Plans a change for review and keeps the plan: run on every pull or merge
# request. Writes tfplan (the saved plan the merge applies, unchanged) and
# plan.txt (the same plan as text, for the review). Exits 0 whether or not
# the plan has changes, and non-zero when planning fails.
#
# Credentials come from the environment the CI fills from its secret store:
# TWILIO_API_KEY and TWILIO_API_SECRET (or TWILIO_ACCOUNT_SID and
# TWILIO_AUTH_TOKEN). SUPERSIM_BASE_URL points at the emulator in tests.
set -euo pipefail
terraform=${TERRAFORM:-terraform}
dir=${1:-.}
cd "$dir"

"$terraform" init -input=false -no-color >/dev/null
set +e
"$terraform" plan -input=false -no-color -lock-timeout=5m -detailed-exitcode -out=tfplan >plan.log 2>&1
code=$?
set -e
cat plan.log
case "$code" in
0) echo "No changes: the merge will have nothing to apply." ;;
2) echo "The plan has changes: tfplan is what the merge applies." ;;
*) exit "$code" ;;
esac
"$terraform" show -no-color tfplan >plan.txt
