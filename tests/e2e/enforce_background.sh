#!/usr/bin/env bash
# e2e, issue 15 §3: a blocked app in the background loses its input but no
# shield covers the app in front; brought to the front, it is covered.
# Monado's null compositor; hello_xr (the probe layer logs its session
# states) and samples/openxr_app ("timewall_sample", its own Timewall with a
# policy that blocks nothing), with `timewall enforce` beside them:
#   1. hello_xr starts, then openxr_app, which takes primary (hello_xr
#      SYNCHRONIZED);
#   2. the wearer's policy puts hello_xr in a 0-minute games budget: the
#      enforcer cuts hello_xr's input (monado-ctl lists it io 0) and raises
#      no shield: openxr_app stays displayed and focused;
#   3. `monado-ctl -p` brings hello_xr to the front: the enforcer raises the
#      shield, which takes primary: hello_xr goes back to SYNCHRONIZED, its
#      input still off.
#   enforce_background.sh SOURCE_DIR BUILD_DIR OUT_DIR TIMEWALL SHIELD OPENXR_APP
set -uo pipefail
SRC=$1 BUILD=$2 OUT=$3 TW=$4 SHIELD=$5 SAMPLE=$6
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
mkdir -p "$OUT" && rm -rf "${OUT:?}"/*

# policy MINUTES: hello_xr counts as games, with a MINUTES daily budget that blocks.
policy() {
  printf 'schema = 1\n[apps]\n"openxr.HelloXR" = "games"\n[[budget]]\nid = "games-daily"\ncategory = "games"\n'
  printf 'period = "daily"\nlimit_min = %s\nat_limit = "block"\n' "$1"
}
policy 600 >"$OUT/wearer.toml"
chmod 600 "$OUT/wearer.toml"
printf 'schema = 1\n' >"$OUT/sample.toml"
chmod 600 "$OUT/sample.toml"

inner="$OUT/inner.sh"
cat >"$inner" <<INNER
$(host_app_preload)
(while [ ! -e $OUT/done ]; do sleep 0.2; done; echo) |
  XR_API_LAYER_PATH=$BUILD/lib/e2e XR_ENABLE_API_LAYERS=XR_APILAYER_TIMEWALL_e2e_probe TW_PROBE_LOG=$OUT/probe.log \\
  timeout 120 env \$preload stdbuf -oL -eL hello_xr -g Vulkan2 >$OUT/hello_xr.log 2>&1 &
"$TW" enforce --shield "$SHIELD" --shield-log $OUT/shield.log --policy $OUT/wearer.toml --poll-ms 100 \\
  >$OUT/enforce.log 2>$OUT/enforce.err &
enforcer=\$!
while [ ! -e $OUT/done ]; do
  if [ -e $OUT/start-sample ]; then
    rm -f $OUT/start-sample
    "$SAMPLE" --policy $OUT/sample.toml >$OUT/sample.log 2>&1 &
  fi
  for req in $OUT/*.ctl-req; do
    [ -e "\$req" ] || continue
    monado-ctl \$(cat "\$req") >"\${req%.ctl-req}.ctl.txt" 2>&1
    rm -f "\$req"
  done
  sleep 0.1
done
kill -TERM \$enforcer
wait \$enforcer
echo \$? >$OUT/enforce.rc
INNER
bash "$SRC/scripts/in-monado-root.sh" --keep-service --bind "$BUILD" --bind "$OUT" --log "$OUT/monado.log" \
  -- bash "$inner" &
RUNNER=$!

wait_for() {
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do eval "$1" && return 0; kill -0 $RUNNER 2>/dev/null || return 1; sleep 0.1; done
  return 1
}
state_after() { awk -v s="$1" -v t="$2" '$1 == "state" && $5 == s && $3 >= t {print $3; exit}' "$OUT/probe.log" 2>/dev/null; }
event_ms() { awk -v k="$1" '$1 == k && $7 == "openxr.helloxr" {print $3; exit}' "$OUT/enforce.log" 2>/dev/null; }
now_ms() { date +%s%3N; }
# ctl NAME [ARGS]: monado-ctl ARGS in the root, its output in $OUT/NAME.ctl.txt.
ctl() { echo "${*:2}" >"$OUT/$1.ctl-req"; wait_for "[ -e $OUT/$1.ctl.txt ] && [ ! -e $OUT/$1.ctl-req ]" 10; }
client() { grep -P "^\tid: \d+\tact: 1\tdisp: $2\tfoc: $3\tio: $4\tovly: 0\tz: \d+\tpid: \d+\t$5$" "$OUT/$1.ctl.txt"; }

wait_for '[ -n "$(state_after 5 0)" ]' 60 || echo "hello_xr never reached FOCUSED"
t_sample=$(now_ms)
touch "$OUT/start-sample"
wait_for '[ -n "$(state_after 3 "$t_sample")" ]' 60 || echo "hello_xr did not give way to openxr_app"
sleep 2
ctl start
policy 0 >"$OUT/wearer.toml.new" && chmod 600 "$OUT/wearer.toml.new" && mv "$OUT/wearer.toml.new" "$OUT/wearer.toml"
wait_for '[ -n "$(event_ms input_off)" ]' 20 || echo "no input_off for hello_xr"
sleep 2
ctl background
hello_id=$(grep -P "\tHelloXR$" "$OUT/background.ctl.txt" | grep -oP "id: \K\d+" | head -1)
t_front=$(now_ms)
ctl front -p "${hello_id:-0}"
wait_for '[ -n "$(event_ms shield_up)" ] && [ -n "$(state_after 3 "$t_front")" ]' 30 || echo "hello_xr was not covered"
sleep 2
ctl covered
touch "$OUT/done"
wait $RUNNER
echo "in-monado-root exit status $?"

fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
echo "enforce.log:"; sed 's/^/  /' "$OUT/enforce.log"
echo "probe states: $(awk '$1 == "state" {printf "%s@%s ", $5, $3}' "$OUT/probe.log")"
check "the enforcer exited cleanly (rc 0)" '[ "$(cat $OUT/enforce.rc)" = 0 ]'
check "before the block: openxr_app in front, hello_xr behind with input" \
  'client start 1 1 1 timewall_sample && client start 0 0 1 HelloXR'
check "blocked in the background: hello_xr's input off, openxr_app still in front, no shield" \
  'client background 0 0 0 HelloXR && client background 1 1 1 timewall_sample && ! grep -q timewall-shield $OUT/background.ctl.txt'
check "no shield was raised while hello_xr stayed behind" \
  '[ -z "$(event_ms shield_up)" ] || [ "$(event_ms shield_up)" -ge "$t_front" ]'
check "monado-ctl -p $hello_id (hello_xr to the front) succeeded" '[ ! -s $OUT/front.ctl.txt ]'
check "brought to the front, hello_xr was covered: the shield went up after it" \
  '[ -n "$(event_ms shield_up)" ] && [ "$(event_ms shield_up)" -ge "$t_front" ]'
check "hello_xr SYNCHRONIZED again, its input still off; the shield displayed and focused" \
  '[ -n "$(state_after 3 "$t_front")" ] && client covered 0 0 0 HelloXR && client covered 1 1 1 timewall-shield'
exit $fail
