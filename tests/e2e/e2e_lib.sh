# Shared by the e2e test scripts: skip rules, the root, Xvfb, screenshots.
# Sourced; expects SRC (source dir) and OUT (this test's artefact dir).
SKIP=77

skip() { echo "SKIP: $*"; exit $SKIP; }
die() { echo "FAIL: $*"; exit 1; }

require_root_env() {
  [ "$(id -u)" -eq 0 ] || skip "needs root for bubblewrap binds into the Monado root (CI runs as root)"
  command -v bwrap >/dev/null || skip "bubblewrap (bwrap) is not installed: run scripts/install-deps.sh"
  ROOT_DIR=$(bash "$SRC/scripts/monado-root.sh" --check 2>/dev/null | tail -1) ||
    die "the Monado root is missing: the e2e.monado_root fixture should have built it"
}

# Starts Xvfb on a free display; sets DISPLAY_NUM and XVFB_PID.
start_xvfb() {
  command -v Xvfb >/dev/null || die "Xvfb is not installed: run scripts/install-deps.sh"
  for n in $(seq 140 199); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] && continue
    Xvfb ":$n" -screen 0 1280x720x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
    XVFB_PID=$!
    for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
    if [ -e "/tmp/.X11-unix/X$n" ]; then DISPLAY_NUM=":$n"; return 0; fi
    kill "$XVFB_PID" 2>/dev/null
  done
  die "no free X display for Xvfb"
}

