#!/usr/bin/env bash
# e2e: Timewall's hidden actions in Khronos' unmodified hello_xr on Monado's
# null compositor, with Khronos' core validation. One case per call:
#   validation_first   core validation above Timewall (sees the app's calls)
#   validation_last    core validation below Timewall (sees the merged calls:
#                      the merged bindings, the appended set, every sync)
#   block              Timewall first, under a policy whose 0-minute budget
#                      blocks hello_xr from its first tick
# Asserts: hello_xr ran >= 120 frames and exited 0; the hidden set was
# attached beside hello_xr's (frame log "# attach"); validation ran and
# reported no error; with no card up every action state hello_xr read after
# its first frame was active (its input is untouched by the merged sets); under the block, every
# read after the first tick read inactive (the frame log counts what the app
# saw, after Timewall's gate).
#   hello_xr_actions.sh SOURCE_DIR BUILD_DIR CASE OUT_DIR
set -uo pipefail
SRC=$1 BUILD=$2 CASE=$3 OUT=$4
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
mkdir -p "$OUT" && rm -f "$OUT"/*
FRAMES=120
TW=XR_APILAYER_TIMEWALL_overlay CV=XR_APILAYER_LUNARG_core_validation
limit=45 at_limit=notify
case "$CASE" in
  validation_first) layers=$CV:$TW ;;
  validation_last) layers=$TW:$CV ;;
  block) layers=$TW:$CV limit=0 at_limit=block ;;
  *) die "unknown case $CASE" ;;
esac
cat >"$OUT/policy.toml" <<POLICY
schema = 1
[apps]
"openxr.helloxr" = "games"
[[budget]]
id = "hello-daily"
app = "openxr.helloxr"
period = "daily"
limit_min = $limit
at_limit = "$at_limit"
POLICY
chmod 600 "$OUT/policy.toml"

LOG=$OUT/hello_xr.log FRAME_LOG=$OUT/frames.log
cat >"$OUT/inner.sh" <<INNER
export XR_API_LAYER_PATH=$BUILD/lib:/usr/share/openxr/1/api_layers/explicit.d
export XR_ENABLE_API_LAYERS=$layers
export TIMEWALL_POLICY=$OUT/policy.toml TIMEWALL_LEDGER=none TIMEWALL_LAYER_APP_MAP=$OUT/none.conf
export TIMEWALL_LAYER_FRAME_LOG=$FRAME_LOG
$(host_app_preload)
# A newline once $FRAMES frames went through the layer ends hello_xr cleanly.
(for _ in \$(seq 1 900); do [ "\$(grep -c '^frame' $FRAME_LOG 2>/dev/null)" -ge $FRAMES ] && break; sleep 0.1; done; echo) |
  timeout 150 env \$preload stdbuf -oL hello_xr -g Vulkan2 >$LOG 2>&1
echo \$? >$OUT/app.rc
INNER
bash "$SRC/scripts/in-monado-root.sh" --bind "$BUILD" --log "$OUT/monado.log" -- bash "$OUT/inner.sh"

fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
rc=$(cat "$OUT/app.rc" 2>/dev/null || echo none)
frames=$(frames_in "$FRAME_LOG")
read -r reads active captured < <(sed -n 's/^# input reads \([0-9]*\) active \([0-9]*\) captured \([0-9]*\)$/\1 \2 \3/p' "$FRAME_LOG" | tail -1)
echo "case $CASE (layers $layers): hello_xr rc $rc, $frames frames; $(grep '^# attach' "$FRAME_LOG");" \
     "hello_xr's action state reads: ${reads:-?}, active ${active:-?}, while captured ${captured:-?}"
check "hello_xr exited cleanly after >= $FRAMES frames" '[ "$rc" = 0 ] && [ "$frames" -ge $FRAMES ]'
check "the hidden set was attached beside hello_xr's" 'grep -q "^# attach result 0 hidden_set 1$" "$FRAME_LOG"'
check "core validation ran" 'grep -q "Core Validation Layer is initialized" "$LOG"'
check "core validation reported no error" '[ -s "$LOG" ] && ! grep -E "VALID_ERROR|XR_ERROR_VALIDATION_FAILURE|\[Error" "$LOG"'
check "no 'overlays disabled' from the layer" '[ -s "$LOG" ] && ! grep -q "TIMEWALL_overlay\] overlays disabled" "$LOG"'
check "hello_xr read its action states (>= $FRAMES reads)" '[ "${reads:-0}" -ge $FRAMES ]'
# Monado's qwerty controllers take hello_xr's microsoft/motion_controller
# bindings, into which Timewall merged its own: its hidden aim poses are
# located on every frame in which a card takes answers (the block's shield
# offers "leave"), behind the card too (its set is synced alone then), and
# on no other frame (two IPC round trips a frame saved).
read -r hframes aim_left aim_right answering < <(sed -n 's/^# hands frames \([0-9]*\) aim_left \([0-9]*\) aim_right \([0-9]*\) .* answering \([0-9]*\)$/\1 \2 \3 \4/p' "$FRAME_LOG" | tail -1)
echo "$(grep '^# hands' "$FRAME_LOG")"
check "frame log counted >= $FRAMES frames" '[ "${hframes:-0}" -ge $FRAMES ]'
if [ "$CASE" = block ]; then
  check "Timewall's hidden aim located for both hands in >= 90% of the frames, all of which took answers" \
    '[ "${answering:-0}" -ge $((hframes * 9 / 10)) ] && [ $((aim_left * 10)) -ge $((hframes * 9)) ] && [ $((aim_right * 10)) -ge $((hframes * 9)) ]'
else
  check "with only the ring up, no frame took answers and no aim was located" \
    '[ "${answering:-x}" = 0 ] && [ "$aim_left" = 0 ] && [ "$aim_right" = 0 ]'
fi
if [ "$CASE" = block ]; then
  check "the block's shield was up (frames carried Timewall's layer)" \
    '[ "$(grep -c "^frame .* timewall_layers [1-9]" "$FRAME_LOG")" -gt 0 ]'
  # Only reads before the first core tick (the first frame) may be active.
  check ">= 90% of hello_xr's reads were made behind the shield, and read inactive" \
    '[ $((captured * 10)) -ge $((reads * 9)) ] && [ $((active + captured)) -le "$reads" ]'
else
  # hello_xr reads 3 states a frame; those of its first frame come before
  # Monado reports the session focused and read inactive with or without
  # Timewall (the stress app's `actions` case compares the two exactly).
  check "with no card up, every read after the first frame was active (hello_xr keeps its input)" \
    '[ "$active" -ge $((reads - 3)) ] && [ "$captured" = 0 ]'
fi
[ $fail = 0 ] || { echo "--- hello_xr log tail"; tail -20 "$LOG"; }
exit $fail
