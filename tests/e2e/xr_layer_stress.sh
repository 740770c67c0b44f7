#!/usr/bin/env bash
# e2e: API-layer robustness. tw_xr_stress_app (xr_stress_app.cpp) runs with
# XR_APILAYER_TIMEWALL_overlay on Monado's null compositor in the Debian 13
# root. One case per call:
#   sessions zero_layers app_quads max_layers unknown_structs   the app's mode
#   validation_first validation_last   app_quads with Khronos' core validation
#   api_dump_first api_dump_last       or api_dump above (first) / below Timewall
#   session_lost   app_quads; monado-service is killed after 60 frames
#   actions        the app's hostile input sequence and a second input thread
#                  (xr_stress_app.cpp), run again without Timewall: every
#                  call's result is the same with and without the layer
#   actions_validation_first actions_validation_last
#                  well-formed input (actions_clean) with core validation
# Asserts: no crash and exit 0; the app's frames continued while the runtime
# lived (120, none refused); the frame log shows Timewall's quad on them, or,
# where the app used every layer the runtime allows, that Timewall stood aside
# (0 added, frames accepted); no "overlays disabled"; validation reports no
# error; after the runtime is gone, the app saw an error and exited cleanly;
# with input, the app's action states read active as often as without the
# layer, and the other thread saw only success codes.
#   xr_layer_stress.sh SOURCE_DIR BUILD_DIR APP CASE OUT_DIR
set -uo pipefail
SRC=$1 BUILD=$2 APP=$3 CASE=$4 OUT=$5
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
mkdir -p "$OUT" && rm -f "$OUT"/*
FRAMES=120

TW=XR_APILAYER_TIMEWALL_overlay CV=XR_APILAYER_LUNARG_core_validation DUMP=XR_APILAYER_LUNARG_api_dump
mode=$CASE layers=$TW
case "$CASE" in
  sessions|zero_layers|app_quads|max_layers|unknown_structs) ;;
  validation_first) mode=app_quads layers=$CV:$TW ;;
  validation_last) mode=app_quads layers=$TW:$CV ;;
  api_dump_first) mode=app_quads layers=$DUMP:$TW ;;
  api_dump_last) mode=app_quads layers=$TW:$DUMP ;;
  session_lost) mode=until_lost ;;
  actions) ;;
  actions_validation_first) mode=actions_clean layers=$CV:$TW ;;
  actions_validation_last) mode=actions_clean layers=$TW:$CV ;;
  *) die "unknown case $CASE" ;;
esac

# A 45-minute budget on the app, so that the layer has its ring to show.
cat >"$OUT/policy.toml" <<'POLICY'
schema = 1
[time_value]
timezone = "Europe/Berlin"
[apps]
"openxr.tw_xr_stress_app" = "games"
[[budget]]
id = "stress-daily"
app = "openxr.tw_xr_stress_app"
period = "daily"
limit_min = 45
at_limit = "notify"
POLICY
chmod 600 "$OUT/policy.toml"  # a wearer's policy is owner-only (a wider mode is fixed and logged)

LOG=$OUT/app.log FRAME_LOG=$OUT/frames.log
inner=$OUT/inner.sh
cat >"$inner" <<INNER
export TIMEWALL_POLICY=$OUT/policy.toml TIMEWALL_LEDGER=$OUT/ledger.db
export XR_API_LAYER_PATH=$BUILD/lib:/usr/share/openxr/1/api_layers/explicit.d
export XR_ENABLE_API_LAYERS=$layers
export TIMEWALL_LAYER_FRAME_LOG=$FRAME_LOG
export XR_API_DUMP_EXPORT_TYPE=text XR_API_DUMP_FILE_NAME=$OUT/api_dump.txt
if [ "$mode" = until_lost ]; then
  timeout 120 "$APP" until_lost >$LOG 2>&1 &
  app=\$!
  for _ in \$(seq 1 600); do grep -q '^frame 60\$' $LOG && break; sleep 0.1; done
  echo "killing monado-service (pid \$TW_MONADO_PID) after \$(grep -c '^frame' $FRAME_LOG) frames" >>$OUT/kill.log
  kill -KILL \$TW_MONADO_PID
  wait \$app
  echo \$? >$OUT/app.rc
else
  timeout 180 "$APP" $mode $FRAMES >$LOG 2>&1
  echo \$? >$OUT/app.rc
fi
INNER
bash "$SRC/scripts/in-monado-root.sh" --bind "$BUILD" --log "$OUT/monado.log" -- bash "$inner"
if [ "$CASE" = actions ]; then  # the control: the same app and runtime, no layer
  sed -e "s|^export XR_ENABLE_API_LAYERS=.*|export XR_ENABLE_API_LAYERS=|" -e "s|$LOG|$OUT/bare.log|g" \
      -e "s|$OUT/app.rc|$OUT/bare.rc|" -e "s|^export TIMEWALL_LAYER_FRAME_LOG=.*||" "$inner" >"$OUT/bare.sh"
  bash "$SRC/scripts/in-monado-root.sh" --bind "$BUILD" --log "$OUT/bare-monado.log" -- bash "$OUT/bare.sh"
fi

fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
rc=$(cat "$OUT/app.rc" 2>/dev/null || echo none)
frames=$(grep -c '^frame' "$FRAME_LOG" 2>/dev/null || true)
accepted=$(grep -c '^frame .* result 0 ' "$FRAME_LOG" 2>/dev/null || true)
with_tw=$(grep -c '^frame .* timewall_layers [1-9].* result 0 ' "$FRAME_LOG" 2>/dev/null || true)
max=$(sed -n 's/^max_layers \([0-9]*\) .*/\1/p' "$LOG" | head -1)
echo "case $CASE (app mode $mode, layers $layers): app rc $rc; frame log: $frames frames, $accepted accepted, $with_tw with Timewall's quad; maxLayerCount ${max:-?}"
tail -3 "$LOG"
check "the app exited cleanly (rc 0, no crash)" '[ "$rc" = 0 ]'
check "the app reported success" 'grep -q "^done: mode $mode .* rc 0$" "$LOG"'
check "the layer's frame log was written" '[ "${frames:-0}" -gt 0 ]'
if [ "$CASE" = session_lost ]; then
  check "frames continued until the runtime was killed (>= 60 accepted)" '[ "$accepted" -ge 60 ]'
  check "the app saw an error once the runtime was gone" 'grep -q "^lost: XR_ERROR_" "$LOG"'
  echo "after the kill: $(grep '^lost:' "$LOG"); layer: $(grep -h 'TIMEWALL_overlay\]' "$LOG" | head -2)"
