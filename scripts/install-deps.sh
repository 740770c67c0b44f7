#!/usr/bin/env bash
# Installs every build, test and tool dependency of Timewall from Debian 12's
# own archive. Idempotent: a second run installs nothing and exits quickly.
# Nothing is vendored and nothing is downloaded from anywhere but apt.
set -euo pipefail

packages=(
  # toolchain and test/bench frameworks
  build-essential cmake ninja-build ccache pkg-config git catch2 libbenchmark-dev
  clang libclang-rt-14-dev valgrind python3
  # date/tz, the reference C++20 <chrono> zones: the DST tests and
  # bench_timezone measure Timewall's TZif reader against it
  libhowardhinnant-date-dev
  # core
  libsqlite3-dev sqlite3 libtomlplusplus-dev nlohmann-json3-dev libsodium-dev tzdata
  # the notification server (`timewall serve`, sd-bus) and its tests on a
  # private bus: dbus-run-session, notify-send, gdbus
  libsystemd-dev dbus-daemon dbus-bin libnotify-bin libglib2.0-bin
  # placement and rendering
  libglm-dev libvulkan-dev mesa-vulkan-drivers glslc vulkan-validationlayers vulkan-tools
  libimgui-dev libstb-dev fonts-dejavu-core
  # desktop window and visual checks
  libglfw3-dev xvfb x11-apps imagemagick
  # `timewall report` is checked in headless Chromium
  chromium
  # OpenXR and the Monado end-to-end root
  libopenxr-dev libopenxr-utils openxr-layer-corevalidation debootstrap bubblewrap
  # arm64 headset build (the `arm64` preset, docs/deployment.md): Debian's
  # cross compiler, qemu-user for its tests, and arm64 multiarch -dev packages
  # (same versions as the host's; GLM, JSON and Catch2 are shared headers;
  # date/tz's libdate-tz.so is arch-specific, for the unit tests)
  g++-aarch64-linux-gnu qemu-user libstdc++6:arm64
  libsqlite3-dev:arm64 libsodium-dev:arm64 libtomlplusplus-dev:arm64
  libvulkan-dev:arm64 libopenxr-dev:arm64 libimgui-dev:arm64 libstb-dev:arm64
  libhowardhinnant-date-dev:arm64
  # sd-bus for serve (timewalld) and the layer's inbox; installs beside the
  # host's libsystemd-dev (apt may move a few host libraries, libcap2,
  # libgcrypt20, liblzma5, libzstd1, to their arm64 twins' version)
  libsystemd-dev:arm64
)

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

# The :arm64 packages need the foreign architecture; adding it leaves them
# missing, so the apt-get update below fetches its index.
dpkg --print-foreign-architectures | grep -qx arm64 || $SUDO dpkg --add-architecture arm64

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
