#!/usr/bin/env bash
# Builds, at pinned versions and from their Go modules, the binaries of the
# local control plane used by the integration tests:
#   kube-apiserver, kube-controller-manager, kube-scheduler, kubectl
#     (k8s.io/kubernetes, with the staging modules k8s.io/* at the matching v0.X.Y)
#   etcd (go.etcd.io/etcd/server/v3)
#   kwok, kwokctl (sigs.k8s.io/kwok/cmd/...)
#
# Output: ${NODE_AGENTS_CACHE:-$HOME/.cache/cdk8s-node-agents}/k8s/<key>/bin
# where <key> names all three versions. A warm cache (every binary present and
# reporting the pinned version) means no rebuild. Nothing here goes into the repo.
#
# Usage: scripts/k8s-binaries.sh          build if needed; print the bin dir on stdout
#        scripts/k8s-binaries.sh --check  exit 0 if the cache is warm, 1 if not
#        scripts/k8s-binaries.sh --print-bin-dir
# Progress goes to stderr, so `BIN=$(scripts/k8s-binaries.sh)` works.
#
# Needs Go >= 1.26.0 (the go line of all three modules). GOTOOLCHAIN defaults to
# `local` here: no toolchain is fetched unless the caller sets GOTOOLCHAIN.
set -euo pipefail

# ---- pinned versions (checked with `go list -m -versions` against the module proxy)
K8S_VERSION=v1.36.3      # k8s.io/kubernetes
ETCD_VERSION=v3.6.17     # go.etcd.io/etcd/server/v3
KWOK_VERSION=v0.8.0      # sigs.k8s.io/kwok
# The staging modules of Kubernetes 1.X.Y are published as v0.X.Y.
K8S_STAGING_VERSION="v0.${K8S_VERSION#v1.}"

CACHE_ROOT="${NODE_AGENTS_CACHE:-$HOME/.cache/cdk8s-node-agents}"
KEY="${K8S_VERSION}-etcd${ETCD_VERSION}-kwok${KWOK_VERSION}"
DIR="$CACHE_ROOT/k8s/$KEY"
BIN="$DIR/bin"

K8S_CMDS=(kube-apiserver kube-controller-manager kube-scheduler kubectl)

log() { printf '[k8s-binaries] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# expected_version BINARY -> a fixed string its version output must contain
expected_version() {
  case "$1" in
    kube-apiserver | kube-controller-manager | kube-scheduler) echo "Kubernetes $K8S_VERSION" ;;
    kubectl) echo "Client Version: $K8S_VERSION" ;;
    etcd) echo "etcd Version: ${ETCD_VERSION#v}" ;;
    kwok) echo "kwok version $KWOK_VERSION" ;;
    kwokctl) echo "kwokctl version $KWOK_VERSION" ;;
  esac
}

version_of() {
  case "$1" in
    kubectl) "$BIN/kubectl" version --client 2>/dev/null ;;
    *) "$BIN/$1" --version 2>/dev/null ;;
  esac
}

# warm NAME... -> 0 if every named binary is present and reports its pinned version
warm() {
  local b out
  for b in "$@"; do
    [[ -x "$BIN/$b" ]] || return 1
    # (no pipe into grep -q here: with pipefail, an early exit of grep fails the check)
    out="$(version_of "$b")" || return 1
    [[ "$out" == *"$(expected_version "$b")"* ]] || return 1
  done
}

ALL=("${K8S_CMDS[@]}" etcd kwok kwokctl)

case "${1:-}" in
  --print-bin-dir) echo "$BIN"; exit 0 ;;
  --check) if warm "${ALL[@]}"; then exit 0; else exit 1; fi ;;
  "") ;;
  *) die "unknown argument: $1 (use --check or --print-bin-dir)" ;;
esac

