#!/usr/bin/env bash
# e2e, issue 15 §3 "the service draws, and takes the answers, over any app":
# Khronos' unmodified hello_xr -g Vulkan2 with Timewall's layer installed as
# an implicit layer and switched off (DISABLE_XR_APILAYER_TIMEWALL_OVERLAY=1),
# on Monado's XCB compositor under Xvfb with the `remote` driver's head, and
# timewalld (`timewall serve --shield ... --overlay timewall-overlay`) on a
# private D-Bus. Asserts:
#   - before serve: no ring colour in the compositor's window;
#   - with serve: timewall-overlay's session is an overlay client in
#     monado-ctl's list, hello_xr stays the focused primary app, and the
#     ring (the service's 600-minute budget) shows over hello_xr's cubes,
#     in both eyes, where the overlay placed it (tw_pixel_probe);
#   - the policy changed to a 0-minute budget with friction: the service's
#     friction prompt shows in the overlay, and is answered "leave" there:
#     CASE dwell: the head turns to "leave" and rests (no controller): the
#       overlay answers by gaze;
#     CASE aim: the right controller aims at "leave" and pulls its trigger
#       (the head stays on the prompt's centre line): by aim, on the
#       overlay's own action set;
#     either way serve's ledger records friction_prompt:prompt_leave;
#     CASE block: the policy turns to a 0-minute budget that blocks: serve
#       cuts hello_xr's input and raises the shield (its slate alone: the
#       overlay draws the block card above it); the head dwells on the
#       card's "leave": the ledger records block_shield:block_leave.
# Prints the time from serve's friction decision (its ledger row) to the
# overlay's first frame showing the prompt.
# With TW_E2E_NO_OVERLAY=1 serve runs without --overlay: the test must fail.
#   device_overlay.sh SOURCE_DIR BUILD_DIR OUT_DIR TIMEWALL SHIELD OVERLAY PIXEL_PROBE PORT CASE
set -uo pipefail
SRC=$1 BUILD=$2 OUT=$3 TW=$4 SHIELD=$5 OVERLAY=$6 PROBE=$7 PORT=$8 CASE=$9
[ "$CASE" = dwell ] || [ "$CASE" = aim ] || [ "$CASE" = block ] || { echo "FAIL: CASE is dwell, aim or block"; exit 1; }
CARD=friction_prompt ANSWER=prompt_leave AT=friction
[ "$CASE" = block ] && CARD=block_shield ANSWER=block_leave AT=block
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
for tool in dbus-daemon sqlite3 xwd convert; do
  command -v "$tool" >/dev/null || die "$tool is not installed: run scripts/install-deps.sh"
