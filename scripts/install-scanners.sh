#!/usr/bin/env bash
# Installs the security scanners that `npm run security` runs, at pinned versions, outside
# the repository:
#
#   $NODE_AGENTS_CACHE/scanners/checkov-<version>   a venv with checkov and its pinned deps
#   $NODE_AGENTS_CACHE/scanners/trivy-<version>     trivy, built from its Go module
#
# NODE_AGENTS_CACHE defaults to ~/.cache/cdk8s-node-agents. An install that finished leaves
# a marker naming what it installed; a warm cache is left as it is. Builds run under
# `nice -n 10`: the machine's two cores are shared.
#
# Polaris (github.com/fairwindsops/polaris) and kube-linter (golang.stackrox.io/kube-linter)
# are not served by the Go module proxy reachable here, so they are not installed; see
# docs/security.md.
set -euo pipefail

CHECKOV_VERSION=3.3.30
TRIVY_VERSION=0.74.0

here=$(cd "$(dirname "$0")" && pwd)
cache="${NODE_AGENTS_CACHE:-$HOME/.cache/cdk8s-node-agents}/scanners"
mkdir -p "$cache"

# Prints the path of an installed scanner, for scripts/security.ts.
if [ "${1:-}" = "--print-paths" ]; then
  echo "checkov=$cache/checkov-$CHECKOV_VERSION/bin/checkov"
  echo "trivy=$cache/trivy-$TRIVY_VERSION/bin/trivy"
  exit 0
fi

install_checkov() {
  local dir="$cache/checkov-$CHECKOV_VERSION"
  local requirements="$here/scanners/checkov-requirements.txt"
  local want
  local pins
  pins=$(sha256sum "$requirements" | cut -c1-16)
  want="checkov $CHECKOV_VERSION $pins $(python3 --version 2>&1)"
  if [ -f "$dir/.installed" ] && [ "$(cat "$dir/.installed")" = "$want" ]; then
    echo "checkov $CHECKOV_VERSION: already installed in $dir"
    return
  fi
  if ! grep -qx "checkov==$CHECKOV_VERSION" "$requirements"; then
    echo "$requirements does not pin checkov==$CHECKOV_VERSION; regenerate it" >&2
    return 1
  fi

  rm -rf "$dir"
  python3 -m venv "$dir"
  # Every package is pinned in the requirements file; --no-deps keeps pip from resolving
  # anything beyond it, and `pip check` proves the set is complete and consistent.
  PIP_DISABLE_PIP_VERSION_CHECK=1 nice -n 10 "$dir/bin/pip" install --quiet --no-deps \
    --no-input -r "$requirements"
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$dir/bin/pip" check
  # The version check of checkov's banner would ask PyPI; the version is pinned here.
  CKV_SKIP_PACKAGE_UPDATE_CHECK=true BC_SKIP_MAPPING=TRUE "$dir/bin/checkov" --version >/dev/null
  echo "$want" >"$dir/.installed"
  echo "checkov $CHECKOV_VERSION: installed in $dir"
}

install_trivy() {
  local dir="$cache/trivy-$TRIVY_VERSION"
  local want="trivy $TRIVY_VERSION $(go env GOVERSION)"
  if [ -f "$dir/.installed" ] && [ "$(cat "$dir/.installed")" = "$want" ] \
    && [ -x "$dir/bin/trivy" ]; then
    echo "trivy $TRIVY_VERSION: already installed in $dir"
    return
  fi

  rm -rf "$dir"
  mkdir -p "$dir/bin"
  local build="$cache/.go-build-trivy"
  rm -rf "$build"
  # The module's own go.mod and go.sum pin every dependency. Trivy needs the jsonv2 Go
  # experiment and builds without cgo, as its release configuration (goreleaser.yml) does.
  echo "trivy $TRIVY_VERSION: building from its Go module (several minutes on two cores)"
  local log="$cache/trivy-$TRIVY_VERSION.build.log"
  if ! (
    export GOMODCACHE="$build/mod" GOCACHE="$build/cache" GOBIN="$dir/bin"
    export GOFLAGS="-modcacherw -buildvcs=false" GOEXPERIMENT=jsonv2 CGO_ENABLED=0
    nice -n 10 go install \
      -ldflags "-s -w -X github.com/aquasecurity/trivy/pkg/version/app.ver=$TRIVY_VERSION" \
      "github.com/aquasecurity/trivy/cmd/trivy@v$TRIVY_VERSION"
  ) >"$log" 2>&1; then
    grep -v '^go: downloading' "$log" | tail -n 40 >&2
    echo "trivy $TRIVY_VERSION did not build; the whole log is $log" >&2
    return 1
  fi
  # The binary stands alone: the module and build caches (several GB) are not kept.
  rm -rf "$build" "$log"
  "$dir/bin/trivy" --version | grep -q "Version: $TRIVY_VERSION"
  echo "$want" >"$dir/.installed"
  echo "trivy $TRIVY_VERSION: installed in $dir"
}

install_checkov
install_trivy
