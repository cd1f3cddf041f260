#!/usr/bin/env bash
# Builds a Terraform or OpenTofu CLI from its source as the Go module proxy
# serves it, so that the acceptance tests can run under more than the
# installed terraform without any release download site (`make testmatrix`).
#
#   scripts/build-terraform-cli.sh terraform 1.14.5 DIR   # writes DIR/terraform
#   scripts/build-terraform-cli.sh tofu 1.10.7 DIR        # writes DIR/tofu
#
# It prints the binary's path on stdout (the build's messages go to stderr).
# Idempotent: a binary already in DIR that reports the requested version is
# kept and nothing is built. A cold build takes about two minutes on two
# cores; the module cache makes later ones quicker.
#
# Terraform's repository keeps some remote state backends (s3, azurerm, gcs,
# consul, cos, kubernetes, oci, oss, pg) in nested Go modules, which the
# module zip of github.com/hashicorp/terraform leaves out and the proxy does
# not serve. This script drops them from the backend list and from go.mod
# before building. Nothing a provider test uses needs them: core, the local
# backend, the plugin protocols, import and dev_overrides are all intact.
# OpenTofu builds as published.
#
# Needs Go (the version terraform's go.mod asks for or later), sed and a
# POSIX shell environment; it changes nothing outside DIR and a temporary
# directory, apart from Go's module and build caches.
set -euo pipefail

usage() {
	echo "usage: $0 terraform|tofu VERSION DIR" >&2
	exit 2
}
[ $# -eq 3 ] || usage
kind=$1 version=${2#v} dir=$3

case "$kind" in
terraform)
	module=github.com/hashicorp/terraform
	pkg=.
	;;
tofu)
	module=github.com/opentofu/opentofu
	pkg=./cmd/tofu
	;;
*) usage ;;
esac

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
bin=$dir/$kind

# `terraform version` prints "Terraform v1.14.5" and `tofu version`
# "OpenTofu v1.10.7" on their first line; anything else (a -dev build, a
# different version, a broken file) is rebuilt.
reports_version() {
	[ -x "$bin" ] || return 1
	local out first
	# The whole output, then its first line: piping into `head -n 1` would
	# let head exit before the CLI's last write, and under pipefail the
	# CLI's SIGPIPE would fail a good binary now and then.
	out=$(CHECKPOINT_DISABLE=1 "$bin" version 2>/dev/null) || return 1
	first=${out%%$'\n'*}
	case "$first" in
	"Terraform v$version" | "OpenTofu v$version") return 0 ;;
	*) return 1 ;;
	esac
}
if reports_version; then
	echo "$bin"
	exit 0
fi

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

echo "building $kind $version from $module@v$version (Go module proxy)" >&2
# Outside any module, so that no go.mod of the caller's gets in the way.
info=$(cd "$work" && GOFLAGS= GO111MODULE=on go mod download -json "$module@v$version") || {
	echo "$info" >&2
	echo "cannot download $module@v$version from the Go module proxy" >&2
	exit 1
}
src=$(printf '%s\n' "$info" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
if [ -z "$src" ] || [ ! -d "$src" ]; then
	printf '%s\n' "$info" >&2
	echo "no source directory for $module@v$version" >&2
	exit 1
fi

# The module cache is read-only: build from a writable copy.
cp -R "$src" "$work/src"
chmod -R u+w "$work/src"
cd "$work/src"

if [ "$kind" = terraform ]; then
	missing='azure|consul|cos|gcs|kubernetes|oci|oss|pg|s3'
	init=internal/backend/init/init.go
	# The imports, and the entries of the backends map that use them.
	# (sed without -i, which BSD and GNU sed spell differently.)
	sed -E \
		-e "/^[[:space:]]*backend[A-Za-z0-9]+ \"github.com\/hashicorp\/terraform\/internal\/backend\/remote-state\/($missing)\"$/d" \
		-e '/^[[:space:]]*"[a-z0-9]+": +func\(\) backend\.Backend \{ return backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3)\.New\(\) \},$/d' \
		"$init" >"$init.new"
	mv "$init.new" "$init"
	# Every nested module (the backends, and internal/legacy, which only
	# a test imports): its require and its replace.
	sed -E \
		-e '/^replace github.com\/hashicorp\/terraform\/internal\//d' \
		-e '/^[[:space:]]+github.com\/hashicorp\/terraform\/internal\/[^ ]+ v/d' \
		go.mod >go.mod.new
	mv go.mod.new go.mod
	if grep -Eq "remote-state/($missing)\"|backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3)\." "$init"; then
		echo "$init still uses a backend this script cannot build; the patterns need updating for $version" >&2
		exit 1
	fi
fi

# -X …version.dev=no makes it a release build: `version` prints no -dev.
# -mod=mod lets go.sum follow the trimmed go.mod.
GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath \
	-ldflags "-s -w -X $module/version.dev=no" -o "$work/$kind" "$pkg" >&2
# Move the finished binary in place, so that an interrupted build never
# leaves a half-written one behind.
mv -f "$work/$kind" "$bin"
if ! reports_version; then
	echo "$bin does not report $kind v$version:" >&2
	CHECKPOINT_DISABLE=1 "$bin" version >&2 || true
	exit 1
fi
echo "$bin"
