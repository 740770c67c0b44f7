#!/usr/bin/env bash
# e2e, issue 15 §3 "on Monado, the runtime enforces": Khronos' unmodified
# hello_xr -g Vulkan2 on Monado's XCB compositor under Xvfb, with Timewall's
# layer installed as an implicit layer (its manifest bound into the root's
# /etc/openxr/1/api_layers/implicit.d) and switched off by the wearer with
# DISABLE_XR_APILAYER_TIMEWALL_OVERLAY=1, and the probe layer (what hello_xr
# reads back: its session states and action states). `timewall enforce` runs
# beside it in the root, with the guardian's folder bound at /etc/timewall.
#   1. No device policy, the wearer's policy blocks nothing: hello_xr FOCUSED,
#      a screenshot of its cubes (control).
#   2. `timewall guardian apply` (with the PIN) puts a youth policy in force
#      whose night window holds now: the enforcer counts hello_xr from
#      monado-ctl's client list, decides the block, cuts hello_xr's input
#      (monado-ctl -i) and starts timewall-shield, which takes primary.
#      Asserts: hello_xr's session goes to SYNCHRONIZED, its actions read
#      inactive, monado-ctl lists it with io 0, disp 0, foc 0 and the shield
#      displayed and focused, and the screenshot shows the shield's slate and
#      none of the cubes (scene_probe --hidden).
#   3. The guardian applies the youth policy with the night window elsewhere:
#      the enforcer gives primary back (monado-ctl -p), input back, and ends
#      the shield. Asserts: hello_xr FOCUSED again, its actions active, the
#      cubes back (scene_probe --shown).
# Prints the latencies: policy applied -> block decision, block decision ->
# SYNCHRONIZED, lift decision -> FOCUSED (wall clock, ms). Artefacts in OUT.
#   enforce_block.sh SOURCE_DIR BUILD_DIR OUT_DIR TIMEWALL SHIELD SCENE_PROBE
set -uo pipefail
SRC=$1 BUILD=$2 OUT=$3 TW=$4 SHIELD=$5 PROBE=$6
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
mkdir -p "$OUT" && rm -rf "${OUT:?}"/*
trap stop_xvfb EXIT
start_xvfb

printf 'schema = 1\n[youth]\nenabled = false\n' >"$OUT/wearer.toml"
chmod 600 "$OUT/wearer.toml"
# youth_policy FROM TO: youth mode on, night from FROM to TO (UTC, HH:MM).
youth_policy() {
  printf 'schema = 1\n[youth]\nenabled = true\ndaily_cap_min = 600\nnight_from = "%s"\nnight_to = "%s"\n' "$1" "$2"
}
youth_policy "$(date -u -d '-30 min' +%H:%M)" "$(date -u -d '+30 min' +%H:%M)" >"$OUT/youth-night.toml"
youth_policy "$(date -u -d '+3 hours' +%H:%M)" "$(date -u -d '+4 hours' +%H:%M)" >"$OUT/youth-day.toml"
mkdir -p "$OUT/etc-timewall"
"$TW" guardian set-pin --dir "$OUT/etc-timewall" <<<$'482916\n482916' >/dev/null || die "guardian set-pin failed"
[ -e "$OUT/etc-timewall/policy.toml" ] && die "set-pin wrote a policy"

inner="$OUT/inner.sh"
cat >"$inner" <<INNER
export XR_API_LAYER_PATH=$BUILD/lib/e2e
export XR_ENABLE_API_LAYERS=XR_APILAYER_TIMEWALL_e2e_probe
export TW_PROBE_LOG=$OUT/probe.log
export DISABLE_XR_APILAYER_TIMEWALL_OVERLAY=1
export TIMEWALL_LAYER_FRAME_LOG=$OUT/layer.frames.log TIMEWALL_POLICY=$OUT/wearer.toml TIMEWALL_LEDGER=none
export XR_LOADER_DEBUG=info
$(host_app_preload)
(while [ ! -e $OUT/done ]; do sleep 0.2; done; echo) |
  timeout 150 env \$preload stdbuf -oL -eL hello_xr -g Vulkan2 >$OUT/hello_xr.log 2>&1 &
app=\$!
unset XR_API_LAYER_PATH XR_ENABLE_API_LAYERS TW_PROBE_LOG XR_LOADER_DEBUG
"$TW" enforce --shield "$SHIELD" --shield-log $OUT/shield.log --policy $OUT/wearer.toml --ledger $OUT/ledger.db \\
  --poll-ms 100 >$OUT/enforce.log 2>$OUT/enforce.err &
enforcer=\$!
# monado-ctl's list on request: the host touches $OUT/NAME.ctl-req.
while [ ! -e $OUT/done ]; do
  for req in $OUT/*.ctl-req; do
    [ -e "\$req" ] || continue
    monado-ctl >"\${req%.ctl-req}.ctl.txt" 2>&1
    rm -f "\$req"
  done
  sleep 0.1
done
kill -TERM \$enforcer
wait \$enforcer
echo \$? >$OUT/enforce.rc
wait \$app
echo \$? >$OUT/hello_xr.rc
INNER
bash "$SRC/scripts/in-monado-root.sh" --keep-service --display "$DISPLAY_NUM" --bind "$BUILD" --bind "$OUT" \
  --bind-at "$BUILD/lib/implicit.d" /etc/openxr/1/api_layers/implicit.d --bind-at "$OUT/etc-timewall" /etc/timewall \
  --log "$OUT/monado.log" -- bash "$inner" &
RUNNER=$!

# wait_for TEST SECONDS: polls TEST (a shell expression) until it holds.
wait_for() {
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do eval "$1" && return 0; kill -0 $RUNNER 2>/dev/null || return 1; sleep 0.1; done
  return 1
}
now_ms() { date +%s%3N; }
# state_after STATE MS: wall clock of the first probe line with that session state at or after MS.
state_after() { awk -v s="$1" -v t="$2" '$1 == "state" && $5 == s && $3 >= t {print $3; exit}' "$OUT/probe.log" 2>/dev/null; }
event_ms() { awk -v k="$1" '$1 == k && $7 == "openxr.helloxr" {print $3; exit}' "$OUT/enforce.log" 2>/dev/null; }
# actions KIND FROM TO: "active inactive" counts of hello_xr's bool and float reads in [FROM, TO).
actions() {
  awk -v a="$1" -v b="$2" '($1 == "bool" || $1 == "float") && $3 >= a && $3 < b {
    if ($9 == 1) on++; else off++ } END {print on + 0, off + 0}' "$OUT/probe.log"
}
ctl() { touch "$OUT/$1.ctl-req"; wait_for "[ -s $OUT/$1.ctl.txt ] && [ ! -e $OUT/$1.ctl-req ]" 10; }

wait_for '[ -n "$(state_after 5 0)" ]' 90 || echo "hello_xr never reached FOCUSED"
sleep 3
t_control=$(now_ms)
screenshot control
ctl control

t_apply=$(now_ms)
"$TW" guardian apply "$OUT/youth-night.toml" --dir "$OUT/etc-timewall" <<<'482916' >/dev/null || echo "guardian apply (night) failed"
wait_for '[ -n "$(event_ms shield_up)" ] && [ -n "$(state_after 3 "$(event_ms block)")" ]' 30 ||
  echo "no block reached hello_xr"
sleep 3
t_blocked=$(now_ms)
screenshot blocked
ctl blocked
sleep 1
t_lift_apply=$(now_ms)
"$TW" guardian apply "$OUT/youth-day.toml" --dir "$OUT/etc-timewall" <<<'482916' >/dev/null || echo "guardian apply (day) failed"
wait_for '[ -n "$(event_ms shield_down)" ] && [ -n "$(state_after 5 "$(event_ms lift)")" ]' 30 ||
  echo "the lift never reached hello_xr"
sleep 3
t_lifted=$(now_ms)
screenshot lifted
ctl lifted
touch "$OUT/done"
wait $RUNNER
echo "in-monado-root exit status $?"

fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
block=$(event_ms block) lift=$(event_ms lift)
synced=$(state_after 3 "${block:-0}") refocused=$(state_after 5 "${lift:-0}")
echo "enforce.log:"; sed 's/^/  /' "$OUT/enforce.log"
echo "probe states: $(awk '$1 == "state" {printf "%s@%s ", $5, $3}' "$OUT/probe.log")"
check "hello_xr and the enforcer exited cleanly (rc 0)" '[ "$(cat $OUT/hello_xr.rc)" = 0 ] && [ "$(cat $OUT/enforce.rc)" = 0 ]'
check "Timewall's layer was found as an implicit layer, disabled by DISABLE_XR_APILAYER_TIMEWALL_OVERLAY: the loader says so, no frame log" \
  'grep -q "Implicit layer /etc/openxr/1/api_layers/implicit.d/XrApiLayer_timewall_overlay.json is disabled" $OUT/hello_xr.log &&
   [ ! -e $OUT/layer.frames.log ]'
check "the enforcer found hello_xr in monado-ctl's list before the block: FOCUSED, io 1" \
  'grep -qP "^\tid: \d+\tact: 1\tdisp: 1\tfoc: 1\tio: 1\tovly: 0\tz: \d+\tpid: \d+\tHelloXR$" $OUT/control.ctl.txt'
check "block decided for openxr.helloxr (youth_night), input cut, shield up, in that order" \
  '[ -n "$block" ] && awk '"'"'$7 == "openxr.helloxr"'"'"' $OUT/enforce.log | cut -d" " -f1 | head -3 | tr "\n" " " | grep -qx "block input_off shield_up " && grep -q "^block .* youth_night$" $OUT/enforce.log'
check "hello_xr went to SYNCHRONIZED after the block decision" '[ -n "$synced" ]'
check "monado-ctl under the block: HelloXR io 0, not displayed, not focused; timewall-shield displayed and focused" \
  'grep -qP "^\tid: \d+\tact: 1\tdisp: 0\tfoc: 0\tio: 0\tovly: 0\tz: \d+\tpid: \d+\tHelloXR$" $OUT/blocked.ctl.txt &&
   grep -qP "^\tid: \d+\tact: 1\tdisp: 1\tfoc: 1\tio: 1\tovly: 0\tz: \d+\tpid: \d+\ttimewall-shield$" $OUT/blocked.ctl.txt'
read -r on_before off_before <<<"$(actions $((t_control - 2000)) "$t_apply")"
read -r on_blocked off_blocked <<<"$(actions $(( ${synced:-0} + 500 )) "${lift:-0}")"
read -r on_after off_after <<<"$(actions $(( ${refocused:-0} + 500 )) "$t_lifted")"
echo "hello_xr's action reads (active inactive): before $on_before $off_before, blocked $on_blocked $off_blocked, after $on_after $off_after"
check "its actions read active before the block" '[ "$on_before" -gt 0 ]'
check "its actions read inactive under the block (>= 20 reads, none active)" '[ "$off_blocked" -ge 20 ] && [ "$on_blocked" -eq 0 ]'
check "its actions read active again after the lift" '[ "$on_after" -gt 0 ]'
check "blocked: the shield's slate, none of hello_xr's cubes" '"$PROBE" $OUT/control.ppm $OUT/blocked.ppm --hidden 30,38,52'
check "lift: primary back, shield ended, input back, in that order" \
  'awk '"'"'$7 == "openxr.helloxr"'"'"' $OUT/enforce.log | cut -d" " -f1 | sed -n 4,7p | tr "\n" " " | grep -qx "lift primary_back shield_down input_on "'
check "hello_xr FOCUSED again after the lift" '[ -n "$refocused" ]'
check "monado-ctl after the lift: HelloXR displayed, focused, io 1; no shield" \
  'grep -qP "^\tid: \d+\tact: 1\tdisp: 1\tfoc: 1\tio: 1\tovly: 0\tz: \d+\tpid: \d+\tHelloXR$" $OUT/lifted.ctl.txt && ! grep -q timewall-shield $OUT/lifted.ctl.txt'
check "lifted: the cubes are back where the control has them" '"$PROBE" $OUT/control.ppm $OUT/lifted.ppm --shown'
check "the shield ended its session cleanly (EXITING, then its frame count)" \
  'grep -q "^state unix_ms [0-9]* 8$" $OUT/shield.log && grep -q "^frames [1-9]" $OUT/shield.log && ! grep -q "^timewall-shield:" $OUT/shield.log'
if [ -n "$block" ] && [ -n "$synced" ] && [ -n "$lift" ] && [ -n "$refocused" ]; then
  echo "latency: guardian apply -> block decision $((block - t_apply)) ms (policy check every 1 s, poll 100 ms)"
  echo "latency: block decision -> SYNCHRONIZED $((synced - block)) ms"
  echo "latency: guardian apply -> lift decision $((lift - t_lift_apply)) ms"
  echo "latency: lift decision -> FOCUSED $((refocused - lift)) ms"
fi
echo "artefacts: $OUT/control.png $OUT/blocked.png $OUT/lifted.png"
exit $fail
