#!/usr/bin/env bash
# Creates the Debian 13 (trixie) root in which the OpenXR end-to-end tests run
# Monado, the OpenXR 1.1 loader, hello_xr and Khronos' core validation and
# api_dump layers (see /work/shared/design/monado-e2e.md for what was checked
# to work).
#
# Idempotent and safe to run concurrently: each package list gets its own
# root, named by a hash of the list, so checkouts of different versions never
# delete each other's root; a lock serialises builds. A root is reused when its
# stamp file is there; a missing or incomplete one is rebuilt from scratch.
# Roots live OUTSIDE the checkout (about 1 GB each):
#   TIMEWALL_MONADO_CACHE  folder of the roots  (default /var/cache/timewall)
#   TIMEWALL_MONADO_ROOT   use exactly this root instead
#   TIMEWALL_DEBIAN_MIRROR Debian archive       (default http://deb.debian.org/debian)
#
# Needs root (debootstrap) and network access to Debian's archive only.
# Usage: scripts/monado-root.sh [--check]   (--check: exit 0 if ready, 1 if not)
# Prints the root's path on its last line.
set -euo pipefail

cache_dir=${TIMEWALL_MONADO_CACHE:-/var/cache/timewall}
mirror=${TIMEWALL_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=trixie

# What runs inside: the runtime, loader, hello_xr, validation and api_dump
# layers, llvmpipe Vulkan.
base_packages=(
  monado-service monado-cli libopenxr1-monado libopenxr-loader1 libopenxr-dev
  libopenxr-utils openxr-layer-corevalidation openxr-layer-apidump mesa-vulkan-drivers vulkan-tools
)
# Runtime libraries of the binaries built on the Debian 12 host and bound in.
# Installed in a second step with apt so that a t64-renamed package resolves by
# what it provides.
host_runtime_packages=(
  libsqlite3-0 libsodium23 libvulkan1 libstdc++6 libtomlplusplus3t64 libstb0t64
  fonts-dejavu-core
)

want_stamp="suite=$suite packages=${base_packages[*]} runtime=${host_runtime_packages[*]} v=1"
root_dir=${TIMEWALL_MONADO_ROOT:-$cache_dir/monado-root-$(echo "$want_stamp" | sha256sum | cut -c1-12)}
stamp="$root_dir/.timewall-root-stamp"

root_ready() {
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want_stamp" ] &&
    [ -x "$root_dir/usr/bin/monado-service" ] && [ -x "$root_dir/usr/bin/hello_xr" ]
}

# apt inside a root (proc is needed by some maintainer scripts).
install_runtime() {
  local dir=$1
  mount -t proc proc "$dir/proc"
  trap 'umount "'"$dir"'/proc" 2>/dev/null || true' EXIT
  cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
  chroot "$dir" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive chroot "$dir" apt-get install -y -qq --no-install-recommends \
    "${host_runtime_packages[@]}"
  chroot "$dir" apt-get clean
  umount "$dir/proc"
  trap - EXIT
}

if [ "${1:-}" = "--check" ]; then
  root_ready && { echo "$root_dir"; exit 0; }
  echo "monado-root: $root_dir is missing or incomplete" >&2
  exit 1
fi

if root_ready; then
  echo "monado-root: reusing $root_dir"
  echo "$root_dir"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || { echo "monado-root: needs root (debootstrap)" >&2; exit 2; }

mkdir -p "$(dirname "$root_dir")"
exec 9>"$root_dir.lock"
flock 9
root_ready && { echo "monado-root: $root_dir was built meanwhile"; echo "$root_dir"; exit 0; }

command -v debootstrap >/dev/null || { echo "monado-root: debootstrap is not installed" >&2; exit 2; }

# An earlier run that died half-way leaves no stamp: start again from nothing.
if [ -e "$root_dir" ]; then
  echo "monado-root: removing incomplete $root_dir"
  # A root must never be removed while something is bound into it.
  if grep -q " $root_dir/" /proc/mounts; then
    echo "monado-root: $root_dir has mounts inside it; unmount them first" >&2
    exit 3
  fi
  rm -rf --one-file-system "$root_dir"
fi
work="$root_dir.partial"
rm -rf --one-file-system "$work"

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
keyring_arg=()
[ -f "$keyring" ] && keyring_arg=(--keyring="$keyring")

include=$(IFS=,; echo "${base_packages[*]}")
echo "monado-root: debootstrap $suite into $work (about 1 minute)"
debootstrap --variant=minbase "${keyring_arg[@]}" --include="$include" "$suite" "$work" "$mirror"

echo "monado-root: installing host runtime libraries"
install_runtime "$work"

# Mount points the runner binds over.
mkdir -p "$work/build" "$work/src" "$work/tmp/.X11-unix"
echo "$want_stamp" >"$work/.timewall-root-stamp"
mv "$work" "$root_dir"
echo "monado-root: ready"
echo "$root_dir"
