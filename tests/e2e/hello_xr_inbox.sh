#!/usr/bin/env bash
# e2e, issues 16 and 13: `timewall serve`'s notification cards in an
# unmodified hello_xr -g Vulkan2 through the API layer, answered in the
# headset. Monado's `remote` driver (null compositor), the probe layer above
# Timewall's; a private D-Bus daemon whose socket lies in OUT (bound into the
# root, so the layer's InboxClient inside reaches serve outside); serve's
# engine on a manual clock (org.timewall.Clock1), so each card shows when the
# test says. hello_xr's budget is far from its limit: only serve's cards are up. Where the
# card's buttons are comes from tw_card_target nudge (the layer's solver, the
# runtime's FOVs). One run:
#   - "Dinner?" (actions yes/no/call: a row of four buttons) is sent and
#     delivered: the layer shows it (a second Timewall layer goes to the
#     runtime); the controller aims at the third action, "Call", and pulls:
#     the frame log says `# notification ID action2`, the sender gets
#     ActionInvoked (ID, 'call'), and the card goes;
#   - "Call me" (the same actions) is sent once the first is gone: the pull on
#     "Dismiss" closes it with reason 2 (NotificationClosed (ID, 2));
#   - a nudge takes no input from the app: hello_xr's action states read
#     active while both cards are up; hello_xr exits 0.
#   hello_xr_inbox.sh SOURCE_DIR BUILD_DIR TIMEWALL OUT_DIR PORT
set -uo pipefail
SRC=$1 BUILD=$2 TW=$3 OUT=$4 PORT=$5
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
for tool in dbus-daemon gdbus sqlite3; do
  command -v "$tool" >/dev/null || die "$tool is not installed: run scripts/install-deps.sh"
