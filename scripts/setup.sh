#!/usr/bin/env bash
# Installs everything Twill's build, lab and tests need on Debian 12, idempotently: Debian
# packages that are missing, npm dependencies when package-lock.json changed, then the build.
# Fast (a few seconds) when everything is already there. Needs root for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

# Routers and tools the lab runs, the dataplane's libraries, the datastore, CNI plugins.
DEB_PACKAGES=(
  iproute2 procps iputils-ping tcpdump iperf3 nftables libnftables-dev
  bird2 frr gobgpd exabgp etcd-server etcd-client
  wireguard-tools wireguard-go containernetworking-plugins
  make g++ python3 git ca-certificates
)

log() { printf 'setup: %s\n' "$*" >&2; }

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { log "need root to install: ${missing[*]} (run with sudo)"; exit 1; }
  log "installing Debian packages: ${missing[*]}"
  # On a machine with systemd, installing bird2/frr/etcd would start them in the host's own
  # network namespace; the lab starts its own copies, so keep the packaged services stopped.
  blocker=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    blocker=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' > "$blocker"; chmod +x "$blocker"
  fi
  trap '[ -n "$blocker" ] && rm -f "$blocker"' EXIT
  apt-get update -qq
  # --no-install-recommends: wireguard-tools would otherwise pull a kernel image and systemd.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v node >/dev/null 2>&1; then
  log "Node.js is missing: Twill needs Node.js >= 20.19 with npm"; exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  log "Node.js $(node --version) is too old: Twill needs >= 20.19"; exit 1
fi

# npm ci only when the lock file changed since the last install (npm keeps its own copy).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Native addons (N-API, node-gyp against the local Node headers); native/build.sh skips them
# when nothing changed.
if [ -x native/build.sh ]; then
  native/build.sh
fi

log "building"
rm -rf dist
npx tsc -p tsconfig.json
# Every program named in package.json's "bin" is run directly.
node -e 'const fs = require("fs"); for (const f of Object.values(require("./package.json").bin)) fs.chmodSync(f, 0o755);'
