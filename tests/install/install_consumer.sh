#!/usr/bin/env bash
# install_consumer.sh BUILD_DIR SOURCE_DIR LIBDIR VERSION VERSION_NUMBER GPU
# Installs the build into a fresh temp prefix, checks the layout, then uses it
# as an outsider would: a C++ project through find_package(Timewall), the C
# end-to-end program through pkg-config, the OpenXR loader through
# XDG_DATA_DIRS, and the installed CLI.
set -euo pipefail
build=$1 src=$2 libdir=$3 version=$4 version_number=$5 gpu=$6
tmp=$(mktemp -d "${TMPDIR:-/tmp}/timewall-install-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
fail() { echo "install_consumer: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" > "$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install failed"; }
echo "installed $(grep -c '^-- Installing' "$tmp/install.log") files into $prefix"

for f in bin/timewall include/timewall/timewall.h include/timewall/version.h \
         include/timewall/core/engine/engine.hpp include/timewall/layout/fov.hpp \
         "$libdir/libtimewall.so" "$libdir/libtimewall.so.${version%%.*}" "$libdir/libtw_core.a" \
         "$libdir/cmake/Timewall/TimewallConfig.cmake" "$libdir/cmake/Timewall/TimewallConfigVersion.cmake" \
         "$libdir/cmake/Timewall/TimewallTargets.cmake" "$libdir/pkgconfig/timewall.pc"; do
  [[ -e $prefix/$f ]] || fail "missing $f"
done

# One version everywhere: project(VERSION) -> header, pc file, package, library.
grep -q "TIMEWALL_VERSION_STRING \"$version\"" "$prefix/include/timewall/version.h" || fail "version.h is not $version"
export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
[[ $(pkg-config --modversion timewall) == "$version" ]] || fail "timewall.pc version is not $version"

# Only the C ABI leaves libtimewall.so.
extra=$(nm -D --defined-only "$prefix/$libdir/libtimewall.so" | awk '{print $3}' | grep -v '^tw_' || true)
[[ -z $extra ]] || fail "libtimewall.so exports more than tw_*: $extra"

# The CLI runs from the prefix, on the installed example policy and demo day.
"$prefix/bin/timewall" help > "$tmp/help.txt" || fail "installed timewall help failed"
"$prefix/bin/timewall" check-policy "$prefix/share/timewall/policies/example.toml" > "$tmp/check.txt" \
  || { cat "$tmp/check.txt"; fail "installed example policy does not check"; }
"$prefix/bin/timewall" demo --data "$prefix/share/timewall" > "$tmp/demo.txt" || { tail "$tmp/demo.txt"; fail "installed timewall demo failed"; }
# Without --data the installed CLI finds its data next to itself (../share/timewall),
# not in the source tree it was built from.
(cd "$tmp" && "$prefix/bin/timewall" demo > "$tmp/demo-default.txt") || { tail "$tmp/demo-default.txt"; fail "installed timewall demo without --data failed"; }
grep -q "one day of $prefix/share/timewall" "$tmp/demo-default.txt" || { head -3 "$tmp/demo-default.txt"; fail "installed timewall demo did not use $prefix/share/timewall"; }
cmp -s <(tail -n +2 "$tmp/demo.txt") <(tail -n +2 "$tmp/demo-default.txt") || fail "demo without --data told a different day than with it"
echo "installed CLI: check-policy ok, demo told $(wc -l < "$tmp/demo.txt") lines, with and without --data"

# C++ through find_package; the exact version must be found.
cmake -S "$src/tests/install/consumer" -B "$tmp/cxx" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_PREFIX_PATH="$prefix" -DTW_EXPECT_VERSION="$version" \
      > "$tmp/cxx-configure.log" 2>&1 || { cat "$tmp/cxx-configure.log"; fail "consumer configure failed"; }
cmake --build "$tmp/cxx" > "$tmp/cxx-build.log" 2>&1 || { cat "$tmp/cxx-build.log"; fail "consumer build failed"; }
"$tmp/cxx/consumer_cpp"
"$tmp/cxx/notify_consumer"

# serve's inbox for C hosts: through the package (Timewall::inbox) and through
# pkg-config (timewall-inbox.pc), wherever the build has D-Bus.
if [[ -e $prefix/$libdir/libtimewall-inbox.so ]]; then
  [[ -x $tmp/cxx/inbox_consumer ]] || fail "libtimewall-inbox.so is installed but the package has no Timewall::inbox"
  [[ $(pkg-config --modversion timewall-inbox) == "$version" ]] || fail "timewall-inbox.pc version is not $version"
  "$tmp/cxx/inbox_consumer" "$tmp/no-bus"
  # shellcheck disable=SC2046
  cc -std=c11 -Wall -Wextra -pedantic -Werror "$src/tests/install/consumer/inbox_consumer.c" \
     $(pkg-config --cflags --libs timewall-inbox) -Wl,-rpath,"$prefix/$libdir" -o "$tmp/inbox_c"
  deps=$(ldd "$tmp/inbox_c")
  grep -q "libtimewall-inbox.so.* => $prefix/$libdir/" <<< "$deps" || fail "inbox_c does not use the installed library: $deps"
  "$tmp/inbox_c" "$tmp/no-bus"
fi

# C through pkg-config: the C ABI end-to-end program, built against the prefix.
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -pedantic -Werror "$src/tests/capi/capi_end_to_end.c" \
   $(pkg-config --cflags --libs timewall) -Wl,-rpath,"$prefix/$libdir" -o "$tmp/capi_c"
# (ldd's output is captured first: grep -q closing the pipe early would fail it under pipefail)
deps=$(ldd "$tmp/capi_c")
grep -q "libtimewall.so.* => $prefix/$libdir/" <<< "$deps" || fail "capi_c does not use the installed library: $deps"
"$tmp/capi_c" "$tmp"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -pedantic -Werror "$src/tests/install/consumer/notify_consumer.c" \
   $(pkg-config --cflags --libs timewall) -Wl,-rpath,"$prefix/$libdir" -o "$tmp/notify_c"
"$tmp/notify_c"

if [[ $gpu == ON ]]; then
  # The manifests sit where the loader looks and their library_path resolves.
  python3 - "$prefix" "$libdir" "$version_number" <<'PY'
import ctypes, json, os, sys
prefix, libdir, number = sys.argv[1:]
for kind in ("explicit", "implicit"):
    d = os.path.join(prefix, "share/openxr/1/api_layers", kind + ".d")
    m = json.load(open(os.path.join(d, "XrApiLayer_timewall_overlay.json")))["api_layer"]
    assert m["name"] == "XR_APILAYER_TIMEWALL_overlay", m
    assert m["implementation_version"] == number, (m["implementation_version"], number)
    assert not os.path.isabs(m["library_path"]), m["library_path"]
    lib = os.path.normpath(os.path.join(d, m["library_path"]))
    assert lib == os.path.join(prefix, libdir, "libXrApiLayer_timewall_overlay.so"), lib
    assert hasattr(ctypes.CDLL(lib), "xrNegotiateLoaderApiLayerInterface"), lib
    assert (kind == "implicit") == ("disable_environment" in m), m
    print(f"{kind}.d manifest -> {os.path.relpath(lib, prefix)}: loads, exports the negotiation entry")
PY
  # The system loader finds the layer in the prefix, and only there.
  # shellcheck disable=SC2046
  cc -std=c11 -Wall -Wextra -pedantic -Werror "$src/tests/install/xr_layers.c" $(pkg-config --cflags --libs openxr) -o "$tmp/xr_layers"
  run_loader() { env -u XR_API_LAYER_PATH -u XR_ENABLE_API_LAYERS HOME="$tmp" XDG_DATA_HOME="$tmp/none" \
                   XDG_CONFIG_DIRS="$tmp/none" XDG_DATA_DIRS="$1" "$tmp/xr_layers"; }
  run_loader "$prefix/share" > "$tmp/layers.txt"
  grep -qx "XR_APILAYER_TIMEWALL_overlay $version_number" "$tmp/layers.txt" || { cat "$tmp/layers.txt"; fail "the OpenXR loader does not list the installed layer"; }
  run_loader "$tmp/none" > "$tmp/no-layers.txt"
  ! grep -q TIMEWALL "$tmp/no-layers.txt" || fail "the loader lists the layer without the prefix: the check above proves nothing"
  echo "OpenXR loader lists: $(sort -u "$tmp/layers.txt" | tr '\n' ' ')"
fi
echo "install_consumer: all good"
