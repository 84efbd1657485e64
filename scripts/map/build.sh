#!/bin/sh
# Rebuilds src/coopsec/web/static/map/atlas.topo.json (see its README.md). Build time only: the npm
# packages pinned in package.json / package-lock.json are installed in a temporary directory that is
# removed afterwards; nothing here is used by the service or run by make.
#   sh scripts/map/build.sh        (from anywhere; needs node >= 18 and npm)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
map="$here/../../src/coopsec/web/static/map"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$tmp/"
(cd "$tmp" && npm ci --no-audit --no-fund --silent)
cp "$here/check.mjs" "$tmp/"
node "$here/build.mjs" "$tmp/node_modules" "$map"
node "$tmp/check.mjs" "$map/atlas.topo.json"
ls -l "$map/atlas.topo.json"
echo "gzip -9: $(gzip -9 -c "$map/atlas.topo.json" | wc -c) bytes"