else
  check "all $FRAMES frames accepted" '[ "$accepted" -ge "$FRAMES" ] && [ "$accepted" -eq "$frames" ]'
  check "no 'overlays disabled' from the layer" '! grep -q "TIMEWALL_overlay\] overlays disabled" "$LOG"'
  if [ "$CASE" = max_layers ]; then
    # (a frame the runtime says not to render carries no app layers: room again)
    full=$(grep -c "^frame .* app_layers $max " "$FRAME_LOG")
    stood_aside=$(grep -c "^frame .* app_layers $max timewall_layers 0 .* result 0 " "$FRAME_LOG")
    echo "frames with all $max layers the app's: $full; Timewall stood aside in $stood_aside"
    check "the app used all $max layers in >= 90% of the frames, Timewall added none to those" \
      '[ $((full * 10)) -ge $((frames * 9)) ] && [ "$stood_aside" -eq "$full" ]'
  else
    check "Timewall's quad on >= 90% of the frames" '[ $((with_tw * 10)) -ge $((frames * 9)) ]'
  fi
fi
case "$CASE" in
  sessions)
    check "3 sessions created, run and destroyed one after the other" \
      '[ "$(grep -c "^cycle [0-2]: session destroyed" "$LOG")" -eq 3 ] && [ "$(grep -c "^# steady_state" "$FRAME_LOG")" -ge 3 ]'
    echo "$(grep '^second session' "$LOG")" ;;
  validation_*|actions_validation_*)
    check "core validation ran" 'grep -q "Core Validation Layer is initialized" "$LOG"'
    check "core validation reported no error" '! grep -E "VALID_ERROR|XR_ERROR_VALIDATION_FAILURE|\[Error" "$LOG"' ;;
  api_dump_*)
    # Above Timewall api_dump sees the app's 4 layers; below it, 5 (+ Timewall's quad).
    want=4; [ "$CASE" = api_dump_last ] && want=5
    check "api_dump recorded xrEndFrame calls" '[ "$(grep -c "xrEndFrame" "$OUT/api_dump.txt" 2>/dev/null)" -ge "$FRAMES" ]'
    check "api_dump saw $want layers in >= $FRAMES frames" \
      '[ "$(grep -A8 xrEndFrame "$OUT/api_dump.txt" | grep -c "layerCount = 0x$want$")" -ge "$FRAMES" ]' ;;
esac
case "$CASE" in
  actions*)
    read -r reads active < <(sed -n 's/^reads \([0-9]*\) active \([0-9]*\)$/\1 \2/p' "$LOG")
    echo "the app's action state reads: ${reads:-?}, active ${active:-?}; $(grep '^# attach' "$FRAME_LOG")"
    check "the hidden set was attached beside the app's" 'grep -q "^# attach result 0 hidden_set 1$" "$FRAME_LOG"'
    check "the app read its input in (nearly) every frame, 6 states each" '[ "${reads:-0}" -ge $((FRAMES * 5)) ]'
    if [ "$CASE" = actions ]; then
      read -r bare_reads bare_active < <(sed -n 's/^reads \([0-9]*\) active \([0-9]*\)$/\1 \2/p' "$OUT/bare.log")
      echo "without the layer: app rc $(cat "$OUT/bare.rc" 2>/dev/null), reads ${bare_reads:-?}, active ${bare_active:-?}"
      grep '^call ' "$LOG" >"$OUT/calls.with" ; grep '^call ' "$OUT/bare.log" >"$OUT/calls.without"
      cat "$OUT/calls.with"
      check "the control run without the layer exited cleanly" '[ "$(cat "$OUT/bare.rc" 2>/dev/null)" = 0 ]'
      check "all 11 hostile input calls: the same results with and without the layer" \
        '[ "$(wc -l <"$OUT/calls.with")" = 11 ] && diff "$OUT/calls.with" "$OUT/calls.without"'
      echo "$(grep '^thread:' "$LOG")   (without: $(grep '^thread:' "$OUT/bare.log"))"
      check "the other thread's syncs, reads and haptics all succeeded (XR_SUCCESS, or not focused yet)" \
        'grep -q "^thread: " "$LOG" && ! grep "^thread: " "$LOG" | tr " " "\n" | grep "^XR_" | grep -qvE "^(XR_SUCCESS|XR_SESSION_NOT_FOCUSED)$"'
      # Of the reads after a focused sync, the same share active, with and
      # without the layer (no card is up): click on both hands and value on
      # the right are bound, the stick is not: 3 of every 6.
      check "the same share of the app's focused reads active as without the layer (3 of 6)" \
        '[ $((active * 2)) -eq "$reads" ] && [ $((bare_active * 2)) -eq "$bare_reads" ]'
    fi ;;
esac
exit $fail
