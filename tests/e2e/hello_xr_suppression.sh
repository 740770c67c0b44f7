#!/usr/bin/env bash
# e2e, issue 13 "while a prompt is up, the app gets no input": Khronos'
# unmodified hello_xr -g Vulkan2 on Monado's `remote` driver (null
# compositor), with the probe layer first (it logs what hello_xr reads back)
# and Timewall under it. The driver holds the right grip (hello_xr's grab,
# which makes it vibrate above 0.9) for 1 s, then again across a policy
# reload, until well after it:
#   prompt:  a 0-minute budget on hello_xr with at_limit = "friction": the
#            friction prompt is up from the first tick. Asserts, with numbers:
#            - every boolean, float and vector2 state hello_xr read while the
#              prompt was up (from the script's start to the reload) read
#              isActive 0, changedSinceLastSync 0, value 0, also those read
#              while the grip was held; hello_xr applied no haptics then;
#            the policy file is then rewritten with a 60-minute budget (hot
#            reload, as hello_xr_block.sh does), and
#            - hello_xr's states read active again within 2.5 s, from one sync
#              on: every read of that first sync active, none changed (the
#              held grip reads 1.0 but is not news), every read after it
#              active until the script ends; the grip then reads 1.0, haptics
#              pass (result 0), and its release reads as a change;
#   control: the same script under a 60-minute budget (no card): every read
#            after the first frame active, the grip read 1.0 and changed,
#            haptics pass.
# Both: hello_xr exits 0. Artefacts (logs) stay in OUT.
#   hello_xr_suppression.sh SOURCE_DIR BUILD_DIR OUT_DIR PORT
set -uo pipefail
SRC=$1 BUILD=$2 OUT=$3 PORT=$4
source "$SRC/tests/e2e/e2e_lib.sh"
require_root_env
mkdir -p "$OUT" && rm -f "$OUT"/*
LAYERS=XR_APILAYER_TIMEWALL_e2e_probe:XR_APILAYER_TIMEWALL_overlay

# friction_policy MINUTES: a MINUTES-a-day budget on hello_xr that ends in a friction prompt.
friction_policy() {
  cat <<POLICY
schema = 1
[[budget]]
id = "hello-daily"
app = "openxr.helloxr"
limit_min = $1
at_limit = "friction"
[friction]
pause_s = 10
[[friction.exercise]]
id = "breathe"
kind = "breathing"
text = "Three slow breaths."
POLICY
}
write_policy() { friction_policy "$1" >"$OUT/policy.toml.new" && chmod 600 "$OUT/policy.toml.new" && mv "$OUT/policy.toml.new" "$OUT/policy.toml"; }
cat >"$OUT/script.txt" <<'SCRIPT'
0 head 0 0
1000 right squeeze 1
2000 right squeeze 0
3000 right squeeze 1
9000 right squeeze 0
10500 end
SCRIPT

# reads NAME: "SYNC UNIX_MS ACTIVE CHANGED VALUE" for each boolean, float and
# vector2 state hello_xr read, SYNC being the number of its last xrSyncActions.
reads() {
  awk '$1 == "sync" { n = $5 } $1 == "bool" || $1 == "float" || $1 == "vec2" { print n + 0, $3, $9, $11, $13 }' \
    "$OUT/$1.probe.log"
}
zero() { case "$1" in 0 | 0.0000 | 0.0000,0.0000) return 0 ;; *) return 1 ;; esac; }

write_policy 60
remote_start control "$PORT" "$LAYERS" "$OUT/script.txt"
remote_go control
remote_finish control

write_policy 0
remote_start prompt "$PORT" "$LAYERS" "$OUT/script.txt"
remote_go prompt
# The reload: 500 ms after the grip is held the second time.
deadline=$((SECONDS + 30))
while [ $SECONDS -lt $deadline ] && [ "$(grep -c '^applied' "$OUT/prompt.driver.log" 2>/dev/null)" -lt 4 ]; do sleep 0.05; done
sleep 0.5
reload_ms=$(date +%s%3N)
write_policy 60
echo "prompt: policy rewritten with a 60-minute budget at unix_ms $reload_ms"
remote_finish prompt

fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
for name in control prompt; do
  check "$name: hello_xr exited cleanly (rc 0)" '[ "$(cat "$OUT/$name.rc" 2>/dev/null)" = 0 ]'
  for n in 1 2 3 4 5 6; do eval "${name}_t$n=\$(applied_ms $name $n)"; done
done
[ -n "$control_t6" ] && [ -n "$prompt_t6" ] || die "the driver did not play its 6 steps (see the driver logs in $OUT)"

# control: no card.
read -r c_reads c_inactive c_grab c_changed < <(reads control |
  awk -v a="$control_t1" -v b="$control_t6" -v g0="$((control_t4 + 150))" -v g1="$control_t5" \
    '$2 >= a && $2 < b { n++; if ($3 != 1) off++; if ($2 >= g0 && $2 < g1 && $5 == "1.0000") grab++; if ($4 == 1) ch++ }
     END { print n + 0, off + 0, grab + 0, ch + 0 }')
c_haptics=$(probe_between control haptic "$control_t4" "$control_t5" | awk '$7 == 0' | wc -l)
echo "control: $c_reads reads during the script, $c_inactive inactive, grab 1.0 in $c_grab, changed in $c_changed, $c_haptics haptics"
check "control: every state hello_xr read during the script was active" '[ "$c_reads" -ge 100 ] && [ "$c_inactive" = 0 ]'
check "control: the grip read 1.0 ($c_grab reads), changes seen ($c_changed), haptics passed ($c_haptics)" \
  '[ "$c_grab" -ge 20 ] && [ "$c_changed" -ge 4 ] && [ "$c_haptics" -ge 20 ]'

# prompt: up until the reload.
read -r p_reads p_bad p_held < <(reads prompt |
  awk -v a="$prompt_t1" -v b="$reload_ms" -v g0="$((prompt_t2 + 150))" -v g1="$prompt_t3" \
    '$2 >= a && $2 < b { n++; if ($3 != 0 || $4 != 0 || ($5 != "0" && $5 != "0.0000" && $5 != "0.0000,0.0000")) bad++
                         if ($2 >= g0 && $2 < g1) held++ }
     END { print n + 0, bad + 0, held + 0 }')
p_haptics=$(probe_between prompt haptic "$prompt_t1" "$reload_ms" | wc -l)
echo "prompt up: $p_reads reads, $p_bad not inactive-zero-unchanged, $p_held of them while the grip was held; $p_haptics haptics"
check "prompt up: every state hello_xr read was inactive, zero, unchanged ($p_bad of $p_reads), grip held in $p_held" \
  '[ "$p_reads" -ge 100 ] && [ "$p_bad" = 0 ] && [ "$p_held" -ge 20 ]'
check "prompt up: hello_xr applied no haptics" '[ "$p_haptics" = 0 ]'
# After the reload: the first sync whose reads are active.
first=$(reads prompt | awk -v r="$reload_ms" '$2 >= r && $3 == 1 { print $1; exit }')
first_ms=$(reads prompt | awk -v s="${first:-x}" '$1 == s { print $2; exit }')
read -r f_reads f_inactive f_changed f_grab < <(reads prompt | awk -v s="${first:-x}" \
  '$1 == s { n++; if ($3 != 1) off++; if ($4 != 0) ch++; if ($5 == "1.0000") g++ } END { print n + 0, off + 0, ch + 0, g + 0 }')
read -r a_reads a_inactive a_grab a_release < <(reads prompt |
  awk -v s="${first:-x}" -v b="$prompt_t6" -v g1="$prompt_t5" \
    '$1 > s && $2 < b { n++; if ($3 != 1) off++; if ($2 < g1 && $5 == "1.0000") g++; if ($2 >= g1 && $4 == 1) rel++ }
     END { print n + 0, off + 0, g + 0, rel + 0 }')
a_haptics=$(probe_between prompt haptic "$reload_ms" "$prompt_t5" | awk '$7 == 0' | wc -l)
echo "after the reload: first active sync ${first:-none} at ${first_ms:-?} ($((${first_ms:-0} - reload_ms)) ms after the rewrite):" \
     "$f_reads reads, $f_inactive inactive, $f_changed changed, grab 1.0 in $f_grab; then $a_reads reads," \
     "$a_inactive inactive, grab 1.0 in $a_grab, release changed in $a_release, $a_haptics haptics"
check "the prompt went: input back within 2.5 s of the rewrite" \
  '[ -n "$first_ms" ] && [ $((first_ms - reload_ms)) -le 2500 ]'
check "input returned on one sync: all of its reads active, none changed, the held grip 1.0" \
  '[ "$f_reads" -ge 2 ] && [ "$f_inactive" = 0 ] && [ "$f_changed" = 0 ] && [ "$f_grab" -ge 1 ]'
check "after it, every read active ($a_inactive of $a_reads off), the grip 1.0, haptics pass, the release a change" \
  '[ "$a_reads" -ge 60 ] && [ "$a_inactive" = 0 ] && [ "$a_grab" -ge 10 ] && [ "$a_haptics" -ge 10 ] && [ "$a_release" -ge 1 ]'
captured=$(sed -n 's/^# input reads [0-9]* active [0-9]* captured \([0-9]*\)$/\1/p' "$OUT/prompt.frames.log")
check "Timewall counted the captured reads too (${captured:-none} >= $p_reads)" '[ "${captured:-0}" -ge "$p_reads" ]'
exit $fail
