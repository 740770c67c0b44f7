#!/usr/bin/env bash
# The desktop simulator, scripted and unattended under Xvfb on lavapipe:
# plays tests/data/desktop/short_day.jsonl, saves frames, and checks that the
# window rendered and that the panels are where the solver placed them.
# Negative controls make sure the checks can fail: the same check run on a
# frame without panels, and on a run with Timewall switched off, must fail.
# usage: simulator_test.sh SIMULATOR FRAME_CHECK SOURCE_DIR WORK_DIR
set -euo pipefail
sim=$1 check=$2 src=$3 work=$4
rm -rf "$work" && mkdir -p "$work"

# A free display number: no lock file and no socket.
display=""
for n in $(seq 80 199); do
  if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then display=$n; break; fi
done
[ -n "$display" ] || { echo "no free X display number"; exit 1; }
Xvfb ":$display" -screen 0 1600x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.05; done
export DISPLAY=":$display"

run() {  # run OUT_DIR [extra options]
  local out=$1; shift
  "$sim" --cpu --validation --policy "$src/tests/data/desktop/policy.toml" \
    --script "$src/tests/data/desktop/short_day.jsonl" --screenshot "$out" --at 07:36,07:42 "$@"
}

echo "== scripted run, see-through (additive)"
run "$work/additive" --display additive
echo "== scripted run, passthrough, narrow glasses"
run "$work/passthrough" --display passthrough --fov narrow
for dir in additive passthrough; do
  for t in 0736 0742; do
    echo "-- $dir $t"
    "$check" window "$work/$dir/window_$t.png"
    "$check" view "$work/$dir/view_$t.png" "$work/$dir/world_$t.png" "$work/$dir/frame_$t.json"
  done
done
# Both moments show something: the ring at 07:36, the fill card at 07:42.
grep -q '"budget_ring","visibility":"shown"' "$work/additive/frame_0736.json"
grep -q '"fill_card","visibility":"shown"' "$work/additive/frame_0742.json"

echo "== negative controls (each must fail)"
if "$check" view "$work/additive/world_0742.png" "$work/additive/world_0742.png" "$work/additive/frame_0742.json"; then
  echo "the check passed a frame without panels"; exit 1
fi
run "$work/off" --no-timewall
if "$check" view "$work/off/view_0742.png" "$work/off/world_0742.png" "$work/off/frame_0742.json"; then
  echo "the check passed a run with Timewall off"; exit 1
fi
# A panel drawn somewhere else than its quad: shift the recorded corners.
python3 - "$work/additive/frame_0742.json" "$work/moved.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
for p in j["panels"]:
    if "corners_px" in p:
        p["corners_px"] = [[x + 300, y - 150] for x, y in p["corners_px"]]
json.dump(j, open(sys.argv[2], "w"))
PY
if "$check" view "$work/additive/view_0742.png" "$work/additive/world_0742.png" "$work/moved.json"; then
  echo "the check passed panels away from their solved quads"; exit 1
fi
echo "PASS"
