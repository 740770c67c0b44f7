#!/usr/bin/env bash
# e2e, issue 15 "budgets hold across concurrent apps" (without the service):
# two of Khronos' unmodified hello_xr -g Vulkan2 on one Monado (null
# compositor), each with XR_APILAYER_TIMEWALL_overlay, one policy (hello_xr
# counts as games; a 1-minute daily games budget, at_limit = "block"; away
# only after 600 s) and ONE ledger:
#   1. A starts and plays PLAY_S (25 s) FOCUSED;
#   2. B starts: it takes primary, A drops out of FOCUSED; B plays PLAY_S;
#   3. B quits: A is FOCUSED again.
# A has used PLAY_S itself, so alone it would be blocked only after
# 60 - PLAY_S = 35 s more. With B's PLAY_S read back from the ledger (every
# commit of A's layer, every 4 s), the sum is ~2 x PLAY_S = 50 s and A must
# reach the block about 10 s after it is FOCUSED again. Asserts:
#   - A's frame log shows frames with the app's layers held back (blocked 1)
#     after its return, within 22 s of it (10 s left + 8 s: one commit period
#     of B's, one of A's + a margin), and none before its return;
#   - B was FOCUSED while A was not (Monado switched primary);
#   - both hello_xr exit 0; the ledger holds the app's time once: at least
#     2 x PLAY_S - 2 s, at most 65 s (the limit and A's last blocked second).
# The whole test is bounded (about 90 s; CTest TIMEOUT 150).
# Artefacts (frame logs, hello_xr and Monado logs, the ledger) stay in OUT.
#   two_apps_budget.sh SOURCE_DIR BUILD_DIR OUT_DIR LEDGER_PROBE
set -uo pipefail
SRC=$1 BUILD=$2 OUT=$3 LEDGER_PROBE=$4
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
mkdir -p "$OUT" && rm -f "$OUT"/*
PLAY_S=25

printf 'schema = 1\n[attention]\nafk_after_s = 600\n[apps]\n"openxr.HelloXR" = "games"\n' >"$OUT/policy.toml"
printf '[[budget]]\nid = "games-daily"\ncategory = "games"\nperiod = "daily"\nlimit_min = 1\nat_limit = "block"\n' \
  >>"$OUT/policy.toml"
chmod 600 "$OUT/policy.toml"
: >"$OUT/no-app-map.conf"

# One inner script starts A, then B once $OUT/start-B exists; each hello_xr
# ends on a key press when $OUT/NAME.shot-done appears.
inner="$OUT/inner.sh"
cat >"$inner" <<INNER
export XR_API_LAYER_PATH=$BUILD/lib
export XR_ENABLE_API_LAYERS=XR_APILAYER_TIMEWALL_overlay
export TIMEWALL_POLICY=$OUT/policy.toml
export TIMEWALL_LEDGER=$OUT/ledger.db
export TIMEWALL_LAYER_APP_MAP=$OUT/no-app-map.conf
(
export TIMEWALL_LAYER_FRAME_LOG=$OUT/A.frames.log
$(hello_xr_inner A 140)
) &
while [ ! -e $OUT/start-B ]; do sleep 0.2; done
(
export TIMEWALL_LAYER_FRAME_LOG=$OUT/B.frames.log
$(hello_xr_inner B 100)
) &
wait
INNER

# wait_for TEST SECONDS: polls TEST (a shell expression) until it holds.
wait_for() {
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do eval "$1" && return 0; sleep 0.2; done
  return 1
}
# Times hello_xr NAME entered FOCUSED, as its own log says.
focused_count() { local n; n=$(grep -c -- "->XR_SESSION_STATE_FOCUSED " "$OUT/$1.hello_xr.log" 2>/dev/null); echo "${n:-0}"; }
now_ms() { date +%s%3N; }

bash "$SRC/scripts/in-monado-root.sh" --keep-service --bind "$BUILD" --log "$OUT/monado.log" -- bash "$inner" &
RUNNER=$!
stop_all() { touch "$OUT/start-B" "$OUT/A.shot-done" "$OUT/B.shot-done"; }
trap stop_all EXIT

fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }

wait_for '[ "$(focused_count A)" -ge 1 ]' 40 || echo "A never became FOCUSED"
sleep "$PLAY_S"
A_frames_before_B=$(frames_in "$OUT/A.frames.log")
touch "$OUT/start-B"
wait_for '[ "$(focused_count B)" -ge 1 ]' 30 || echo "B never became FOCUSED"
sleep "$PLAY_S"
touch "$OUT/B.shot-done"
# A back in FOCUSED (its second state 5), then its first blocked frame.
wait_for '[ "$(focused_count A)" -ge 2 ]' 20 || echo "A did not become FOCUSED again"
back_ms=$(now_ms)
back_frame=$(frames_in "$OUT/A.frames.log")
wait_for '[ "$(awk -v f="$back_frame" '"'"'/^frame/ && $2 > f && / blocked 1 /'"'"' "$OUT/A.frames.log" | wc -l)" -ge 1 ]' 40
blocked_ms=$(now_ms)
sleep 1
touch "$OUT/A.shot-done"
wait "$RUNNER"
trap - EXIT

after_s=$(( (blocked_ms - ${back_ms:-0}) / 1000 ))
echo "A FOCUSED again (seen at unix_ms $back_ms, frame $back_frame); first blocked frame seen ${after_s} s later"
check "both hello_xr exited cleanly (rc 0)" '[ "$(cat $OUT/A.rc 2>/dev/null)" = 0 ] && [ "$(cat $OUT/B.rc 2>/dev/null)" = 0 ]'
check "Monado switched: A left FOCUSED while B played, and came back" \
  'grep -q -- "FOCUSED->XR_SESSION_STATE_VISIBLE" "$OUT/A.hello_xr.log" && [ "$(focused_count A)" -ge 2 ] && [ "$(focused_count B)" -ge 1 ]'
check "A was not blocked before B started nor before its return" \
  '[ "$(awk -v f="$back_frame" '"'"'/^frame/ && $2 <= f && / blocked 1 /'"'"' "$OUT/A.frames.log" | wc -l)" -eq 0 ]'
check "A reached the block on the sum: within 22 s of its return (alone it would take 35 s)" \
  '[ "$after_s" -ge 0 ] && [ "$after_s" -le 22 ] && [ "$(awk -v f="$back_frame" '"'"'/^frame/ && $2 > f && / blocked 1 /'"'"' "$OUT/A.frames.log" | wc -l)" -ge 1 ]'
attended=$("$LEDGER_PROBE" "$OUT/ledger.db" UTC openxr.helloxr "$(date +%s)" | awk '{print $2}')
echo "ledger: openxr.helloxr attended ${attended:-none} ms today (A and B together)"
# At most the limit and the few seconds A ran blocked before its key press:
# before exact heartbeats, A's gap while B played was filled on its return
# and the ledger held B's 25 s twice (86 s).
check "the ledger holds both apps' time once: 2 x PLAY_S - 2 s .. 65 s" \
  '[ -n "$attended" ] && [ "$attended" -ge $(( (2 * PLAY_S - 2) * 1000 )) ] && [ "$attended" -le 65000 ]'
echo "A frames before B started: $A_frames_before_B; A frames in all: $(frames_in "$OUT/A.frames.log")"
exit $fail
