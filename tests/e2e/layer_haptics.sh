#!/usr/bin/env bash
# e2e, issue 13 §2 "its haptics are not sent on": tw_xr_stress_app
# (actions_clean: one action set, synced and read every frame, and a haptic
# pulse every frame) on Monado's null compositor, with the probe layer above
# Timewall's (what the app calls and gets back) and a second one below it
# (what Timewall passes on to the runtime):
#   control: no budget: every pulse the app sent reached the runtime;
#   block:   a 0-minute budget with at_limit = "block" on the app: the app
#            still got a success code for every pulse, and only the pulses of
#            its first two frames (before the block took the input at the
#            sync after the core's first tick) reached the runtime; the layer
#            counted its reads as captured.
# Success codes: XR_SUCCESS, or XR_SESSION_NOT_FOCUSED (8) before focus.
#   layer_haptics.sh SOURCE_DIR BUILD_DIR STRESS_APP OUT_DIR
set -uo pipefail
SRC=$1 BUILD=$2 APP=$3 OUT=$4
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
mkdir -p "$OUT" && rm -f "$OUT"/*
FRAMES=150

run() {  # run NAME LIMIT_LINES
  local name=$1
  printf 'schema = 1\n%s' "$2" >"$OUT/$name.policy.toml"
  chmod 600 "$OUT/$name.policy.toml"
  cat >"$OUT/$name.inner.sh" <<INNER
export XR_API_LAYER_PATH=$BUILD/lib/e2e:$BUILD/lib
export XR_ENABLE_API_LAYERS=XR_APILAYER_TIMEWALL_e2e_probe:XR_APILAYER_TIMEWALL_overlay:XR_APILAYER_TIMEWALL_e2e_probe_below
export TW_PROBE_LOG=$OUT/$name.above.log TW_PROBE_BELOW_LOG=$OUT/$name.below.log
export TIMEWALL_POLICY=$OUT/$name.policy.toml TIMEWALL_LEDGER=none TIMEWALL_LAYER_APP_MAP=$OUT/none.conf
export TIMEWALL_LAYER_FRAME_LOG=$OUT/$name.frames.log
timeout 80 "$APP" actions_clean $FRAMES >$OUT/$name.app.log 2>&1
echo \$? >$OUT/$name.rc
INNER
  : >"$OUT/none.conf"
  bash "$SRC/scripts/in-monado-root.sh" --bind "$BUILD" --bind "$OUT" --log "$OUT/$name.monado.log" -- bash "$OUT/$name.inner.sh"
}
run control ""
run block "$(printf '[[budget]]\nid = "stress"\napp = "openxr.tw_xr_stress_app"\nlimit_min = 0\nat_limit = "block"\n')"

fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
count() { local n; n=$(grep -cE "$1" "$2" 2>/dev/null); echo "${n:-0}"; }
for name in control block; do
  above=$(count '^haptic .* result (0|8)$' "$OUT/$name.above.log")
  above_all=$(count '^haptic ' "$OUT/$name.above.log")
  below=$(count '^haptic ' "$OUT/$name.below.log")
  echo "$name: app rc $(cat "$OUT/$name.rc" 2>/dev/null), pulses sent by the app $above_all (success codes: $above)," \
       "passed on to the runtime $below; $(grep '^# input reads' "$OUT/$name.frames.log")"
  check "$name: the app ran $FRAMES frames and exited 0" '[ "$(cat "$OUT/$name.rc" 2>/dev/null)" = 0 ]'
  check "$name: every pulse the app sent got a success code (>= $FRAMES)" '[ "$above" -ge $FRAMES ] && [ "$above" = "$above_all" ]'
  eval "${name}_above=$above ${name}_below=$below"
done
check "control: every pulse reached the runtime ($control_below of $control_above)" '[ "$control_below" = "$control_above" ]'
# The app's second pulse, and the last one Timewall passed on, by the wall clock.
second=$(awk '$1 == "haptic" && ++n == 2 {print $3}' "$OUT/block.above.log")
last_below=$(awk '$1 == "haptic" {t = $3} END {print t}' "$OUT/block.below.log")
check "block: only the first two frames' pulses reached the runtime ($block_below of $block_above)" \
  '[ "$block_below" -le 2 ] && [ -n "$second" ] && { [ -z "$last_below" ] || [ "$last_below" -le "$second" ]; }'
captured=$(sed -n 's/^# input reads [0-9]* active [0-9]* captured \([0-9]*\)$/\1/p' "$OUT/block.frames.log")
check "block: the layer counted the app's reads as captured (${captured:-none})" '[ "${captured:-0}" -ge $((FRAMES * 3)) ]'
exit $fail
