#!/usr/bin/env bash
# e2e, issue 13 "watching counts; a headset set down does not": Khronos'
# unmodified hello_xr -g Vulkan2 on Monado's null compositor with
# XR_APILAYER_TIMEWALL_overlay, a policy with afk_after_s = 5 and a ledger,
# and no input at all (nobody touches a controller), twice for the same time:
#   watching: Monado's simulated HMD wobbles (--moving-head): a wearer who
#             only looks around. The ledger must hold the whole FOCUSED time
#             as attended (within 0.5 s): the layer's own head pose said
#             `present`;
#   set_down: the qwerty driver's head stays frozen: a headset lying on a
#             desk. The ledger must hold afk_after_s (5 s, within 0.5 s).
# Before the layer fed presence, both read as the set-down case.
# Artefacts (logs, ledgers) stay in OUT.
#   hello_xr_presence.sh SOURCE_DIR BUILD_DIR OUT_DIR LEDGER_PROBE
set -uo pipefail
SRC=$1 BUILD=$2 OUT=$3 LEDGER_PROBE=$4
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
mkdir -p "$OUT" && rm -f "$OUT"/*

printf 'schema = 1\n[attention]\nafk_after_s = 5\n' >"$OUT/policy.toml"
chmod 600 "$OUT/policy.toml"
: >"$OUT/no-app-map.conf"
FOCUSED_S=20

# run NAME [--moving-head]: hello_xr FOCUSED for FOCUSED_S, then a key press.
run() {
  local name=$1 inner="$OUT/$1.inner.sh"
  shift
  cat >"$inner" <<INNER
export XR_API_LAYER_PATH=$BUILD/lib
export XR_ENABLE_API_LAYERS=XR_APILAYER_TIMEWALL_overlay
export TIMEWALL_LAYER_FRAME_LOG=$OUT/$name.frames.log
export TIMEWALL_POLICY=$OUT/policy.toml
export TIMEWALL_LEDGER=$OUT/$name.ledger.db
export TIMEWALL_LAYER_APP_MAP=$OUT/no-app-map.conf
INNER
  hello_xr_inner "$name" 120 >>"$inner"
  bash "$SRC/scripts/in-monado-root.sh" "$@" --bind "$BUILD" --log "$OUT/$name.monado.log" -- bash "$inner" &
  local runner=$! deadline=$((SECONDS + 60))
  while [ $SECONDS -lt $deadline ] && ! grep -q "^# state 5 " "$OUT/$name.frames.log" 2>/dev/null; do sleep 0.2; done
  sleep "$FOCUSED_S"
  touch "$OUT/$name.shot-done"
  wait $runner
  echo "$name: hello_xr exit status $(cat "$OUT/$name.rc" 2>/dev/null || echo none)"
}
run watching --moving-head
run set_down

fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
# FOCUSED (state 5) to the next state or the session's end, as the layer stamped them.
focus_ms() { awk '/^# state 5 / {f = $NF} /^# (state [0-46-9]|session_end) / && f {print $NF - f; exit}' "$1"; }
attended_ms() { "$LEDGER_PROBE" "$OUT/$1.ledger.db" UTC openxr.helloxr "$(date +%s)" | awk '{print $2}'; }
w_focus=$(focus_ms "$OUT/watching.frames.log") w_att=$(attended_ms watching)
s_focus=$(focus_ms "$OUT/set_down.frames.log") s_att=$(attended_ms set_down)
echo "watching: FOCUSED ${w_focus:-?} ms, attended ${w_att:-none} ms; set down: FOCUSED ${s_focus:-?} ms, attended ${s_att:-none} ms"
check "both runs exited cleanly (rc 0)" '[ "$(cat $OUT/watching.rc)" = 0 ] && [ "$(cat $OUT/set_down.rc)" = 0 ]'
check "both stayed FOCUSED at least $FOCUSED_S s" \
  '[ -n "$w_focus" ] && [ -n "$s_focus" ] && [ "$w_focus" -ge $((FOCUSED_S * 1000)) ] && [ "$s_focus" -ge $((FOCUSED_S * 1000)) ]'
check "watching without input: all of the FOCUSED time attended" \
  '[ -n "$w_att" ] && [ $((w_focus - w_att)) -le 500 ] && [ $((w_att - w_focus)) -le 500 ]'
check "set down: only afk_after_s (5 s) attended" '[ -n "$s_att" ] && [ "$s_att" -ge 4500 ] && [ "$s_att" -le 5500 ]'
exit $fail
