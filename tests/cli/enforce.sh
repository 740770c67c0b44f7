#!/usr/bin/env bash
# `timewall enforce` without a runtime to enforce on: monado-ctl missing. It
# keeps polling, says why once (not at every poll), and ends cleanly on
# SIGTERM with its start and stop lines. (e2e.enforce_block runs it on Monado.)
# usage: enforce.sh TIMEWALL WORK_DIR
set -u
. "$(dirname "$0")/lib.sh"
bin=$1 work=$2
rm -rf "$work" && mkdir -p "$work"
printf 'schema = 1\n' >"$work/policy.toml"
"$bin" enforce --shield "$work/no-shield" --monado-ctl "$work/no-monado-ctl" --policy "$work/policy.toml" \
  --poll-ms 50 >"$work/out" 2>"$work/err" &
pid=$!
sleep 1.5
kill -TERM $pid
wait $pid
rc=$?
[ "$rc" -eq 0 ] || fail "enforce exited $rc after SIGTERM; stderr: $(cat "$work/err")"
grep -q "^enforce started unix_ms [0-9]* poll_ms 50$" "$work/out" || fail "no start line: $(cat "$work/out")"
grep -q "^enforce stopped unix_ms [0-9]*$" "$work/out" || fail "no stop line: $(cat "$work/out")"
n=$(grep -c "cannot start $work/no-monado-ctl" "$work/err")
[ "$n" -eq 1 ] || fail "the missing monado-ctl was said $n times, not once: $(cat "$work/err")"
echo "enforce: ok"
