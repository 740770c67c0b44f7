#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang 14, ASan+UBSan) and
# runs each for a bounded time from its kept seed corpus in tests/fuzz/corpus.
# Fails on any crash, leak, timeout, out-of-memory or sanitizer report.
# CTest runs it as the `fuzz` test (label fuzz, TIMEOUT 1500 s): a cold build
# of the preset (the GPU and OpenXR parts too, for tw_fuzz_layer) is about
# 215 CPU-seconds, 9 minutes of wall time on this shared 2-core machine; with
# 45 s per target the whole test takes about 15 minutes there (layer runs
# three times: a budget far from its limit, used up with friction, and
# blocked).
#   scripts/fuzz.sh                 # every target, TW_FUZZ_SECONDS (45) each
#   TW_FUZZ_SECONDS=600 scripts/fuzz.sh layer
# Prints the build time, then one line per target: "fuzz <target>: <runs>
# inputs in <s> s, corpus <n>", and for layer what its checks saw.
# New inputs go to build/fuzz/corpus/<target>; crash inputs to build/fuzz/artifacts.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v clang++-14 >/dev/null ||
   ! compgen -G '/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a' >/dev/null; then
  echo "SKIP: clang-14 with libFuzzer (apt: clang-14 libclang-rt-14-dev) is not installed" >&2
  exit 77
fi

seconds="${TW_FUZZ_SECONDS:-45}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(policy timeline tzif notify layer layer_friction layer_block)

build_start_s=$SECONDS
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"${TW_FUZZ_JOBS:-2}"
echo "fuzz: build took $((SECONDS - build_start_s)) s"

status=0
for t in "${targets[@]}"; do
  work="build/fuzz/corpus/$t"
  mkdir -p "$work" build/fuzz/artifacts
  log="build/fuzz/$t.log"
  # -timeout: one input over 10 s is a hang; -rss_limit_mb: the policy loader
  # refuses files over 256 KiB, so 2 GiB means a runaway allocation.
  # lsan.supp: lavapipe's own allocations of live objects (see the file).
  # layer_friction and layer_block: tw_fuzz_layer under a used-up budget
  # (TW_FUZZ_LAYER_POLICY), from the layer's seeds.
  bin=$t seeds=$t policy=notify
  case "$t" in layer_*) bin=layer seeds=layer policy=${t#layer_} ;; esac
  rc=0
  TW_FUZZ_LAYER_POLICY=$policy LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
  "build/fuzz/bin/tw_fuzz_$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="build/fuzz/artifacts/$t-" \
    "$work" "tests/fuzz/corpus/$seeds" >"$log" 2>&1 || rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ "$rc" -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log"; then
    echo "fuzz $t: FAILED (exit $rc) after ${runs:-?} inputs; log $log:" >&2
    grep -A40 -E 'ERROR:|runtime error:' "$log" | head -80 >&2 || tail -40 "$log" >&2
    status=1
  else
    echo "fuzz $t: ${runs:-?} inputs in $seconds s, corpus $(ls "$work" | wc -l) new + $(ls "tests/fuzz/corpus/$seeds" | wc -l) seeds, no crash, leak or sanitizer report"
    grep -h '^tw_fuzz_layer: .* frames checked' "$log" || true
  fi
done
exit "$status"
