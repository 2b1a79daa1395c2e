#!/usr/bin/env bash
# Package the PyInstaller bundle (dist/floordesk, from packaging/build-pyinstaller.sh)
# as a Debian/Ubuntu package, dist/floordesk_VERSION_ARCH.deb, with dpkg-deb alone:
#
#   /opt/floordesk/                 the bundle (floordesk and _internal/)
#   /usr/bin/floordesk              a symbolic link to /opt/floordesk/floordesk
#   /usr/share/applications/        the desktop entry (menu item)
#   /usr/share/icons/hicolor/scalable/apps/io.github.floordesk.Floordesk.svg
#   /usr/share/metainfo/            the AppStream metadata
#
# No maintainer scripts: the menu and icon caches are refreshed by the dpkg
# triggers of desktop-file-utils and hicolor-icon-theme where those are installed.
set -euo pipefail

cd "$(dirname "$0")/.."
bundle=dist/floordesk
app_id=io.github.floordesk.Floordesk
[[ -x "$bundle/floordesk" ]] || {
    echo "build-deb: no bundle in $bundle; run packaging/build-pyinstaller.sh first" >&2
    exit 1
}

metadata=("$bundle"/_internal/floordesk-*.dist-info/METADATA)
version="$(sed -n 's/^Version: //p' "${metadata[0]}")"
arch="$(dpkg --print-architecture)"
[[ -n "$version" ]] || { echo "build-deb: no version in ${metadata[0]}" >&2; exit 1; }

# What the bundle needs from the system: the packages of debian-packages.txt but
# the development ones. Debian 13 and Ubuntu 24.04 renamed some libraries in the
# 64-bit time_t transition (libglib2.0-0 → libglib2.0-0t64); either name will do.
development_only=" python3-venv "
renamed_t64=" libglib2.0-0 "
depends=()
while read -r package; do
    [[ "$development_only" == *" $package "* ]] && continue
    if [[ "$renamed_t64" == *" $package "* ]]; then
        depends+=("$package | ${package}t64")
    else
        depends+=("$package")
    fi
done < <(grep -v '^\s*#' packaging/debian-packages.txt | grep -v '^\s*$')
depends_line="$(printf '%s, ' "${depends[@]}")"
depends_line="${depends_line%, }"

root="build/deb/floordesk_${version}_${arch}"
rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" \
    "$root/usr/share/applications" "$root/usr/share/metainfo" \
    "$root/usr/share/icons/hicolor/scalable/apps" "$root/usr/share/doc/floordesk"
cp -a "$bundle" "$root/opt/floordesk"
ln -s /opt/floordesk/floordesk "$root/usr/bin/floordesk"
install -m 644 "packaging/$app_id.desktop" "$root/usr/share/applications/"
install -m 644 "packaging/$app_id.metainfo.xml" "$root/usr/share/metainfo/"
install -m 644 resources/icons/floordesk.svg \
    "$root/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
cat >"$root/usr/share/doc/floordesk/copyright" <<'EOF'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: floordesk
Source: https://github.com/floordesk/floordesk

Files: *
Copyright: Floordesk maintainers
License: GPL-3.0-or-later
 On Debian systems the full text of the GNU General Public License version 3
 is in /usr/share/common-licenses/GPL-3. The bundle under /opt/floordesk also
 holds Python, Qt for Python (LGPL-3.0) and the Python libraries listed in
 /opt/floordesk/_internal/*.dist-info, each under its own licence.
EOF
# Group- and world-readable whatever the builder's umask.
chmod -R u+rwX,go+rX,go-w "$root"

installed_size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
cat >"$root/DEBIAN/control" <<EOF
Package: floordesk
Version: $version
Architecture: $arch
Maintainer: Floordesk maintainers <floordesk@users.noreply.github.com>
Installed-Size: $installed_size
Depends: $depends_line
Section: misc
Priority: optional
Homepage: https://github.com/floordesk/floordesk
Description: list of speakers, speaking-time timers and session record
 Floordesk is the desk of the people who run the sessions of a conference held
 in a hall and on Zoom at the same time: the moderator's list of speakers and
 countdown, the rapporteur's record of interventions and the technician's
 view of the remote participants. Several stations can share one PostgreSQL
 database. This package holds a self-contained build (Python and Qt included)
 under /opt/floordesk.
EOF

package="dist/floordesk_${version}_${arch}.deb"
rm -f dist/floordesk_*.deb
# gzip, not xz: xz takes minutes over the 250 MB bundle on two cores, gzip one.
dpkg-deb --root-owner-group -Zgzip --build "$root" "$package" >/dev/null
echo "build-deb: $package ($(du -h "$package" | cut -f1))"
