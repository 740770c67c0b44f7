#!/usr/bin/env bash
# Runs the core unit-test binaries under valgrind memcheck; fails on any
# memory error or definite/indirect leak. CTest runs it as `valgrind_core`.
#   scripts/valgrind-core.sh build/default/bin
# tw_timezone_alloc_tests is left out: it replaces operator new itself, which
# is what valgrind does too. The guardian tests run argon2id at libsodium's
# minimum cost, so they stay quick under valgrind.
set -euo pipefail
bin="${1:-build/default/bin}"
if ! command -v valgrind >/dev/null; then
  echo "SKIP: valgrind is not installed (apt: valgrind)" >&2
  exit 77
fi
status=0
for t in tw_core_tests tw_timezone_dst_tests tw_policy_tests tw_scheduler_tests tw_replay_tests tw_ledger_tests \
         tw_guardian_tests; do
  start=$(date +%s)
  if valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
       "$bin/$t" >"$bin/$t.valgrind.log" 2>&1; then
    echo "valgrind $t: clean ($(tail -1 "$bin/$t.valgrind.log" | tr -s ' '), $(( $(date +%s) - start )) s)"
  else
    echo "valgrind $t: FAILED; $bin/$t.valgrind.log:" >&2
    grep -B2 -A25 -E '==[0-9]+==' "$bin/$t.valgrind.log" | head -60 >&2 || tail -40 "$bin/$t.valgrind.log" >&2
    status=1
  fi
done
exit "$status"
