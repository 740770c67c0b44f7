#!/usr/bin/env bash
# e2e (b): Khronos' unmodified hello_xr -g Vulkan2 on Monado's XCB compositor
# under Xvfb, with XR_APILAYER_TIMEWALL_overlay and Khronos' core validation
# layer enabled, then the same without Timewall, then with a broken policy,
# then under a policy that names hello_xr as it reports itself.
# The layer gets a policy (a 45-minute budget on hello_xr), a ledger and an
# app-id override file (HelloXR = com.khronos.hello_xr) inside OUT. Asserts:
#   - frames were submitted with Timewall's layer (frame log), the ring was
#     drawn once and then re-submitted from its last image, and it showed the
#     policy's budget (45 min limit, 44..45 min left);
#   - the ledger, read on the host, holds hello_xr's attended time under the
#     override's app id, equal to the time from FOCUSED to leaving it;
#   - core validation ran and reported no error; the layer logged only, once,
#     what the app resolved to (the override's id, its [apps] entry, budget);
#   - hello_xr exited cleanly (rc 0, after a key press on its stdin);
#   - the screenshot shows the ring colour where the panel was placed, in both
#     eyes, and the run without the layer shows none of it;
#   - with a broken policy file hello_xr still runs and exits 0, the layer
#     says so exactly once, shows no ring and still records the time;
#   - issue 18: with no app map and a policy that maps "openxr.HelloXR" (the
#     name hello_xr reports, in its case) to a category with a 30-minute
#     budget, the app id rule matches it: the layer says so once, and every
#     frame with the ring shows the 30-minute limit.
# Artefacts (screenshots, logs, ledgers) stay in OUT.
#   hello_xr_layer.sh SOURCE_DIR BUILD_DIR PIXEL_PROBE OUT_DIR LEDGER_PROBE
set -uo pipefail
SRC=$1 BUILD=$2 PROBE=$3 OUT=$4 LEDGER_PROBE=$5
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
mkdir -p "$OUT" && rm -f "$OUT"/*
trap stop_xvfb EXIT
start_xvfb

cat >"$OUT/policy.toml" <<'POLICY'
schema = 1
[time_value]
timezone = "Europe/Berlin"
[apps]
"com.khronos.hello_xr" = "games"
[[budget]]
id = "hello-daily"
app = "com.khronos.hello_xr"
period = "daily"
limit_min = 45
at_limit = "notify"
POLICY
chmod 600 "$OUT/policy.toml"  # a wearer's policy is owner-only (a wider mode is fixed and logged)
printf 'schema = 1\n[[budget]]\nid = "x"\nlimit_min = "forty"\n' >"$OUT/broken.toml"
echo "HelloXR = com.khronos.hello_xr" >"$OUT/openxr-apps.conf"
cat >"$OUT/mixed_case.toml" <<'POLICY'
schema = 1
[apps]
"openxr.HelloXR" = "games"
[[budget]]
id = "games-daily"
category = "games"
limit_min = 30
at_limit = "notify"
POLICY
chmod 600 "$OUT/mixed_case.toml"

# run NAME LAYERS POLICY [noshot]: hello_xr until it has shown enough frames
# (with the app map in APP_MAP),
# a screenshot (unless noshot), then a key press so it shuts down the way a
# user would end it.
run() {
  local name=$1 layers=$2 policy=$3 shot=${4:-shot} inner="$OUT/$1.inner.sh"
  cat >"$inner" <<INNER
export XR_API_LAYER_PATH=$BUILD/lib:/usr/share/openxr/1/api_layers/explicit.d
export XR_ENABLE_API_LAYERS=$layers
export TIMEWALL_LAYER_FRAME_LOG=$OUT/$name.frames.log
export TIMEWALL_POLICY=$policy
export TIMEWALL_LEDGER=$OUT/$name.ledger.db
export TIMEWALL_LAYER_APP_MAP=${APP_MAP:-$OUT/openxr-apps.conf}
INNER
  hello_xr_inner "$name" 180 >>"$inner"
  bash "$SRC/scripts/in-monado-root.sh" --display "$DISPLAY_NUM" --bind "$BUILD" --log "$OUT/$name.monado.log" \
    -- bash "$inner" &
  local runner=$!
  # Wait until hello_xr is FOCUSED and has rendered a while (with the layer:
  # 60 frames in its log). At most about 90 s.
  local deadline=$((SECONDS + 90))
  while [ $SECONDS -lt $deadline ] && kill -0 $runner 2>/dev/null; do
    if grep -q "XR_SESSION_STATE_FOCUSED" "$OUT/$name.hello_xr.log" 2>/dev/null; then
      [ "$name" = without_layer ] || [ "$(frames_in "$OUT/$name.frames.log")" -ge 60 ] && break
    fi
    sleep 0.2
  done
  sleep 2

  [ "$shot" = noshot ] || screenshot "$name"
  touch "$OUT/$name.shot-done"
  wait $runner
  echo "$name: hello_xr exit status $(cat "$OUT/$name.rc" 2>/dev/null || echo none)"
}

run with_layer XR_APILAYER_TIMEWALL_overlay:XR_APILAYER_LUNARG_core_validation "$OUT/policy.toml"
run without_layer XR_APILAYER_LUNARG_core_validation "$OUT/policy.toml"
run broken_policy XR_APILAYER_TIMEWALL_overlay "$OUT/broken.toml" noshot
APP_MAP=$OUT/no-app-map.conf run mixed_case XR_APILAYER_TIMEWALL_overlay "$OUT/mixed_case.toml" noshot

fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
L=$OUT/with_layer.frames.log
frames=$(grep -c '^frame' "$L" || true)
with_tw=$(grep -c '^frame .* timewall_layers [1-9].* result 0 ' "$L" || true)
renders=$(awk '/^frame/ {s += $8} END {print s + 0}' "$L")
echo "frame log: $frames frames, $with_tw with Timewall's layer, $renders ring render(s)"
check "hello_xr with the layer exited cleanly (rc 0)" '[ "$(cat $OUT/with_layer.rc)" = 0 ]'
check "hello_xr without the layer exited cleanly (rc 0)" '[ "$(cat $OUT/without_layer.rc)" = 0 ]'
check "at least 50 frames carried Timewall's layer" '[ "$with_tw" -ge 50 ]'
check "the ring was drawn, then re-submitted unchanged (1..2 renders)" '[ "$renders" -ge 1 ] && [ "$renders" -le 2 ]'
# The frame line has "... ring_min M ring_limit_min L mode X": the budget as the ring shows it.
ring_frames=$(grep -c '^frame .* timewall_layers [1-9].* ring_min 4[45] ring_limit_min 45 ' "$L" || true)
check "the policy's engine, app id and zone were in force" \
  'grep -q "^# app HelloXR ledger_id com.khronos.hello_xr" $L && grep -q "^# core policy_version 1 zone Europe/Berlin ledger on" $L'
check "every frame with the ring showed the policy's 45-minute budget" '[ "$ring_frames" -eq "$with_tw" ]'
# Attended time: FOCUSED (state 5) to the next state or the session's end
# (hello_xr destroys a focused session when a key is pressed), as stamped.
focus_ms() { awk '/^# state 5 / {f = $NF} /^# (state [0-46-9]|session_end) / && f {print $NF - f; exit}' "$1"; }
expect_ms=$(focus_ms "$L")
got_ms=$("$LEDGER_PROBE" "$OUT/with_layer.ledger.db" Europe/Berlin com.khronos.hello_xr "$(date +%s)" | awk '{print $2}')
echo "ledger: hello_xr attended ${got_ms:-none} ms; FOCUSED lasted ${expect_ms:-?} ms"
check "the ledger holds hello_xr's attended time under its app id" \
  '[ -n "$got_ms" ] && [ -n "$expect_ms" ] && [ "$got_ms" -ge 1000 ] && [ $((got_ms - expect_ms)) -le 20 ] && [ $((expect_ms - got_ms)) -le 20 ]'
for name in with_layer without_layer; do
  check "core validation ran ($name)" 'grep -q "Core Validation Layer is initialized" $OUT/$name.hello_xr.log'
  check "core validation reported no error ($name)" '! grep -E "VALID_ERROR|XR_ERROR_VALIDATION_FAILURE|\[Error" $OUT/$name.hello_xr.log'
done
resolved='application "HelloXR" counts as "com.khronos.hello_xr" (app map '"$OUT"'/openxr-apps.conf:1): [apps] "com.khronos.hello_xr" = "games"; budget hello-daily (45 min daily)'
check "the layer logged once what the app resolved to" \
  '[ "$(grep -cxF "[XR_APILAYER_TIMEWALL_overlay] $resolved" $OUT/with_layer.hello_xr.log)" -eq 1 ]'
check "the layer logged nothing else (no failure, no missing file)" \
  '[ "$(grep -c "XR_APILAYER_TIMEWALL_overlay\]" $OUT/with_layer.hello_xr.log)" -eq 1 ]'
B=$OUT/broken_policy.frames.log
broken_said=$(grep -c "XR_APILAYER_TIMEWALL_overlay\] the policy $OUT/broken.toml was not applied" $OUT/broken_policy.hello_xr.log || true)
check "broken policy: hello_xr exited cleanly (rc 0)" '[ "$(cat $OUT/broken_policy.rc)" = 0 ]'
check "broken policy: logged exactly once" '[ "$broken_said" -eq 1 ]'
check "broken policy: the defaults apply, no ring" \
  '[ "$(frames_in $B)" -ge 30 ] && ! grep -q "^frame .* timewall_layers [1-9]" $B && grep -q "^# core policy_version 0 " $B'
broken_ms=$("$LEDGER_PROBE" "$OUT/broken_policy.ledger.db" UTC com.khronos.hello_xr "$(date +%s)" | awk '{print $2}')
check "broken policy: attended time still recorded (${broken_ms:-none} ms)" '[ -n "$broken_ms" ] && [ "$broken_ms" -ge 500 ]'
M=$OUT/mixed_case.frames.log
m_tw=$(grep -c '^frame .* timewall_layers [1-9].* result 0 ' "$M" || true)
m_ring=$(grep -cE '^frame .* timewall_layers [1-9].* ring_min (29|30) ring_limit_min 30 ' "$M" || true)
m_resolved='application "HelloXR" counts as "openxr.helloxr" (no app map entry): [apps] "openxr.helloxr" = "games"; budget games-daily (30 min daily)'
echo "mixed case: $m_tw frames with Timewall's layer, $m_ring with the 30-minute ring"
check "mixed case: hello_xr exited cleanly (rc 0)" '[ "$(cat $OUT/mixed_case.rc)" = 0 ]'
check "mixed case: the app id is the rule's" 'grep -q "^# app HelloXR ledger_id openxr.helloxr$" $M'
check "mixed case: the layer logged the [apps] entry and budget it resolved to, once" \
  '[ "$(grep -cxF "[XR_APILAYER_TIMEWALL_overlay] $m_resolved" $OUT/mixed_case.hello_xr.log)" -eq 1 ] && grep -qxF "# resolved $m_resolved" $M'
check "mixed case: the budget applies: every frame with Timewall's layer shows the 30-minute ring" \
  '[ "$m_tw" -ge 30 ] && [ "$m_ring" -eq "$m_tw" ]'
check "ring pixels where the panel was placed" '"$PROBE" $OUT/with_layer.ppm $L'
check "no ring pixels without the layer" '"$PROBE" $OUT/without_layer.ppm --absent'
echo "artefacts: $OUT/with_layer.png $OUT/without_layer.png"
exit $fail
