#!/usr/bin/env bash
# e2e, issue 13 "a block blocks": Khronos' unmodified hello_xr -g Vulkan2 on
# Monado's XCB compositor under Xvfb (a stationary head: QWERTY_ENABLE=1, an
# opaque display), with XR_APILAYER_TIMEWALL_overlay and core validation.
#   control: hello_xr without Timewall: a screenshot of its cubes;
#   block:   a policy that maps hello_xr to games with a 0-minute daily games
#            budget at_limit = "block". Asserts, from the frame log and a
#            screenshot compared with the control's pixels:
#            - every frame after the first ones went to the runtime without
#              the app's layers (blocked 1, result 0), while hello_xr kept
#              submitting its own (app_layers >= 1): it keeps running;
#            - the screenshot shows none of the cubes and almost none of
#              hello_xr's clear colour, and the full-view backdrop over most
#              of the window (scene_probe --hidden);
#            then the policy file is rewritten with a 60-minute budget: the
#            layer reloads it within a second or two, and
#            - the frames after go with the app's layers again (blocked 0),
#              and the screenshot shows the cubes as the control does
#              (scene_probe --shown);
#            - hello_xr exits 0 after a key press; core validation ran and
#              reported no error;
#            - the layer asked the chain for XR_EXT_user_presence through the
#              new instance and got an answer (Monado 25: not offered).
# Artefacts (screenshots, logs) stay in OUT.
#   hello_xr_block.sh SOURCE_DIR BUILD_DIR SCENE_PROBE OUT_DIR
set -uo pipefail
SRC=$1 BUILD=$2 PROBE=$3 OUT=$4
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
mkdir -p "$OUT" && rm -f "$OUT"/*
trap stop_xvfb EXIT
start_xvfb

# games_policy MINUTES: hello_xr (as it reports itself) counts as games.
games_policy() {
  printf 'schema = 1\n[apps]\n"openxr.HelloXR" = "games"\n[[budget]]\nid = "games-daily"\ncategory = "games"\n'
  printf 'period = "daily"\nlimit_min = %s\nat_limit = "block"\n' "$1"
}
games_policy 0 >"$OUT/policy.toml"
chmod 600 "$OUT/policy.toml"
: >"$OUT/no-app-map.conf"

# wait_for TEST SECONDS: polls TEST (a shell expression) until it holds.
wait_for() {
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do eval "$1" && return 0; sleep 0.2; done
  return 1
}

# start NAME LAYERS: hello_xr in the root, in the background (RUNNER); it
# ends when $OUT/NAME.shot-done appears (a key press on its stdin).
start() {
  local name=$1 layers=$2 inner="$OUT/$1.inner.sh"
  cat >"$inner" <<INNER
export XR_API_LAYER_PATH=$BUILD/lib:/usr/share/openxr/1/api_layers/explicit.d
export XR_ENABLE_API_LAYERS=$layers
export TIMEWALL_LAYER_FRAME_LOG=$OUT/$name.frames.log
export TIMEWALL_POLICY=$OUT/policy.toml
export TIMEWALL_LEDGER=none
export TIMEWALL_LAYER_APP_MAP=$OUT/no-app-map.conf
INNER
  hello_xr_inner "$name" 240 >>"$inner"
  bash "$SRC/scripts/in-monado-root.sh" --display "$DISPLAY_NUM" --bind "$BUILD" --log "$OUT/$name.monado.log" \
    -- bash "$inner" &
  RUNNER=$!
}
finish() {
  touch "$OUT/$1.shot-done"
  wait "$RUNNER"
  echo "$1: hello_xr exit status $(cat "$OUT/$1.rc" 2>/dev/null || echo none)"
}
focused() { grep -q "XR_SESSION_STATE_FOCUSED" "$OUT/$1.hello_xr.log" 2>/dev/null; }
count() { local n; n=$(grep -cE "$1" "$2" 2>/dev/null); echo "${n:-0}"; }

fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }

start control XR_APILAYER_LUNARG_core_validation
wait_for 'focused control' 90 && sleep 3
screenshot control
finish control

L=$OUT/block.frames.log
start block XR_APILAYER_TIMEWALL_overlay:XR_APILAYER_LUNARG_core_validation
wait_for 'focused block && [ "$(count "^frame .* blocked 1 " "$L")" -ge 60 ]' 90 && sleep 2
screenshot blocked
blocked_frames=$(frames_in "$L")
games_policy 60 >"$OUT/policy.toml.new" && chmod 600 "$OUT/policy.toml.new" && mv "$OUT/policy.toml.new" "$OUT/policy.toml"
echo "policy rewritten with a 60-minute budget after $blocked_frames frames"
wait_for '[ "$(awk -v n="$blocked_frames" '"'"'/^frame/ && $2 > n && / blocked 0 /'"'"' "$L" | wc -l)" -ge 60 ]' 60 && sleep 2
screenshot lifted
finish block

echo "frame log: $(frames_in "$L") frames, $(count '^frame .* blocked 1 ' "$L") blocked, $(count '^frame .* blocked 0 ' "$L") not"
check "hello_xr exited cleanly in both runs (rc 0)" '[ "$(cat $OUT/control.rc)" = 0 ] && [ "$(cat $OUT/block.rc)" = 0 ]'
check "at least 60 frames went blocked, all accepted, while hello_xr kept submitting its layers" \
  '[ "$(count "^frame .* app_layers [1-9].* result 0 .* blocked 1 " "$L")" -ge 60 ] && [ "$(count "^frame .* result -" "$L")" -eq 0 ]'
# The block is in force from the first frame on: no frame before the lift showed the app.
first_lift=$(awk '/^frame/ && / blocked 0 / {print $2; exit}' "$L")
check "no frame showed the app before the policy changed (first unblocked: frame ${first_lift:-none})" \
  '[ -n "$first_lift" ] && [ "$first_lift" -gt "$blocked_frames" ]'
check "every frame after the lift carried the app's layers (blocked 0)" \
  '[ "$(awk -v f="${first_lift:-0}" '"'"'/^frame/ && $2 >= f && / blocked 1 /'"'"' "$L" | wc -l)" -eq 0 ]'
check "blocked: none of hello_xr's cubes, the backdrop instead" \
  '"$PROBE" $OUT/control.ppm $OUT/blocked.ppm --hidden 30,38,52'
check "lifted: the cubes are back where the control has them" '"$PROBE" $OUT/control.ppm $OUT/lifted.ppm --shown'
for name in control block; do
  check "core validation ran ($name)" 'grep -q "Core Validation Layer is initialized" $OUT/$name.hello_xr.log'
  check "core validation reported no error ($name)" \
    '! grep -E "VALID_ERROR|XR_ERROR_VALIDATION_FAILURE|\[Error|INTERNAL VALIDATION LAYER ERROR" $OUT/$name.hello_xr.log'
done
# XR_EXT_user_presence: the chain below was asked (through the new instance)
# and Monado 25 does not offer it, so the instance is the app's, unchanged.
check "the layer asked the chain for XR_EXT_user_presence: not offered, not enabled" \
  'grep -qx "# user_presence offered no enabled 0 by_app 0" $L'
echo "artefacts: $OUT/control.png $OUT/blocked.png $OUT/lifted.png"
exit $fail
