#!/usr/bin/env bash
# e2e, issue 13: a fill card's "dismiss" answered in Khronos' unmodified
# hello_xr -g Vulkan2 through the API layer, on Monado's `remote` driver
# (null compositor). The policy gives hello_xr a 45-minute budget (so its
# ring shows too), no interaction for 3 s starts an idle moment, and an idle
# moment shows a fill card (one vocabulary item). Where the card's buttons
# are comes from tw_card_target fill_card (the layer's solver, the runtime's
# FOVs). One case per call:
#   separate  each panel its own quad. Head only (both controllers inactive
#             before hello_xr starts): once the card is up, the head turns
#             to its "dismiss" and rests (dwell_s 1.0).
#   atlas     TIMEWALL_LAYER_MAX_LAYERS=2: hello_xr's projection leaves one
#             layer, so ring and card go into one atlas quad; the ring comes
#             first (priority) and keeps its place, the card hangs below it,
#             where tw_card_target ... atlas puts it. The right controller
#             aims there and pulls the trigger.
# Asserts: the frame log's first answer is dismiss on the fill_card (by gaze,
# or by aim); the card is up (2 panels) before it, and within 0.5 s after it
# only the ring is (1 panel), for at least 2 s (the next idle moment is 3 s
# away); the atlas case went atlas the whole time the card was up; the ledger
# holds fill_card:fill_dismiss; hello_xr exits 0.
#   hello_xr_fill.sh SOURCE_DIR BUILD_DIR CASE OUT_DIR PORT
set -uo pipefail
SRC=$1 BUILD=$2 CASE=$3 OUT=$4 PORT=$5
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
command -v sqlite3 >/dev/null || die "sqlite3 is not installed: run scripts/install-deps.sh"
mkdir -p "$OUT" && rm -f "$OUT"/*
LAYERS=XR_APILAYER_TIMEWALL_e2e_probe:XR_APILAYER_TIMEWALL_overlay
CTRL_STAGE="0.15 1.35 -0.3" CTRL_LOCAL="0.15 -0.25 -0.3"  # LOCAL = the stage raised 1.6 m
LEDGER=$OUT/ledger.db

cat >"$OUT/policy.toml" <<'POLICY'
schema = 1
[attention]
dwell_s = 1.0
afk_after_s = 600
[idle]
min_idle_s = 3
default = "fill"
[[idle.item]]
id = "word-tree"
kind = "vocabulary"
title = "der Baum"
body = "the tree"
[[budget]]
id = "hello-daily"
app = "openxr.helloxr"
limit_min = 45
at_limit = "notify"
POLICY
chmod 600 "$OUT/policy.toml"

fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
target() { awk -v b="$1" -v f="$2" '$1 == "button" && $2 == b { for (i = 3; i < NF; i += 2) if ($i == f) print $(i + 1) }' "$OUT/targets.txt"; }
field() { awk -v f="$1" '{for (i = 1; i < NF; ++i) if ($i == f) {print $(i + 1); exit}}'; }

# The views Timewall's frame log records, from a first short run (the solver needs the FOVs).
printf '0 head 0 0\n500 end\n' >"$OUT/fov.script"
remote_start fov "$PORT" "$LAYERS" "$OUT/fov.script"
remote_go fov
remote_finish fov >/dev/null
atlas_arg=
[ "$CASE" = atlas ] && atlas_arg=atlas
"$BUILD/bin/tw_card_target" fill_card "$OUT/fov.frames.log" $CTRL_LOCAL $atlas_arg >"$OUT/targets.txt" ||
  die "tw_card_target could not place the fill card (see $OUT/fov.frames.log)"
cat "$OUT/targets.txt"

case "$CASE" in
separate)
  hy=$(target dismiss head_yaw_deg) hp=$(target dismiss head_pitch_deg)
  [ -n "$hy" ] || die "no dismiss angles in $OUT/targets.txt"
  # The card comes about 3 s after focus (1 s before the script starts); at
  # 4 s the head turns to "dismiss" at about 10 deg/s and rests.
  { printf -- '-1 left active 0\n-1 right active 0\n0 head 0 0\n'
    awk -v y="$hy" -v p="$hp" 'BEGIN { for (k = 1; k <= 20; ++k) printf "%d head %.3f %.3f\n", 4000 + 50 * k, y * k / 20, p * k / 20 }'
    printf '9500 end\n'; } >"$OUT/run.script"
  via=gaze
  ;;
atlas)
  ay=$(target dismiss aim_yaw_deg) ap=$(target dismiss aim_pitch_deg)
  [ -n "$ay" ] || die "no dismiss angles in $OUT/targets.txt"
  cat >"$OUT/run.script" <<SCRIPT
0 head 0 0
0 right pos $CTRL_STAGE
0 right aim $ay $ap
4000 right trigger 1
4200 right trigger 0
9000 end
SCRIPT
  via=aim
  export REMOTE_ENV="export TIMEWALL_LAYER_MAX_LAYERS=2"
  ;;
*) die "unknown case $CASE" ;;
esac

remote_start run "$PORT" "$LAYERS" "$OUT/run.script" "$LEDGER"
remote_go run
remote_finish run
L=$OUT/run.frames.log
answer=$(grep -m1 '^# answer ' "$L")
echo "answers: $(grep '^# answer ' "$L" | tr '\n' ';') hovers: $(grep -c '^# hover ' "$L")"
check "the first answer is dismiss via $via on the fill card" \
  '[ -n "$answer" ] && echo "$answer" | grep -q "^# answer dismiss via $via card fill_card "'
frame=$(echo "$answer" | field frame)
frame=${frame:-0}
# The frame period from the log (hello_xr's pace varies with the machine).
focused_ms=$(awk '$1 == "#" && $2 == "state" && $3 == 5 {print $5; exit}' "$L")
end_ms=$(awk '$2 == "session_end" {print $4}' "$L")
period_ms=$(awk -v a="${focused_ms:-0}" -v b="${end_ms:-0}" '/^frame/ {n++} END {print (n > 0 && b > a) ? int((b - a) / n) : 0}' "$L")
up_before=$(awk -v f="$frame" '/^frame/ && $2 < f && $2 >= f - 20 && / panels 2$/' "$L" | wc -l)
# The first frame after the answer with the ring alone, and how long it stayed alone from there.
gone_at=$(awk -v f="$frame" '/^frame/ && $2 > f && / panels 1$/ {print $2; exit}' "$L")
gone_frames=$(awk -v g="${gone_at:-0}" '/^frame/ && $2 >= g { if (/ panels 1$/) n++; else exit } END {print n + 0}' "$L")
echo "frame period ${period_ms} ms; gone at frame ${gone_at:-none}, for $gone_frames frames"
check "the card was up before the answer ($up_before of 20 frames with 2 panels)" '[ "$up_before" = 20 ]'
check "the card went within 0.5 s of the answer and stayed gone 2 s ($((gone_frames * period_ms)) ms; the next idle moment is 3 s on)" \
  '[ "$frame" -gt 0 ] && [ -n "$gone_at" ] && [ "$period_ms" -gt 0 ] && [ $(((gone_at - frame) * period_ms)) -le 500 ] && [ $((gone_frames * period_ms)) -ge 2000 ]'
if [ "$CASE" = atlas ]; then
  not_atlas=$(awk '/^frame/ && / panels 2$/ && !/ mode atlas /' "$L" | wc -l)
  atlas_frames=$(grep -c '^frame .* mode atlas panels 2$' "$L")
  check "ring and card went as one atlas quad ($atlas_frames frames; $not_atlas with both otherwise)" \
    '[ "$atlas_frames" -ge 30 ] && [ "$not_atlas" = 0 ]'
fi
ledger_answers=$(sqlite3 "$LEDGER" "SELECT card || ':' || answer FROM answer ORDER BY id" 2>&1 | tr '\n' ' ')
echo "ledger answers: $ledger_answers"
check "the ledger holds the dismiss" '[ "$ledger_answers" = "fill_card:fill_dismiss " ]'
check "hello_xr exited 0" '[ "$(cat "$OUT/run.rc" 2>/dev/null)" = 0 ]'
exit $fail
