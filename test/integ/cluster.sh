#!/usr/bin/env bash
# The local Kubernetes control plane of the integration tests: real kube-apiserver,
# kube-controller-manager, kube-scheduler and etcd, started by kwokctl (binary
# runtime), with kwok simulating the Nodes (test/integ/nodes/topology.yaml) and
# running the Pods bound to them. No container runtime, no image pulls.
#
#   test/integ/cluster.sh up                 build/find the binaries, start, add the nodes
#   test/integ/cluster.sh down               stop everything, remove the state
#   test/integ/cluster.sh env                print `export KUBECONFIG=... PATH=...` (eval it)
#   test/integ/cluster.sh add-node NAME [key=value ...]   add a Ready linux worker
#   test/integ/cluster.sh remove-node NAME   delete a node, wait for pod GC to drop its pods (40-60s)
#   test/integ/cluster.sh check-loopback    fail unless every socket of the cluster is on 127.0.0.1
#   test/integ/cluster.sh status | logs
#
# Typical use, torn down even when a test fails:
#   trap 'test/integ/cluster.sh down' EXIT
#   test/integ/cluster.sh up
#   eval "$(test/integ/cluster.sh env)"
#
# Everything listens on 127.0.0.1 on free ports picked at `up`. State, logs and the
# kubeconfig live in <repo>/.state/integ (gitignored); ~/.kube and ~/.kwok are not
# touched. `up` cleans up after itself if it fails (KEEP_ON_FAILURE=1 keeps the state).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Another INTEG_STATE and INTEG_CLUSTER_NAME let a second cluster run beside the suite's.
STATE="${INTEG_STATE:-$ROOT/.state/integ}"
NAME="${INTEG_CLUSTER_NAME:-integ}"  # kwokctl names the cluster (and context) kwok-<NAME>
KUBECONFIG_FILE="$STATE/kubeconfig"
NODES_FILE="$ROOT/test/integ/nodes/topology.yaml"
BUILD="$ROOT/scripts/k8s-binaries.sh"

# kwokctl keeps its clusters under $KWOK_WORKDIR (default ~/.kwok): keep it in the repo.
export KWOK_WORKDIR="$STATE/kwok"
CLUSTER_DIR="$KWOK_WORKDIR/clusters/$NAME"

log() { printf '[cluster] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

bin_dir() { "$BUILD" --print-bin-dir; }

kwokctl() { "$(bin_dir)/kwokctl" --name "$NAME" "$@"; }
# kubectl keeps a discovery cache in ~/.kube/cache unless told otherwise.
export KUBECACHEDIR="$STATE/kube-cache"
kc() { KUBECONFIG="$KUBECONFIG_FILE" "$(bin_dir)/kubectl" "$@"; }

# free_ports N -> N distinct free TCP ports on 127.0.0.1
free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
PY
}

