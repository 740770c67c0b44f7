#!/usr/bin/env bash
# e2e (a): samples/openxr_app, Timewall integrated explicitly, on Monado's XCB
# compositor under Xvfb with Khronos' core validation layer. One CASE a run:
#   vulkan2   XR_KHR_vulkan_enable2, every panel its own quad; then a second
#             run whose policy gives the app nothing to show
#   vulkan1   XR_KHR_vulkan_enable (v1)
#   cylinder  XR_KHR_composition_layer_cylinder: body-locked cards as cylinders
#   atlas     --max-layers 2: one projection layer leaves one slot for the ring
#             and the fill card, which then share one atlas quad
#   views     --into-views: no Timewall layer; the panels are drawn into the
#             app's eye images (the fallback for runtimes that penalise layers)
# Asserts: the app ran its frames and exited with 0; frames carried Timewall's
# layers (frame log) and panels were re-drawn only on change; validation ran
# and reported no error; the screenshot has the ring's colour inside the ring's
# solved rectangle in both eyes and (almost) nowhere outside the panels; the
# run with nothing to show has no Timewall layer and no ring colour.
# Artefacts (screenshots, logs, ledger) stay in OUT.
#   openxr_app.sh SOURCE_DIR BUILD_DIR PIXEL_PROBE OUT_DIR CASE
set -uo pipefail
SRC=$1 BUILD=$2 PROBE=$3 OUT=$4 CASE=$5
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
APP=$BUILD/bin/timewall_openxr_app
[ -x "$APP" ] || die "$APP is not built"
mkdir -p "$OUT" && rm -f "$OUT"/*
trap stop_xvfb EXIT
start_xvfb
FRAMES=600

# run NAME POLICY ARGS...: the sample for $FRAMES frames; a screenshot once
# the fill card has shown for a while (or after 400 frames without one).
run() {
  local name=$1 policy="$OUT/$1.policy.toml" inner="$OUT/$1.inner.sh"
  # A copy, owner-only as a wearer's is (the Runtime would make the source tree's so).
  install -m 600 "$2" "$policy"
  shift 2
  cat >"$inner" <<INNER
export XR_API_LAYER_PATH=/usr/share/openxr/1/api_layers/explicit.d
export XR_ENABLE_API_LAYERS=XR_APILAYER_LUNARG_core_validation
timeout 240 $APP --policy $policy --ledger $OUT/$name.ledger.db --frames $FRAMES --frame-log $OUT/$name.frames.log $* \
  >$OUT/$name.app.log 2>&1
echo \$? >$OUT/$name.rc
INNER
  bash "$SRC/scripts/in-monado-root.sh" --display "$DISPLAY_NUM" --bind "$BUILD" --bind "$SRC" \
    --log "$OUT/$name.monado.log" -- bash "$inner" &
  local runner=$! deadline=$((SECONDS + 150)) fill_at=""
  while [ $SECONDS -lt $deadline ] && kill -0 $runner 2>/dev/null; do
    local n; n=$(frames_in "$OUT/$name.frames.log")
    if [ -z "$fill_at" ] && grep -q "^# panel fill_card" "$OUT/$name.frames.log" 2>/dev/null; then fill_at=$n; fi
    [ -n "$fill_at" ] && [ "$n" -ge $((fill_at + 60)) ] && break
    [ "$n" -ge 400 ] && break
    sleep 0.2
  done
  screenshot "$name"
  wait $runner
  echo "$name: exit status $(cat "$OUT/$name.rc" 2>/dev/null || echo none)"
}

case "$CASE" in
  vulkan2) run "$CASE" "$SRC/samples/openxr_app/policy.toml" --vulkan-enable 2 ;;
  vulkan1) run "$CASE" "$SRC/samples/openxr_app/policy.toml" --vulkan-enable 1 ;;
  cylinder) run "$CASE" "$SRC/samples/openxr_app/policy.toml" --cylinders ;;
  atlas) run "$CASE" "$SRC/samples/openxr_app/policy.toml" --max-layers 2 ;;
  views) run "$CASE" "$SRC/samples/openxr_app/policy.toml" --into-views ;;
  *) die "unknown case $CASE" ;;
esac

fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
L=$OUT/$CASE.frames.log
frames=$(frames_in "$L")
with_tw=$(grep -c '^frame .* timewall_layers [1-9].* result 0$' "$L" || true)
renders=$(awk '/^frame/ {s += $8} END {print s + 0}' "$L")
echo "frame log: $frames frames, $with_tw with Timewall's layers, $renders panel render(s)"
check "the app exited cleanly (rc 0)" '[ "$(cat $OUT/$CASE.rc)" = 0 ]'
check "the app ran its $FRAMES frames" 'grep -q "^# exit frames $FRAMES$" $L'
check "the ring and the fill card were shown" 'grep -q "^# panel budget_ring" $L && grep -q "^# panel fill_card" $L'
if [ "$CASE" = views ]; then
  in_views=$(grep -c '^frame .* timewall_layers 0 renders [2-9] .* mode in_views .* result 0$' "$L" || true)
  check "at least $((FRAMES - 60)) frames had panels drawn into both eyes, no Timewall layer" \
    '[ "$in_views" -ge $((FRAMES - 60)) ] && ! grep -q "timewall_layers [1-9]" $L'
else
  check "at least $((FRAMES - 60)) frames carried Timewall's layers" '[ "$with_tw" -ge $((FRAMES - 60)) ]'
  check "panels were drawn, then re-submitted unchanged (2..8 renders)" '[ "$renders" -ge 2 ] && [ "$renders" -le 8 ]'
fi
check "core validation ran" 'grep -q "Core Validation Layer is initialized" $OUT/$CASE.app.log'
check "core validation reported no error" '! grep -E "VALID_ERROR|XR_ERROR_VALIDATION_FAILURE|\[Error" $OUT/$CASE.app.log'
check "Timewall logged no failure" '! grep -q "Timewall stops drawing" $OUT/$CASE.app.log'
check "the ledger was written" '[ -s $OUT/$CASE.ledger.db ]'
check "ring pixels where the ring was placed, and only where panels were" '"$PROBE" $OUT/$CASE.ppm $L'
case "$CASE" in
  vulkan1) check "the session used XR_KHR_vulkan_enable" 'grep -q "^# vulkan_enable 1 " $L' ;;
  cylinder)
    check "the runtime offered cylinders" 'grep -q "^# vulkan_enable 2 cylinders 1 " $L'
    check "the fill card went as a cylinder" 'grep -q "^frame .* panels 2 mode separate cylinders 1 result 0$" $L' ;;
  atlas)
    check "two panels shared one atlas quad" 'grep -q "^frame .* timewall_layers 1 .* panels 2 mode atlas .* result 0$" $L'
    check "no frame went over maxLayerCount" '! grep -q "^frame .* app_layers 1 timewall_layers [2-9]" $L' ;;
  vulkan2)
    check "two panels went as two layers" 'grep -q "^frame .* timewall_layers 2 .* panels 2 mode separate" $L'
    # The same app with a policy that asks for nothing: no layer, no ring colour.
    run nothing "$SRC/tests/data/policies/openxr_app_nothing.toml" --vulkan-enable 2
    check "nothing to show: the app exited cleanly" '[ "$(cat $OUT/nothing.rc)" = 0 ]'
    check "nothing to show: no Timewall layer in any frame" \
      '[ "$(frames_in $OUT/nothing.frames.log)" -ge 100 ] && ! grep -q "timewall_layers [1-9]" $OUT/nothing.frames.log'
    check "nothing to show: no ring colour" '"$PROBE" $OUT/nothing.ppm --absent' ;;
esac
echo "artefacts: $OUT/*.png"
exit $fail
