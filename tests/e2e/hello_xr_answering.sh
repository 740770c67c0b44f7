#!/usr/bin/env bash
# e2e, issue 13 "the wearer answers in the headset": Khronos' unmodified
# hello_xr -g Vulkan2 on Monado's `remote` driver (null compositor), the
# probe layer above Timewall's (what hello_xr calls) and a second one below
# it (what Timewall passes to the runtime), a friction prompt on hello_xr
# from its first frame (a 0-minute budget, at_limit = "friction"). Where the
# prompt's buttons are comes from tw_card_target (the layer's solver, the
# runtime's FOVs); the head looks straight ahead, the right controller
# sits at a fixed place. One case per call:
#   answer  two runs on one ledger:
#     leave:    pause_s = 600 ("continue anyway" stays greyed). The
#               controller aims at "continue anyway" and pulls the trigger
#               (nothing may happen), then at "leave" and pulls it. Asserts:
#               the frame log's first answer is "leave" by aim, after that
#               pull; Timewall (not hello_xr) called xrRequestExitSession,
#               seen below it and not above; hello_xr's session went
#               STOPPING within 2 s and EXITING before the test closed
#               hello_xr's stdin, and hello_xr exited 0;
#     continue: pause_s = 3. A pull on "continue anyway" during the pause
#               chooses nothing; one after it chooses "continue anyway" by
#               aim: no exit request, hello_xr's input is back (its states
#               read active) within 1 s and it runs on to the end (rc 0);
#     then the ledger holds both answers (prompt_leave, continue_anyway).
#   dwell   head only: both controllers inactive before hello_xr starts, no button
#           or trigger. pause_s = 600, dwell_s = 1.0. The head turns to
#           "leave" (1.5 s, about 10 deg/s) and rests: the answer is "leave"
#           by gaze, 0.7-2.4 s after the head arrived (the gaze meets the
#           button's edge shortly before); the session ends (STOPPING within
#           1 s) through
#           Timewall's xrRequestExitSession; Timewall's hidden select was
#           never down.
#   pinch   XR_EXT_hand_tracking joints, no button or trigger. pause_s = 600,
#           dwell_s = 10 (no dwell before the end). The right controller reports hand
#           tracking, open, aimed away from the card; the head turns to
#           "leave" and rests; then thumb and index curl (hand_curl 0 0 0 1 1: Monado's order is little to thumb)
#           and open again. Asserts: the layer enabled XR_EXT_hand_tracking
#           (hello_xr did not) and made its trackers; the joints were
#           tracked; the first answer is "leave" by gaze, after the curl;
#           Timewall's hidden select was never down; the session ends
#           through Timewall's xrRequestExitSession.
#   block   the block shield (a 0-minute budget, at_limit = "block", one
#           extension of 1 minute), two runs on one ledger:
#     shield_leave:  the controller aims at the shield's "leave" and pulls:
#                    the answer is leave by aim on the block_shield, Timewall
#                    (not hello_xr) requested the exit, STOPPING within 2 s,
#                    hello_xr exited 0; every frame before it went blocked;
#     shield_extend: a pull on "extend" opens the friction prompt (pause_s 2)
#                    in the shield's stead, still blocked; a pull on its
#                    "continue anyway" after the pause grants the extension:
#                    the app's layers go to the runtime again (blocked 0)
#                    within 1 s, no exit request, rc 0;
#     then the ledger holds block_shield:block_leave, block_shield:block_extend
#     and friction_prompt:continue_anyway, in that order.
#   hello_xr_answering.sh SOURCE_DIR BUILD_DIR CASE OUT_DIR PORT
set -uo pipefail
SRC=$1 BUILD=$2 CASE=$3 OUT=$4 PORT=$5
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
[ "$CASE" != answer ] || command -v sqlite3 >/dev/null || die "sqlite3 is not installed: run scripts/install-deps.sh"
mkdir -p "$OUT" && rm -f "$OUT"/*
LAYERS=XR_APILAYER_TIMEWALL_e2e_probe:XR_APILAYER_TIMEWALL_overlay:XR_APILAYER_TIMEWALL_e2e_probe_below
CTRL_STAGE="0.15 1.35 -0.3" CTRL_LOCAL="0.15 -0.25 -0.3"  # LOCAL = the stage raised 1.6 m

# friction_policy PAUSE_S [DWELL_S]
friction_policy() {
  printf 'schema = 1\n[attention]\ndwell_s = %s\n' "${2:-1.2}"
  printf '[[budget]]\nid = "hello-daily"\napp = "openxr.helloxr"\nlimit_min = 0\nat_limit = "friction"\nmax_extensions = 2\n'
  # A wait exercise as long as the pause: "continue anyway" unlocks at pause_s.
  printf '[friction]\npause_s = %s\n[[friction.exercise]]\nid = "wait"\nkind = "wait"\nwait_s = %s\ntext = "Take a moment."\n' "$1" "$1"
}
# block_policy: hello_xr blocked from its first frame, one 1-minute extension.
block_policy() {
  printf 'schema = 1\n[[budget]]\nid = "hello-daily"\napp = "openxr.helloxr"\nlimit_min = 0\nat_limit = "block"\n'
  printf 'max_extensions = 1\nextension_min = 1\n[friction]\npause_s = 2\n'
  printf '[[friction.exercise]]\nid = "wait"\nkind = "wait"\nwait_s = 2\ntext = "Take a moment."\n'
}
# The views Timewall's frame log records, from a first short run (the solver needs the FOVs).
probe_fov() {
  friction_policy 600 >"$OUT/policy.toml" && chmod 600 "$OUT/policy.toml"
  printf '0 head 0 0\n500 end\n' >"$OUT/fov.script"
  remote_start fov "$PORT" "$LAYERS" "$OUT/fov.script"
  remote_go fov
  remote_finish fov >/dev/null
  "$BUILD/bin/tw_card_target" friction_prompt "$OUT/fov.frames.log" $CTRL_LOCAL >"$OUT/targets.txt" ||
    die "tw_card_target could not place the friction prompt (see $OUT/fov.frames.log)"
  "$BUILD/bin/tw_card_target" block_shield "$OUT/fov.frames.log" $CTRL_LOCAL >"$OUT/shield_targets.txt" ||
    die "tw_card_target could not place the block shield (see $OUT/fov.frames.log)"
  cat "$OUT/targets.txt" "$OUT/shield_targets.txt"
}
# target BUTTON FIELD [FILE]: a button's angle from tw_card_target's output.
target() { awk -v b="$1" -v f="$2" '$1 == "button" && $2 == b { for (i = 3; i < NF; i += 2) if ($i == f) print $(i + 1) }' "${3:-$OUT/targets.txt}"; }

fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
# answers NAME: the frame log's answer lines.
answers() { grep '^# answer ' "$OUT/$1.frames.log" 2>/dev/null; }
exit_requests() { grep -c '^exit_request .* result 0$' "$1" 2>/dev/null; }
state_ms() {  # state_ms NAME STATE: when the layer saw hello_xr's session reach STATE
  awk -v s="$2" '$1 == "#" && $2 == "state" && $3 == s {print $5; exit}' "$OUT/$1.frames.log"
}

probe_fov
cy=$(target continue_anyway aim_yaw_deg) cp=$(target continue_anyway aim_pitch_deg)
ly=$(target leave aim_yaw_deg) lp=$(target leave aim_pitch_deg)
hy=$(target leave head_yaw_deg) hp=$(target leave head_pitch_deg)
[ -n "$cy" ] && [ -n "$ly" ] && [ -n "$hy" ] || die "no button angles in $OUT/targets.txt"

case "$CASE" in
answer)
  LEDGER=$OUT/ledger.db
  friction_policy 600 >"$OUT/policy.toml"
  cat >"$OUT/leave.script" <<SCRIPT
0 head 0 0
0 right pos $CTRL_STAGE
0 right aim $cy $cp
1500 right trigger 1
1700 right trigger 0
2500 right aim $ly $lp
3500 right trigger 1
3700 right trigger 0
7000 end
SCRIPT
  remote_start leave "$PORT" "$LAYERS" "$OUT/leave.script" "$LEDGER"
  remote_go leave
  remote_finish leave
  friction_policy 3 >"$OUT/policy.toml"
  cat >"$OUT/continue.script" <<SCRIPT
0 head 0 0
0 right pos $CTRL_STAGE
0 right aim $cy $cp
500 right trigger 1
700 right trigger 0
4500 right trigger 1
4700 right trigger 0
8000 end
SCRIPT
  remote_start continue "$PORT" "$LAYERS" "$OUT/continue.script" "$LEDGER"
  remote_go continue
  remote_finish continue

  echo "leave: $(answers leave | tr '\n' ';') continue: $(answers continue | tr '\n' ';')"
  press=$(applied_ms leave 7)  # the pull on "leave"
  done_ms=$(cat "$OUT/leave.done_ms" 2>/dev/null) exiting=$(state_ms leave 8)
  stopping=$(state_ms leave 6)
  check "leave: the first answer is leave, by aim" 'answers leave | head -1 | grep -q "^# answer leave via aim"'
  check "leave: Timewall asked the runtime to end the session (1 request below it, 0 from hello_xr)" \
    '[ "$(exit_requests "$OUT/leave.below.log")" = 1 ] && [ "$(exit_requests "$OUT/leave.probe.log")" = 0 ]'
  check "leave: the session went STOPPING within 2 s of the pull ($((${stopping:-0} - ${press:-0})) ms)" \
    '[ -n "$stopping" ] && [ -n "$press" ] && [ "$stopping" -ge "$press" ] && [ $((stopping - press)) -le 2000 ]'
  check "leave: hello_xr's session reached EXITING before the test closed its stdin, and hello_xr exited 0" \
    '[ "$(cat "$OUT/leave.rc" 2>/dev/null)" = 0 ] && [ -n "$exiting" ] && [ "$exiting" -lt "$done_ms" ]'
  pull=$(applied_ms continue 6)  # the pull after the pause
  c_answered=$(answers continue | awk '{for (i = 3; i < NF; ++i) if ($i == "unix_ms") print $(i + 1); exit}')
  check "continue: the only answer is continue_anyway, by aim, after the second pull ($((${c_answered:-0} - pull)) ms)" \
    '[ "$(answers continue | wc -l)" = 1 ] && answers continue | grep -q "^# answer continue_anyway via aim" && [ "$c_answered" -ge "$pull" ]'
  active_after=$(probe_between continue float "$((pull + 1000))" "$(applied_ms continue 8)" | awk '$9 == 1' | wc -l)
  inactive_before=$(probe_between continue float "$(applied_ms continue 1)" "$pull" | awk '$9 == 1' | wc -l)
  check "continue: hello_xr's input stayed taken through the greyed pull ($inactive_before active reads) and came back after ($active_after)" \
    '[ "$inactive_before" = 0 ] && [ "$active_after" -ge 20 ]'
  c_stop=$(state_ms continue 6) c_done=$(cat "$OUT/continue.done_ms" 2>/dev/null)
  check "continue: no exit request; hello_xr ran until its stdin closed, rc 0" \
    '[ "$(exit_requests "$OUT/continue.below.log")" = 0 ] && [ "$(cat "$OUT/continue.rc" 2>/dev/null)" = 0 ] && { [ -z "$c_stop" ] || [ "$c_stop" -ge "$c_done" ]; }'
  ledger_answers=$(sqlite3 "$LEDGER" "SELECT card || ':' || answer FROM answer ORDER BY id" 2>&1 | tr '\n' ' ')
  echo "ledger answers: $ledger_answers"
  check "the ledger holds both answers, in order" '[ "$ledger_answers" = "friction_prompt:prompt_leave friction_prompt:continue_anyway " ]'
  ;;
dwell)
  friction_policy 600 1.0 >"$OUT/policy.toml"
  # The head turns to "leave" at about 10 deg/s (a step a frame would be a
  # fast turn: the solver hides the card and recentres it), then rests.
  { printf -- '-1 left active 0\n-1 right active 0\n0 head 0 0\n'
    awk -v y="$hy" -v p="$hp" 'BEGIN { for (k = 1; k <= 30; ++k) printf "%d head %.3f %.3f\n", 1000 + 50 * k, y * k / 30, p * k / 30 }'
    printf '8000 end\n'; } >"$OUT/dwell.script"
  remote_start dwell "$PORT" "$LAYERS" "$OUT/dwell.script"
  remote_go dwell
  remote_finish dwell
  echo "dwell: $(answers dwell | tr '\n' ';') $(grep '^# hands' "$OUT/dwell.frames.log")"
  arrived=$(applied_ms dwell 33)  # the last step of the turn
  stopping=$(state_ms dwell 6)
  check "dwell: the first answer is leave, by gaze" 'answers dwell | head -1 | grep -q "^# answer leave via gaze"'
  check "dwell: Timewall asked the runtime to end the session (1 below, 0 from hello_xr)" \
    '[ "$(exit_requests "$OUT/dwell.below.log")" = 1 ] && [ "$(exit_requests "$OUT/dwell.probe.log")" = 0 ]'
  answered=$(awk '$2 == "answer" {for (i = 3; i < NF; ++i) if ($i == "unix_ms") print $(i + 1); exit}' "$OUT/dwell.frames.log")
  # The gaze may reach the button's edge up to 300 ms (6 steps) before the turn ends.
  check "dwell: chosen 0.7-2.4 s after the head arrived ($((${answered:-0} - ${arrived:-0})) ms; dwell_s 1.0)" \
    '[ -n "$answered" ] && [ $((answered - arrived)) -ge 700 ] && [ $((answered - arrived)) -le 2400 ]'
  check "dwell: the session went STOPPING within 1 s of the answer ($((${stopping:-0} - ${answered:-0})) ms)" \
    '[ -n "$stopping" ] && [ "$stopping" -ge "$answered" ] && [ $((stopping - answered)) -le 1000 ]'
  check "dwell: no controller: Timewall's hidden select never down, no aim located" \
    'grep -qE "^# hands frames [0-9]+ aim_left 0 aim_right 0 select 0 " "$OUT/dwell.frames.log"'
  check "dwell: hello_xr exited 0" '[ "$(cat "$OUT/dwell.rc" 2>/dev/null)" = 0 ]'
  ;;
pinch)
  friction_policy 600 10 >"$OUT/policy.toml"
  { printf -- '-1 right hand_tracking_active 1\n-1 right curl 0 0 0 0 0\n0 head 0 0\n'
    printf '0 right pos %s %s %s\n0 right aim 90 0\n' $CTRL_STAGE
    awk -v y="$hy" -v p="$hp" 'BEGIN { for (k = 1; k <= 30; ++k) printf "%d head %.3f %.3f\n", 1000 + 50 * k, y * k / 30, p * k / 30 }'
    printf '3500 right curl 0 0 0 1 1\n4000 right curl 0 0 0 0 0\n8000 end\n'; } >"$OUT/pinch.script"
  remote_start pinch "$PORT" "$LAYERS" "$OUT/pinch.script"
  remote_go pinch
  remote_finish pinch
  F=$OUT/pinch.frames.log
  echo "pinch: $(answers pinch | tr '\n' ';') $(grep -E '^# (hand_tracking|hand_joints|pinch|hands|session)' "$F" | tr '\n' ';')"
  curled=$(applied_ms pinch 36)  # the curl
  answered=$(awk '$2 == "answer" {for (i = 3; i < NF; ++i) if ($i == "unix_ms") print $(i + 1); exit}' "$F")
  check "pinch: the layer enabled XR_EXT_hand_tracking (hello_xr did not) and made its hand trackers" \
    'grep -q "^# hand_tracking offered yes enabled 1 by_app 0" "$F" && grep -q "^# session .* hand_trackers 1" "$F"'
  check "pinch: the right hand's joints were tracked" \
    'grep -qE "^# hand_joints frames [0-9]+ tracked_left [0-9]+ tracked_right [1-9]" "$F"'
  check "pinch: the first answer is leave, by gaze, 0-1 s after the curl ($((${answered:-0} - ${curled:-0})) ms)" \
    'answers pinch | head -1 | grep -q "^# answer leave via gaze" && [ -n "$answered" ] && [ "$answered" -ge "$curled" ] && [ $((answered - curled)) -le 1000 ]'
  check "pinch: a pinch of the right hand, and Timewall's hidden select (trigger) never down" \
    'grep -q "^# pinch right" "$F" && grep -qE "^# hands frames [0-9]+ aim_left [0-9]+ aim_right [0-9]+ select 0 " "$F"'
  check "pinch: Timewall asked the runtime to end the session (1 below, 0 from hello_xr), hello_xr exited 0" \
    '[ "$(exit_requests "$OUT/pinch.below.log")" = 1 ] && [ "$(exit_requests "$OUT/pinch.probe.log")" = 0 ] && [ "$(cat "$OUT/pinch.rc" 2>/dev/null)" = 0 ]'
  ;;
block)
  LEDGER=$OUT/ledger.db
  sly=$(target leave aim_yaw_deg "$OUT/shield_targets.txt") slp=$(target leave aim_pitch_deg "$OUT/shield_targets.txt")
  sey=$(target extend aim_yaw_deg "$OUT/shield_targets.txt") sep=$(target extend aim_pitch_deg "$OUT/shield_targets.txt")
  [ -n "$sly" ] && [ -n "$sey" ] || die "no shield button angles in $OUT/shield_targets.txt"
  block_policy >"$OUT/policy.toml"
  cat >"$OUT/shield_leave.script" <<SCRIPT
0 head 0 0
0 right pos $CTRL_STAGE
0 right aim $sly $slp
1500 right trigger 1
1700 right trigger 0
6000 end
SCRIPT
  remote_start shield_leave "$PORT" "$LAYERS" "$OUT/shield_leave.script" "$LEDGER"
  remote_go shield_leave
  remote_finish shield_leave
  # The friction prompt that "extend" opens stands where a friction prompt
  # stands: its "continue anyway" is at the friction targets.
  cat >"$OUT/shield_extend.script" <<SCRIPT
0 head 0 0
0 right pos $CTRL_STAGE
0 right aim $sey $sep
1500 right trigger 1
1700 right trigger 0
2500 right aim $cy $cp
5500 right trigger 1
5700 right trigger 0
9000 end
SCRIPT
  remote_start shield_extend "$PORT" "$LAYERS" "$OUT/shield_extend.script" "$LEDGER"
  remote_go shield_extend
  remote_finish shield_extend

  echo "shield_leave: $(answers shield_leave | tr '\n' ';') shield_extend: $(answers shield_extend | tr '\n' ';')"
  L=$OUT/shield_leave.frames.log E=$OUT/shield_extend.frames.log
  press=$(applied_ms shield_leave 4) stopping=$(state_ms shield_leave 6)
  check "shield_leave: the first answer is leave, by aim, on the block shield" \
    'answers shield_leave | head -1 | grep -q "^# answer leave via aim card block_shield "'
  check "shield_leave: every frame went blocked ($(grep -c '^frame .* blocked 1 ' "$L") of $(grep -c '^frame ' "$L"))" \
    '[ "$(grep -c "^frame .* blocked 1 " "$L")" -ge 30 ] && [ "$(grep -c "^frame .* blocked 0 " "$L")" = 0 ]'
  check "shield_leave: Timewall asked the runtime to end the session (1 request below it, 0 from hello_xr)" \
    '[ "$(exit_requests "$OUT/shield_leave.below.log")" = 1 ] && [ "$(exit_requests "$OUT/shield_leave.probe.log")" = 0 ]'
  check "shield_leave: the session went STOPPING within 2 s of the pull ($((${stopping:-0} - ${press:-0})) ms), hello_xr exited 0" \
    '[ -n "$stopping" ] && [ -n "$press" ] && [ "$stopping" -ge "$press" ] && [ $((stopping - press)) -le 2000 ] && [ "$(cat "$OUT/shield_leave.rc" 2>/dev/null)" = 0 ]'
  ext_pull=$(applied_ms shield_extend 4) cont_pull=$(applied_ms shield_extend 7)
  granted=$(awk '$2 == "answer" && $3 == "continue_anyway" {for (i = 3; i < NF; ++i) if ($i == "frame") print $(i + 1); exit}' "$E")
  granted_ms=$(awk '$2 == "answer" && $3 == "continue_anyway" {for (i = 3; i < NF; ++i) if ($i == "unix_ms") print $(i + 1); exit}' "$E")
  first_open=$(awk '/^frame/ && / blocked 0 / {print $2; exit}' "$E")
  check "shield_extend: extend by aim on the shield, then continue_anyway by aim on the prompt" \
    'answers shield_extend | head -1 | grep -q "^# answer extend via aim card block_shield " && answers shield_extend | grep -q "^# answer continue_anyway via aim card friction_prompt "'
  check "shield_extend: continue chosen after the pause, on the second pull ($((${granted_ms:-0} - ${cont_pull:-0})) ms after it)" \
    '[ -n "$granted_ms" ] && [ -n "$cont_pull" ] && [ "$granted_ms" -ge "$cont_pull" ] && [ $((granted_ms - cont_pull)) -le 1000 ]'
  check "shield_extend: blocked until the grant (frame ${granted:-none}), the app's layers back from frame ${first_open:-none}" \
    '[ -n "$granted" ] && [ -n "$first_open" ] && [ "$first_open" -gt "$granted" ] && [ $((first_open - granted)) -le 90 ] && [ "$(awk -v g="$granted" '"'"'/^frame/ && $2 < g && / blocked 0 /'"'"' "$E" | wc -l)" = 0 ]'
  check "shield_extend: the app's layers went to the runtime in at least 60 frames after the grant" \
    '[ "$(awk -v g="${granted:-0}" '"'"'/^frame/ && $2 > g && / blocked 0 /'"'"' "$E" | wc -l)" -ge 60 ]'
  check "shield_extend: no exit request; hello_xr ran until its stdin closed, rc 0" \
    '[ "$(exit_requests "$OUT/shield_extend.below.log")" = 0 ] && [ "$(cat "$OUT/shield_extend.rc" 2>/dev/null)" = 0 ]'
  ledger_answers=$(sqlite3 "$LEDGER" "SELECT card || ':' || answer FROM answer ORDER BY id" 2>&1 | tr '\n' ' ')
  echo "ledger answers: $ledger_answers (extend pull at $ext_pull)"
  check "the ledger holds the three answers, in order" \
    '[ "$ledger_answers" = "block_shield:block_leave block_shield:block_extend friction_prompt:continue_anyway " ]'
  ;;
*) die "unknown case $CASE" ;;
esac
exit $fail