stop_xvfb() { [ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null; wait "${XVFB_PID:-}" 2>/dev/null || true; }

# require_tools TOOL...: each is on PATH, or the test fails saying how to get it.
require_tools() {
  local t
  for t in "$@"; do command -v "$t" >/dev/null || die "$t is not installed: run scripts/install-deps.sh"; done
}

# start_private_bus: a session dbus-daemon of the test's own, its socket
# $OUT/bus; exports DBUS_SESSION_BUS_ADDRESS and sets BUS_PID (kill it at
# the end). Nothing of the machine's own buses is touched.
start_private_bus() {
  require_tools dbus-daemon
  export DBUS_SESSION_BUS_ADDRESS="unix:path=$OUT/bus"
  dbus-daemon --session --nofork --address="$DBUS_SESSION_BUS_ADDRESS" >"$OUT/dbus.log" 2>&1 &
  BUS_PID=$!
  for _ in $(seq 100); do [ -S "$OUT/bus" ] && break; sleep 0.05; done
  [ -S "$OUT/bus" ] || die "dbus-daemon did not start: $(cat "$OUT/dbus.log")"
}

# Lines of the frame log that record a submitted frame.
frames_in() { local n; n=$(grep -c '^frame' "$1" 2>/dev/null); echo "${n:-0}"; }

# screenshot NAME: Monado's window as $OUT/NAME.png and $OUT/NAME.ppm
screenshot() {
  xwd -display "$DISPLAY_NUM" -name Monado -silent >"$OUT/$1.xwd" || die "xwd could not capture Monado's window"
  convert "$OUT/$1.xwd" "$OUT/$1.png" && convert "$OUT/$1.xwd" -depth 8 "$OUT/$1.ppm" ||
    die "ImageMagick convert failed on $OUT/$1.xwd"
  rm -f "$OUT/$1.xwd"
}

# host_app_preload: inner-script lines (run in the root) that set $preload
# for `env $preload hello_xr ...`. The asan preset: hello_xr is not
# instrumented, the layer it loads is; the ASan runtime has to come first
# (in-monado-root.sh binds it in when TW_SANITIZER_LIBS is set). Memory errors
# and UB in the layer stay fatal; leaks are not checked here: hello_xr and
# Mesa leave ~875 KB unfreed at exit, and the unloaded layer's frames could
# not be told apart. The layer is leak-checked under tw_xr_stress_app.
# Outside the asan preset, $preload stays empty.
host_app_preload() {
  cat <<'INNER'
preload=
for rt in /run/tw-host-lib/libasan.so.*; do
  [ -e "$rt" ] && preload="LD_PRELOAD=$rt ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
done
INNER
}

# hello_xr_inner NAME TIMEOUT_S: the end of an inner script (run in the root)
# that starts hello_xr -g Vulkan2, logs it to $OUT/NAME.hello_xr.log, presses
# a key once $OUT/NAME.shot-done exists, and writes its status to
# $OUT/NAME.rc.
hello_xr_inner() {
  host_app_preload
  cat <<INNER
(while [ ! -e $OUT/$1.shot-done ]; do sleep 0.2; done; echo) |
  timeout $2 env \$preload stdbuf -oL hello_xr -g Vulkan2 >$OUT/$1.hello_xr.log 2>&1
echo \$? >$OUT/$1.rc
INNER
}

# [remote] hello_xr on Monado's `remote` driver, with a scripted head and
# controllers (tests/e2e/remote_driver.cpp) and the probe layer
# (tests/e2e/probe_layer.cpp) available. Expects BUILD (the build folder).
# Each test passes its own PORT (CMakeLists.txt gives each a distinct one).

# remote_start NAME PORT LAYERS SCRIPT [LEDGER]: starts hello_xr -g Vulkan2
# in the root (RUNNER) with XR_ENABLE_API_LAYERS=LAYERS, TIMEWALL_POLICY
# $OUT/policy.toml, the frame log $OUT/NAME.frames.log and the probe's log
# $OUT/NAME.probe.log (and $OUT/NAME.below.log for a probe placed below
# Timewall), and the driver (DRIVER), which connects and plays SCRIPT once
# $OUT/NAME.go exists (remote_go). hello_xr's stdin closes, and it ends
# cleanly, once $OUT/NAME.done exists (remote_finish) or on its own; the wall
# clock (ms) of its end goes to $OUT/NAME.exit_ms, that of the close to
# $OUT/NAME.done_ms. REMOTE_ENV, when set, is one more line of shell for the
# app's environment inside the root (e.g. an `export` of a bus address).
remote_start() {
  local name=$1 port=$2 layers=$3 script=$4 ledger=${5:-none} inner="$OUT/$1.inner.sh"
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && die "TCP port $port is taken: another test or program listens on it"
  cat >"$inner" <<INNER
export XR_API_LAYER_PATH=$BUILD/lib/e2e:$BUILD/lib:/usr/share/openxr/1/api_layers/explicit.d
export XR_ENABLE_API_LAYERS=$layers
export TIMEWALL_LAYER_FRAME_LOG=$OUT/$name.frames.log TW_PROBE_LOG=$OUT/$name.probe.log
export TW_PROBE_BELOW_LOG=$OUT/$name.below.log
export TIMEWALL_POLICY=$OUT/policy.toml TIMEWALL_LEDGER=$ledger TIMEWALL_LAYER_APP_MAP=$OUT/no-app-map.conf
${REMOTE_ENV:-}
$(host_app_preload)
(while [ ! -e $OUT/$name.done ]; do sleep 0.2; done; echo) | timeout 80 env \$preload stdbuf -oL -eL hello_xr -g Vulkan2 >$OUT/$name.hello_xr.log 2>&1
echo \$? >$OUT/$name.rc
date +%s%3N >$OUT/$name.exit_ms
INNER
  [ -e "$OUT/no-app-map.conf" ] || : >"$OUT/no-app-map.conf"
  bash "$SRC/scripts/in-monado-root.sh" --remote "$port" --bind "$BUILD" --bind "$OUT" --log "$OUT/$name.monado.log" \
    -- bash "$inner" &
  RUNNER=$!
  "$BUILD/bin/tw_remote_driver" "$port" "$script" --start-when "$OUT/$name.go" --connect-timeout-s 30 \
    >"$OUT/$name.driver.log" 2>&1 &
  DRIVER=$!
}

# remote_go NAME: once hello_xr is FOCUSED (and 1 s on), the script starts.
remote_go() {
  local deadline=$((SECONDS + 45))
  while [ $SECONDS -lt $deadline ] && ! grep -q "XR_SESSION_STATE_FOCUSED" "$OUT/$1.hello_xr.log" 2>/dev/null; do
    kill -0 "$RUNNER" 2>/dev/null || break
    sleep 0.2
  done
  grep -q "XR_SESSION_STATE_FOCUSED" "$OUT/$1.hello_xr.log" 2>/dev/null || echo "$1: hello_xr never reached FOCUSED"
  sleep 1
  touch "$OUT/$1.go"
}

# remote_finish NAME: the script played out (its `end`), hello_xr is ended
# and the root is gone; prints hello_xr's exit status.
remote_finish() {
  wait "$DRIVER"
  echo "$1: remote driver exit status $? ($(grep -c '^applied' "$OUT/$1.driver.log") steps applied)"
  date +%s%3N >"$OUT/$1.done_ms"
  touch "$OUT/$1.done"
  wait "$RUNNER"
  echo "$1: hello_xr exit status $(cat "$OUT/$1.rc" 2>/dev/null || echo none)"
}

# applied_ms NAME N: the wall clock (ms) at which the driver applied its Nth step.
applied_ms() { awk -v n="$2" '/^applied/ && ++k == n {print $5}' "$OUT/$1.driver.log"; }

# probe_between NAME KIND FROM_MS TO_MS: the probe's lines of KIND (bool,
# float, views, haptic, ...) whose wall clock lies in [FROM_MS, TO_MS).
probe_between() { awk -v k="$2" -v a="$3" -v b="$4" '$1 == k && $3 >= a && $3 < b' "$OUT/$1.probe.log"; }
