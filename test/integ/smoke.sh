#!/usr/bin/env bash
# Smoke check of the local integration cluster: start it, apply a tiny DaemonSet with
# server-side apply and strict field validation, and check that it runs exactly one
# pod on each eligible node (computed from the live nodes' labels and taints), that an
# added node gets its pod and a removed one loses it, and that Pod Security admission
# and the ValidatingAdmissionPolicy API are there. Tears the cluster down, pass or fail.
#
#   test/integ/smoke.sh            (on kind: SMOKE_KUBECONFIG=path test/integ/smoke.sh)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER="$ROOT/test/integ/cluster.sh"
NS=node-agents-smoke
DS=smoke-pause
T0=$SECONDS
PASSED=0

log() { printf '[smoke] %s\n' "$*" >&2; }
fail() { log "FAIL: $*"; exit 1; }
ok() { PASSED=$((PASSED + 1)); log "ok: $*"; }

if [[ -n "${SMOKE_KUBECONFIG:-}" ]]; then
  export KUBECONFIG="$SMOKE_KUBECONFIG"    # an existing cluster (e.g. kind): not torn down
  trap 'kubectl delete namespace "$NS" --ignore-not-found --wait=false >/dev/null 2>&1 || true' EXIT
else
  trap '"$CLUSTER" down' EXIT
  "$CLUSTER" up
  eval "$("$CLUSTER" env)"
fi
T_UP=$SECONDS

kubectl version
kubectl get nodes -o wide

# Names of the nodes the DaemonSet must cover: Linux, and no NoSchedule/NoExecute
# taint (the pod tolerates none, apart from the node.kubernetes.io/* condition taints
# that the DaemonSet controller tolerates for every daemon pod).
eligible_nodes() {
  kubectl get nodes -o json | python3 -c '
import json, sys
for n in json.load(sys.stdin)["items"]:
    if n["metadata"].get("labels", {}).get("kubernetes.io/os") != "linux":
        continue
    if any(t.get("effect") in ("NoSchedule", "NoExecute")
           and not t["key"].startswith("node.kubernetes.io/")
           for t in n.get("spec", {}).get("taints") or []):
        continue
    print(n["metadata"]["name"])
' | sort
}

# "node phase ready" of each pod of the DaemonSet, sorted by node
ds_pods() {
  kubectl -n "$NS" get pods -l "app.kubernetes.io/name=$DS" -o json | python3 -c '
import json, sys
for p in json.load(sys.stdin)["items"]:
    if p["metadata"].get("deletionTimestamp"):
        continue
    ready = any(c["type"] == "Ready" and c["status"] == "True"
                for c in p.get("status", {}).get("conditions") or [])
    print(p["spec"].get("nodeName", "<unscheduled>"), p["status"].get("phase"), "ready" if ready else "not-ready")
' | sort
}

# Waits until the DaemonSet has exactly one Running, Ready pod on each eligible node.
expect_one_pod_per_eligible_node() {
  local want got deadline=$((SECONDS + 60))
  want="$(eligible_nodes | sed 's/$/ Running ready/')"
  [[ -n "$want" ]] || fail "no eligible node at all"
  while :; do
    got="$(ds_pods)"
    [[ "$got" == "$want" ]] && break
    ((SECONDS < deadline)) || fail "pods of $DS after 60s:"$'\n'"$got"$'\n'"wanted:"$'\n'"$want"
    sleep 1
  done
  ok "$(wc -l <<<"$want") pods, one Running and Ready on each eligible node: $(awk '{print $1}' <<<"$want" | tr '\n' ' ')"
}

kubectl apply --server-side --validate=strict --field-manager=smoke -f - <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: $NS
  labels:
    pod-security.kubernetes.io/enforce: restricted
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: $DS
  namespace: $NS
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: $DS
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
  template:
    metadata:
      labels:
        app.kubernetes.io/name: $DS
    spec:
      nodeSelector:
        kubernetes.io/os: linux
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 65535
        seccompProfile:
          type: RuntimeDefault
      containers:
      - name: pause
        image: registry.k8s.io/pause:3.10
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            drop: ["ALL"]
        resources:
          requests:
            cpu: 1m
            memory: 4Mi
EOF
ok "namespace (PodSecurity restricted) and DaemonSet applied with --server-side --validate=strict"

# Strict validation must refuse an unknown field.
if out="$(kubectl apply --server-side --validate=strict --field-manager=smoke --dry-run=server -f - 2>&1 <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: $DS, namespace: $NS}
spec: {notAField: true}
EOF
)"; then fail "an unknown field was accepted: $out"; fi
grep -q 'notAField' <<<"$out" || fail "unexpected refusal: $out"
ok "strict field validation refuses an unknown field"

kubectl -n "$NS" rollout status "daemonset/$DS" --timeout=60s
expect_one_pod_per_eligible_node

if [[ -z "${SMOKE_KUBECONFIG:-}" ]]; then
  "$CLUSTER" add-node integ-worker3 node-agents.test/pool=workers
  expect_one_pod_per_eligible_node
  grep -q '^integ-worker3 ' <<<"$(ds_pods)" || fail "the added node got no pod"
  ok "an added node gets its pod"
  "$CLUSTER" remove-node integ-worker3
  expect_one_pod_per_eligible_node
  ! grep -q '^integ-worker3 ' <<<"$(ds_pods)" || fail "the removed node kept its pod"
  ok "a removed node loses its pod"
fi

# A new image rolls every pod.
kubectl -n "$NS" patch daemonset "$DS" --type=json \
  -p '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"registry.k8s.io/pause:3.9"}]' >/dev/null
kubectl -n "$NS" rollout status "daemonset/$DS" --timeout=60s
images="$(kubectl -n "$NS" get pods -l "app.kubernetes.io/name=$DS" -o jsonpath='{range .items[*]}{.spec.containers[0].image}{"\n"}{end}' | sort -u)"
[[ "$images" == "registry.k8s.io/pause:3.9" ]] || fail "after the rollout the pods run: $images"
expect_one_pod_per_eligible_node
ok "a new image rolled every pod"

# Pod Security admission: a privileged pod is refused in the restricted namespace.
if out="$(kubectl -n "$NS" run psa-probe --image=registry.k8s.io/pause:3.10 --restart=Never \
  --privileged --dry-run=server 2>&1)"; then
  fail "a privileged pod was admitted in a restricted namespace: $out"
fi
grep -q 'violates PodSecurity "restricted' <<<"$out" || fail "unexpected refusal: $out"
ok "PodSecurity admission refuses a privileged pod under 'restricted'"

resources="$(kubectl api-resources --api-group=admissionregistration.k8s.io -o name)"
grep -qx 'validatingadmissionpolicies.admissionregistration.k8s.io' <<<"$resources" ||
  fail "the ValidatingAdmissionPolicy API is missing"
ok "the ValidatingAdmissionPolicy API is served"

if [[ -z "${SMOKE_KUBECONFIG:-}" ]]; then
  "$CLUSTER" check-loopback
  ok "every socket of the control plane is on 127.0.0.1"
fi

log "cluster start $((T_UP - T0))s, checks $((SECONDS - T_UP))s"
echo "smoke: $PASSED passed, 0 failed"