done
mkdir -p "$OUT" && rm -rf "${OUT:?}"/*
LAYERS=XR_APILAYER_TIMEWALL_e2e_probe:XR_APILAYER_TIMEWALL_overlay
CTRL_STAGE="0.15 1.35 -0.3" CTRL_LOCAL="0.15 -0.25 -0.3"  # LOCAL = the stage raised 1.6 m

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT

# The private bus: a socket file in OUT, never the machine's own bus.
export DBUS_SESSION_BUS_ADDRESS="unix:path=$OUT/bus"
dbus-daemon --session --nofork --address="$DBUS_SESSION_BUS_ADDRESS" >"$OUT/dbus.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -S "$OUT/bus" ] && break; sleep 0.05; done
[ -S "$OUT/bus" ] || die "dbus-daemon did not start: $(cat "$OUT/dbus.log")"
REMOTE_ENV="export DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS"

printf 'schema = 1\n[apps]\n"family" = "messaging"\n[[notifications.rule]]\napp = "family"\nroute = "deliver"\n' \
  >"$OUT/serve-policy.toml"
# hello_xr's own policy: a budget far from its limit, so the ring shows (the
# layout tw_card_target solves: the ring and one card).
printf 'schema = 1\n[[budget]]\nid = "hello-daily"\napp = "openxr.helloxr"\nlimit_min = 600\nat_limit = "notify"\n' \
  >"$OUT/policy.toml"
chmod 600 "$OUT/policy.toml" "$OUT/serve-policy.toml"
"$TW" serve --ledger "$OUT/serve.db" --policy "$OUT/serve-policy.toml" --clock manual:2026-11-23T12:00:00Z \
  >"$OUT/serve.log" 2>&1 &
pids+=($!)
call() {  # call INTERFACE.METHOD ARGS...
  gdbus call --session --dest org.freedesktop.Notifications --object-path /org/freedesktop/Notifications --method "$@"
}
for _ in $(seq 100); do call org.freedesktop.Notifications.GetServerInformation >/dev/null 2>&1 && break; sleep 0.05; done
call org.freedesktop.Notifications.GetServerInformation >/dev/null 2>&1 || die "serve did not take the name: $(cat "$OUT/serve.log")"
gdbus monitor --session --dest org.freedesktop.Notifications >"$OUT/monitor.log" 2>&1 &
pids+=($!)
# notify SUMMARY: a notification from "family" with three actions, delivered
# at once (the engine's clock moves 0 s); prints its id.
notify() {
  local id
  id=$(call org.freedesktop.Notifications.Notify family 0 "" "$1" "" "['yes', 'Yes', 'no', 'No', 'call', 'Call']" "{}" "int32 -1" |
    sed -E 's/^\(uint32 ([0-9]+),\)$/\1/')
  call org.timewall.Clock1.Advance 0 >/dev/null
  echo "$id"
}
# card_frames NAME: frames that went with two Timewall layers (ring + card).
card_frames() { grep -c '^frame .* timewall_layers 2 ' "$OUT/$1.frames.log" 2>/dev/null; }
wait_for() {  # wait_for TEST SECONDS
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do eval "$1" && return 0; sleep 0.1; done
  return 1
}

# The views Timewall's frame log records, from a first short run.
printf '0 head 0 0\n500 end\n' >"$OUT/fov.script"
remote_start fov "$PORT" "$LAYERS" "$OUT/fov.script"
remote_go fov
remote_finish fov >/dev/null
"$BUILD/bin/tw_card_target" nudge "$OUT/fov.frames.log" $CTRL_LOCAL >"$OUT/targets.txt" ||
  die "tw_card_target could not place the card (see $OUT/fov.frames.log)"
cat "$OUT/targets.txt"
target() { awk -v b="$1" -v f="$2" '$1 == "button" && $2 == b { for (i = 3; i < NF; i += 2) if ($i == f) print $(i + 1) }' "$OUT/targets.txt"; }
yy=$(target action2 aim_yaw_deg) yp=$(target action2 aim_pitch_deg)
dy=$(target dismiss aim_yaw_deg) dp=$(target dismiss aim_pitch_deg)
[ -n "$yy" ] && [ -n "$dy" ] || die "no button angles in $OUT/targets.txt"

# The aim rests off the card until the test has seen it; steps 4 and 7 are the pulls.
cat >"$OUT/inbox.script" <<SCRIPT
0 head 0 0
0 right pos $CTRL_STAGE
0 right aim $yy $yp
2000 right trigger 1
2200 right trigger 0
3000 right aim $dy $dp
6000 right trigger 1
6200 right trigger 0
9000 end
SCRIPT
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
remote_start inbox "$PORT" "$LAYERS" "$OUT/inbox.script"
# The first card is up before the script starts.
wait_for 'grep -q "XR_SESSION_STATE_FOCUSED" "$OUT/inbox.hello_xr.log" 2>/dev/null' 45
id1=$(notify "Dinner?")
wait_for '[ "$(card_frames inbox)" -ge 10 ]' 10
shown1=$(card_frames inbox)
remote_go inbox
# The second card once the first is gone (the action closes it).
wait_for 'grep -q "ActionInvoked" "$OUT/monitor.log"' 8
id2=$(notify "Call me")
remote_finish inbox

echo "ids $id1 $id2; frame log: $(grep -E '^# (notification|hover)' "$OUT/inbox.frames.log" | tr '\n' ';')"
pull1=$(applied_ms inbox 4) pull2=$(applied_ms inbox 7)
check "the layer showed serve's first card (${shown1:-0} frames with ring + card before the script)" '[ "${shown1:-0}" -ge 10 ]'
check "the pull on 'Call' chose action2 of card $id1" 'grep -q "^# notification $id1 action2 " "$OUT/inbox.frames.log"'
check "the sender got ActionInvoked ($id1, 'call')" 'grep -q "ActionInvoked (uint32 $id1, '"'"'call'"'"')" "$OUT/monitor.log"'
check "the pull on 'Dismiss' put card $id2 away" 'grep -q "^# notification $id2 dismiss " "$OUT/inbox.frames.log"'
check "card $id2 closed as dismissed (reason 2)" 'grep -q "NotificationClosed (uint32 $id2, uint32 2)" "$OUT/monitor.log"'
check "no other answer went to serve" '[ "$(grep -c "^# notification " "$OUT/inbox.frames.log")" = 2 ]'
# A nudge is not a prompt: the app keeps its input while the cards are up.
active=$(probe_between inbox float "$(applied_ms inbox 1)" "${pull2:-0}" | awk '$9 == 1' | wc -l)
check "hello_xr's input stayed active under the cards ($active active float reads before the second pull)" '[ "$active" -ge 20 ]'
check "serve's ledger has both notifications" \
  '[ "$(sqlite3 "$OUT/serve.db" "SELECT COUNT(*) FROM notification" 2>&1)" = 2 ]'
check "hello_xr exited 0" '[ "$(cat "$OUT/inbox.rc" 2>/dev/null)" = 0 ]'
echo "pulls at $pull1 and $pull2 ms"
exit $fail
