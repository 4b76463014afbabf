#!/bin/sh
# update.sh fetches the ECharts build opsreport ships and copies it here,
# with the licence files the Apache License asks us to carry along.
#
# We vendor dist/echarts.common.min.js: it has the SVG renderer, line and bar
# series, tooltip, legend, markLine and aria (decals), which is all the charts
# use, at about 0.7 MB instead of 1 MB for the full build. Run it from any
# folder; it writes next to itself and prints the SHA-256 of what it copied so
# a reviewer can compare with the npm tarball.
set -eu

version=${ECHARTS_VERSION:-6.1.0}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$tmp"
npm pack --silent "echarts@$version" >/dev/null
tar -xzf "echarts-$version.tgz"

cp package/dist/echarts.common.min.js "$here/echarts.common.min.js"
cp package/LICENSE "$here/LICENSE"
cp package/NOTICE "$here/NOTICE"
printf '%s\n' "$version" >"$here/VERSION"

cd "$here"
echo "echarts $version from npm, tarball sha256:"
sha256sum "$tmp/echarts-$version.tgz" | cut -d' ' -f1
sha256sum echarts.common.min.js LICENSE NOTICE
