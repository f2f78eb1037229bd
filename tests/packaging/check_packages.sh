#!/bin/bash
# Builds the .deb and .tar.gz with cpack from a configured build folder, checks that each holds
# the programs and desktop files in the usual places, and runs the programs from the unpacked .deb.
# Usage: check_packages.sh BUILD_DIR VERSION APP_ID
set -euo pipefail
build=$1 version=$2 app_id=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

if ! cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log" >&2
    fail "cpack did not build the packages"
fi
deb=$(echo "$work"/out/*.deb)
tgz=$(echo "$work"/out/*.tar.gz)
[[ -f $deb ]] || fail "no .deb in $work/out"
[[ -f $tgz ]] || fail "no .tar.gz in $work/out"

expected=(
    bin/kubestrap
    bin/kubestrap-cli
    bin/kubestrap-sandbox
    "share/applications/$app_id.desktop"
    "share/metainfo/$app_id.metainfo.xml"
    "share/icons/hicolor/scalable/apps/$app_id.svg"
)
deb_listing=$(dpkg-deb -c "$deb")
tgz_listing=$(tar -tzf "$tgz")
for path in "${expected[@]}"; do
    grep -q "\./usr/$path\$" <<<"$deb_listing" || fail ".deb lacks /usr/$path"
    grep -q "/$path\$" <<<"$tgz_listing" || fail ".tar.gz lacks $path"
done

[[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail ".deb has the wrong version"
depends=$(dpkg-deb -f "$deb" Depends)
for library in libqt6widgets6 libssl3 libyaml-0-2; do
    grep -q "$library" <<<"$depends" || fail ".deb does not depend on $library: $depends"
done

dpkg-deb -x "$deb" "$work/root"
for program in kubestrap kubestrap-cli kubestrap-sandbox; do
    got=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$work/root/usr/bin/$program" --version)
    [[ $got == "$program $version" ]] || fail "$program --version printed '$got'"
done
desktop-file-validate "$work/root/usr/share/applications/$app_id.desktop"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/$app_id.metainfo.xml" >/dev/null
echo "packages OK: $(basename "$deb"), $(basename "$tgz")"
