#!/usr/bin/env bash
# The API layer's own CPU per steady frame (bench/openxr/layer_frame_bench.cpp)
# on Monado's null compositor in the Monado root, as root after a `default`
# build. Arguments go to Google Benchmark, e.g. --benchmark_repetitions=3.
#   bash bench/openxr/layer_frame_bench.sh [BENCHMARK_ARGS...]
set -uo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${TW_BUILD_DIR:-$SRC/build/default}
OUT=$BUILD/bench-layer-frame
mkdir -p "$OUT" && rm -f "$OUT"/*
bash "$SRC/scripts/monado-root.sh" >/dev/null || { echo "no Monado root"; exit 2; }
[ -x "$BUILD/bin/tw_bench_layer_frame" ] || { echo "build tw_bench_layer_frame first"; exit 2; }
# The ring shows (a 45-minute budget on this app, none of it used), a ledger
# records; no idle moment starts in the run (min_idle_s), so nothing on show changes.
printf 'schema = 1\n[[budget]]\nid = "bench"\napp = "openxr.tw_bench_layer_frame"\nlimit_min = 45\n[idle]\nmin_idle_s = 3600\n' >"$OUT/policy.toml"
chmod 600 "$OUT/policy.toml"
: >"$OUT/no-app-map.conf"
cat >"$OUT/run.sh" <<INNER
export XR_API_LAYER_PATH=$BUILD/lib:$BUILD/lib/bench
export TIMEWALL_POLICY=$OUT/policy.toml TIMEWALL_LEDGER=$OUT/ledger.db TIMEWALL_LAYER_APP_MAP=$OUT/no-app-map.conf
$BUILD/bin/tw_bench_layer_frame $*
INNER
# The root has no Google Benchmark: the host's library goes in as in-monado-root.sh binds host runtimes.
bench_lib=$(ldd "$BUILD/bin/tw_bench_layer_frame" | awk '/libbenchmark/ {print $3}')
[ -n "$bench_lib" ] || { echo "tw_bench_layer_frame does not find libbenchmark on the host"; exit 2; }
TW_SANITIZER_LIBS=${TW_SANITIZER_LIBS:+$TW_SANITIZER_LIBS:}$bench_lib \
  bash "$SRC/scripts/in-monado-root.sh" --keep-service --bind "$BUILD" -- bash "$OUT/run.sh"
