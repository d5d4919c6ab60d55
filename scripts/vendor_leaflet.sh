#!/bin/sh
# Vendor Leaflet (BSD-2-Clause) from the npm registry into the web app's static folder.
# Usage: sh scripts/vendor_leaflet.sh   (needs npm; the result is committed, nothing is fetched at run time)
set -eu
VERSION=1.9.4
REPO=$(cd "$(dirname "$0")/.." && pwd)
DEST="$REPO/src/marsad/web/static/vendor/leaflet"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack "leaflet@$VERSION" --silent >/dev/null && tar xzf "leaflet-$VERSION.tgz")
mkdir -p "$DEST"
cp "$TMP/package/dist/leaflet.js" "$TMP/package/dist/leaflet.css" "$DEST/"
cp "$TMP/package/LICENSE" "$DEST/LICENSE.txt"
echo "leaflet $VERSION (npm registry, BSD-2-Clause)" > "$DEST/VERSION.txt"
echo "vendored leaflet $VERSION into $DEST"
