#!/usr/bin/env bash
# Install dist/floordesk_*.deb with apt-get (which brings its dependencies), run the
# installed /usr/bin/floordesk through packaging/smoke-frozen.sh, check the
# installed desktop entry, icon and metainfo, remove the package with --purge and
# check that nothing of it is left. Changes the system: for CI and test machines.
# Needs root (or sudo) and apt-get.
set -euo pipefail

cd "$(dirname "$0")/.."
as_root=()
[[ "$(id -u)" -ne 0 ]] && as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive
# Waits for another apt or dpkg run to finish instead of failing at once.
apt_get() { "${as_root[@]}" apt-get -o DPkg::Lock::Timeout=300 -y -qq "$@"; }

packages=(dist/floordesk_*.deb)
[[ -f "${packages[0]}" ]] || {
    echo "check-deb: no dist/floordesk_*.deb; run packaging/build-deb.sh first" >&2
    exit 1
}
if dpkg-query -W -f='${Status}' floordesk 2>/dev/null | grep -q "installed"; then
    # Left by an earlier run that was killed: start from a clean system.
    echo "check-deb: removing the floordesk already installed here"
    apt_get remove --purge floordesk >/dev/null
fi

app_id=io.github.floordesk.Floordesk
installed=(
    /opt/floordesk
    /usr/bin/floordesk
    "/usr/share/applications/$app_id.desktop"
    "/usr/share/metainfo/$app_id.metainfo.xml"
    "/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
    /usr/share/doc/floordesk
)

echo "check-deb: installing ${packages[0]}"
apt_get install --no-install-recommends "./${packages[0]}" >/dev/null
# Whatever happens next, take the package off again.
trap 'apt_get remove --purge floordesk >/dev/null 2>&1 || true' EXIT

for path in "${installed[@]}"; do
    [[ -e "$path" ]] || { echo "check-deb: $path not installed" >&2; exit 1; }
done
[[ "$(command -v floordesk)" == /usr/bin/floordesk ]] || {
    echo "check-deb: 'floordesk' on PATH is $(command -v floordesk), not /usr/bin/floordesk" >&2
    exit 1
}
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "/usr/share/applications/$app_id.desktop"
fi
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net --pedantic "/usr/share/metainfo/$app_id.metainfo.xml" >/dev/null
fi

packaging/smoke-frozen.sh /usr/bin/floordesk

echo "check-deb: removing floordesk (--purge)"
apt_get remove --purge floordesk >/dev/null
trap - EXIT
if dpkg-query -W -f='${Status}' floordesk 2>/dev/null | grep -q "installed"; then
    echo "check-deb: floordesk is still known to dpkg after the purge" >&2
    exit 1
fi
left=()
for path in "${installed[@]}"; do
    [[ -e "$path" || -L "$path" ]] && left+=("$path")
done
if [[ ${#left[@]} -gt 0 ]]; then
    echo "check-deb: left behind after the purge: ${left[*]}" >&2
    exit 1
fi
echo "check-deb: installed, started, removed; nothing left behind"
