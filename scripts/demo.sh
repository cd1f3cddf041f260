#!/usr/bin/env bash
# make demo: the provider's main job end to end, against a local emulator.
#
# Builds the provider and the emulator, starts the emulator on a free
# loopback port, then walks examples/quickstart through create, change,
# drift, Console deletion, import, a Fleet's move, the SIMs a removal would
# cut off and destroy, checking
# after every step that the plan is what it must be. Exits non-zero at the first step that
# misbehaves, and always cleans up (emulator stopped, temp files removed).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
terraform=${TERRAFORM:-$(command -v terraform || true)}
if [ -z "$terraform" ]; then
  echo "make demo needs the Terraform CLI (1.5 or later) on PATH, or TERRAFORM=/path/to/terraform." >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/supersim-demo.XXXXXX")
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

bold() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() { printf '\n\033[31mDEMO FAILED: %s\033[0m\n' "$*" >&2; exit 1; }
tf() { (cd "$work/config" && "$terraform" "$@"); }

# expect_plan 0|2 "why": terraform plan -detailed-exitcode is 0 for no
# changes and 2 for changes; anything else is an error.
expect_plan() {
  local want=$1 why=$2 code=0
  tf plan -detailed-exitcode -no-color -input=false >"$work/plan.txt" 2>&1 || code=$?
  if [ "$code" != "$want" ]; then
    cat "$work/plan.txt"
    fail "$why: terraform plan exited $code, want $want"
  fi
}

apply() { tf apply -auto-approve -no-color -input=false "$@" | grep -E '^(Apply complete|Warning|Plan:)|Import|[0-9]+ imported' || true; }

# api METHOD PATH [curl args]: call the emulator like the Console or another
# tool would, out of band.
api() {
  local method=$1 path=$2; shift 2
  curl -fsS -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" -X "$method" "$SUPERSIM_BASE_URL$path" "$@"
}

bold "Building the provider and the emulator"
mkdir -p "$work/bin" "$work/config"
(cd "$repo" && go build -o "$work/bin/terraform-provider-supersim" . && go build -o "$work/bin/supersim-emulator" ./cmd/supersim-emulator)

bold "Starting the Super SIM API emulator"
"$work/bin/supersim-emulator" -quiet -print-env-file "$work/emulator.env" >"$work/emulator.out" 2>"$work/emulator.log" &
emulator_pid=$!
for _ in $(seq 100); do [ -s "$work/emulator.env" ] && break; sleep 0.1; done
[ -s "$work/emulator.env" ] || { cat "$work/emulator.log"; fail "the emulator did not start"; }
# shellcheck disable=SC1091
. "$work/emulator.env"
echo "emulator at $SUPERSIM_BASE_URL (account $TWILIO_ACCOUNT_SID)"

# Terraform uses the freshly built provider; no registry is contacted.
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/supersim-tf/supersim" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
cp "$repo/examples/quickstart/main.tf" "$work/config/"

bold "1. Create: a profile per region from the catalog"
apply
echo "Europe: $(tf output -raw europe_network_count) networks in $(tf output -raw europe_profile_sid); North America: $(tf output -raw north_america_profile_sid)"
expect_plan 0 "the plan right after apply must be empty"
echo "plan after apply: no changes"

bold "2. Change: drop France from Europe, rename North America"
cat >"$work/config/terraform.tfvars" <<'VARS'
europe_countries = ["GB", "DE"]
VARS
sed -i.bak 's/-north-america"/-americas"/' "$work/config/main.tf"
apply
expect_plan 0 "the plan after the change must be empty"
echo "Europe now allows $(tf output -raw europe_network_count) networks; plan: no changes"

bold "3. Drift: a network removed out of band (Console, API, another tool)"
europe=$(tf output -raw europe_profile_sid)
victim=$(api GET "/v1/NetworkAccessProfiles/$europe/Networks" | jq -r '.networks[0].sid')
api DELETE "/v1/NetworkAccessProfiles/$europe/Networks/$victim" >/dev/null
echo "removed $victim from $europe behind Terraform's back"
expect_plan 2 "the plan must notice the removed network"
grep -m 3 -E "will be created|no longer allowed" "$work/plan.txt"
apply
expect_plan 0 "apply must restore the removed network"
echo "restored; plan: no changes"

bold "4. Drift: the North American profile deleted in the Console"
americas=$(tf output -raw north_america_profile_sid)
api DELETE "/_console/NetworkAccessProfiles/$americas" >/dev/null
expect_plan 2 "the plan must notice the deleted profile"
grep -m 2 -E "will be created" "$work/plan.txt"
apply
expect_plan 0 "apply must create the profile again"
echo "recreated as $(tf output -raw north_america_profile_sid); plan: no changes"

bold "5. Import: adopt a profile that already exists"
legacy=$(api POST /v1/NetworkAccessProfiles --data-urlencode "UniqueName=legacy fleet/eu" \
  --data-urlencode "Networks=$victim" | jq -r .sid)
echo "created $legacy (\"legacy fleet/eu\") out of band"
cat >"$work/config/legacy.tf" <<HCL
import {
  to = supersim_network_access_profile.legacy
  id = "legacy fleet/eu"
}

resource "supersim_network_access_profile" "legacy" {
  unique_name = "legacy fleet/eu"
  networks    = ["$victim"]
}
HCL
tf plan -no-color -input=false | grep -E "^Plan:"
apply
expect_plan 0 "the plan right after import must be empty"
[ "$(tf state show -no-color supersim_network_access_profile.legacy | grep -E '^\s+sid ' | grep -o 'HA[0-9a-f]*')" = "$legacy" ] ||
  fail "state does not hold the imported SID $legacy"
