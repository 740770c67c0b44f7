#!/usr/bin/env bash
# guardian (issue 15 §4, docs/youth.md): the guardian's device-level youth
# mode through the CLI, in a folder made like /etc/timewall. A policy with a
# wrong PIN is refused and one with the right PIN applied; an edited audit
# row fails `guardian audit`; run as root, a wearer's uid (nobody) can read
# the device policy but neither the key nor the PIN hash, nor change either.
# usage: guardian.sh TIMEWALL WORK_DIR
set -u
. "$(dirname "$0")/lib.sh"
bin=$1 work=$2
rm -rf "$work" && mkdir -p "$work"
# The wearer's uid must reach the folder, as it reaches /etc: under /tmp,
# whatever the modes of the build folder's parents.
sys=$(mktemp -d /tmp/tw-guardian.XXXXXX) && chmod 755 "$sys"
trap 'rm -rf "$sys"' EXIT
dir=$sys/etc-timewall
cat >"$sys/youth.toml" <<'POLICY'
schema = 1
[youth]
enabled = true
daily_cap_min = 90
night_from = "21:00"
night_to = "07:00"
POLICY
printf 'schema = 1\n[youth]\nenabled = true\ndaily_cap_min = 0\n' >"$work/broken.toml"

expect_rc 1 "$bin" guardian audit --dir "$dir"
case $err in *"run \`timewall guardian set-pin\`"*) ;; *) fail "audit before set-pin: $err" ;; esac
expect_rc 1 "$bin" guardian set-pin --dir "$dir" <<<$'4829\n4828'
case $err in *"the two PINs differ"*) ;; *) fail "differing PINs: $err" ;; esac
expect_rc 0 "$bin" guardian set-pin --dir "$dir" <<<$'482916\n482916'
[ "$(stat -c %a "$dir")" = 755 ] || fail "folder mode $(stat -c %a "$dir")"
for f in guardian.pin audit.key audit.db; do
  [ "$(stat -c %a "$dir/$f")" = 600 ] || fail "$f mode $(stat -c %a "$dir/$f")"
done
grep -q 482916 "$dir/guardian.pin" && fail "the PIN itself is stored"

expect_rc 1 "$bin" guardian apply "$work/broken.toml" --dir "$dir" <<<'000000'
case $err in *"broken.toml:4:17: youth.daily_cap_min:"*) ;; *) fail "broken policy: $err" ;; esac
expect_rc 1 "$bin" guardian apply "$sys/youth.toml" --dir "$dir" <<<'000000'
case $err in *"(pin_wrong)"*) ;; *) fail "wrong PIN: $err" ;; esac
[ -e "$dir/policy.toml" ] && fail "a wrong PIN wrote the device policy"
expect_rc 0 "$bin" guardian apply "$sys/youth.toml" --dir "$dir" <<<'482916'
[ "$(stat -c %a "$dir/policy.toml")" = 644 ] || fail "policy.toml mode $(stat -c %a "$dir/policy.toml")"
grep -q '^daily_cap_min = 90$' "$dir/policy.toml" || fail "policy.toml lacks the cap: $(cat "$dir/policy.toml")"

expect_rc 0 "$bin" guardian audit --dir "$dir"
case $out in *"audit chain intact: 3 rows, keyed"*) ;; *) fail "audit: $out" ;; esac
case $out in *" guardian_pin pin="*" policy_refused source=guardian apply "*"code=pin_wrong"*" policy_change old= new="*) ;;
  *) fail "audit rows: $out" ;; esac

if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  as_wearer() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
  as_wearer cat "$dir/policy.toml" >/dev/null || fail "the wearer cannot read the device policy"
  as_wearer cat "$dir/audit.key" >/dev/null 2>&1 && fail "the wearer can read the audit key"
  as_wearer cat "$dir/guardian.pin" >/dev/null 2>&1 && fail "the wearer can read the PIN hash"
  as_wearer sh -c "echo 'schema = 1' > '$dir/policy.toml'" 2>/dev/null && fail "the wearer can write the device policy"
  as_wearer rm -f "$dir/policy.toml" 2>/dev/null
  [ -e "$dir/policy.toml" ] || fail "the wearer removed the device policy"
  expect_rc 1 as_wearer "$bin" guardian apply "$sys/youth.toml" --dir "$dir" <<<'482916'
  case $err in *"Permission denied"*) ;; *) fail "apply as the wearer: $err" ;; esac
else
  echo "note: not root: the wearer-uid checks need root and setpriv" >&2
fi

# An edited audit row shows: the wrong PIN is made to look like a missing one.
sqlite3 "$dir/audit.db" "DROP TRIGGER audit_no_update; UPDATE audit SET body = replace(body, 'pin_wrong', 'pin_required');"
expect_rc 1 "$bin" guardian audit --dir "$dir"
case $err in *"audit row 2"*"the chain is broken"*) ;; *) fail "edited audit: $err" ;; esac
echo "guardian: set-pin, apply (broken, wrong PIN, right PIN), audit, wearer uid and an edited row all as expected"
