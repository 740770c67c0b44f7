#!/usr/bin/env bash
# The simulator shows a notification card that `timewall serve` delivered:
# serve (manual clock) on the private bus dbus-run-session gave us gets a
# notification with three actions; the simulator, scripted under Xvfb with
# --serve-inbox, reads serve's inbox and its 07:36 frame shows the card
# (as a nudge panel where the solver put it, checked like every frame),
# beside its own budget ring.
# usage: simulator_inbox.sh TIMEWALL SIMULATOR FRAME_CHECK SOURCE_DIR WORK_DIR
set -euo pipefail
tw=$1 sim=$2 check=$3 src=$4 work=$5
[[ "${DBUS_SESSION_BUS_ADDRESS:-}" == *"/tmp/dbus-"* || "${DBUS_SESSION_BUS_ADDRESS:-}" == unix:abstract=* ]] ||
  { echo "refusing to run outside dbus-run-session"; exit 1; }
rm -rf "$work" && mkdir -p "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

display=""
for n in $(seq 80 199); do
  if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then display=$n; break; fi
done
[ -n "$display" ] || { echo "no free X display number"; exit 1; }
Xvfb ":$display" -screen 0 1600x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.05; done
export DISPLAY=":$display"

cat >"$work/policy.toml" <<'TOML'
schema = 1
[[notifications.rule]]
app = "family"
route = "deliver"
TOML
"$tw" serve --ledger "$work/serve.db" --policy "$work/policy.toml" --clock manual:2026-03-02T06:30:00Z >"$work/serve.log" 2>&1 &
pids+=($!)
call() { gdbus call --session --dest org.freedesktop.Notifications --object-path /org/freedesktop/Notifications --method "$@"; }
for _ in $(seq 100); do call org.freedesktop.Notifications.GetServerInformation >/dev/null 2>&1 && break; sleep 0.05; done
call org.freedesktop.Notifications.Notify family 0 "" "Ana: lunch at 1?" "The place on the corner" \
  "['yes', 'Reply', 'no', 'Not today', 'call', 'Call']" "{}" "int32 -1" >/dev/null
call org.timewall.Clock1.Advance 0 >/dev/null  # delivered; serve's clock stands still, so it stays
call org.timewall.Inbox1.Cards | grep -q "lunch at 1" || { echo "serve shows no card"; cat "$work/serve.log"; exit 1; }

"$sim" --cpu --validation --policy "$src/tests/data/desktop/policy.toml" --serve-inbox \
  --script "$src/tests/data/desktop/short_day.jsonl" --screenshot "$work/shots" --at 07:36
"$check" view "$work/shots/view_0736.png" "$work/shots/world_0736.png" "$work/shots/frame_0736.json"
grep -q '"nudge","visibility":"shown"' "$work/shots/frame_0736.json" ||
  { echo "no notification card in the frame: $(cat "$work/shots/frame_0736.json")"; exit 1; }
grep -q '"budget_ring","visibility":"shown"' "$work/shots/frame_0736.json"
# Control: the same run without --serve-inbox shows no card.
"$sim" --cpu --policy "$src/tests/data/desktop/policy.toml" \
  --script "$src/tests/data/desktop/short_day.jsonl" --screenshot "$work/control" --at 07:36
if grep -q '"nudge"' "$work/control/frame_0736.json"; then echo "a card without --serve-inbox"; exit 1; fi
echo PASS