if warm "${ALL[@]}"; then
  log "warm cache, nothing to build: $BIN"
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null || die "go is not on PATH (Go >= 1.26.0 is needed)"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
export CGO_ENABLED=0
export GOFLAGS="-trimpath -buildvcs=false"
GO_MIN=1.26.0
go_have="$(go env GOVERSION)"; go_have="${go_have#go}"
if [[ "$(printf '%s\n%s\n' "$GO_MIN" "$go_have" | sort -V | head -1)" != "$GO_MIN" ]]; then
  die "Go $go_have is too old, $GO_MIN or newer is needed (or set GOTOOLCHAIN)"
fi
GOMODCACHE="$(go env GOMODCACHE)"

mkdir -p "$DIR"
# One build at a time per cache key (a developer and CI may share a machine).
exec 9>"$DIR/.lock"
flock 9
if warm "${ALL[@]}"; then
  log "built meanwhile by another run: $BIN"
  echo "$BIN"
  exit 0
fi

# Builds are heavy and the machine is shared: be nice.
NICE=(nice -n 10)
START=$SECONDS
log "building into $BIN (go $go_have, $(nproc) cores); this takes a while when cold"
TMP_BIN="$(mktemp -d "$DIR/bin.tmp.XXXXXX")"
trap 'rm -rf "$TMP_BIN"' EXIT

# mod_file MODULE@VERSION -> path of its go.mod in the module cache (downloads it)
mod_file() {
  go mod download -json "$1" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p'
}
# mod_time MODULE@VERSION -> the version's commit time as the proxy reports it
mod_time() {
  go list -m -json "$1" | sed -n 's/^[[:space:]]*"Time": "\(.*\)",$/\1/p'
}

build_k8s() {
  local src="$DIR/src/kubernetes" gomod go_line t0=$SECONDS
  log "kubernetes $K8S_VERSION (staging $K8S_STAGING_VERSION): ${K8S_CMDS[*]}"
  gomod="$(mod_file "k8s.io/kubernetes@$K8S_VERSION")"
  [[ -f "$gomod" ]] || die "could not get the go.mod of k8s.io/kubernetes@$K8S_VERSION"
  go_line="$(awk '$1=="go"{print $2; exit}' "$gomod")"
  mkdir -p "$src"
  # The staging modules are required as v0.0.0 and replaced by ./staging/src/k8s.io/X
  # in the release's own go.mod; map each of those to its published v0.X.Y.
  # (Only required ones: e.g. k8s.io/sample-cli-plugin is replaced but never required,
  # and the module proxy does not serve it.)
  local staging
  staging="$(awk '
    /^require[[:space:]]*\(/ {inreq=1; next}
    /^replace[[:space:]]*\(/ {inrep=1; next}
    /^\)/ {inreq=0; inrep=0; next}
    inreq && $2=="v0.0.0" {req[$1]=1}
    inrep && $2=="=>" && $3 ~ /^\.\/staging\// {rep[$1]=1}
    END {for (m in rep) if (m in req) print m}' "$gomod" | sort)"
  [[ -n "$staging" ]] || die "found no staging modules in $gomod"
  {
    echo "// Generated by scripts/k8s-binaries.sh from the go.mod of k8s.io/kubernetes@$K8S_VERSION."
    echo "module node-agents.local/k8s-build"
    echo
    echo "go $go_line"
    echo
    echo "godebug default=go${go_line%.*}"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    echo "replace ("
    local m
    for m in $staging; do echo "	$m => $m $K8S_STAGING_VERSION"; done
    echo ")"
    echo
    echo "tool ("
    for m in "${K8S_CMDS[@]}"; do echo "	k8s.io/kubernetes/cmd/$m"; done
    echo ")"
  } >"$src/go.mod"
  log "  $(wc -w <<<"$staging") staging replaces written to $src/go.mod; resolving modules"
  (cd "$src" && rm -f go.sum && "${NICE[@]}" go mod tidy)

  # Same stamps as hack/lib/version.sh of the release (there is no git tree here,
  # so gitCommit stays empty; buildDate is the release's commit time, reproducible).
  local minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
  local date; date="$(mod_time "k8s.io/kubernetes@$K8S_VERSION")"
  local ldflags="-s -w" pkg kv
  for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    for kv in "gitVersion=$K8S_VERSION" gitMajor=1 "gitMinor=$minor" gitTreeState=clean "gitCommit=" "buildDate=$date"; do
      ldflags+=" -X $pkg.$kv"
    done
  done
  local pkgs=()
  for m in "${K8S_CMDS[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$m"); done
  log "  compiling (cold: the longest step)"
  (cd "$src" && "${NICE[@]}" go build -ldflags "$ldflags" -o "$TMP_BIN/" "${pkgs[@]}")
  for m in "${K8S_CMDS[@]}"; do mv -f "$TMP_BIN/$m" "$BIN/$m"; done
  log "  kubernetes done in $((SECONDS - t0))s"
}

