#!/usr/bin/env bash
# e2e, issue 15 §5 "the service killed at any moment": `timewall enforce` is
# SIGKILLed while it holds a block, on Monado's null compositor, with
# hello_xr (the probe layer logs its session states, action reads and
# xrSyncActions) and the real monado-ctl. One wearer policy, one ledger, one
# input-cuts file (next to the ledger) for every enforce in the run.
#   1. hello_xr FOCUSED; enforce #1 starts under a policy whose 0-minute
#      games budget blocks hello_xr: input off, the shield takes primary,
#      hello_xr SYNCHRONIZED.
#   2. SIGKILL enforce #1: hello_xr keeps running (its process lives, it
#      keeps calling xrSyncActions), the shield is gone (its process and its
#      client) within 2 s, the block enforce #1 printed is in the ledger, and
#      hello_xr's input stays off: nothing gave it back.
#   3. enforce #2 starts: it takes over the cut (`adopt`), raises the shield
#      again (hello_xr SYNCHRONIZED, io 0, the shield displayed and focused).
#   4. The policy lifts the block: hello_xr FOCUSED, input on, no shield.
#   5. The policy blocks again (enforce #2 blocks), enforce #2 is SIGKILLed,
#      and the policy lifts the block while no enforce runs: hello_xr's
#      input stays off (its actions read inactive) until enforce #3 starts
#      and gives it back (`adopt`, `input_on`, no shield): actions active.
# Prints: kill -> shield gone, restart -> shield up, restart -> SYNCHRONIZED,
# restart -> input back (wall clock, ms). Artefacts in OUT.
#   enforce_kill.sh SOURCE_DIR BUILD_DIR OUT_DIR TIMEWALL SHIELD
set -uo pipefail
SRC=$1 BUILD=$2 OUT=$3 TW=$4 SHIELD=$5
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
mkdir -p "$OUT" && rm -rf "${OUT:?}"/*

# policy MINUTES: hello_xr counts as games, with a MINUTES daily budget that blocks.
policy() {
  printf 'schema = 1\n[apps]\n"openxr.HelloXR" = "games"\n[[budget]]\nid = "games-daily"\ncategory = "games"\n' >"$OUT/wearer.toml.new"
  printf 'period = "daily"\nlimit_min = %s\nat_limit = "block"\n' "$1" >>"$OUT/wearer.toml.new"
  chmod 600 "$OUT/wearer.toml.new" && mv "$OUT/wearer.toml.new" "$OUT/wearer.toml"
}
policy 0

inner="$OUT/inner.sh"
cat >"$inner" <<INNER
$(host_app_preload)
(while [ ! -e $OUT/done ]; do sleep 0.2; done; echo) |
  XR_API_LAYER_PATH=$BUILD/lib/e2e XR_ENABLE_API_LAYERS=XR_APILAYER_TIMEWALL_e2e_probe TW_PROBE_LOG=$OUT/probe.log \\
  timeout 200 env \$preload stdbuf -oL -eL hello_xr -g Vulkan2 >$OUT/hello_xr.log 2>&1 &
app=\$!
now_ms() { date +%s%3N; }
# A process that runs (not gone, not a zombie waiting for a reaper).
alive() { local s; s=\$(sed -E 's/.*\) (.).*/\1/' /proc/\$1/stat 2>/dev/null); [ -n "\$s" ] && [ "\$s" != Z ]; }
enforcer=
while [ ! -e $OUT/done ]; do
  for req in $OUT/*.req; do
    [ -e "\$req" ] || continue
    name=\$(basename "\${req%.req}")
    case "\$name" in
      start-*)  # start-N: enforce #N
        "$TW" enforce --shield "$SHIELD" --shield-log $OUT/shield.log --policy $OUT/wearer.toml --ledger $OUT/ledger.db \\
          --poll-ms 100 >$OUT/enforce.\${name#start-}.log 2>$OUT/enforce.\${name#start-}.err &
        enforcer=\$!
        echo "\$(now_ms)" >$OUT/\$name.txt ;;
      kill-*)  # kill-N: SIGKILL enforce #N; when its shield (process and client) is gone
        shield=\$(monado-ctl | grep -P "\ttimewall-shield\$" | grep -oP "pid: \K\d+" | head -1)
        t_kill=\$(now_ms)
        kill -KILL \$enforcer
        wait \$enforcer 2>/dev/null
        t_proc= t_client=
        for _ in \$(seq 100); do
          [ -z "\$t_proc" ] && ! alive "\${shield:-0}" && t_proc=\$(now_ms)
          [ -z "\$t_client" ] && ! monado-ctl | grep -q timewall-shield && t_client=\$(now_ms)
          [ -n "\$t_proc" ] && [ -n "\$t_client" ] && break
          sleep 0.02
        done
        alive \$app && app_alive=1 || app_alive=0
        echo "kill_ms \$t_kill shield_pid \${shield:-none} process_gone_ms \${t_proc:-never} client_gone_ms \${t_client:-never} app_alive \$app_alive" >$OUT/\$name.txt
        enforcer= ;;
      *) monado-ctl \$(cat "\$req") >$OUT/\$name.ctl.txt 2>&1 ;;
    esac
    rm -f "\$req"
  done
  sleep 0.05
done
if [ -n "\$enforcer" ]; then
  kill -TERM \$enforcer
  wait \$enforcer
  echo \$? >$OUT/enforce.rc
fi
wait \$app
echo \$? >$OUT/hello_xr.rc
INNER
bash "$SRC/scripts/in-monado-root.sh" --keep-service --bind "$BUILD" --bind "$OUT" --log "$OUT/monado.log" \
  -- bash "$inner" &
RUNNER=$!

wait_for() {
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do eval "$1" && return 0; kill -0 $RUNNER 2>/dev/null || return 1; sleep 0.05; done
  return 1
}
now_ms() { date +%s%3N; }
state_after() { awk -v s="$1" -v t="$2" '$1 == "state" && $5 == s && $3 >= t {print $3; exit}' "$OUT/probe.log" 2>/dev/null; }
# event_ms N KIND: when enforce #N first printed KIND for hello_xr.
event_ms() { awk -v k="$2" '$1 == k && $7 == "openxr.helloxr" {print $3; exit}' "$OUT/enforce.$1.log" 2>/dev/null; }
events() { awk '$7 == "openxr.helloxr" {printf "%s ", $1}' "$OUT/enforce.$1.log" 2>/dev/null; }
# request NAME [ARGS]: the inner script's answer to NAME is $OUT/NAME.txt (or NAME.ctl.txt).
request() { echo "${*:2}" >"$OUT/$1.req"; wait_for "[ ! -e $OUT/$1.req ]" 15; }
client() { grep -P "^\tid: \d+\tact: 1\tdisp: $2\tfoc: $3\tio: $4\tovly: 0\tz: \d+\tpid: \d+\t$5$" "$OUT/$1.ctl.txt"; }
field() { awk -v k="$2" '{for (i = 1; i < NF; i += 2) if ($i == k) print $(i + 1)}' "$OUT/$1.txt"; }
syncs() { awk -v a="$1" -v b="$2" '$1 == "sync" && $3 >= a && $3 < b' "$OUT/probe.log" | wc -l; }
# actions FROM TO: "active inactive" counts of hello_xr's bool and float reads in [FROM, TO).
actions() {
  awk -v a="$1" -v b="$2" '($1 == "bool" || $1 == "float") && $3 >= a && $3 < b {
    if ($9 == 1) on++; else off++ } END {print on + 0, off + 0}' "$OUT/probe.log"
}

wait_for '[ -n "$(state_after 5 0)" ]' 90 || echo "hello_xr never reached FOCUSED"
sleep 1
request start-1
wait_for '[ -n "$(event_ms 1 shield_up)" ] && [ -n "$(state_after 3 "$(event_ms 1 block)")" ]' 30 ||
  echo "enforce #1 did not block hello_xr"
sleep 1
request blocked1
block_lines_1=$(grep -c "^block .* openxr.helloxr" "$OUT/enforce.1.log")
request kill-1
# The ledger as the killed enforce left it (no enforce runs now).
blocks_after_kill_1=$(sqlite3 "$OUT/ledger.db" "SELECT count(*) FROM block b JOIN app a ON a.id = b.app_id WHERE a.name = 'openxr.helloxr'" 2>&1)
cuts_after_kill_1=$(cat "$OUT/ledger.db.input-cuts" 2>/dev/null)
sleep 2
request dead1
t_dead1=$(now_ms)

request start-2
t_start2=$(cat "$OUT/start-2.txt")
wait_for '[ -n "$(event_ms 2 shield_up)" ] && [ -n "$(state_after 3 "$t_start2")" ]' 30 ||
  echo "enforce #2 did not raise the block again"
sleep 1
request reblocked
t_lift_apply=$(now_ms)
policy 600
wait_for '[ -n "$(event_ms 2 shield_down)" ] && [ -n "$(state_after 5 "$(event_ms 2 lift)")" ]' 30 ||
  echo "the lift never reached hello_xr"
sleep 1
request lifted

# Blocked again, killed again, and the block lifts while no enforce runs.
t_block2=$(now_ms)
policy 0
wait_for '[ "$(awk -v t=$t_block2 '"'"'$1 == "shield_up" && $3 >= t'"'"' "$OUT/enforce.2.log" | wc -l)" -gt 0 ] &&
  [ -n "$(state_after 3 "$t_block2")" ]' 30 || echo "enforce #2 did not block hello_xr again"
sleep 1
request kill-2
policy 600
sleep 3  # longer than the policy check: a running enforce would have lifted by now
request dead2
t_dead2=$(now_ms)
request start-3
t_start3=$(cat "$OUT/start-3.txt")
wait_for '[ -n "$(event_ms 3 input_on)" ]' 30 || echo "enforce #3 did not give the input back"
sleep 2
request restored
t_end=$(now_ms)
touch "$OUT/done"
wait $RUNNER
echo "in-monado-root exit status $?"

fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
for n in 1 2 3; do echo "enforce.$n.log:"; sed 's/^/  /' "$OUT/enforce.$n.log"; done
echo "probe states: $(awk '$1 == "state" {printf "%s@%s ", $5, $3}' "$OUT/probe.log")"
echo "kill-1: $(cat "$OUT/kill-1.txt")"
echo "kill-2: $(cat "$OUT/kill-2.txt")"
kill1=$(field kill-1 kill_ms) kill2=$(field kill-2 kill_ms)
check "hello_xr ran to the end and exited cleanly; the last enforce exited cleanly (rc 0)" \
  '[ "$(cat $OUT/hello_xr.rc)" = 0 ] && [ "$(cat $OUT/enforce.rc)" = 0 ]'
check "enforce #1: block, input off, shield up for hello_xr" '[ "$(events 1)" = "block input_off shield_up " ]'
check "blocked: hello_xr SYNCHRONIZED, io 0; the shield displayed and focused" \
  'client blocked1 0 0 0 HelloXR && client blocked1 1 1 1 timewall-shield'
check "killed: hello_xr's process still runs" '[ "$(field kill-1 app_alive)" = 1 ] && [ "$(field kill-2 app_alive)" = 1 ]'
check "killed: the shield's process and client are gone within 2 s, both times" \
  'for k in kill-1 kill-2; do p=$(field $k process_gone_ms) c=$(field $k client_gone_ms) t=$(field $k kill_ms);
     [ "$(field $k shield_pid)" != none ] && [ "$p" != never ] && [ "$c" != never ] &&
     [ $((p - t)) -le 2000 ] && [ $((c - t)) -le 2000 ] || exit 1; done'
check "killed: hello_xr keeps running its frame loop (>= 20 xrSyncActions in the 2 s after the kill)" \
  '[ "$(syncs "$kill1" "$t_dead1")" -ge 20 ]'
check "killed: no shield listed, hello_xr's input still off (nothing gave it back)" \
  '! grep -q timewall-shield $OUT/dead1.ctl.txt && grep -qP "\tio: 0\tovly: 0\tz: \d+\tpid: \d+\tHelloXR$" $OUT/dead1.ctl.txt'
check "killed: the cut is in the input-cuts file" '[[ "$cuts_after_kill_1" == *" HelloXR"* ]]'
check "no acknowledged event lost: each block line enforce #1 printed is in the ledger after the kill ($block_lines_1 printed, $blocks_after_kill_1 recorded)" \
  '[ "$block_lines_1" -ge 1 ] && [ "$blocks_after_kill_1" -ge "$block_lines_1" ] 2>/dev/null'
check "enforce #2 took over the cut and raised the shield again, without toggling the input" \
  '[ "$(events 2 | cut -d" " -f1-3)" = "adopt block shield_up" ] && ! grep -q "^input_off" <(head -4 $OUT/enforce.2.log)'
check "re-blocked: hello_xr SYNCHRONIZED after the restart, io 0; the shield displayed and focused" \
  '[ -n "$(state_after 3 "$t_start2")" ] && client reblocked 0 0 0 HelloXR && client reblocked 1 1 1 timewall-shield'
check "lift: primary back, shield down, input on; hello_xr FOCUSED with input, no shield" \
  '[ "$(events 2 | cut -d" " -f4-7)" = "lift primary_back shield_down input_on" ] &&
   [ -n "$(state_after 5 "$(event_ms 2 lift)")" ] && client lifted 1 1 1 HelloXR && ! grep -q timewall-shield $OUT/lifted.ctl.txt'
read -r on_dead off_dead <<<"$(actions $((kill2 + 500)) "$t_start3")"
in3=$(event_ms 3 input_on)
read -r on_back off_back <<<"$(actions $(( ${in3:-0} + 500 )) "$t_end")"
echo "hello_xr's action reads (active inactive): while no enforce ran after the lift $on_dead $off_dead, after enforce #3 $on_back $off_back"
check "lifted while no enforce ran: hello_xr's input stayed off until a restart (>= 20 reads, none active)" \
  '[ "$off_dead" -ge 20 ] && [ "$on_dead" -eq 0 ] && grep -qP "\tio: 0\tovly: 0\tz: \d+\tpid: \d+\tHelloXR$" $OUT/dead2.ctl.txt'
check "enforce #3 gave the input back and raised no shield" \
  '[ "$(events 3)" = "adopt input_on " ] && client restored 1 1 1 HelloXR && ! grep -q timewall-shield $OUT/restored.ctl.txt'
check "its actions read active again" '[ "$on_back" -gt 0 ]'
check "the input-cuts file is empty at the end" '[ "$(cat $OUT/ledger.db.input-cuts)" = "timewall-input-cuts 1" ]'
for k in 1 2; do
  t=$(field kill-$k kill_ms)
  echo "latency: kill #$k -> shield process gone $(( $(field kill-$k process_gone_ms) - t )) ms, client gone $(( $(field kill-$k client_gone_ms) - t )) ms"
done
up2=$(event_ms 2 shield_up) sync2=$(state_after 3 "$t_start2")
[ -n "$up2" ] && [ -n "$sync2" ] &&
  echo "latency: restart #2 -> shield_up $((up2 - t_start2)) ms, -> hello_xr SYNCHRONIZED $((sync2 - t_start2)) ms"
[ -n "$in3" ] && echo "latency: restart #3 -> input_on $((in3 - t_start3)) ms"
exit $fail
