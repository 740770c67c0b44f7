#!/usr/bin/env bash
# golden: behaviour that a refactor must keep byte for byte.
# - `timewall replay` decisions for every bundled timeline/policy pair (the
#   demo day, the simulator's day, the valid timelines of the fuzz corpus)
#   and `timewall demo`'s story;
# - tw_scheduler_trace (overlay sets, sub-steps, observer calls) for the
#   bundled days at the replay cadence (1 s) and at 1 h (the stop bound);
# - tw_layout_golden (the solver on the benchmark's and the layout tests' inputs).
# Each output is compared with cmp against tests/data/golden/; a difference
# fails with the first lines of the diff. TW_UPDATE_GOLDENS=1 rewrites the
# goldens instead (scripts/update-goldens.sh --text).
# usage: golden.sh TIMEWALL TRACE LAYOUT SOURCE_DIR WORK_DIR
set -u
. "$(dirname "$0")/../cli/lib.sh"
bin=$1 trace=$2 layout=$3 src=$4 work=$5
golden=$src/tests/data/golden
rm -rf "$work" && mkdir -p "$work" || fail "cannot make $work"
failed=0

# check NAME CMD...: runs CMD (exit 0 required) into $work/NAME, compares.
check() {
  local name=$1
  shift
  mkdir -p "$(dirname "$work/$name")"
  "$@" >"$work/$name" 2>"$work/$name.err" || fail "'$*' exited $?: $(head -c 2000 "$work/$name.err")"
  if [ "${TW_UPDATE_GOLDENS:-0}" = 1 ]; then
    mkdir -p "$(dirname "$golden/$name")"
    cp "$work/$name" "$golden/$name"
    echo "updated $name"
  elif ! cmp -s "$golden/$name" "$work/$name"; then
    echo "FAIL: $name differs from tests/data/golden/$name:" >&2
    diff -u "$golden/$name" "$work/$name" | head -n 40 >&2
    failed=1
  else
    echo "same: $name ($(wc -c <"$work/$name") bytes)"
  fi
}

demo_policy=$src/data/demo/policy.toml
pairs=(
  "demo-day:$demo_policy:$src/data/demo/day.jsonl"
  "example-day:$src/data/policies/example.toml:$src/data/demo/day.jsonl"
  "desktop-short_day:$src/tests/data/desktop/policy.toml:$src/tests/data/desktop/short_day.jsonl"
)
for t in all_types day dst_back escapes; do
  pairs+=("corpus-$t:$demo_policy:$src/tests/fuzz/corpus/timeline/$t.jsonl")
done
for p in "${pairs[@]}"; do
  IFS=: read -r name policy day <<<"$p"
  check "replay/$name.jsonl" "$bin" replay --policy "$policy" --signals "$day"
done
check demo/story.txt env -C "$src" "$bin" demo --data data  # relative: no checkout path in the story
for p in "${pairs[@]:0:3}"; do
  IFS=: read -r name policy day <<<"$p"
  check "trace/$name-1s.txt" "$trace" "$policy" "$day" 1000
  check "trace/$name-1h.txt" "$trace" "$policy" "$day" 3600000
done
check layout/solver.txt "$layout"

[ "$failed" = 0 ] || fail "behaviour changed (TW_UPDATE_GOLDENS=1 to accept an intended change)"
echo "golden: ok"
