#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages of packaging/debian-packages.txt that are missing.
# Does nothing when all are there; says so and goes on where apt-get does not exist.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mapfile -t wanted < <(grep -v '^\s*#' "$here/debian-packages.txt" | grep -v '^\s*$')

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: not a Debian/Ubuntu system; install libvlc, Qt's xcb libraries and fonts yourself." >&2
    exit 0
fi

missing=()
for package in "${wanted[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
    if [[ "$status" != *"ok installed"* ]]; then
        # A renamed library (the t64 transition) counts as present under its new name.
        if ! dpkg-query -W -f='${Status}\n' "${package}t64" 2>/dev/null | grep -q "ok installed"; then
            missing+=("$package")
        fi
    fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
if [[ "$(id -u)" -ne 0 ]]; then
    sudo="sudo"
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
