#!/usr/bin/env bash
# replay: the same policy and timeline give byte-identical decision logs,
# whether written to --out, to stdout, or with an on-disk --ledger; a bad
# timeline is refused with its file:line:col and exit 1, writing nothing.
# usage: replay_determinism.sh TIMEWALL TESTS_DATA_DIR DATA_DIR WORK_DIR
set -u
. "$(dirname "$0")/lib.sh"
bin=$1 tdata=$2 data=$3 work=$4
rm -rf "$work" && mkdir -p "$work" || fail "cannot make $work"
policy=$data/demo/policy.toml
day=$data/demo/day.jsonl

expect_rc 0 "$bin" replay --policy "$policy" --signals "$day" --out "$work/a.jsonl"
expect_rc 0 "$bin" replay --policy "$policy" --signals "$day" --out "$work/b.jsonl" --ledger "$work/ledger.db"
expect_rc 0 "$bin" replay --policy "$policy" --signals "$day"
printf '%s\n' "$out" >"$work/c.jsonl"
cmp "$work/a.jsonl" "$work/b.jsonl" || fail "--out runs differ (one with --ledger)"
cmp "$work/a.jsonl" "$work/c.jsonl" || fail "stdout differs from --out"
[ -s "$work/ledger.db" ] || fail "--ledger file not written"

n=$(wc -l <"$work/a.jsonl")
[ "$n" -ge 50 ] || fail "only $n decisions"
grep -q '^{"t":"2026-03-02T10:42:00+01:00","kind":"show","overlay":"block_shield","app":"com.example.feed","category":"social",' "$work/a.jsonl" ||
  fail "no reclaimed-time block at 10:42"
grep -q '"reason":"reclaimed_time"}$' "$work/a.jsonl" || fail "no reclaimed_time reason"

echo "keep" >"$work/keep.jsonl"
expect_rc 1 "$bin" replay --policy "$policy" --signals "$tdata/bad-day.jsonl" --out "$work/keep.jsonl"
case "$err" in *"bad-day.jsonl:3:6: time goes backwards"*) ;; *) fail "bad timeline error: $err" ;; esac
[ "$(cat "$work/keep.jsonl")" = keep ] || fail "a failed replay overwrote its --out file"
echo "replay determinism: ok ($n decisions)"
