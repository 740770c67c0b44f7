#!/usr/bin/env bash
# demo: runs, exits 0, and tells the day's key events and a non-zero summary.
# usage: demo_story.sh TIMEWALL
set -u
. "$(dirname "$0")/lib.sh"
bin=$1
expect_rc 0 "$bin" demo
want=(
  'FILL card "el andén: the platform"'            # the platform wait is filled
  'PROTECT: nothing shown, nudges held  <- idle moment, and this context is protected'  # the train
  'NUDGE #101 delivered  <- a breakpoint'          # a deferred nudge at a breakpoint
  'NUDGE #102 delivered  <- waited the longest'    # ... and one at the bound
  'fill_card held'                                 # walking holds the card
  '[reclaimed_time]'                               # task done early
  'FRICTION PROMPT on com.example.feed'            # the ladder's friction prompt
  'continue anyway: BYPASS'                        # one bypass
  'the wearer took the easy way out'               # then the easy way out
  'WIND-DOWN: 30 min to bedtime'
  'PROTECTED WINDOW "sleep" begins'
  'block shield over com.example.feed lifts  <- the wearer left com.example.feed [went up for reclaimed_time]'  # why it lifts
  'Time-value summary for Monday 2 March 2026'
  'bypasses          1 ('
)
for w in "${want[@]}"; do
  grep -qF -- "$w" <<<"$out" || fail "demo output lacks: $w"
done
grep -qE 'BLOCK shield over com\.example\.feed .*\[reclaimed_time\]' <<<"$out" || fail "no reclaimed-time block"
grep -qE 'attended in all +[0-9]+ min, worth [1-9][0-9]*\.[0-9]{2} EUR' <<<"$out" || fail "no non-zero cost"
grep -qE '^    social +[0-9]+ min +[1-9][0-9]*\.[0-9]{2} EUR' <<<"$out" || fail "no social category cost"
grep -qE 'time filled +[1-9]' <<<"$out" || fail "no time filled"
grep -qE 'time protected +[1-9]' <<<"$out" || fail "no time protected"
# --frames itself is tested in tests/render (demo_frames.sh); here, its misuse.
expect_rc 2 "$bin" demo --frames ""
case "$err" in *"--frames"*) ;; *) fail "--frames message: $err" ;; esac
echo "demo: ok"
