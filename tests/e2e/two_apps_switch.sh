#!/usr/bin/env bash
# e2e, issue 15 "two apps, one budget", with the service and without it:
# Khronos' unmodified hello_xr with Timewall's API layer (A) and
# samples/openxr_app, which builds Timewall in (B), run at the same time on
# one Monado (null compositor), switched between with `monado-ctl -p` rather
# than by quitting. MODE:
#   apps     no service: each app's own engine counts it, and reads the
#            other's time back from the ledger at its commits (every 4 s);
#   service  timewalld (`timewall serve --shield`, the real monado-ctl) on a
#            private D-Bus counts whichever app is primary; both apps learn
#            it (Device1.AppDecision) and defer: their engines count nothing,
#            and they draw the service's ring and shield. The block is the
#            runtime's: input cut, the shield session takes primary.
# One policy (both apps are games; a 1-minute daily games budget, at_limit =
# "block"; away only after 600 s) and ONE ledger:
#   1. A plays PLAY_S (25 s) FOCUSED;
#   2. B starts and takes primary (A drops out of FOCUSED); B plays PLAY_S;
#   3. `monado-ctl -p A`: A is FOCUSED again, B keeps running behind it;
#   4. once A is blocked, `monado-ctl -p B`: B is in front again.
# Alone, A would reach the block 35 s after its return. On the sum
# (~2 x PLAY_S = 50 s) A must be blocked about 10 s after its return, and B,
# brought back after that, must be blocked at once: both apps already spent
# the whole minute between them.
# Asserts:
#   - A's frame log: no blocked frame before its return; a blocked frame
#     (the app's layers held back) within 22 s of it;
#   - monado-ctl: B focused while A was behind, A focused (B not) after -p;
#   - B, brought back: apps mode, its frame log shows the block shield;
#     service mode, the runtime covers it (monado-ctl: B's input off, the
#     shield session displayed and focused);
#   - service mode: both apps' frame logs say the service accounts for them;
#   - the ledger: B's time is its time in front by the script's clock
#     (within 4 s), so not its BEHIND_S (8 s) and more behind A; both apps'
#     time together is at least 2 x PLAY_S - 2 s and at most the minute plus
#     what they ran on blocked and one commit period;
#   - hello_xr exits 0; openxr_app ends cleanly on SIGTERM (exit 0).
# The whole test is bounded (about 100 s; CTest TIMEOUT 300).
# Artefacts (frame logs, app and Monado logs, monado-ctl lists, the ledger)
# stay in OUT.
#   two_apps_switch.sh SOURCE_DIR BUILD_DIR OUT_DIR LEDGER_PROBE apps
#   two_apps_switch.sh SOURCE_DIR BUILD_DIR OUT_DIR LEDGER_PROBE service TIMEWALL SHIELD
set -uo pipefail
SRC=$1 BUILD=$2 OUT=$3 LEDGER_PROBE=$4 MODE=$5 TW=${6:-} SHIELD=${7:-}
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
SAMPLE=$BUILD/bin/timewall_openxr_app
[ -x "$SAMPLE" ] || die "$SAMPLE is not built"
case "$MODE" in apps | service) ;; *) die "MODE is apps or service, not '$MODE'" ;; esac
mkdir -p "$OUT" && rm -rf "${OUT:?}"/*
bus_env=
if [ "$MODE" = service ]; then
  start_private_bus
  bus_env="export DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS"
else
  unset DBUS_SESSION_BUS_ADDRESS  # no service: the apps must not find one
fi
PLAY_S=25 BEHIND_S=8

printf 'schema = 1\n[attention]\nafk_after_s = 600\n[apps]\n"openxr.HelloXR" = "games"\n"openxr.timewall_sample" = "games"\n' \
  >"$OUT/policy.toml"
printf '[[budget]]\nid = "games-daily"\ncategory = "games"\nperiod = "daily"\nlimit_min = 1\nat_limit = "block"\n' \
  >>"$OUT/policy.toml"
chmod 600 "$OUT/policy.toml"
: >"$OUT/no-app-map.conf"

# The inner script (in the root) starts A; B once $OUT/start-B exists; runs
# monado-ctl for each $OUT/NAME.ctl-req; at $OUT/done it sends B SIGTERM and
# presses A's key.
inner="$OUT/inner.sh"
cat >"$inner" <<INNER
export TIMEWALL_LAYER_APP_MAP=$OUT/no-app-map.conf
$bus_env
if [ "$MODE" = service ]; then
  "$TW" serve --ledger $OUT/ledger.db --policy $OUT/policy.toml --shield "$SHIELD" --shield-log $OUT/shield.log \
    --poll-ms 100 >$OUT/serve.log 2>$OUT/serve.err &
  serve=\$!
fi
(
export XR_API_LAYER_PATH=$BUILD/lib XR_ENABLE_API_LAYERS=XR_APILAYER_TIMEWALL_overlay
export TIMEWALL_POLICY=$OUT/policy.toml TIMEWALL_LEDGER=$OUT/ledger.db TIMEWALL_LAYER_FRAME_LOG=$OUT/A.frames.log
$(hello_xr_inner A 150)
) &
$(host_app_preload)
sample=
while [ ! -e $OUT/done ]; do
  if [ -e $OUT/start-B ] && [ -z "\$sample" ]; then
    timeout 150 env \$preload "$SAMPLE" --policy $OUT/policy.toml --ledger $OUT/ledger.db \\
      --frame-log $OUT/B.frames.log >$OUT/B.app.log 2>&1 &
    sample=\$!
  fi
  for req in $OUT/*.ctl-req; do
    [ -e "\$req" ] || continue
    monado-ctl \$(cat "\$req") >"\${req%.ctl-req}.ctl.txt" 2>&1
    rm -f "\$req"
  done
  sleep 0.1
done
[ -n "\$sample" ] && kill -TERM \$sample
wait \$sample
echo \$? >$OUT/B.rc
touch $OUT/A.shot-done
[ -n "\${serve:-}" ] && kill -TERM \$serve
wait
INNER

wait_for() {
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do eval "$1" && return 0; kill -0 $RUNNER 2>/dev/null || return 1; sleep 0.2; done
  return 1
}
focused_count() { local n; n=$(grep -c -- "->XR_SESSION_STATE_FOCUSED " "$OUT/$1.hello_xr.log" 2>/dev/null); echo "${n:-0}"; }
now_ms() { date +%s%3N; }
# ctl NAME [ARGS]: monado-ctl ARGS in the root, its output in $OUT/NAME.ctl.txt.
ctl() { rm -f "$OUT/$1.ctl.txt"; echo "${*:2}" >"$OUT/$1.ctl-req"; wait_for "[ -e $OUT/$1.ctl.txt ] && [ ! -e $OUT/$1.ctl-req ]" 10; }
# client LIST DISP FOC NAME: the list shows the client NAME so.
client() { grep -qP "^\tid: \d+\tact: 1\tdisp: $2\tfoc: $3\tio: \d\tovly: 0\tz: -?\d+\tpid: \d+\t$4$" "$OUT/$1.ctl.txt"; }
client_id() { grep -P "\t$2$" "$OUT/$1.ctl.txt" | grep -oP "id: \K\d+" | head -1; }
blocked_after() { awk -v f="$1" '/^frame/ && $2 > f && / blocked 1 /' "$OUT/A.frames.log" | wc -l; }

bash "$SRC/scripts/in-monado-root.sh" --keep-service --bind "$BUILD" --bind "$OUT" --log "$OUT/monado.log" \
  -- bash "$inner" &
RUNNER=$!
trap 'touch "$OUT/done"; [ -n "${BUS_PID:-}" ] && kill "$BUS_PID" 2>/dev/null' EXIT

wait_for '[ "$(focused_count A)" -ge 1 ]' 40 || echo "A never became FOCUSED"
sleep "$PLAY_S"
touch "$OUT/start-B"
wait_for 'ctl B_front && client B_front 1 1 timewall_sample' 40 || echo "B never became FOCUSED"
b_front_ms=$(now_ms)
sleep "$PLAY_S"
ctl list
a_id=$(client_id list HelloXR) b_id=$(client_id list timewall_sample)
back_frame=$(frames_in "$OUT/A.frames.log")
a_back_req_ms=$(now_ms)
ctl A_back -p "${a_id:-0}"
wait_for '[ "$(focused_count A)" -ge 2 ]' 20 || echo "A did not become FOCUSED again"
back_ms=$(now_ms)
ctl A_front
wait_for '[ "$(blocked_after "$back_frame")" -ge 1 ]' 40
blocked_ms=$(now_ms)
# B stays behind A a while: had it counted there, its time would show it.
sleep "$BEHIND_S"
b_lines=$(wc -l <"$OUT/B.frames.log")
b_back_req_ms=$(now_ms)
ctl B_back -p "${b_id:-0}"
if [ "$MODE" = apps ]; then
  wait_for "tail -n +$((b_lines + 1)) $OUT/B.frames.log | grep -q '^# panel block_shield'" 20
else  # the runtime's block: the shield takes primary, B's input is cut
  wait_for 'ctl B_covered && client B_covered 1 1 timewall-shield && grep -qP "\\tdisp: 0\\tfoc: 0\\tio: 0\\t.*\\ttimewall_sample$" "$OUT/B_covered.ctl.txt"' 20
fi
b_shield=$?
sleep 1
done_ms=$(now_ms)
touch "$OUT/done"
wait "$RUNNER"
trap - EXIT
[ -n "${BUS_PID:-}" ] && kill "$BUS_PID" 2>/dev/null

fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
after_s=$(( (blocked_ms - ${back_ms:-0}) / 1000 ))
echo "A FOCUSED again (frame $back_frame); its first blocked frame seen ${after_s} s later"
for l in B_front A_front; do echo "$l:"; sed 's/^/  /' "$OUT/$l.ctl.txt" 2>/dev/null; done
check "hello_xr exited cleanly (rc 0); openxr_app ended cleanly on SIGTERM (rc 0)" \
  '[ "$(cat $OUT/A.rc 2>/dev/null)" = 0 ] && [ "$(cat $OUT/B.rc 2>/dev/null)" = 0 ]'
check "monado-ctl: B in front while A was behind" 'client B_front 1 1 timewall_sample && client B_front 0 0 HelloXR'
check "monado-ctl -p A: A in front, B still running behind it" \
  'client A_front 1 1 HelloXR && client A_front 0 0 timewall_sample'
check "A was not blocked before its return" \
  '[ "$(awk -v f="$back_frame" '"'"'/^frame/ && $2 <= f && / blocked 1 /'"'"' "$OUT/A.frames.log" | wc -l)" -eq 0 ]'
check "A reached the block on the sum: within 22 s of its return (alone it would take 35 s)" \
  '[ "$after_s" -le 22 ] && [ "$(blocked_after "$back_frame")" -ge 1 ]'
if [ "$MODE" = apps ]; then
  check "B, brought back with monado-ctl -p, shows the block shield" '[ "$b_shield" = 0 ]'
else
  echo "B_covered:"; sed 's/^/  /' "$OUT/B_covered.ctl.txt" 2>/dev/null
  check "B, brought back with monado-ctl -p, is covered by the service's shield, its input off" '[ "$b_shield" = 0 ]'
  check "both apps deferred to the service (their frame logs say it accounts for them)" \
    'grep -q "^# service accounts" "$OUT/A.frames.log" && grep -q "^# service accounts" "$OUT/B.frames.log"'
  check "serve enforced (it read the client list)" \
    'grep -q "^enforce started" "$OUT/serve.log"'
fi
now_s=$(date +%s)
a_ms=$("$LEDGER_PROBE" "$OUT/ledger.db" UTC openxr.helloxr "$now_s" | awk '{print $2}')
b_ms=$("$LEDGER_PROBE" "$OUT/ledger.db" UTC openxr.timewall_sample "$now_s" | awk '{print $2}')
echo "ledger: hello_xr ${a_ms:-none} ms, openxr_app ${b_ms:-none} ms attended today"
# B in front: from its FOCUSED (seen) to A's -p, and from its own -p to the
# end. Had it counted while behind A, it would hold A_back..B_back more
# (BEHIND_S and A's last seconds before the block: at least 10 s).
b_front_s_ms=$(( (a_back_req_ms - b_front_ms) + (done_ms - b_back_req_ms) ))
behind_ms=$(( b_back_req_ms - a_back_req_ms ))
echo "B in front by the script's clock: ${b_front_s_ms} ms; behind A: ${behind_ms} ms"
check "B's time is its turns in front only (within 4 s), not its time behind A" \
  '[ -n "$b_ms" ] && [ $((b_ms - b_front_s_ms)) -le 4000 ] && [ $((b_front_s_ms - b_ms)) -le 4000 ]'
# At most the limit, the seconds either app ran on blocked (from A's first
# blocked frame to the end) and one commit period (4 s) before A saw B's time.
tail_ms=$(( done_ms - blocked_ms ))
check "both apps' time together: 2 x PLAY_S - 2 s .. 60 s + blocked tail (${tail_ms} ms) + 4 s" \
  '[ -n "$a_ms" ] && [ -n "$b_ms" ] && [ $((a_ms + b_ms)) -ge $(( (2 * PLAY_S - 2) * 1000 )) ] && [ $((a_ms + b_ms)) -le $((64000 + tail_ms)) ]'
exit $fail
