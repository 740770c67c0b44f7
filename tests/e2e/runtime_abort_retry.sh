#!/usr/bin/env bash
# runtime_abort_retry.sh OUT_DIR -- COMMAND...: runs an e2e test COMMAND and,
# only when it failed because Monado itself aborted (a "monado-service: ...
# Assertion ... failed" line in a Monado log under OUT_DIR), runs it once
# more and says so. Monado 25's app pacer asserts under heavy load with two
# clients (u_pacing_app.c pa_mark_delivered: `f->frame_id == frame_id`, seen
# in the ASan stage of e2e.two_apps_budget on a loaded 2-core machine); that
# is the runtime's bug, not what the test checks. Any other failure, or a
# second abort, fails as it is.
set -uo pipefail
OUT=$1
[ "$2" = "--" ] || { echo "usage: runtime_abort_retry.sh OUT_DIR -- COMMAND..."; exit 2; }
shift 2
runtime_aborted() { grep -qsE "^monado-service: .*Assertion .* failed" "$OUT"/*monado*.log; }
"$@"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 77 ] && runtime_aborted; then
  echo "runtime_abort_retry: Monado aborted during the run ($(grep -hsE '^monado-service: .*Assertion' "$OUT"/*monado*.log | head -1)); running the test once more"
  "$@"
  rc=$?
fi
exit $rc
