#!/usr/bin/env bash
# report: a ledger made by replaying the demo day gives a report page that
# references nothing outside itself, and headless Chromium, started with no
# network (its own network namespace when unshare works, a dead proxy and no
# DNS otherwise), draws it with the chart colours, in light and dark.
# Exits 77 (skipped) without chromium or ImageMagick's convert.
# usage: report_screenshot.sh TIMEWALL DATA_DIR WORK_DIR
set -u
. "$(dirname "$0")/lib.sh"
bin=$1 data=$2 work=$3
command -v chromium >/dev/null || { echo "SKIP: no chromium (scripts/install-deps.sh installs it)"; exit 77; }
command -v convert >/dev/null || { echo "SKIP: no ImageMagick convert"; exit 77; }
rm -rf "$work" && mkdir -p "$work"

expect_rc 0 "$bin" replay --policy "$data/demo/policy.toml" --signals "$data/demo/day.jsonl" \
  --ledger "$work/demo.db" --out "$work/decisions.jsonl"
expect_rc 0 "$bin" report --ledger "$work/demo.db" --policy "$data/demo/policy.toml" --out "$work/report.html"
html=$work/report.html
[ -s "$html" ] || fail "no report written"
# Nothing external: no URL, no linked or embedded resource, no script.
if grep -Eio 'https?://|<script|<link|<img|<iframe|src=|href=|url\(|@import|@font-face' "$html" | head -3 | grep -q .; then
  fail "report references something outside the file: $(grep -Eio 'https?://[^ "]*|<script|<link|<img|src=|href=|url\(|@import|@font-face' "$html" | head -3)"
fi
grep -q '<svg class="chart" role="img"' "$html" || fail "no accessible SVG chart"
grep -q '<title id="c-days-t">' "$html" || fail "the per-day chart has no title"

# The default week is the demo day's, Monday 2 to Sunday 8 March 2026.
expect_rc 0 "$bin" report --ledger "$work/demo.db" --policy "$data/demo/policy.toml" --format text
case "$out" in *"Timewall report 2026-03-02 .. 2026-03-08"*"social-daily 2026-03-02"*) ;; *) fail "text report: $out" ;; esac
expect_rc 2 "$bin" report --ledger "$work/demo.db" --policy "$data/demo/policy.toml" --week 2026-03-02 --from 2026-03-01
case "$err" in *"--week cannot be combined"*) ;; *) fail "--week with --from: $err" ;; esac
expect_rc 2 "$bin" report --ledger "$work/demo.db" --policy "$data/demo/policy.toml" --from 2026-02-30
case "$err" in *"not a calendar date"*) ;; *) fail "bad date: $err" ;; esac
expect_rc 1 "$bin" report --ledger "$work/missing.db" --policy "$data/demo/policy.toml"
case "$err" in *"does not exist"*) ;; *) fail "missing ledger: $err" ;; esac
[ ! -e "$work/missing.db" ] || fail "report created a ledger"

netns=()
unshare -n true 2>/dev/null && netns=(unshare -n)
shoot() {  # shoot PNG [extra chromium flags...]
  local png=$1
  shift
  timeout 120 "${netns[@]}" chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
    --disable-background-networking --disable-sync --disable-component-update --disable-default-apps \
    --proxy-server=127.0.0.1:9 --host-resolver-rules='MAP * ~NOTFOUND' --user-data-dir="$work/profile" \
    --hide-scrollbars --window-size=1000,1900 "$@" --screenshot="$png" "file://$html" >"$work/chromium.log" 2>&1
  [ -s "$png" ] || fail "chromium wrote no screenshot $png: $(tail -5 "$work/chromium.log")"
}
shoot "$work/report-light.png"
shoot "$work/report-dark.png" --force-dark-mode --blink-settings=preferredColorScheme=0

for png in "$work/report-light.png" "$work/report-dark.png"; do
  hist=$(convert "$png" -format %c histogram:info:-)
  colours=$(wc -l <<<"$hist")
  [ "$colours" -gt 50 ] || fail "$png looks blank: $colours colours"
  # The two largest categories' fills (Okabe-Ito orange and sky blue), and the
  # bypass bar's vermillion, each cover a visible area.
  for c in E69F00 56B4E9 D55E00; do
    n=$(grep -i "#$c" <<<"$hist" | awk -F: '{s += $1} END {print s + 0}')
    [ "$n" -gt 500 ] || fail "$png: colour #$c covers $n pixels"
  done
done
bg() { convert "$1" -crop 1x1+4+4 -format '%[fx:int(255*r)] %[fx:int(255*g)] %[fx:int(255*b)]' info:; }
read -r lr lg lb <<<"$(bg "$work/report-light.png")"
read -r dr dg db <<<"$(bg "$work/report-dark.png")"
[ "$lr" -gt 200 ] && [ "$lg" -gt 200 ] && [ "$lb" -gt 200 ] || fail "light page background is $lr $lg $lb"
[ "$dr" -lt 60 ] && [ "$dg" -lt 60 ] && [ "$db" -lt 60 ] || fail "dark page background is $dr $dg $db"
echo "report: ok ($work/report-light.png, $work/report-dark.png)"