build_etcd() {
  local src="$DIR/src/etcd" gomod go_line t0=$SECONDS
  log "etcd $ETCD_VERSION"
  gomod="$(mod_file "go.etcd.io/etcd/server/v3@$ETCD_VERSION")"
  [[ -f "$gomod" ]] || die "could not get the go.mod of go.etcd.io/etcd/server/v3@$ETCD_VERSION"
  go_line="$(awk '$1=="go"{print $2; exit}' "$gomod")"
  mkdir -p "$src"
  # server/go.mod replaces its sibling modules with ../api etc.: use their releases.
  local siblings m
  siblings="$(awk '$2=="=>" && $3 ~ /^\.\.\// {print $1}' "$gomod" | sort -u)"
  {
    echo "// Generated by scripts/k8s-binaries.sh from the go.mod of go.etcd.io/etcd/server/v3@$ETCD_VERSION."
    echo "module node-agents.local/etcd-build"
    echo
    echo "go $go_line"
    echo
    echo "require go.etcd.io/etcd/server/v3 $ETCD_VERSION"
    echo
    echo "replace ("
    for m in $siblings; do echo "	$m => $m $ETCD_VERSION"; done
    echo ")"
    echo
    echo "tool go.etcd.io/etcd/server/v3"
  } >"$src/go.mod"
  (cd "$src" && rm -f go.sum && "${NICE[@]}" go mod tidy)
  (cd "$src" && "${NICE[@]}" go build -ldflags "-s -w" -o "$TMP_BIN/etcd" go.etcd.io/etcd/server/v3)
  mv -f "$TMP_BIN/etcd" "$BIN/etcd"
  log "  etcd done in $((SECONDS - t0))s"
}

build_kwok() {
  local t0=$SECONDS
  log "kwok $KWOK_VERSION: kwok kwokctl"
  # sigs.k8s.io/kwok has no replace directives: a plain `go install` works.
  # Default download locations are pointed at a path that does not exist, so that a
  # binary we forgot to pass fails on the spot instead of being fetched from the net.
  local nodl="$DIR/no-downloads" c ldflags="-s -w" consts
  consts="$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')/pkg/consts/consts.go"
  [[ -f "$consts" ]] || die "could not find $consts"
  ldflags+=" -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v}"
  ldflags+=" -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=${K8S_VERSION#v}"
  for c in $(grep -oE '^[[:space:]]+[A-Za-z]+(Binary|Manifest)[A-Za-z]*Prefix[[:space:]]*=' "$consts" |
    tr -d ' \t='); do
    ldflags+=" -X sigs.k8s.io/kwok/pkg/consts.$c=$nodl"
  done
  GOBIN="$TMP_BIN" "${NICE[@]}" go install -ldflags "$ldflags" \
    "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwokctl@$KWOK_VERSION"
  mv -f "$TMP_BIN/kwok" "$TMP_BIN/kwokctl" "$BIN/"
  log "  kwok done in $((SECONDS - t0))s"
}

mkdir -p "$BIN"
warm "${K8S_CMDS[@]}" || build_k8s
warm etcd || build_etcd
warm kwok kwokctl || build_kwok

for b in "${ALL[@]}"; do
  warm "$b" || die "$b does not report '$(expected_version "$b")': $(version_of "$b" | head -1)"
done
log "built in $((SECONDS - START))s: $BIN ($(du -sh "$BIN" | cut -f1))"
echo "$BIN"
