#!/usr/bin/env bash
# e2e, issue 15 §4 "youth mode at device level": Khronos' unmodified hello_xr
# -g Vulkan2 on Monado's null compositor with XR_APILAYER_TIMEWALL_overlay.
# The wearer's own policy turns youth mode off; the guardian's device policy,
# written by `timewall guardian apply` into a folder bound at /etc/timewall in
# the root, has youth mode on with the night window around now (UTC), which
# blocks every app but `allow`. Three runs, ~8 s FOCUSED each:
#   device:  the layer logs that the device policy is in force, and the frames
#            go to the runtime without hello_xr's layers (blocked 1);
#   deleted: the wearer's ledger deleted first: still blocked;
#   control: no /etc/timewall and a fresh ledger: the wearer's policy,
#            nothing blocked.
# Artefacts stay in OUT.
#   hello_xr_device_policy.sh SOURCE_DIR BUILD_DIR OUT_DIR TIMEWALL
set -uo pipefail
SRC=$1 BUILD=$2 OUT=$3 TW=$4
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
mkdir -p "$OUT" && rm -rf "$OUT"/*
printf 'schema = 1\n[youth]\nenabled = false\n' >"$OUT/wearer.toml"
chmod 600 "$OUT/wearer.toml"
: >"$OUT/no-app-map.conf"
# The night window: from 30 minutes ago to 30 minutes from now, in UTC.
cat >"$OUT/youth.toml" <<YOUTH
schema = 1
[youth]
enabled = true
daily_cap_min = 600
night_from = "$(date -u -d '-30 min' +%H:%M)"
night_to = "$(date -u -d '+30 min' +%H:%M)"
YOUTH
"$TW" guardian set-pin --dir "$OUT/etc-timewall" <<<$'482916\n482916' >/dev/null || die "guardian set-pin failed"
"$TW" guardian apply "$OUT/youth.toml" --dir "$OUT/etc-timewall" <<<'482916' >/dev/null || die "guardian apply failed"
FOCUSED_S=8

# run NAME [in-monado-root options]: hello_xr FOCUSED for FOCUSED_S, then a key press.
run() {
  local name=$1 inner="$OUT/$1.inner.sh"
  shift
  cat >"$inner" <<INNER
export XR_API_LAYER_PATH=$BUILD/lib
export XR_ENABLE_API_LAYERS=XR_APILAYER_TIMEWALL_overlay
export TIMEWALL_LAYER_FRAME_LOG=$OUT/$name.frames.log
export TIMEWALL_POLICY=$OUT/wearer.toml
export TIMEWALL_LEDGER=$OUT/ledger.db
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
run device --bind-at "$OUT/etc-timewall" /etc/timewall
[ -e "$OUT/ledger.db" ] || die "the first run recorded no ledger"
rm -f "$OUT"/ledger.db*
run deleted --bind-at "$OUT/etc-timewall" /etc/timewall
# A ledger that saw the device policy keeps its [youth] (test_device_policy.cpp): a fresh one.
rm -f "$OUT"/ledger.db*
run control

fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
frames() { local n; n=$(grep -c "^frame .* blocked $2 " "$OUT/$1.frames.log" 2>/dev/null); echo "${n:-0}"; }
for r in device deleted control; do echo "$r: $(frames $r 1) frames blocked, $(frames $r 0) not"; done
check "all three runs exited cleanly (rc 0)" \
  '[ "$(cat $OUT/device.rc)" = 0 ] && [ "$(cat $OUT/deleted.rc)" = 0 ] && [ "$(cat $OUT/control.rc)" = 0 ]'
check "the layer put the device policy in force, not the wearer's" \
  'grep -q "device policy /etc/timewall/policy.toml is in force" "$OUT/device.hello_xr.log"'
check "device: hello_xr blocked (>= 50 frames without its layers, at most 5 with)" \
  '[ "$(frames device 1)" -ge 50 ] && [ "$(frames device 0)" -le 5 ]'
check "the wearer's ledger deleted: still blocked" '[ "$(frames deleted 1)" -ge 50 ] && [ "$(frames deleted 0)" -le 5 ]'
check "control without the device policy: nothing blocked" '[ "$(frames control 0)" -ge 50 ] && [ "$(frames control 1)" -eq 0 ]'
exit $fail
