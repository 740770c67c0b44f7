#!/usr/bin/env bash
# `timewall demo --frames` on the demo day: one frame per decision point of
# the day's decision log, every PNG decodes, panels light their listed boxes
# and nothing else changes (demo_frames_check). Negative controls: a shrunk
# box and a box over empty background must both fail the check.
# usage: demo_frames.sh TIMEWALL CHECK DATA_DIR WORK_DIR
set -u
bin=$1 check=$2 data=$3 work=$4
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
rm -rf "$work"
mkdir -p "$work"
frames=$work/frames
start=$(date +%s.%N)
"$bin" demo --frames "$frames" >"$work/demo.txt" 2>"$work/demo.err" || fail "demo --frames: $(cat "$work/demo.err")"
end=$(date +%s.%N)
grep -q '^frames: [1-9][0-9]* PNGs' "$work/demo.txt" || fail "no frames line in the demo output"
"$bin" replay --policy "$data/demo/policy.toml" --signals "$data/demo/day.jsonl" --out "$work/decisions.jsonl" ||
  fail "replay"
"$check" "$frames" "$work/decisions.jsonl" || fail "the frames do not match their index or the decision log"

# Negative control 1: the first panel of the first frame with panels, its box
# cut to its left half. Its right half's pixels now lie outside every box.
line=$(grep -n '"panels":\[{' "$frames/frames.jsonl" | head -1 | cut -d: -f1)
[ -n "$line" ] || fail "no frame lists a panel"
awk -v n="$line" 'NR == n { match($0, /"x0":[0-9]+/); x0 = substr($0, RSTART + 5, RLENGTH - 5) + 0
                            match($0, /"x1":[0-9]+/); x1 = substr($0, RSTART + 5, RLENGTH - 5) + 0
                            sub(/"x1":[0-9]+/, "\"x1\":" int((x0 + x1) / 2)) } { print }' \
  "$frames/frames.jsonl" >"$work/shrunk.jsonl"
cmp -s "$frames/frames.jsonl" "$work/shrunk.jsonl" && fail "control 1 changed nothing"
"$check" "$frames" "$work/decisions.jsonl" "$work/shrunk.jsonl" >"$work/control1.txt"
[ $? -eq 1 ] || fail "a shrunk panel box passed the check: $(cat "$work/control1.txt")"
grep -q 'outside every panel box' "$work/control1.txt" || fail "control 1 failed for another reason: $(cat "$work/control1.txt")"

# Negative control 2: an extra box in the top-left corner, where nothing is.
sed "${line}s/\"panels\":\[{/\"panels\":[{\"kind\":\"warning\",\"collapsed\":false,\"x0\":0,\"y0\":0,\"x1\":24,\"y1\":24},{/" \
  "$frames/frames.jsonl" >"$work/empty.jsonl"
"$check" "$frames" "$work/decisions.jsonl" "$work/empty.jsonl" >"$work/control2.txt"
[ $? -eq 1 ] || fail "a box over empty background passed the check: $(cat "$work/control2.txt")"
grep -q 'shows nothing' "$work/control2.txt" || fail "control 2 failed for another reason: $(cat "$work/control2.txt")"

echo "demo --frames: ok ($(grep '^frames:' "$work/demo.txt"); $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f s", b - a }'))"
