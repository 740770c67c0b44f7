#!/usr/bin/env bash
# apps (issue 18): each app the ledger has seen, under the app id rule, with
# what the policy does with it; apps no rule covers are marked '!', and
# [apps] entries no recorded app matches are listed. The timeline reports the
# feed as " Com.Example.Feed " and an unmapped "Some App".
# usage: apps.sh TIMEWALL DATA_DIR WORK_DIR
set -u
. "$(dirname "$0")/lib.sh"
bin=$1 data=$2 work=$3
mkdir -p "$work" && rm -f "$work"/*
cat >"$work/day.jsonl" <<'DAY'
{"t":"2026-03-02T09:00:00+01:00","type":"worn"}
{"t":"2026-03-02T09:00:00+01:00","type":"app_focus","app":" Com.Example.Feed "}
{"t":"2026-03-02T09:01:00+01:00","type":"interaction","app":"com.example.feed"}
{"t":"2026-03-02T09:02:00+01:00","type":"app_blur","app":"COM.EXAMPLE.FEED"}
{"t":"2026-03-02T09:02:00+01:00","type":"app_focus","app":"Some App"}
{"t":"2026-03-02T09:03:00+01:00","type":"interaction","app":"Some App"}
{"t":"2026-03-02T09:05:00+01:00","type":"app_blur","app":"some app"}
{"t":"2026-03-02T09:06:00+01:00","type":"end"}
DAY
expect_rc 0 "$bin" replay --policy "$data/demo/policy.toml" --signals "$work/day.jsonl" --ledger "$work/l.db" --out /dev/null
expect_rc 0 "$bin" apps --ledger "$work/l.db" --policy "$data/demo/policy.toml"
want='2 app(s) in the ledger (id, attended, what the policy does):
  com.example.feed    2 min  [apps] "com.example.feed" = "social"; budget social-daily (20 min daily), window sleep, window family dinner, reclaim
! some-app            3 min  no [apps] entry, category "other"; no rule covers it
[apps] entries no app in the ledger matches (check the id the app reports):
  com.example.chat = messages
  com.example.clips = short_video
  com.example.docs = work
  com.example.mail = work
  com.example.maps = utility
1 app(s) marked ! are covered by no policy rule'
[ "$out" = "$want" ] || fail "apps output: got:
$out"
expect_rc 2 "$bin" apps --ledger "$work/l.db"
case "$err" in *"--policy FILE is required"*) ;; *) fail "apps without --policy: $err" ;; esac
echo "apps: ok"
