#!/usr/bin/env bash
# Builds every N-API addon in native/ (each folder with a binding.gyp) with node-gyp, offline, against
# the running Node's headers. An addon is rebuilt only when one of its sources, its binding.gyp or a shared
# header in include/ is newer than its built .node, so scripts/setup.sh stays fast when nothing changed.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
node_gyp="$root/node_modules/.bin/node-gyp"
# Debian/NodeSource installs put the headers under <prefix>/include/node; point node-gyp there so it
# never tries to download them.
nodedir=$(node -p 'require("path").resolve(process.execPath, "../..")')

for gyp in */binding.gyp; do
  [ -e "$gyp" ] || continue
  dir=$(dirname "$gyp")
  built=$(ls "$dir"/build/Release/*.node 2>/dev/null | head -n 1 || true)
  # include/ holds headers the addons share: a change there rebuilds them all.
  if [ -n "$built" ] && [ -z "$(find "$dir" include -path "$dir/build" -prune -o -newer "$built" -type f \
      \( -name '*.cc' -o -name '*.cpp' -o -name '*.c' -o -name '*.h' -o -name 'binding.gyp' \) -print -quit)" ]; then
    continue
  fi
  printf 'native: building %s\n' "$dir" >&2
  (cd "$dir" && "$node_gyp" rebuild --nodedir="$nodedir" --loglevel=warn >/dev/null)
done
