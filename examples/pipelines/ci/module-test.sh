#!/usr/bin/env bash
# Runs a module's native tests (terraform test) against the Super SIM
# emulator, so they need no Twilio account: starts the emulator on a free
# loopback port, points the provider at it and always stops it.
#
# SUPERSIM_EMULATOR is the emulator's binary (from the release archives
# published beside the provider); by default supersim-emulator on PATH.
set -euo pipefail
terraform=${TERRAFORM:-terraform}
emulator=${SUPERSIM_EMULATOR:-supersim-emulator}
dir=${1:-.}

work=$(mktemp -d "${TMPDIR:-/tmp}/supersim-module-test.XXXXXX")
pid=""
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

"$emulator" -quiet -print-env-file "$work/emulator.env" >/dev/null 2>"$work/emulator.log" &
pid=$!
for _ in $(seq 100); do [ -s "$work/emulator.env" ] && break; sleep 0.1; done
[ -s "$work/emulator.env" ] || { cat "$work/emulator.log" >&2; echo "the emulator did not start" >&2; exit 1; }
# The emulator's URL and credentials replace the real ones for the tests.
unset TWILIO_API_KEY TWILIO_API_SECRET
# shellcheck disable=SC1091
. "$work/emulator.env"

cd "$dir"
"$terraform" init -input=false -no-color >/dev/null
"$terraform" test -no-color
