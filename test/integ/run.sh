#!/usr/bin/env bash
# The integration suite (npm run integ): builds or finds the control-plane binaries, starts
# the local cluster (test/integ/cluster.sh), runs the *.integ.ts files with jest against it,
# and tears the cluster down whatever the outcome. Arguments go to jest:
#
#   npm run integ
#   npm run integ -- --json --outputFile=.state/integ.json
#   npm run integ -- -t 'Pod Security'
#
# Against a cluster that already runs (kind, say), nothing is built, started or stopped:
#
#   INTEG_USE_EXISTING_CLUSTER=1 KUBECONFIG=path/to/kubeconfig npm run integ
#
# Prints how long the binaries, the cluster start and the suite took.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER="$ROOT/test/integ/cluster.sh"
cd "$ROOT"

log() { printf '[integ] %s\n' "$*" >&2; }

t_build=0 t_up=0
if [[ "${INTEG_USE_EXISTING_CLUSTER:-}" == 1 ]]; then
  [[ -n "${KUBECONFIG:-}" ]] || { log "INTEG_USE_EXISTING_CLUSTER=1 needs KUBECONFIG"; exit 2; }
  command -v kubectl >/dev/null || { log "kubectl is not on PATH"; exit 2; }
  log "using the existing cluster of KUBECONFIG=$KUBECONFIG ($(kubectl config current-context))"
else
  if [[ -n "${KUBECONFIG:-}" ]]; then
    log "KUBECONFIG is set but INTEG_USE_EXISTING_CLUSTER is not 1: starting a local cluster anyway"
  fi
  t0=$SECONDS
  "$ROOT/scripts/k8s-binaries.sh" >/dev/null
  t_build=$((SECONDS - t0))

  # Torn down on any exit: a failing test, a failed start, or an interrupt.
  trap '"$CLUSTER" down || true' EXIT
  trap 'exit 130' INT TERM
  t0=$SECONDS
  "$CLUSTER" up
  t_up=$((SECONDS - t0))
  eval "$("$CLUSTER" env)"
fi

t0=$SECONDS
rc=0
npx jest --config test/integ/jest.config.js --runInBand "$@" || rc=$?
t_suite=$((SECONDS - t0))

if [[ "${INTEG_USE_EXISTING_CLUSTER:-}" == 1 ]]; then
  log "timings: suite ${t_suite}s (existing cluster)"
else
  log "timings: binaries ${t_build}s, cluster start ${t_up}s, suite ${t_suite}s"
fi
exit "$rc"
