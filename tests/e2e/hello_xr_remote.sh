#!/usr/bin/env bash
# e2e: Monado's `remote` driver, scripted from the host, reaches hello_xr and
# Timewall's hidden actions (issue 13's answering tests stand on this).
# Khronos' unmodified hello_xr -g Vulkan2 on the null compositor, with the
# probe layer first (what hello_xr reads back) and Timewall under it, no card
# (an empty policy). tw_remote_driver plays, once hello_xr is FOCUSED:
#   head yaw 30 deg, then pitch -20 deg, then straight; the right trigger held
#   1 s; the right grip (squeeze) held 1 s.
# Asserts, matching the driver's wall clock with the probe's:
#   - the views hello_xr located followed the head within 150 ms, to 0.5 deg;
#   - Timewall's hidden select read down in as many frames as the trigger was
#     held (within 5 frames), and in none other;
#   - hello_xr's own grab read 1.0 while the grip was held and never else,
#     and its haptics (it vibrates at grab > 0.9) went through (result 0);
#   - hello_xr exited 0.
#   hello_xr_remote.sh SOURCE_DIR BUILD_DIR OUT_DIR PORT
set -uo pipefail
SRC=$1 BUILD=$2 OUT=$3 PORT=$4
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
mkdir -p "$OUT" && rm -f "$OUT"/*
printf 'schema = 1\n' >"$OUT/policy.toml"
chmod 600 "$OUT/policy.toml"
cat >"$OUT/script.txt" <<'SCRIPT'
0 head 0 0
1500 head 30 0
3000 head 0 -20
4500 head 0 0
4500 right trigger 1
5500 right trigger 0
6500 right squeeze 1
7500 right squeeze 0
8500 end
SCRIPT
remote_start run "$PORT" XR_APILAYER_TIMEWALL_e2e_probe:XR_APILAYER_TIMEWALL_overlay "$OUT/script.txt"
remote_go run
remote_finish run

fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
t=()
for n in 1 2 3 4 5 6 7 8; do t[$n]=$(applied_ms run $n); done
[ -n "${t[8]}" ] || die "the driver did not apply all 8 steps (see $OUT/run.driver.log)"
# views_off NAME FROM TO YAW PITCH: located views in the window that are off by > 0.5 deg; "N of M".
views_off() {
  probe_between run views "$1" "$2" | awk -v y="$3" -v p="$4" \
    '{ n++ } ($5 - y) > 0.5 || (y - $5) > 0.5 || ($7 - p) > 0.5 || (p - $7) > 0.5 { off++ } END { printf "%d of %d", off, n }'
}
for w in "${t[1]} ${t[2]} 0 0" "$((t[2] + 150)) ${t[3]} 30 0" "$((t[3] + 150)) ${t[4]} 0 -20" "$((t[4] + 150)) $((t[8] + 500)) 0 0"; do
  set -- $w
  r=$(views_off "$@")
  check "head yaw $3 pitch $4: views off by > 0.5 deg: $r (>= 10 frames)" '[ "${r%% of*}" = 0 ] && [ "${r##*of }" -ge 10 ]'
done
select=$(sed -n 's/^# hands frames [0-9]* aim_left [0-9]* aim_right \([0-9]*\) select \([0-9]*\) .*/\2/p' "$OUT/run.frames.log")
held=$(probe_between run views "${t[5]}" "${t[6]}" | wc -l)
echo "$(grep '^# hands' "$OUT/run.frames.log"); hello_xr frames while the trigger was held: $held"
check "Timewall's hidden select was down in the frames the trigger was held ($select vs $held, within 5)" \
  '[ -n "$select" ] && [ "$held" -ge 10 ] && [ $((select - held)) -le 5 ] && [ $((held - select)) -le 5 ]'
grab_on=$(probe_between run float "$((t[7] + 150))" "${t[8]}" | awk '$9 == 1 && $13 == "1.0000"' | wc -l)
grab_off=$(awk -v a="${t[7]}" -v b="$((t[8] + 150))" '$1 == "float" && ($3 < a || $3 >= b) && $13 != "0.0000"' "$OUT/run.probe.log" | wc -l)
haptics=$(probe_between run haptic "${t[7]}" "$((t[8] + 150))" | awk '$7 == 0' | wc -l)
check "hello_xr's grab read 1.0 while the grip was held ($grab_on reads) and never else ($grab_off)" \
  '[ "$grab_on" -ge 10 ] && [ "$grab_off" = 0 ]'
check "hello_xr's haptics passed through while it read the grip ($haptics, result 0)" \
  '[ "$haptics" -ge 5 ] && [ "$(grep -c "^haptic" "$OUT/run.probe.log")" = "$haptics" ]'
check "hello_xr exited cleanly (rc 0)" '[ "$(cat "$OUT/run.rc" 2>/dev/null)" = 0 ]'
exit $fail