# pids of the processes kwokctl started for this cluster
cluster_pids() {
  local f
  for f in "$CLUSTER_DIR"/pids/*.pid; do
    [[ -f "$f" ]] && echo "$(<"$f")"
  done
  return 0
}

# Fails unless every process of the cluster listens, and only on 127.0.0.1.
check_loopback_only() {
  command -v ss >/dev/null || { log "ss not found, skipping the listen-address check"; return 0; }
  local pids pid addr sockets listening=0
  pids="$(cluster_pids)"
  [[ -n "$pids" ]] || die "no pid files in $CLUSTER_DIR/pids"
  sockets="$(ss -Hltnup 2>/dev/null)"
  for pid in $pids; do
    local n=0
    while read -r addr; do
      [[ -n "$addr" ]] || continue
      [[ "$addr" == 127.0.0.1:* ]] || die "pid $pid ($(readlink "/proc/$pid/exe")) listens on $addr, beyond 127.0.0.1"
      n=$((n + 1))
    done < <(grep -F "pid=$pid," <<<"$sockets" | awk '{print $5}')
    ((n > 0)) || die "pid $pid ($(readlink "/proc/$pid/exe" || echo gone)) listens on no socket"
    listening=$((listening + n))
  done
  # ... and that none of them has a connection to anything but 127.0.0.1.
  local peers=0 line
  for pid in $pids; do
    while read -r line; do
      [[ -n "$line" ]] || continue
      local laddr raddr
      laddr="$(awk '{print $5}' <<<"$line")"; raddr="$(awk '{print $6}' <<<"$line")"
      [[ "$laddr" == 127.0.0.1:* && ( "$raddr" == 127.0.0.1:* || "$raddr" == "0.0.0.0:*" || "$raddr" == "*:*" ) ]] ||
        die "pid $pid ($(readlink "/proc/$pid/exe")) has a socket beyond 127.0.0.1: $line"
      peers=$((peers + 1))
    done < <(ss -Htanup 2>/dev/null | grep -F "pid=$pid," | grep -v LISTEN)
  done
  log "$(wc -w <<<"$pids") processes: $listening listening sockets and $peers other sockets, all on 127.0.0.1"
}

write_config() {
  local bin="$1" p
  read -r -a p <<<"$(free_ports 6)"
  cat >"$STATE/kwokctl.yaml" <<EOF
# Written by test/integ/cluster.sh; every port was free on 127.0.0.1 at 'up'.
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
options:
  runtime: binary
  bindAddress: 127.0.0.1
  kubeApiserverPort: ${p[0]}
  etcdPort: ${p[1]}
  etcdPeerPort: ${p[2]}
  kubeControllerManagerPort: ${p[3]}
  kubeSchedulerPort: ${p[4]}
  kwokControllerPort: ${p[5]}
  securePort: true
  kubeAuthorization: true
  kubeAdmission: true
  quietPull: true
  cacheDir: $KWOK_WORKDIR/cache
  kubeApiserverBinary: $bin/kube-apiserver
  kubeControllerManagerBinary: $bin/kube-controller-manager
  kubeSchedulerBinary: $bin/kube-scheduler
  kubectlBinary: $bin/kubectl
  etcdBinary: $bin/etcd
  kwokControllerBinary: $bin/kwok
componentsPatches:
- name: kube-apiserver
  extraArgs:
  # Otherwise the apiserver advertises the host's address in the kubernetes Service.
  - key: advertise-address
    value: 127.0.0.1
  - key: endpoint-reconciler-type
    value: none
- name: kwok-controller
  extraArgs:
  # The InternalIP of every fake node: kubectl logs/exec then reach kwok on loopback.
  - key: node-ip
    value: 127.0.0.1
    override: true
EOF
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local timeout="$1" what="$2" t0=$SECONDS
  shift 2
  until "$@" >/dev/null 2>&1; do
    ((SECONDS - t0 < timeout)) || die "timed out after ${timeout}s waiting for $what"
    sleep 0.5
  done
}

cmd_up() {
  local t0=$SECONDS bin
  if [[ -d "$STATE" ]]; then
    log "found state of an earlier run in $STATE: tearing it down first"
    cmd_down
  fi
  bin="$("$BUILD")"
  local t1=$SECONDS
  mkdir -p "$STATE"
  if [[ "${KEEP_ON_FAILURE:-}" != 1 ]]; then
    trap 'rc=$?; if ((rc != 0)); then log "up failed (exit $rc)"; cmd_logs_tail || true; cmd_down || true; fi' EXIT
  fi
  write_config "$bin"
  log "starting kwok-$NAME (kube-apiserver $("$bin/kube-apiserver" --version | awk '{print $2}'))"
  kwokctl --config "$STATE/kwokctl.yaml" create cluster \
    --kubeconfig "$KUBECONFIG_FILE" --timeout 5m --wait 2m >"$STATE/create.log" 2>&1 ||
    { cat "$STATE/create.log" >&2; die "kwokctl create cluster failed"; }
  [[ -s "$KUBECONFIG_FILE" ]] || die "kwokctl wrote no kubeconfig to $KUBECONFIG_FILE"
  check_loopback_only

  wait_for 60 "the API server to be ready" kc get --raw /readyz
  kc apply --server-side --field-manager=integ-cluster -f "$NODES_FILE" >/dev/null
  local n; n="$(grep -c '^kind: Node' "$NODES_FILE")"
  wait_for 60 "$n nodes" bash -c "[[ \$(KUBECONFIG='$KUBECONFIG_FILE' '$bin/kubectl' get nodes -o name | wc -l) -ge $n ]]"
  kc wait --for=condition=Ready node --all --timeout=60s >/dev/null
  # Pods can be created once the default ServiceAccount exists.
  wait_for 60 "the default ServiceAccount" kc -n default get serviceaccount default
  trap - EXIT
  log "cluster up in $((SECONDS - t1))s (plus $((t1 - t0))s for the binaries): $n nodes Ready"
  log "use it with: eval \"\$(test/integ/cluster.sh env)\""
}

cmd_down() {
  local t0=$SECONDS
  if [[ -d "$CLUSTER_DIR" ]]; then
    if [[ -x "$(bin_dir)/kwokctl" ]]; then
      kwokctl delete cluster --kubeconfig "$KUBECONFIG_FILE" >"$STATE/delete.log" 2>&1 ||
        log "kwokctl delete cluster failed (see below), stopping the processes it started"
    fi
    # Whatever still runs from this cluster's pid files: stop it, by pid, and only
    # if that pid is still one of our binaries (kwokctl links them into the cluster dir).
    local pid exe
    for pid in $(cluster_pids); do
      exe="$(readlink "/proc/$pid/exe" 2>/dev/null)" || continue
      if [[ "$exe" == "$(bin_dir)/"* || "$exe" == "$CLUSTER_DIR/"* ]]; then
        log "stopping leftover pid $pid ($exe)"
        kill "$pid" 2>/dev/null || true
      fi
    done
  fi
  rm -rf "$STATE"
  log "cluster down in $((SECONDS - t0))s, state removed"
}

cmd_env() {
  [[ -s "$KUBECONFIG_FILE" ]] || die "no cluster: run test/integ/cluster.sh up"
  printf 'export KUBECONFIG=%q\n' "$KUBECONFIG_FILE"
  printf 'export KUBECACHEDIR=%q\n' "$KUBECACHEDIR"
  printf 'export PATH=%q:"$PATH"\n' "$(bin_dir)"
}

cmd_add_node() {
  local node="${1:?usage: add-node NAME [key=value ...]}" kv
  shift
  {
    cat <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $node
  annotations:
    kwok.x-k8s.io/node: fake
  labels:
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: $node
EOF
    for kv in "$@"; do
      [[ "$kv" == *=* ]] || die "label '$kv' is not key=value"
      printf '    %s: "%s"\n' "${kv%%=*}" "${kv#*=}"
    done
  } | kc apply --server-side --field-manager=integ-cluster -f - >/dev/null
  kc wait --for=condition=Ready "node/$node" --timeout=60s >/dev/null
  log "node $node added and Ready"
}

# Deletes the Node, then waits until the cluster itself has removed the pods bound to
# it: kube-controller-manager's pod GC deletes pods of a vanished node after a fixed
# 40s quarantine, checked every 20s, so this takes 40-60s (the same on kind).
cmd_remove_node() {
  local node="${1:?usage: remove-node NAME}" t0=$SECONDS
  kc delete node "$node" --wait=true >/dev/null
  until [[ -z "$(kc get pods -A --field-selector "spec.nodeName=$node" -o name)" ]]; do
    ((SECONDS - t0 < 120)) || die "pods still bound to the deleted node $node after 120s"
    sleep 1
  done
  log "node $node removed, and its pods gone after $((SECONDS - t0))s"
}

cmd_logs_tail() {
  local f
  for f in "$CLUSTER_DIR"/logs/*.log; do
    [[ -f "$f" ]] || continue
    printf '\n==== %s (last 15 lines)\n' "$f" >&2
    tail -n 15 "$f" >&2
  done
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  env) cmd_env ;;
  add-node) shift; cmd_add_node "$@" ;;
  remove-node) shift; cmd_remove_node "$@" ;;
  check-loopback) check_loopback_only ;;
  status) kc get nodes -o wide; kwokctl get components 2>/dev/null || true ;;
  logs) cmd_logs_tail ;;
  *) sed -n '2,22p' "$0" >&2; exit 2 ;;
esac