done
mkdir -p "$OUT" && rm -rf "${OUT:?}"/*
CTRL_STAGE="0.15 1.35 -0.3" CTRL_LOCAL="0.15 -0.25 -0.3"  # LOCAL = the stage raised 1.6 m

pids=()
cleanup() { touch "$OUT/done" "$OUT/fov.done"; for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; stop_xvfb; wait 2>/dev/null; }
trap cleanup EXIT

# policy LIMIT_MIN [AT_LIMIT]: one budget on hello_xr, friction (or AT_LIMIT)
# at its limit (a long pause, so only "leave" can be chosen), dwell 1 s.
policy() {
  printf 'schema = 1\n[attention]\nafk_after_s = 3600\ndwell_s = 1.0\n'
  printf '[[budget]]\nid = "hello-daily"\napp = "openxr.helloxr"\nlimit_min = %s\nat_limit = "%s"\n' "$1" "${2:-friction}"
  printf '[friction]\npause_s = 600\n[[friction.exercise]]\nid = "wait"\nkind = "wait"\nwait_s = 600\ntext = "Take a moment."\n'
}

# 1. The eyes of the remote HMD, from the overlay client's own frame log
#    (beside hello_xr, no service: it draws nothing, and logs the views),
#    then where the friction prompt's "leave" is for a head at the origin.
cat >"$OUT/fov.inner.sh" <<INNER
export DISABLE_XR_APILAYER_TIMEWALL_OVERLAY=1
(while [ ! -e $OUT/fov.done ]; do sleep 0.2; done; echo) | timeout 60 stdbuf -oL -eL hello_xr -g Vulkan2 >$OUT/fov.hello_xr.log 2>&1 &
for _ in \$(seq 300); do grep -q -- "->XR_SESSION_STATE_FOCUSED" $OUT/fov.hello_xr.log 2>/dev/null && break; sleep 0.1; done
timeout 40 "$OVERLAY" --frames 40 --frame-log $OUT/fov.frames.log --bus unix:path=$OUT/no-bus >$OUT/fov.overlay.log 2>&1
echo \$? >$OUT/fov.rc
touch $OUT/fov.done
wait
INNER
printf '0 head 0 0\n8000 end\n' >"$OUT/fov.script"
bash "$SRC/scripts/in-monado-root.sh" --keep-service --remote "$PORT" --bind "$BUILD" --bind "$OUT" \
  --log "$OUT/fov.monado.log" -- bash "$OUT/fov.inner.sh" &
fov_runner=$!
"$BUILD/bin/tw_remote_driver" "$PORT" "$OUT/fov.script" --connect-timeout-s 30 >"$OUT/fov.driver.log" 2>&1
wait $fov_runner
grep -q '^# view 1 ' "$OUT/fov.frames.log" 2>/dev/null ||
  die "timewall-overlay logged no views alone on Monado (rc $(cat "$OUT/fov.rc" 2>/dev/null)): $(tail -3 "$OUT/fov.overlay.log")"
"$BUILD/bin/tw_card_target" $CARD "$OUT/fov.frames.log" $CTRL_LOCAL >"$OUT/targets.txt" ||
  die "tw_card_target could not place the $CARD"
hy=$(awk '$1 == "button" && $2 == "leave" { for (i = 3; i < NF; i += 2) if ($i == "head_yaw_deg") print $(i + 1) }' "$OUT/targets.txt")
hp=$(awk '$1 == "button" && $2 == "leave" { for (i = 3; i < NF; i += 2) if ($i == "head_pitch_deg") print $(i + 1) }' "$OUT/targets.txt")
ay=$(awk '$1 == "button" && $2 == "leave" { for (i = 3; i < NF; i += 2) if ($i == "aim_yaw_deg") print $(i + 1) }' "$OUT/targets.txt")
ap=$(awk '$1 == "button" && $2 == "leave" { for (i = 3; i < NF; i += 2) if ($i == "aim_pitch_deg") print $(i + 1) }' "$OUT/targets.txt")
[ -n "$hy" ] && [ -n "$hp" ] && [ -n "$ay" ] && [ -n "$ap" ] || die "no angles for leave in $OUT/targets.txt"
echo "leave: head yaw $hy pitch $hp; aim yaw $ay pitch $ap"

# 2. The run.
start_xvfb
export DBUS_SESSION_BUS_ADDRESS="unix:path=$OUT/bus"
dbus-daemon --session --nofork --address="$DBUS_SESSION_BUS_ADDRESS" >"$OUT/dbus.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -S "$OUT/bus" ] && break; sleep 0.05; done
[ -S "$OUT/bus" ] || die "dbus-daemon did not start: $(cat "$OUT/dbus.log")"
policy 600 >"$OUT/policy.toml" && chmod 600 "$OUT/policy.toml"
overlay_args="--overlay $OVERLAY --overlay-log $OUT/overlay.log"
[ "${TW_E2E_NO_OVERLAY:-0}" = 1 ] && overlay_args=""
if [ "$CASE" != aim ]; then
  # The head turns to "leave" at about 10 deg/s, then rests; no controller.
  { printf -- '-1 left active 0\n-1 right active 0\n0 head 0 0\n'
    awk -v y="$hy" -v p="$hp" 'BEGIN { for (k = 1; k <= 30; ++k) printf "%d head %.3f %.3f\n", 500 + 50 * k, y * k / 30, p * k / 30 }'
    printf '7000 end\n'; } >"$OUT/answer.script"
else
  # The head stays level (off the buttons); the right controller aims at "leave" and pulls.
  printf '0 head 0 0\n0 right pos %s %s %s\n0 right aim %s %s\n1500 right trigger 1\n1700 right trigger 0\n5000 end\n' \
    $CTRL_STAGE "$ay" "$ap" >"$OUT/answer.script"
fi

cat >"$OUT/inner.sh" <<INNER
export DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS
export DISABLE_XR_APILAYER_TIMEWALL_OVERLAY=1 XR_LOADER_DEBUG=info
export TIMEWALL_LAYER_FRAME_LOG=$OUT/layer.frames.log TIMEWALL_POLICY=$OUT/policy.toml TIMEWALL_LEDGER=none
$(host_app_preload)
(while [ ! -e $OUT/done ]; do sleep 0.2; done; echo) |
  timeout 150 env \$preload stdbuf -oL -eL hello_xr -g Vulkan2 >$OUT/hello_xr.log 2>&1 &
app=\$!
unset XR_LOADER_DEBUG
export TIMEWALL_OVERLAY_FRAME_LOG=$OUT/overlay.frames.log
serve=
while [ ! -e $OUT/done ]; do
  if [ -e $OUT/start.req ]; then
    rm -f $OUT/start.req
    "$TW" serve --ledger $OUT/ledger.db --policy $OUT/policy.toml --shield "$SHIELD" --shield-log $OUT/shield.log \\
      --poll-ms 100 $overlay_args >$OUT/serve.log 2>$OUT/serve.err &
    serve=\$!
  fi
  for req in $OUT/*.ctl-req; do
    [ -e "\$req" ] || continue
    monado-ctl >"\${req%.ctl-req}.ctl.txt" 2>&1
    rm -f "\$req"
  done
  sleep 0.05
done
[ -n "\$serve" ] && kill -TERM \$serve && wait \$serve
echo \$? >$OUT/serve.rc
wait \$app
echo \$? >$OUT/hello_xr.rc
INNER
bash "$SRC/scripts/in-monado-root.sh" --keep-service --remote "$PORT" --display "$DISPLAY_NUM" \
  --bind "$BUILD" --bind "$OUT" --bind-at "$BUILD/lib/implicit.d" /etc/openxr/1/api_layers/implicit.d \
  --log "$OUT/monado.log" -- bash "$OUT/inner.sh" &
RUNNER=$!
pids+=($RUNNER)
"$BUILD/bin/tw_remote_driver" "$PORT" "$OUT/answer.script" --start-when "$OUT/go" --connect-timeout-s 30 \
  >"$OUT/driver.log" 2>&1 &
DRIVER=$!
pids+=($DRIVER)

wait_for() {
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do eval "$1" && return 0; kill -0 $RUNNER 2>/dev/null || return 1; sleep 0.05; done
  return 1
}
ctl() { touch "$OUT/$1.ctl-req"; wait_for "[ -s $OUT/$1.ctl.txt ] && [ ! -e $OUT/$1.ctl-req ]" 10; }
# frames_with KIND: the overlay's frame lines that show KIND.
frames_with() { awk -v k="$1" '$1 == "frame" && $NF ~ ("(^|,)" k "(,|$)")' "$OUT/overlay.frames.log" 2>/dev/null; }
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }

wait_for 'grep -q -- "->XR_SESSION_STATE_FOCUSED" "$OUT/hello_xr.log" 2>/dev/null' 60 || die "hello_xr never FOCUSED"
sleep 2
screenshot control
touch "$OUT/start.req"
wait_for '[ -n "$(frames_with budget_ring | head -1)" ]' 30 || echo "the overlay never showed the ring"
sleep 2
screenshot ring
ctl ring
# The friction (or the block): a 0-minute budget; serve reloads its policy within 1 s.
policy 0 $AT >"$OUT/policy.toml.new" && chmod 600 "$OUT/policy.toml.new" && mv "$OUT/policy.toml.new" "$OUT/policy.toml"
wait_for '[ -n "$(frames_with $CARD | head -1)" ]' 30 || echo "the overlay never showed the $CARD"
sleep 2
screenshot card
ctl card
touch "$OUT/go"
wait_for 'grep -q "^# answer " "$OUT/overlay.frames.log" 2>/dev/null' 20 || echo "no answer in the overlay"
wait "$DRIVER"
sleep 3  # serve commits at least every 2 s
touch "$OUT/done"
wait "$RUNNER"
echo "in-monado-root exit status $?"

echo "serve.log:"; sed 's/^/  /' "$OUT/serve.log" 2>/dev/null | head -20
echo "overlay events:"; grep '^# ' "$OUT/overlay.frames.log" 2>/dev/null | grep -v '^# view' | head -20 | sed 's/^/  /'
check "Timewall's layer was found as an implicit layer and is disabled in hello_xr (the loader says so, no layer frame log)" \
  'grep -q "Implicit layer /etc/openxr/1/api_layers/implicit.d/XrApiLayer_timewall_overlay.json is disabled" $OUT/hello_xr.log &&
   [ ! -e $OUT/layer.frames.log ]'
check "before serve: no ring colour in Monado's window" '"$PROBE" "$OUT/control.ppm" --absent'
check "serve started timewall-overlay" 'grep -q "^overlay started" "$OUT/serve.log"'
check "monado-ctl lists timewall-overlay as an overlay client, hello_xr as the focused primary app" \
  'grep -qP "^\tid: \d+\tact: 1\tdisp: 1\tfoc: 1\tio: 1\tovly: 0\tz: \d+\tpid: \d+\tHelloXR$" $OUT/ring.ctl.txt &&
   grep -qP "\tovly: 1\t.*timewall-overlay$" $OUT/ring.ctl.txt'
check "with serve: the ring shows over hello_xr, in both eyes, where the overlay placed it" \
  '"$PROBE" "$OUT/ring.ppm" "$OUT/overlay.frames.log"'
check "the overlay showed the service's $CARD" '[ -n "$(frames_with $CARD | head -1)" ]'
if [ "$CASE" = block ]; then
  check "the block: the shield is the focused primary session, hello_xr neither displayed nor focused, the overlay still listed" \
    'grep -qP "\tdisp: 1\tfoc: 1\t.*\ttimewall-shield$" $OUT/card.ctl.txt &&
     grep -qP "^\tid: \d+\tact: 1\tdisp: 0\tfoc: 0\t.*\tHelloXR$" $OUT/card.ctl.txt &&
     grep -qP "\tovly: 1\t.*timewall-overlay$" $OUT/card.ctl.txt'
  # The slate (kBackdropSrgb, 30 38 52 in the window), not black: on Monado
  # 25 the shield's own slate does not show while an overlay session runs,
  # so the overlay puts the backdrop behind its block card itself.
  corner=$(convert "$OUT/card.ppm" -format '%[fx:int(255*p{5,5}.r)] %[fx:int(255*p{5,5}.g)] %[fx:int(255*p{5,5}.b)]' info: 2>/dev/null)
  check "the block: the slate fills the view (a corner pixel: $corner), hello_xr's scene is gone" \
    'echo "$corner" | awk '"'"'{ exit !(NF == 3 && $1 >= 20 && $1 <= 40 && $2 >= 28 && $2 <= 48 && $3 >= 42 && $3 <= 62) }'"'"''
  check "the block: serve raised the shield" 'grep -q "^shield_up .* app openxr.helloxr" $OUT/serve.log'
fi
via=gaze
[ "$CASE" = aim ] && via=aim
check "the overlay's first answer is leave, by $via, on the $CARD, sent" \
  'grep "^# answer " "$OUT/overlay.frames.log" | head -1 | grep -q "^# answer leave via $via card $CARD .* sent 1$"'
ledger_answers=$(sqlite3 "$OUT/ledger.db" "SELECT card || ':' || answer FROM answer ORDER BY id" 2>&1 | tr '\n' ' ')
echo "ledger answers: $ledger_answers"
check "serve's ledger records the answer: $CARD:$ANSWER" '[ "$ledger_answers" = "$CARD:$ANSWER " ]'
check "hello_xr exited cleanly (rc 0), serve too" '[ "$(cat $OUT/hello_xr.rc 2>/dev/null)" = 0 ] && [ "$(cat $OUT/serve.rc 2>/dev/null)" = 0 ]'
if [ "$CASE" = block ]; then
  shown_ms=$(sqlite3 "$OUT/ledger.db" "SELECT MIN(at_ms) FROM block" 2>/dev/null)
else
  shown_ms=$(sqlite3 "$OUT/ledger.db" "SELECT MIN(at_ms) FROM friction WHERE outcome = 'shown'" 2>/dev/null)
fi
first_ms=$(frames_with $CARD | head -1 | awk '{print $4}')
[ -n "$shown_ms" ] && [ -n "$first_ms" ] &&
  echo "serve's $AT decision -> the overlay's first frame showing it: $((first_ms - shown_ms)) ms"
answered_ms=$(awk '$2 == "answer" {for (i = 3; i < NF; ++i) if ($i == "unix_ms") print $(i + 1); exit}' "$OUT/overlay.frames.log" 2>/dev/null)
recorded_ms=$(sqlite3 "$OUT/ledger.db" "SELECT MIN(at_ms) FROM answer" 2>/dev/null)
[ -n "$answered_ms" ] && [ -n "$recorded_ms" ] &&
  echo "the overlay's answer -> serve's engine records it (the ledger row's time): $((recorded_ms - answered_ms)) ms"
exit $fail
