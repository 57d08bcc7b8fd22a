#!/usr/bin/env bash
# Debian packages the tests need: Mesa's lavapipe from bookworm-backports (Dawn rejects the
# stock Mesa 22) for WebGPU in Node, and Debian's Chromium for the end-to-end tests.
set -euo pipefail

need_root() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-system-deps: run as root (or with sudo) to install Debian packages" >&2
    exit 1
  fi
}

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: no apt-get; install by hand: Mesa >= 25 Vulkan drivers" \
    "(lavapipe), libvulkan1, libegl1, libegl-dev and chromium" >&2
  exit 1
fi

have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
mesa_version() { dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true; }

mesa=$(mesa_version)
if have libvulkan1 && have libegl-dev && have chromium && [ "${mesa%%.*}" -ge 25 ] 2>/dev/null; then
  echo "install-system-deps: Debian packages already present (mesa $mesa)"
  exit 0
fi
need_root

. /etc/os-release
codename=${VERSION_CODENAME:-bookworm}
backports=/etc/apt/sources.list.d/${codename}-backports.sources
if [ "$codename" = bookworm ] && [ ! -f "$backports" ]; then
  cat >"$backports" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: ${codename}-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends libvulkan1 libegl1 libegl-dev chromium >/dev/null
if [ "$codename" = bookworm ]; then
  apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers >/dev/null
else
  apt-get install -y -qq mesa-vulkan-drivers >/dev/null
fi
echo "install-system-deps: mesa-vulkan-drivers $(mesa_version), $(chromium --version 2>/dev/null | head -1)"
