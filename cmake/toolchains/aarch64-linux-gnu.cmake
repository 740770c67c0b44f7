# Cross-compiles Timewall for 64-bit Arm Linux (a headset's SoC) with Debian's
# own cross toolchain (g++-aarch64-linux-gnu) and arm64 multiarch -dev packages
# (libsqlite3-dev:arm64, ...; scripts/install-deps.sh installs them). No
# sysroot: multiarch puts the arm64 libraries in /usr/lib/aarch64-linux-gnu,
# beside the host's. Tools that run during the build (glslc) stay host ones.
# Test binaries run under qemu-user, so `ctest` works as on the host:
#   cmake --preset arm64 && cmake --build --preset arm64 && ctest --preset arm64
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

# pkg-config must read the arm64 .pc files only, never the host's.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# qemu-user (Debian's qemu-user) runs arm64 binaries; the arm64 loader and
# libraries come from multiarch (/lib/ld-linux-aarch64.so.1).
find_program(TW_QEMU_AARCH64 NAMES qemu-aarch64 qemu-aarch64-static)
if(TW_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${TW_QEMU_AARCH64})
endif()