echo "imported $legacy by unique name; plan: no changes"

bold "6. Fleet: move its SIMs to another profile in place, and back after an out-of-band move"
fleet=$(tf output -raw fleet_sid)
europe=$(tf output -raw europe_profile_sid)
americas=$(tf output -raw north_america_profile_sid)
sed -i.bak 's/network_access_profile = supersim_network_access_profile.europe.sid/network_access_profile = supersim_network_access_profile.north_america.sid/' "$work/config/main.tf"
expect_plan 2 "the plan must move the Fleet"
grep -q "supersim_fleet.trackers will be updated in-place" "$work/plan.txt" || { cat "$work/plan.txt"; fail "the move is not an update in place"; }
grep -A9 "Warning: Fleet moves" "$work/plan.txt" | sed -n "1p;5,10p"
apply
expect_plan 0 "the plan after the move must be empty"
[ "$(api GET "/v1/Fleets/$fleet" | jq -r .network_access_profile_sid)" = "$americas" ] || fail "the Fleet $fleet does not use $americas"
echo "Fleet $fleet (same SID) now uses $americas; plan: no changes"
api POST "/v1/Fleets/$fleet" --data-urlencode "NetworkAccessProfile=$europe" >/dev/null
echo "moved $fleet back to $europe behind Terraform's back"
expect_plan 2 "the plan must notice the out-of-band move"
apply
expect_plan 0 "apply must move the Fleet to the configured profile again"
echo "the Fleet uses $(api GET "/v1/Fleets/$fleet" | jq -r .network_access_profile_sid) again; plan: no changes"
if api DELETE "/_console/NetworkAccessProfiles/$americas" 2>/dev/null; then fail "the Console deleted a profile that a Fleet uses"; fi
echo "the Console refuses to delete $americas while the Fleet uses it"
sed -i.bak 's/^  data_limit             = 500$/&\n  data_enabled           = false/' "$work/config/main.tf"
code=0; tf plan -no-color -input=false >"$work/plan.txt" 2>&1 || code=$?
[ "$code" = 1 ] && grep -q "data_enabled cannot change after create" "$work/plan.txt" || { cat "$work/plan.txt"; fail "changing data_enabled must fail the plan"; }
echo "changing data_enabled fails the plan (the API sets it on create only; a Fleet is never replaced)"
sed -i.bak '/^  data_enabled           = false$/d' "$work/config/main.tf"
expect_plan 0 "the plan must be empty again"

bold "7. Impact: the plan names the SIMs a removal would cut off, from the account's usage"
att=$(api GET "/v1/Networks?Mcc=310&Mnc=410" | jq -r '.networks[0].sid')
tmobile=$(api GET "/v1/Networks?Mcc=310&Mnc=260" | jq -r '.networks[0].sid')
for i in 1 2 3; do
  sim=$(api POST /v1/Sims --data-urlencode "Iccid=898830700000000000$i" --data-urlencode "RegistrationCode=DEMO-$i" | jq -r .sid)
  api POST "/v1/Sims/$sim" --data-urlencode "UniqueName=tracker-$i" --data-urlencode "Fleet=$fleet" >/dev/null
done
# The Fleet uses the North American profile now. tracker-1 and tracker-2
# send data only over AT&T; tracker-3 over AT&T and T-Mobile.
for usage in "tracker-1 $att" "tracker-2 $att" "tracker-3 $att" "tracker-3 $tmobile"; do
  set -- $usage
  api POST /_emulator/UsageRecords -d "Sim=$1" -d "Network=$2" -d DataUpload=20000 -d DataDownload=80000 >/dev/null
done
echo "registered 3 SIMs in the Fleet and seeded their usage"
cp "$work/config/main.tf" "$work/main.tf.keep"
sed -i.bak '/^    data.supersim_network.att.sid,$/d' "$work/config/main.tf"
expect_plan 2 "dropping AT&T must plan the change"
grep -q "Warning: 2 SIMs of Fleet quickstart-trackers" "$work/plan.txt" || { cat "$work/plan.txt"; fail "the plan does not say which SIMs dropping AT&T strands"; }
grep -A16 "Warning: 2 SIMs of Fleet quickstart-trackers" "$work/plan.txt" | grep -E "Warning:|tracker-|SIMs used|went over" | sed 's/^/  /'
cp "$work/main.tf.keep" "$work/config/main.tf"
expect_plan 0 "keeping AT&T must plan nothing"
echo "kept AT&T: plan: no changes"

bold "8. Destroy: links are removed, profiles and the Fleet stay (the API cannot delete them)"
tf destroy -auto-approve -no-color -input=false | grep -E "^(Destroy complete|Warning)" | sort | uniq -c
count=$(api GET /v1/NetworkAccessProfiles | jq '.network_access_profiles | length')
[ "$count" -ge 3 ] || fail "destroy deleted profiles: $count left"
fleets=$(api GET /v1/Fleets | jq '.fleets | length')
[ "$fleets" = 1 ] || fail "destroy changed the Fleets: $fleets left"
echo "$count profiles and $fleets Fleet still in the account, as the warnings said"

printf '\n\033[32mDemo complete: create, change, drift, Console deletion, import, a Fleet move, the SIMs a removal cuts off and destroy all behaved.\033[0m\n'
