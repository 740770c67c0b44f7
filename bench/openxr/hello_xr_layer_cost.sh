#!/usr/bin/env bash
# What XR_APILAYER_TIMEWALL_overlay costs Khronos' hello_xr, in one run:
# hello_xr -g Vulkan2 on Monado's null compositor (in the Monado root), with
# and without the Timewall layer, alternating, ROUNDS times each. In both, the
# frame-counting layer XR_APILAYER_TIMEWALL_bench_frame_counter sits next to
# the app and reads the process CPU clock over FRAMES frames after a warm-up,
# so the runs differ by the Timewall layer alone. The layer runs the core as
# a wearer has it: a policy with a budget on hello_xr (so the ring shows) and
# a SQLite ledger per run, both in OUT. A last run with the frame log on gives
# the layer's own CPU time per steady-state frame (ring shown, not redrawn).
#   bench/openxr/hello_xr_layer_cost.sh [ROUNDS] [FRAMES]     (root, after a build)
set -uo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${TW_BUILD_DIR:-$SRC/build/default}
ROUNDS=${1:-3}
export TW_BENCH_FRAMES=${2:-300} TW_BENCH_WARMUP=150
OUT=$BUILD/bench-openxr
mkdir -p "$OUT" && rm -f "$OUT"/*
bash "$SRC/scripts/monado-root.sh" >/dev/null || { echo "no Monado root"; exit 2; }
printf 'schema = 1\n[apps]\n"openxr.helloxr" = "games"\n[[budget]]\nid = "games"\ncategory = "games"\nlimit_min = 45\n' \
  >"$OUT/policy.toml"

run() {  # run NAME EXTRA_LAYERS [frame-log]
  local name=$1 layers=XR_APILAYER_TIMEWALL_bench_frame_counter${2:+:$2}
  cat >"$OUT/$name.sh" <<INNER
export XR_API_LAYER_PATH=$BUILD/lib/bench:$BUILD/lib
export XR_ENABLE_API_LAYERS=$layers TW_BENCH_OUT=$OUT/$name.result
export TIMEWALL_POLICY=$OUT/policy.toml TIMEWALL_LEDGER=$OUT/$name.ledger.db
${3:+export TIMEWALL_LAYER_FRAME_LOG=$OUT/$name.frames.log}
(while [ ! -s $OUT/$name.result ]; do sleep 0.5; done; echo) | timeout 300 hello_xr -g Vulkan2 >$OUT/$name.log 2>&1
INNER
  bash "$SRC/scripts/in-monado-root.sh" --bind "$BUILD" -- bash "$OUT/$name.sh"
  read -r _ frames _ cpu _ wall <"$OUT/$name.result" || { echo "$name: no result"; exit 1; }
  awk -v n="$name" -v f="$frames" -v c="$cpu" -v w="$wall" \
    'BEGIN { printf "%-16s %4d frames  %8.2f ms CPU/frame  %6.2f ms wall/frame\n", n, f, c / f, w / f }'
}

for r in $(seq 1 "$ROUNDS"); do
  run "without_$r" | tee -a "$OUT/summary.txt"
  run "with_$r" XR_APILAYER_TIMEWALL_overlay | tee -a "$OUT/summary.txt"
done
awk '/^without/ { a += $4; na++ } /^with_/ { b += $4; nb++ }
     END { printf "mean CPU/frame: without %.2f ms, with %.2f ms, ratio %.3f\n", a / na, b / nb, (b / nb) / (a / na) }' \
  "$OUT/summary.txt"
run own_cost XR_APILAYER_TIMEWALL_overlay frame-log >/dev/null
grep '^# steady_state' "$OUT/own_cost.frames.log"
awk '/^frame/ && $6 >= 1 && $8 == 0 { print $12 }' "$OUT/own_cost.frames.log" | sort -n |
  awk '{ v[NR] = $1 } END { printf "layer CPU per steady frame: median %.1f us, p90 %.1f us (%d frames)\n", v[int(NR / 2) + 1] / 1000, v[int(NR * 0.9) + 1] / 1000, NR }'
