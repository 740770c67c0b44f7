#!/usr/bin/env bash
# status (issue 15 §1): what Timewall sees now, read from a real ledger that
# two apps wrote at once (two `timewall replay` processes, one app each),
# with every expected figure computed here from the timelines they played:
# each app's time today and when it was last seen, whether it is attended
# now, the category budget's use and what is left, the youth cap's use, and
# the decision in force (none; a block with a tighter policy; none when no
# app was seen lately). --watch picks up what a third writer adds between
# two refreshes. status records nothing: the ledger's rows stay the same.
# usage: status.sh TIMEWALL WORK_DIR
set -u
. "$(dirname "$0")/lib.sh"
bin=$1 work=$2
# The zone every host on this "device" uses: replay's (the policy's, UTC).
# A host in another zone rebuilds the rollups when it opens the ledger.
export TZ=UTC
mkdir -p "$work" && rm -f "$work"/*
day=2026-03-02
ms_of() { echo $(( $(date -u -d "$day $1" +%s) * 1000 )); }  # HH:MM:SS UTC -> unix ms

# A: feed from 09:00 for A_MIN; B: clips from 09:03 for B_MIN (overlapping: two processes at once).
A_MIN=7 B_MIN=12 LIMIT_MIN=30
A_END=$(printf '09:%02d:00' $A_MIN) B_END=$(printf '09:%02d:00' $((3 + B_MIN)))
timeline() {  # APP FROM TO
  printf '{"t":"%sT%sZ","type":"worn"}\n' $day "$2"
  printf '{"t":"%sT%sZ","type":"app_focus","app":"%s"}\n' $day "$2" "$1"
  printf '{"t":"%sT%sZ","type":"app_blur","app":"%s"}\n' $day "$3" "$1"
  printf '{"t":"%sT%sZ","type":"end"}\n' $day "$3"
}
policy() {  # LIMIT_MIN
  printf 'schema = 1\n[time_value]\ntimezone = "UTC"\n[attention]\nafk_after_s = 3600\n'
  printf '[apps]\n"com.example.feed" = "social"\n"com.example.clips" = "social"\n'
  printf '[[budget]]\nid = "social-daily"\ncategory = "social"\nperiod = "daily"\nlimit_min = %s\nat_limit = "block"\n' "$1"
}
policy $LIMIT_MIN >"$work/policy.toml"
chmod 600 "$work/policy.toml"
timeline com.example.feed 09:00:00 "$A_END" >"$work/a.jsonl"
timeline com.example.clips 09:03:00 "$B_END" >"$work/b.jsonl"
"$bin" replay --policy "$work/policy.toml" --signals "$work/a.jsonl" --ledger "$work/l.db" --out /dev/null &
pa=$!
"$bin" replay --policy "$work/policy.toml" --signals "$work/b.jsonl" --ledger "$work/l.db" --out /dev/null &
pb=$!
wait $pa || fail "replay A failed"
wait $pb || fail "replay B failed"

# field JSON APP KEY: KEY's number (or true/false) in APP's object of "apps".
field() {
  local obj
  obj=$(printf '%s' "$1" | grep -o "{\"active\":[a-z]*,\"app\":\"$2\"[^]]*" | head -1)
  printf '%s' "$obj" | grep -o "\"$3\":[a-z0-9-]*" | head -1 | cut -d: -f2
}
top() { printf '%s' "$1" | grep -o "\"$2\":[0-9-]*" | head -1 | cut -d: -f2; }

sqlite3 "$work/l.db" .dump >"$work/before.sql" || fail "sqlite3 cannot read the ledger"
at=$(printf '09:%02d:05' $((3 + B_MIN)))
expect_rc 0 "$bin" status --ledger "$work/l.db" --at "${day}T${at}Z" --format json
j=$out
[ "$(field "$j" com.example.feed attended_today_ms)" = $((A_MIN * 60000)) ] || fail "feed today: $j"
[ "$(field "$j" com.example.clips attended_today_ms)" = $((B_MIN * 60000)) ] || fail "clips today: $j"
[ "$(field "$j" com.example.feed last_seen_ms)" = "$(ms_of "$A_END")" ] || fail "feed last seen: $j"
[ "$(field "$j" com.example.clips last_seen_ms)" = "$(ms_of "$B_END")" ] || fail "clips last seen: $j"
[ "$(field "$j" com.example.clips active)" = true ] || fail "clips (seen 5 s ago) is not attended now: $j"
[ "$(field "$j" com.example.feed active)" = false ] || fail "feed (seen minutes ago) is attended now: $j"
used=$(( (A_MIN + B_MIN) * 60000 ))
[ "$(top "$j" used_ms)" = $used ] || fail "social-daily used: want $used: $j"
[ "$(top "$j" left_ms)" = $((LIMIT_MIN * 60000 - used)) ] || fail "social-daily left: $j"
case "$j" in *'"youth":{"daily_cap_ms":7200000,"enabled":false,"left_ms":'$((7200000 - used))',"used_ms":'$used'}'*) ;;
  *) fail "youth cap: $j" ;; esac
case "$j" in *'"decision":{"app":"com.example.clips","kind":"none"}'*) ;; *) fail "decision: $j" ;; esac
expect_rc 0 "$bin" status --ledger "$work/l.db" --at "${day}T${at}Z"
case "$out" in *"social-daily  category social, daily: $((A_MIN + B_MIN)) min of $LIMIT_MIN min, $((LIMIT_MIN - A_MIN - B_MIN)) min left, then block"*) ;;
  *) fail "text budgets: $out" ;; esac
case "$out" in *"decision in force: com.example.clips: none"*) ;; *) fail "text decision: $out" ;; esac

# A policy whose limit the sum has passed (neither app alone): both blocked.
policy $((A_MIN + B_MIN - 1)) >"$work/tight.toml"
chmod 600 "$work/tight.toml"
expect_rc 0 "$bin" status --ledger "$work/l.db" --policy "$work/tight.toml" --at "${day}T${at}Z" --format json
case "$out" in *'"decision":{"app":"com.example.clips","budget":"social-daily","kind":"block","reason":"budget_reached"}'*) ;;
  *) fail "tight decision: $out" ;; esac
[ "$(top "$out" left_ms)" = 0 ] || fail "tight left: $out"
# Half an hour on, nothing is attended: no decision.
expect_rc 0 "$bin" status --ledger "$work/l.db" --at "${day}T09:45:00Z" --format json
case "$out" in *'"decision":null'*) ;; *) fail "no app attended, yet a decision: $out" ;; esac
sqlite3 "$work/l.db" .dump | cmp -s - "$work/before.sql" || fail "status changed the ledger"

# --watch: a third writer adds 5 min of feed (08:00-08:05) between two refreshes.
timeline com.example.feed 08:00:00 08:05:00 >"$work/c.jsonl"
"$bin" status --ledger "$work/l.db" --at "${day}T${at}Z" --watch --every-s 4 --count 2 --format json >"$work/watch.out" &
pw=$!
for _ in $(seq 50); do [ -s "$work/watch.out" ] && break; sleep 0.1; done
"$bin" replay --policy "$work/policy.toml" --signals "$work/c.jsonl" --ledger "$work/l.db" --out /dev/null ||
  fail "replay C failed"
wait $pw || fail "status --watch failed"
[ "$(wc -l <"$work/watch.out")" = 2 ] || fail "--watch --count 2: $(cat "$work/watch.out")"
first=$(sed -n 1p "$work/watch.out") second=$(sed -n 2p "$work/watch.out")
[ "$(field "$first" com.example.feed attended_today_ms)" = $((A_MIN * 60000)) ] || fail "watch, first: $first"
[ "$(field "$second" com.example.feed attended_today_ms)" = $(((A_MIN + 5) * 60000)) ] || fail "watch, second: $second"
[ "$(top "$second" used_ms)" = $(((A_MIN + 5 + B_MIN) * 60000)) ] || fail "watch, second budget: $second"
[ $(( $(top "$second" at_ms) - $(top "$first" at_ms) )) = 4000 ] || fail "watch: the clock did not advance by 4 s"

expect_rc 1 "$bin" status --ledger "$work/none.db"
case "$err" in *"no ledger at"*) ;; *) fail "missing ledger: $err" ;; esac
[ ! -e "$work/none.db" ] || fail "status created a ledger"
expect_rc 2 "$bin" status --ledger "$work/l.db" --format xml
expect_rc 2 "$bin" status --ledger "$work/l.db" --count 2
expect_rc 2 "$bin" status --ledger "$work/l.db" --at yesterday
echo "status: ok"
