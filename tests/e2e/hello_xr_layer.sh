#!/usr/bin/env bash
# e2e (b): Khronos' unmodified hello_xr -g Vulkan2 on Monado's XCB compositor
# under Xvfb, with XR_APILAYER_TIMEWALL_overlay and Khronos' core validation
# layer enabled, then the same without Timewall. Asserts:
#   - frames were submitted with Timewall's layer (frame log), the ring was
#     drawn once and then re-submitted from its last image;
#   - core validation ran and reported no error;
#   - hello_xr exited cleanly (rc 0, after a key press on its stdin);
#   - the screenshot shows the ring colour where the panel was placed, in both
#     eyes, and the run without the layer shows none of it.
# Artefacts (screenshots, logs) stay in OUT.
#   hello_xr_layer.sh SOURCE_DIR BUILD_DIR PIXEL_PROBE OUT_DIR
set -uo pipefail
SRC=$1 BUILD=$2 PROBE=$3 OUT=$4
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
mkdir -p "$OUT" && rm -f "$OUT"/*
trap stop_xvfb EXIT
start_xvfb

# run NAME LAYERS: hello_xr until it has shown enough frames, a screenshot,
# then a key press so it shuts down the way a user would end it.
run() {
  local name=$1 layers=$2 inner="$OUT/$1.inner.sh"
  cat >"$inner" <<INNER
export XR_API_LAYER_PATH=$BUILD/lib:/usr/share/openxr/1/api_layers/explicit.d
export XR_ENABLE_API_LAYERS=$layers
export TIMEWALL_LAYER_FRAME_LOG=$OUT/$name.frames.log
# A key press (a newline) once the host has its screenshot ends hello_xr.
(while [ ! -e $OUT/$name.shot-done ]; do sleep 0.2; done; echo) |
  timeout 180 stdbuf -oL hello_xr -g Vulkan2 >$OUT/$name.hello_xr.log 2>&1
echo \$? >$OUT/$name.rc
INNER
  bash "$SRC/scripts/in-monado-root.sh" --display "$DISPLAY_NUM" --bind "$BUILD" --log "$OUT/$name.monado.log" \
    -- bash "$inner" &
  local runner=$!
  # Wait until hello_xr is FOCUSED and has rendered a while (with the layer:
  # 60 frames in its log). At most about 90 s.
  local deadline=$((SECONDS + 90))
  while [ $SECONDS -lt $deadline ] && kill -0 $runner 2>/dev/null; do
    if grep -q "XR_SESSION_STATE_FOCUSED" "$OUT/$name.hello_xr.log" 2>/dev/null; then
      [ "$name" != with_layer ] || [ "$(frames_in "$OUT/$name.frames.log")" -ge 60 ] && break
    fi
    sleep 0.2
  done
  sleep 2

  screenshot "$name"
  touch "$OUT/$name.shot-done"
  wait $runner
  echo "$name: hello_xr exit status $(cat "$OUT/$name.rc" 2>/dev/null || echo none)"
}

run with_layer XR_APILAYER_TIMEWALL_overlay:XR_APILAYER_LUNARG_core_validation
run without_layer XR_APILAYER_LUNARG_core_validation

fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
L=$OUT/with_layer.frames.log
frames=$(grep -c '^frame' "$L" || true)
with_tw=$(grep -c '^frame .* timewall_layers [1-9].* result 0 ' "$L" || true)
renders=$(awk '/^frame/ {s += $8} END {print s + 0}' "$L")
echo "frame log: $frames frames, $with_tw with Timewall's layer, $renders ring render(s)"
check "hello_xr with the layer exited cleanly (rc 0)" '[ "$(cat $OUT/with_layer.rc)" = 0 ]'
check "hello_xr without the layer exited cleanly (rc 0)" '[ "$(cat $OUT/without_layer.rc)" = 0 ]'
check "at least 50 frames carried Timewall's layer" '[ "$with_tw" -ge 50 ]'
check "the ring was drawn, then re-submitted unchanged (1..2 renders)" '[ "$renders" -ge 1 ] && [ "$renders" -le 2 ]'
for name in with_layer without_layer; do
  check "core validation ran ($name)" 'grep -q "Core Validation Layer is initialized" $OUT/$name.hello_xr.log'
  check "core validation reported no error ($name)" '! grep -E "VALID_ERROR|XR_ERROR_VALIDATION_FAILURE|\[Error" $OUT/$name.hello_xr.log'
done
check "the layer logged no failure" '! grep -q "XR_APILAYER_TIMEWALL_overlay\] overlays disabled" $OUT/with_layer.hello_xr.log'
check "ring pixels where the panel was placed" '"$PROBE" $OUT/with_layer.ppm $L'
check "no ring pixels without the layer" '"$PROBE" $OUT/without_layer.ppm --absent'
echo "artefacts: $OUT/with_layer.png $OUT/without_layer.png"
exit $fail
