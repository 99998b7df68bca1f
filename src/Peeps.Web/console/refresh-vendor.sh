#!/usr/bin/env bash
# Refreshes the vendored browser bundles in wwwroot/vendor/ from the npm registry.
# Only needed when upgrading a library; the build itself never runs npm.
# Usage: src/Peeps.Web/console/refresh-vendor.sh [dagre-version]
set -euo pipefail

dagre_version="${1:-3.1.3}"
vendor="$(cd "$(dirname "$0")/../wwwroot/vendor" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "@dagrejs/dagre@${dagre_version}" >/dev/null
tar xzf dagrejs-dagre-*.tgz

mkdir -p "$vendor/dagre"
# The ESM build bundles graphlib, so the console imports a single file. The source-map comment is
# dropped because the map is not vendored (a browser with devtools open would otherwise ask for it).
grep -v '^//# sourceMappingURL=' package/dist/dagre.esm.js > "$vendor/dagre/dagre.esm.js"
cp package/LICENSE "$vendor/dagre/LICENSE"
cp package/dist/dagre.esm.js.LEGAL.txt "$vendor/dagre/dagre.esm.js.LEGAL.txt"
echo "$dagre_version" > "$vendor/dagre/VERSION"
echo "vendored @dagrejs/dagre $dagre_version into $vendor/dagre"
