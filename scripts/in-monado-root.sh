#!/usr/bin/env bash
# Runs a command inside the Monado root (scripts/monado-root.sh) with a fresh
# monado-service, under bubblewrap, with host folders bound in at the same
# paths (so absolute paths in manifests and in CTest commands stay valid).
#
#   scripts/in-monado-root.sh [options] -- COMMAND [ARGS...]
#     --bind DIR       bind a host folder at the same path (repeatable; the
#                      build folder and the source folder are the usual ones)
#     --bind-at DIR AT bind a host folder at another path inside the root
#                      (e.g. a test's /etc/timewall); AT is created there
#     --display :N     use Monado's XCB compositor on this X display (Xvfb on
#                      the host); without it the null (headless) compositor
#     --log FILE       monado-service's output (default: discarded)
#     --moving-head    Monado's simulated HMD as it is by default: its head
#                      wobbles (0.2 m, +-7 deg), a wearer who looks around
#     --keep-service   the service stays when a client disconnects
#                      (IPC_EXIT_ON_DISCONNECT=0), for a command that
#                      makes several instances one after another
#     --remote PORT    Monado's `remote` driver instead of the simulated HMD:
#                      "Remote HMD" and two Index-like controllers that a host
#                      program drives over TCP 127.0.0.1:PORT
#                      (tests/e2e/remote_driver.cpp); the head stays where
#                      that program puts it. The config goes to
#                      $XDG_CONFIG_HOME/monado/config_v0.json inside the root.
#
# What it does not do: start Xvfb, or build the root (run monado-root.sh).
# Sanitizer builds: TW_SANITIZER_LIBS (host paths, ':'-separated; CMake sets it
# on the e2e tests of the `asan` preset) are bound read-only into
# /run/tw-host-lib, which goes on LD_LIBRARY_PATH, so host-built ASan+UBSan
# binaries find the host compiler's runtimes (the root has none); ASAN_*,
# LSAN_* and UBSAN_* settings pass through.
# Inside: XDG_RUNTIME_DIR=/run/user/0, QWERTY_ENABLE=1 (a stationary head, so
# screenshots are reproducible; 0 with --moving-head), XRT_NO_STDIN=1, IPC_EXIT_ON_DISCONNECT=1 (but --keep-service);
# the command gets monado-service's pid as TW_MONADO_PID (to stop it early).
# The command's exit status is returned; monado-service is always stopped.
set -euo pipefail

# The root this checkout's monado-root.sh builds (or $TIMEWALL_MONADO_ROOT).
root_dir=$(bash "$(dirname "$0")/monado-root.sh" --check 2>/dev/null | tail -1) || root_dir=""
binds=()
display=""
log=/dev/null
qwerty=1
remote_port=""
exit_on_disconnect=1
while [ $# -gt 0 ]; do
  case "$1" in
    --bind) binds+=(--bind "$2" "$2"); shift 2 ;;
    --bind-at) binds+=(--bind "$2" "$3"); shift 3 ;;
    --display) display=$2; shift 2 ;;
    --log) log=$2; shift 2 ;;
    --moving-head) qwerty=0; shift ;;
    --keep-service) exit_on_disconnect=0; shift ;;
    --remote) remote_port=$2; qwerty=0; shift 2
              [[ "$remote_port" =~ ^[0-9]+$ ]] || { echo "in-monado-root: --remote needs a port number" >&2; exit 2; } ;;
    --) shift; break ;;
    *) echo "in-monado-root: unknown option $1" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "in-monado-root: no command given" >&2; exit 2; }
[ -n "$root_dir" ] && [ -x "$root_dir/usr/bin/monado-service" ] || {
  echo "in-monado-root: the Monado root is missing or incomplete (run scripts/monado-root.sh)" >&2; exit 2; }

env_args=(--clearenv
  --setenv PATH /usr/local/bin:/usr/bin:/bin
  --setenv HOME /root
  --setenv XDG_RUNTIME_DIR /run/user/0
  --setenv XRT_NO_STDIN 1
  --setenv QWERTY_ENABLE "$qwerty"
  --setenv IPC_EXIT_ON_DISCONNECT "$exit_on_disconnect"
  --setenv TW_MONADO_LOG "$log"
  --setenv TW_MONADO_REMOTE_PORT "$remote_port")
x11_args=()
if [ -n "$display" ]; then
  env_args+=(--setenv DISPLAY "$display" --setenv XRT_COMPOSITOR_FORCE_XCB 1)
  x11_args=(--bind /tmp/.X11-unix /tmp/.X11-unix)
else
  env_args+=(--setenv XRT_COMPOSITOR_NULL 1)
fi
# Pass the caller's Timewall, OpenXR and Vulkan settings through.
while IFS='=' read -r name value; do
  case "$name" in
    TIMEWALL_*|TW_*|XR_*|VK_*|MESA_*|LP_*|ASAN_*|LSAN_*|UBSAN_*) env_args+=(--setenv "$name" "$value") ;;
  esac
done < <(env)
lib_args=()
if [ -n "${TW_SANITIZER_LIBS:-}" ]; then
  IFS=: read -r -a sanitizer_libs <<<"$TW_SANITIZER_LIBS"
  for lib in "${sanitizer_libs[@]}"; do
    [ -e "$lib" ] || { echo "in-monado-root: sanitizer runtime $lib not found" >&2; exit 2; }
    lib_args+=(--ro-bind "$(readlink -f "$lib")" "/run/tw-host-lib/$(basename "$lib")")
  done
  env_args+=(--setenv LD_LIBRARY_PATH /run/tw-host-lib)
fi

# The inner script: start the service, wait for its socket, run the command.
inner='
set -u
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
log=$TW_MONADO_LOG
[ "$log" = /dev/null ] || : >"$log"
if [ -n "$TW_MONADO_REMOTE_PORT" ]; then
  export XDG_CONFIG_HOME=/tmp/tw-xdg-config
  mkdir -p "$XDG_CONFIG_HOME/monado"
  printf "{\"active\": \"remote\", \"remote\": {\"version\": 0, \"port\": %s, \"view_count\": 2}}\n" \
    "$TW_MONADO_REMOTE_PORT" >"$XDG_CONFIG_HOME/monado/config_v0.json"
fi
monado-service </dev/null >>"$log" 2>&1 &
svc=$!
for _ in $(seq 1 200); do
  [ -S "$XDG_RUNTIME_DIR/monado_comp_ipc" ] && break
  kill -0 $svc 2>/dev/null || { echo "in-monado-root: monado-service exited early (log: $log)" >&2; exit 3; }
  sleep 0.05
done
[ -S "$XDG_RUNTIME_DIR/monado_comp_ipc" ] || { echo "in-monado-root: no Monado socket after 10 s" >&2; kill $svc; exit 3; }
TW_MONADO_PID=$svc "$@"
rc=$?
kill $svc 2>/dev/null
wait $svc 2>/dev/null
exit $rc
'

exec bwrap --bind "$root_dir" / --proc /proc --dev /dev --tmpfs /tmp --tmpfs /run \
  "${x11_args[@]}" "${binds[@]}" "${lib_args[@]}" --unshare-pid --die-with-parent \
  "${env_args[@]}" bash -c "$inner" in-monado-root "$@"
