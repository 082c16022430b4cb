#!/usr/bin/env bash
# Installs Debian's prometheus-node-exporter for test/node-exporter-real.test.ts.
#
# The test starts the binary itself, on 127.0.0.1 and a free port, so the package's own
# service must never run: a policy-rc.d that refuses every start is in place while apt
# runs, and the script checks afterwards that no exporter process was left behind.
# Safe to run again: an installed package is left as it is.
set -euo pipefail

package=prometheus-node-exporter
binary=/usr/bin/prometheus-node-exporter

installed() {
  [ -x "$binary" ] \
    && dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'
}

if installed; then
  echo "$package is already installed: $("$binary" --version 2>&1 | head -n 1)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "installing $package needs root (apt-get); run this script as root" >&2
  exit 1
fi

# invoke-rc.d and deb-systemd-invoke ask policy-rc.d before starting a service; exit code
# 101 means "not allowed". Keep an existing policy, add ours only for this run.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 0755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Without recommends: prometheus-node-exporter-collectors would add timers and scripts that
# write textfile metrics, which the test does not want.
apt-get install -y -qq --no-install-recommends "$package" >/dev/null

if ! installed; then
  echo "$package did not install" >&2
  exit 1
fi

# Nothing may be left listening: the package's service must not have started.
if pgrep -x prometheus-node-exporter >/dev/null 2>&1 || pgrep -f "^$binary( |$)" >/dev/null 2>&1; then
  echo "a $package process is running after the install; the service was started" >&2
  exit 1
fi

echo "installed $package: $("$binary" --version 2>&1 | head -n 1)"
